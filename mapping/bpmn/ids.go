package bpmn

import (
	"strconv"
	"strings"
)

var fold = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss",
	"é", "e", "è", "e", "à", "a", "ç", "c")

// slug derives a flowmap id from a name: lower case letters, digits and _
// ("Scan Invoice" → scan_invoice), "" when nothing is left.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range fold.Replace(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			under = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			under = false
		case r == '-' || r == '_':
			b.WriteRune(r)
			under = r == '_'
		default:
			if !under && b.Len() > 0 {
				b.WriteByte('_')
				under = true
			}
		}
	}
	return strings.Trim(b.String(), "_-")
}

// validID reports whether s is usable as a flowmap id as written.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// idSet hands out unique ids of one kind.
type idSet map[string]bool

// take returns want when it is a free valid id, else a slug of name, of
// the BPMN id, or of fallback, with _2, _3... appended until it is free.
func (s idSet) take(want, name, bpmnID, fallback string) string {
	if validID(want) && !s[want] {
		s[want] = true
		return want
	}
	base := slug(name)
	if len(base) > 40 {
		base = strings.TrimRight(base[:40], "_-")
	}
	if base == "" {
		base = slug(bpmnID)
	}
	if base == "" {
		base = fallback
	}
	id := base
	for i := 2; s[id]; i++ {
		id = base + "_" + strconv.Itoa(i)
	}
	s[id] = true
	return id
}
