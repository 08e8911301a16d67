package analysis

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
)

// TestDiscoverReplaysItsLog: a map discovered from a log replays that log at
// 99% or more (its start and end steps are silent: the log never records
// them). Every shared log, and the example log always; without ../shared the
// shared logs are skipped, except on CI (CI set) where that fails.
func TestDiscoverReplaysItsLog(t *testing.T) {
	logs := []string{"../examples/orders.csv.gz"}
	if dir, ok := shareddata.Optional(t); ok {
		shared, _ := filepath.Glob(filepath.Join(dir, "logs", "*"))
		for _, p := range shared {
			if b := filepath.Base(p); strings.Contains(b, ".xes") || strings.HasSuffix(b, ".csv") || strings.HasSuffix(b, ".csv.gz") {
				logs = append(logs, p)
			}
		}
	}
	for _, path := range logs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			l, err := eventlog.ReadFile(path, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(l, Options{})
			src, err := Discover(r, DiscoverOptions{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := mapping.Parse("discovered.yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			c := Analyze(l, Options{Map: m}).Conformance
			if c.Cases != r.Log.Cases || c.FittingShare < 0.99 {
				t.Errorf("replaying the discovered map: %d of %d cases fit (%.4f), not fitting %v, moves the map lacks %v",
					c.FittingCases, c.Cases, c.FittingShare, c.NotFitting, c.UnexpectedTransitions)
			}
			if len(c.SilentSteps) != 2 || c.SilentSteps[0] != "start" || c.SilentSteps[1] != "end" {
				t.Errorf("silent steps %v, want the discovered start and end", c.SilentSteps)
			}
		})
	}
}
