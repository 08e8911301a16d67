package main

import (
	"os"
	"testing"
	"time"
)

// TestMapHostileInput: map validate and map stats read at most the size
// limit, so an endless input fails fast with the size message.
func TestMapHostileInput(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	for _, cmd := range []string{"validate", "stats"} {
		start := time.Now()
		code, stdout, stderr := run(t, "map", cmd, "/dev/zero")
		checkRun(t, code, stdout, stderr, 3, nil, []string{"/dev/zero: file is larger than 4 MiB"})
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("map %s /dev/zero took %v", cmd, took)
		}
	}
}

// TestMapStatsOfScenario: map stats and render follow a scenario file to
// its map (map: FILE, or the map's keys inline).
func TestMapStatsOfScenario(t *testing.T) {
	code, stdout, stderr := run(t, "map", "stats", "--json", "../../examples/flash-sale.yaml")
	checkRun(t, code, stdout, stderr, 0, []string{`"steps": 14`}, nil)
	code, stdout, stderr = run(t, "map", "stats", "../../examples/what-if.yaml")
	checkRun(t, code, stdout, stderr, 0, []string{"Steps per owner:", "Claims agents  2"}, nil)
}
