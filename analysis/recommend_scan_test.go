package analysis

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// TestScanForRecommend checks the counts of scanForRecommend against a
// plain count, with the table of counts (few activities × resources) and
// with maps (2,500 × 2,500 cells are more than denseResourceCounts).
func TestScanForRecommend(t *testing.T) {
	for _, tc := range []struct {
		name       string
		acts, ress int
	}{
		{"table", 5, 4},
		{"maps", 2500, 2500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("case,activity,timestamp,resource\n")
			events := max(tc.acts, tc.ress) * 3
			for e := range events {
				res := fmt.Sprint("r", e%tc.ress)
				if e%7 == 0 {
					res = "" // unknown
				}
				fmt.Fprintf(&b, "c%d,a%d,2026-01-05T%02d:%02d:00Z,%s\n", e%50, e%tc.acts, (e/60)%24, e%60, res)
			}
			l, err := eventlog.ReadCSV(strings.NewReader(b.String()), "scan.csv", eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if cells := len(l.Activities) * (len(l.Resources) + 1); (cells <= denseResourceCounts) != (tc.name == "table") {
				t.Fatalf("%d cells: not the %s path", cells, tc.name)
			}
			want := make([]map[int32]int, len(l.Activities))
			variants := map[string]int{}
			for _, c := range l.Cases {
				var key strings.Builder
				for _, in := range c.Instances {
					if want[in.Activity] == nil {
						want[in.Activity] = map[int32]int{}
					}
					want[in.Activity][in.Resource]++
					fmt.Fprint(&key, in.Activity, ",")
				}
				variants[key.String()]++
			}
			s := scanForRecommend(l)
			for a := range want {
				if !maps.Equal(s.actResources[a], want[a]) {
					t.Fatalf("activity %s: resources %v, want %v", l.Activities[a], s.actResources[a], want[a])
				}
			}
			cases := 0
			for _, v := range s.variants {
				cases += v.cases
			}
			if len(s.variants) != len(variants) || cases != len(l.Cases) {
				t.Errorf("%d variants over %d cases, want %d over %d", len(s.variants), cases, len(variants), len(l.Cases))
			}
		})
	}
}
