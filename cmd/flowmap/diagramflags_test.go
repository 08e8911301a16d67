package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiagramFlags(t *testing.T) {
	dir := t.TempDir()
	log := "../../examples/orders.csv.gz"
	for _, c := range []struct {
		name      string
		args      []string
		code      int
		stderrHas []string
	}{
		{"render down", []string{"map", "render", example, "-o", filepath.Join(dir, "down.svg"), "--direction", "down"}, 0, nil},
		{"render bad direction", []string{"map", "render", example, "-o", filepath.Join(dir, "x.svg"), "--direction", "up"}, exitUsage, []string{`unknown direction "up": use right or down`}},
		{"analyze top edges", []string{"analyze", log, "--map", example, "--diagram", filepath.Join(dir, "top.svg"), "--top-edges", "4", "-q"}, 0, nil},
		{"analyze negative top edges", []string{"analyze", log, "--top-edges", "-1"}, exitUsage, []string{"--top-edges must be 0 (all) or more, not -1"}},
		{"report bad direction", []string{"report", "--map", example, "-o", filepath.Join(dir, "r.xlsx"), "--direction", "sideways"}, exitUsage, []string{`unknown direction "sideways"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := run(t, c.args...)
			checkRun(t, code, stdout, stderr, c.code, nil, c.stderrHas)
		})
	}
	down, err := os.ReadFile(filepath.Join(dir, "down.svg"))
	if err != nil {
		t.Fatal(err)
	}
	// Lanes read top-down: the first lane's band is a column as tall as the lanes.
	if !strings.Contains(string(down), `<text class="lane"`) || strings.Contains(string(down), `rotate(-90`) {
		t.Error("--direction down: lane names should be upright headers")
	}
	top, err := os.ReadFile(filepath.Join(dir, "top.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(top), `<path class="edge"`); n != 4+3 { // the 4 most travelled, from the start, to the end from its two last steps
		t.Errorf("--top-edges 4 drew %d edges, want 7 (4, the start's and the two to the end)", n)
	}
	if !strings.Contains(string(top), "showing the 4 most travelled of") {
		t.Error("--top-edges 4: the picture does not say edges were left out")
	}
}
