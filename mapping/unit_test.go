package mapping

import (
	"strings"
	"testing"
)

func TestUnit(t *testing.T) {
	for _, tc := range []struct {
		yaml, units, err string
	}{
		{"", "cases", ""},
		{"unit: order\n", "orders", ""},
		{"unit: delivery\n", "deliveries", ""},
		{"unit: day\n", "days", ""},
		{"unit: box\n", "boxes", ""},
		{"unit: batch\n", "batches", ""},
		{"unit: return request\n", "return requests", ""},
		{"unit: \"o:1\"\n", "", `t.yaml:2:7: unit: "o:1" is not a unit name`},
		{"unit: [a]\n", "", "t.yaml:2:7:"},
	} {
		src := "process: p\n" + tc.yaml + "owners: [{id: a}]\nsteps:\n  - {id: s, name: S, owner: a, start: true}\n"
		m, err := Parse("t.yaml", []byte(src))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		if got := m.Units(); got != tc.units {
			t.Errorf("%q: Units() = %q, want %q", tc.yaml, got, tc.units)
		}
	}
}
