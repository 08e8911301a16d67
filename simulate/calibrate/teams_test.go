package calibrate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// TestFindPools: resources doing the same activities form a pool, each
// activity belongs to the pool doing most of it, and a pool whose
// resources share no name is named by its first resource and how many
// more.
func TestFindPools(t *testing.T) {
	var b strings.Builder
	b.WriteString("case,activity,timestamp,resource\n")
	for c := range 40 {
		fmt.Fprintf(&b, "%d,Pick,2026-01-05T%02d:00:00Z,picker-%d\n", c, 8+c%8, 1+c%3)
		fmt.Fprintf(&b, "%d,Approve,2026-01-05T%02d:30:00Z,%s\n", c, 8+c%8, []string{"anna", "bert"}[c%2])
		fmt.Fprintf(&b, "%d,Ship,2026-01-05T%02d:45:00Z,dhl\n", c, 8+c%8)
	}
	l, err := eventlog.ReadCSV(strings.NewReader(b.String()), "pools.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	owners, ownerOf, err := FindPools(l)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, o := range owners {
		names[o.ID] = o.Name
	}
	for act, want := range map[string]string{"Pick": "picker", "Approve": "anna and 1 more", "Ship": "dhl"} {
		if got := names[ownerOf[act]]; got != want {
			t.Errorf("%s: pool %q (%q), want %q", act, got, ownerOf[act], want)
		}
	}
	if len(owners) != 3 {
		t.Errorf("%d pools, want 3: %+v", len(owners), owners)
	}
}
