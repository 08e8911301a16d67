package analysis

import (
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// TestRosterOwnerHandoffs: without a map, a resource→owner roster gives
// owner handoffs; unknown resources make unknown pairs.
func TestRosterOwnerHandoffs(t *testing.T) {
	src := "case,activity,timestamp,resource\n" +
		"1,A,2024-01-01T10:00:00Z,ann\n1,B,2024-01-01T11:00:00Z,bob\n1,C,2024-01-01T12:00:00Z,cat\n1,D,2024-01-01T13:00:00Z,zed\n"
	l, err := eventlog.ReadCSV(strings.NewReader(src), "r.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := Analyze(l, Options{Roster: map[string]string{"ann": "store", "bob": "store", "cat": "warehouse"}})
	o := r.Handoffs.Owner
	if o == nil || o.Total != 1 || o.KnownPairs != 2 || o.UnknownPairs != 1 || len(o.Pairs) != 1 || o.Pairs[0] != (Pair{"store", "warehouse", 1}) {
		t.Errorf("owner handoffs = %+v", o)
	}
	if r.Handoffs.Resource.Total != 3 {
		t.Errorf("resource handoffs = %d, want 3", r.Handoffs.Resource.Total)
	}
}
