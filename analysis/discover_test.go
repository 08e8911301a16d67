package analysis

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
)

// TestDiscoverReproducesFrequencies: the discovered map is valid, and as a
// Markov chain its expected visits per case equal the log's events per case
// for every activity (the directly-follows graph with observed shares
// reproduces activity frequencies exactly).
func TestDiscoverReproducesFrequencies(t *testing.T) {
	logs := []string{"running-example.xes", "receipt.xes.gz", "roadtraffic100traces.xes", "interval_event_log.csv", "repairExample.xes.gz"}
	for _, name := range logs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(shareddata.Dir(t), "logs", name)
			l, err := eventlog.ReadFile(path, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(l, Options{})
			src, err := Discover(r, DiscoverOptions{})
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			m, err := mapping.Parse(name+".yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			ex, err := mapping.ExpectedPerCase(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range r.Activities {
				s, ok := m.StepForActivity(a.Name)
				if !ok {
					t.Fatalf("no step for %q", a.Name)
				}
				want := float64(a.Events) / float64(r.Log.Cases)
				if got := ex.Visits[s.ID]; math.Abs(got-want) > 1e-4*math.Max(1, want) {
					t.Errorf("%q: expected visits %v, log has %v events per case", a.Name, got, want)
				}
			}
			// The analysis of the log against its own discovered map fits every case.
			rr := Analyze(l, Options{Map: m})
			if rr.Conformance.FittingCases+rr.Conformance.NotFitting["does not begin at a start step"] != r.Log.Cases {
				t.Errorf("conformance against the discovered map: %+v", rr.Conformance)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Pick and pack": "pick_and_pack", "T07-1 Draft": "t07_1_draft", "  ": "step", "3rd check": "s_3rd_check", "Müller prüft": "m_ller_pr_ft"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
