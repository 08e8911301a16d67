package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMapExport: map export writes BPMN that every map command reads back
// as the same map, directly and as a scenario's map:.
func TestMapExport(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "of.bpmn")
	code, stdout, stderr := run(t, "map", "export", example, "-o", out)
	checkRun(t, code, stdout, stderr, 0, nil, []string{"wrote " + out + " (BPMN 2.0: 14 steps in 5 lanes, with diagram)"})

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
		{[]string{"map", "validate", bad}, 3, bad + `:fork: parallel gateway "Fork": a map follows one path per case`},
		{[]string{"map", "export", bad, "-o", filepath.Join(tmp, "y.bpmn")}, 3, bad + `:fork: parallel gateway "Fork"`},
	} {
		code, stdout, stderr := run(t, c.args...)
		checkRun(t, code, stdout, stderr, c.code, nil, []string{c.stderrHas})
	}
}
