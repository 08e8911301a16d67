package analysis_test

import (
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
)

// A start after the end, or a missing start of an activity that has starts
// elsewhere, leaves the service time unknown: no negative and no 0 s service
// enters the statistics. An activity that never has a start is instant (0 s).
func TestServiceUnknownForBadStarts(t *testing.T) {
	in := "case,activity,start_time,timestamp\n" +
		"1,a,2020-01-01 10:00:00,2020-01-01 11:00:00\n" +
		"1,b,2020-01-01 13:00:00,2020-01-01 12:00:00\n" +
		"1,a,,2020-01-01 14:00:00\n" +
		"1,c,,2020-01-01 15:00:00\n"
	l, err := eventlog.ReadCSV(strings.NewReader(in), "se.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := analysis.Analyze(l, analysis.Options{})
	a, b, c := activity(t, r, "a"), activity(t, r, "b"), activity(t, r, "c")
	if a.Service == nil || a.Service.Count != 1 || a.Service.Mean != 3600 {
		t.Errorf("a: service %+v, want the one known (1 h)", a.Service)
	}
	if b.Service != nil {
		t.Errorf("b: service %+v, want none (starts after it ends)", b.Service)
	}
	if c.Service == nil || c.Service.Count != 1 || c.Service.Max != 0 {
		t.Errorf("c: service %+v, want instant (0 s)", c.Service)
	}
	if len(r.Activities) != 3 {
		t.Errorf("activities %d: every instance stays", len(r.Activities))
	}
}
