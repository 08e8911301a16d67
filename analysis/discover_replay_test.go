package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// TestDiscoverReplaysItsLog: a map discovered from a log replays that log at
// 99% or more (its start and end steps are silent: the log never records
// them). Every shared log, and the example log always; without ../shared the
// shared logs are skipped, except on CI (CI set) where that fails.
func TestDiscoverReplaysItsLog(t *testing.T) {
	logs := []string{"../examples/orders.csv.gz"}
	dir := filepath.Join(sharedData, "logs")
	shared, err := filepath.Glob(filepath.Join(dir, "*"))
	if err == nil {
		for _, p := range shared {
			if b := filepath.Base(p); strings.Contains(b, ".xes") || strings.HasSuffix(b, ".csv") || strings.HasSuffix(b, ".csv.gz") {
				logs = append(logs, p)
			}
		}
	}
	if len(logs) == 1 {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared logs missing on CI (%s)", dir)
		}
		t.Logf("shared logs not found in %s: only the example log is replayed", dir)
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
