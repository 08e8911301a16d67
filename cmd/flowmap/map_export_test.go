package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMapExport: map export writes BPMN that every map command reads back
// as the same map, directly and as a scenario's map:.
func TestMapExport(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "of.bpmn")
	code, stdout, stderr := run(t, "map", "export", example, "-o", out)
	checkRun(t, code, stdout, stderr, 0, nil, []string{"wrote " + out + " (BPMN 2.0: 14 steps in 5 lanes, with diagram)"})
	params := filepath.Join(tmp, "of.json")
	code, stdout, stderr = run(t, "map", "export", example, "-o", out, "--prosimos", params)
	checkRun(t, code, stdout, stderr, 0, nil, []string{
		"note: a map has no arrival rate", "note: step pick_pack: Prosimos has no triangular distribution",
		"wrote " + params + " (Prosimos simulation parameters keyed by the ids of " + out + ")"})
	if b, err := os.ReadFile(params); err != nil || !strings.Contains(string(b), `"gateway_id": "Split_pick_pack"`) {
		t.Errorf("%s: %v\n%.300s", params, err, b)
	}

	_, yamlStats, _ := run(t, "map", "stats", "--json", example)
	code, bpmnStats, stderr := run(t, "map", "stats", "--json", out)
	checkRun(t, code, bpmnStats, stderr, 0, []string{`"steps": 14`}, nil)
	if yamlStats != bpmnStats {
		t.Errorf("map stats differ between the YAML map and its BPMN export:\nYAML:\n%s\nBPMN:\n%s", yamlStats, bpmnStats)
	}

	scenario := filepath.Join(tmp, "scenario.yaml")
	if err := os.WriteFile(scenario, []byte("map: of.bpmn\narrivals: {rate: 1/h}\nhorizon: 1w\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, "map", "stats", "--json", scenario)
	checkRun(t, code, stdout, stderr, 0, []string{`"steps": 14`}, nil)
}

func TestMapExportErrors(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "parallel.bpmn")
	src := `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p">
    <bpmn:startEvent id="s"/>
    <bpmn:parallelGateway id="fork" name="Fork"/>
  </bpmn:process>
</bpmn:definitions>`
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args      []string
		code      int
		stderrHas string
	}{
		{[]string{"map", "export", example}, 2, "map export needs -o OUT.bpmn"},
		{[]string{"map", "export", example, "-o", filepath.Join(tmp, "x.svg")}, 2, "-o " + filepath.Join(tmp, "x.svg") + ": the file must end in .bpmn"},
		{[]string{"map", "export", example, "-o", filepath.Join(tmp, "z.bpmn"), "--prosimos", filepath.Join(tmp, "z.yaml")}, 2, "--prosimos " + filepath.Join(tmp, "z.yaml") + ": the file must end in .json"},
		{[]string{"map", "validate", bad}, 3, bad + `:fork: parallel gateway "Fork": a map follows one path per case`},
		{[]string{"map", "export", bad, "-o", filepath.Join(tmp, "y.bpmn")}, 3, bad + `:fork: parallel gateway "Fork"`},
	} {
		code, stdout, stderr := run(t, c.args...)
		checkRun(t, code, stdout, stderr, c.code, nil, []string{c.stderrHas})
	}
}
