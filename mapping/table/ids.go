package table

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Ids are derived from the text of a cell: the first few words that carry
// meaning, lower case, accents removed, joined with "_". They depend only on
// the text (and, for repeated texts, on the order of the rows), so the same
// table gives the same ids on every import.
const (
	idWords  = 3  // significant words kept
	idMaxLen = 40 // bytes
)

// stopWords are left out of ids: "The order is received in the Shopify
// system" → order_received_shopify.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "was": true, "were": true,
	"be": true, "been": true, "to": true, "of": true, "in": true, "on": true, "at": true,
	"by": true, "for": true, "with": true, "and": true, "or": true, "into": true, "from": true,
	"its": true, "it": true, "their": true, "his": true, "her": true, "this": true, "that": true,
}

// foldAccents turns "Prüfung é" into "Prufung e".
var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// words returns the lower-case ASCII words of s, accents removed.
func words(s string) []string {
	folded, _, err := transform.String(foldAccents, s)
	if err != nil {
		folded = s
	}
	return strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// deriveID returns the id a text gives, or "" when it has no letters or
// digits flowmap ids can hold (e.g. text in another script).
func deriveID(s string) string {
	all := words(s)
	var kept []string
	for _, w := range all {
		if !stopWords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		kept = all // "The end" keeps its words rather than none
	}
	id := ""
	for i, w := range kept {
		if i == idWords {
			break
		}
		next := w
		if id != "" {
			next = id + "_" + w
		}
		if len(next) > idMaxLen {
			if id == "" {
				id = w[:idMaxLen]
			}
			break
		}
		id = next
	}
	return id
}

// idSet hands out unique ids.
type idSet map[string]bool

// unique returns id, or id_2, id_3… when it is taken, and takes it; an
// empty id becomes fallback_N, N counting from 1.
func (s idSet) unique(id, fallback string) string {
	if id == "" {
		for n := 1; ; n++ {
			if c := fallback + "_" + strconv.Itoa(n); !s[c] {
				s[c] = true
				return c
			}
		}
	}
	c := id
	for n := 2; s[c]; n++ {
		c = id + "_" + strconv.Itoa(n)
	}
	s[c] = true
	return c
}

// nameKey is how two names are compared: "Warehouse team", "warehouse
// team " and "Warehouse-Team" name the same owner.
// Text without such words (another script) is compared as written, case and
// spacing aside.
func nameKey(s string) string {
	if w := words(s); len(w) > 0 {
		return strings.Join(w, " ")
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
