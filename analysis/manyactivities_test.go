package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// TestManyActivitiesShareSampleTimes: a log with thousands of distinct
// activities gets one queue series each, all sampling the same instants
// from one shared slice, so memory per activity stays small (300k
// activities once took 4.7 GB in formatted times alone).
func TestManyActivitiesShareSampleTimes(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp\n")
	const n = 3000
	for c := range n {
		fmt.Fprintf(&b, "%d,Start,2026-01-05T%02d:00:00Z\n%d,Activity %d,2026-01-05T%02d:30:00Z\n", c, c%24, c, c, c%24)
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := Analyze(l, Options{})
	if len(r.Queues) != n {
		t.Fatalf("%d queue series, want %d", len(r.Queues), n)
	}
	first := r.Queues[0].Times
	for _, q := range r.Queues {
		if len(q.Times) != 100 || &q.Times[0] != &first[0] {
			t.Fatalf("series %s has its own %d sample times", q.Activity, len(q.Times))
		}
	}
}
