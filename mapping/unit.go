package mapping

import (
	"strings"
	"unicode"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/internal/yamlpos"
)

// maxUnitLen bounds a unit name: one or two words.
const maxUnitLen = 30

// decodeUnit reads the map's unit: one or two words naming what a case is
// ("order", "return request").
func decodeUnit(d *yamlpos.Decoder, n yamlpos.Node) string {
	s, ok := d.String(n, "unit")
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if !ValidUnit(s) {
		d.Errorf(n, "unit: %q is not a unit name; write what one case is, in the singular, e.g. unit: order", s)
		return ""
	}
	return s
}

// ValidUnit reports whether s can name what one case is: letters, spaces
// and hyphens, at most 30 bytes ("order", "return request").
func ValidUnit(s string) bool {
	valid := s != "" && len(s) <= maxUnitLen
	for _, r := range s {
		if !unicode.IsLetter(r) && r != ' ' && r != '-' {
			valid = false
		}
	}
	return valid
}

// Units returns the plural of what a case is: "cases" unless the map names
// its unit ("order" → "orders", "delivery" → "deliveries").
func (m *Map) Units() string {
	if m == nil || m.Unit == "" {
		return "cases"
	}
	return Plural(m.Unit)
}

// Plural returns the English plural of a unit name ("order" → "orders",
// "delivery" → "deliveries", "box" → "boxes").
func Plural(word string) string { return format.PluralNoun(word) }
