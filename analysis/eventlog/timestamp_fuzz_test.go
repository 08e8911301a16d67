package eventlog

import (
	"strings"
	"testing"
	"time"
)

// equivLayout returns the Go time layout that reads s the way the fast
// parser of family k reads it: the field widths, separators, fraction and
// zone written in s. For a value the fast parser rejects it may return
// anything (time.Parse then decides alone).
func equivLayout(k tsKind, s string) string {
	var b strings.Builder
	i := 0
	digits := func() int {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n := j - i
		i = j
		return n
	}
	sep := func() {
		if i < len(s) {
			b.WriteByte(s[i])
			i++
		}
	}
	year := func() { digits(); b.WriteString("2006") }
	month := func() {
		if digits() == 1 {
			b.WriteString("1")
		} else {
			b.WriteString("01")
		}
	}
	day := func() {
		if digits() == 1 {
			b.WriteString("2")
		} else {
			b.WriteString("02")
		}
	}
	switch k {
	case tsISO, tsYMDSlash:
		year()
		sep()
		month()
		sep()
		day()
	case tsDMYDot, tsDMYDash, tsDMYSlash:
		day()
		sep()
		month()
		sep()
		year()
	case tsMDYSlash:
		month()
		sep()
		day()
		sep()
		year()
	}
	if i >= len(s) {
		return b.String()
	}
	sep() // 'T', 't' or ' '
	digits()
	b.WriteString("15")
	sep()
	digits()
	b.WriteString("04")
	if i < len(s) && s[i] == ':' {
		sep()
		digits()
		b.WriteString("05")
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			sep()
			b.WriteString(strings.Repeat("0", digits()))
		}
	}
	if i < len(s) && s[i] == ' ' {
		sep()
	}
	zone := s[i:]
	switch {
	case zone == "":
	case zone == "Z":
		b.WriteString("Z07:00")
	case zone == "UTC" || zone == "GMT":
		b.WriteString("MST")
	case zone[0] == '+' || zone[0] == '-':
		switch {
		case len(zone) == 3:
			b.WriteString("-07")
		case strings.Contains(zone, ":"):
			b.WriteString("-07:00")
		default:
			b.WriteString("-0700")
		}
	default:
		// 'z' and anything else: literally (a literal 'z' reads as UTC, as
		// the fast parser reads it).
		b.WriteString(zone)
	}
	return b.String()
}

// FuzzParseTimestamp checks the fast timestamp parser against time.Parse
// with the equivalent layout: a value the fast path accepts has the instant
// time.Parse gives it (and is naive exactly when it has no zone); a value
// time.Parse rejects is rejected.
func FuzzParseTimestamp(f *testing.F) {
	// Seeds: testdata/fuzz/FuzzParseTimestamp (offset_colon_without_minutes
	// was accepted as "+01:00").
	zones := []*time.Location{time.UTC, time.FixedZone("X", -5*3600-1800)}
	if berlin, err := time.LoadLocation("Europe/Berlin"); err == nil {
		zones = append(zones, berlin)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range zones {
			for k := tsISO; k <= tsMDYSlash; k++ {
				p := newTimeParser(k, "", loc)
				ns, naive, ok := p.parse(s)
				layout := equivLayout(k, s)
				in := loc
				if strings.HasSuffix(s, "z") {
					in = time.UTC // a literal 'z' in the layout: the value is UTC
				}
				want, err := time.ParseInLocation(layout, s, in)
				if err != nil {
					if ok {
						t.Fatalf("kind %d %s: %q accepted as %v; time.Parse(%q): %v", k, loc, s, time.Unix(0, ns).UTC(), layout, err)
					}
					continue
				}
				if !ok {
					continue // the fast path may refuse more (years outside 1678-2261)
				}
				if ns != want.UnixNano() {
					t.Fatalf("kind %d %s: %q read as %v; time.Parse(%q) gives %v", k, loc, s, time.Unix(0, ns).UTC(), layout, want.UTC())
				}
				if hasZone := layoutHasZone(layout) || strings.HasSuffix(s, "z"); naive == hasZone {
					t.Fatalf("kind %d: %q: naive = %v with layout %q", k, s, naive, layout)
				}
			}
		}
	})
}
