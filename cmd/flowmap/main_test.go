package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/mapping"
)

// run executes flowmap in-process with captured streams.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// checkRun checks an in-process run's exit code and what its streams contain.
func checkRun(t *testing.T, code int, stdout, stderr string, wantCode int, stdoutHas, stderrHas []string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, wantCode, stdout, stderr)
	}
	for _, w := range stdoutHas {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	for _, w := range stderrHas {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
}

const example = "../../examples/order-fulfillment.yaml"

func TestCommands(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdoutHas  []string
		stderrHas  []string
		stdoutNone bool
	}{
		{name: "help lists commands and exit codes", args: []string{"--help"}, code: 0,
			stdoutHas: []string{"map", "version", "completion", "Exit codes:", "3  invalid input", "flowmap map validate examples/*.yaml"}},
		{name: "version", args: []string{"version"}, code: 0, stdoutHas: []string{"flowmap "}},
		{name: "completion", args: []string{"completion", "bash"}, code: 0, stdoutHas: []string{"bash completion"}},
		{name: "unknown command", args: []string{"mapp"}, code: 2, stderrHas: []string{`unknown command "mapp"`}},
		{name: "unknown flag", args: []string{"map", "stats", "--jsn", example}, code: 2, stderrHas: []string{"unknown flag: --jsn"}},
		{name: "validate needs a file", args: []string{"map", "validate"}, code: 2, stderrHas: []string{"needs at least one map file"}},
		{name: "validate examples", args: []string{"map", "validate", example, "../../examples/returns-refund.yaml", "../../examples/support-escalation.yaml"}, code: 0,
			stdoutHas: []string{"order-fulfillment.yaml: ok", "returns-refund.yaml: ok", "support-escalation.yaml: ok"}},
		{name: "validate broken", args: []string{"map", "validate", "../../mapping/testdata/invalid/unknown_refs.yaml", example}, code: 3,
			stdoutHas: []string{"order-fulfillment.yaml: ok"},
			stderrHas: []string{`unknown_refs.yaml:10:13: step receive: unknown system "shopfy" (did you mean "shopify"?)`, "1 of 2 files invalid"}},
		{name: "validate scenario", args: []string{"map", "validate", "../../examples/flash-sale.yaml", "../../examples/what-if.yaml"}, code: 0,
			stdoutHas: []string{"flash-sale.yaml: ok: \"Order fulfillment\"", "what-if.yaml: ok"}},
		{name: "validate missing file", args: []string{"map", "validate", "nope.yaml"}, code: 1, stderrHas: []string{"nope.yaml"}},
		{name: "stats text", args: []string{"map", "stats", example}, code: 0,
			stdoutHas: []string{"Order fulfillment", "Happy path (89% of cases): 11 steps, 7 handoffs", "handoffs         7.01"}},
		{name: "stats of broken map", args: []string{"map", "stats", "../../mapping/testdata/invalid/probabilities.yaml"}, code: 3,
			stderrHas: []string{"probabilities.yaml:9:7: step a: branch probabilities sum to 0.9, not 1"}, stdoutNone: true},
		{name: "render needs -o", args: []string{"map", "render", example}, code: 2, stderrHas: []string{"-o OUT.svg"}},
		{name: "render bad extension", args: []string{"map", "render", example, "-o", filepath.Join(tmp, "x.pdf")}, code: 2, stderrHas: []string{".svg"}},
		{name: "render bad lanes", args: []string{"map", "render", example, "-o", filepath.Join(tmp, "x.svg"), "--lanes", "team"}, code: 2, stderrHas: []string{"owner or system"}},
		{name: "render dot", args: []string{"map", "render", example, "-o", filepath.Join(tmp, "p.dot")}, code: 0, stderrHas: []string{"14 steps in 5 lanes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			checkRun(t, code, stdout, stderr, tt.code, tt.stdoutHas, tt.stderrHas)
			if tt.stdoutNone && stdout != "" {
				t.Errorf("stdout should be empty, got %q", stdout)
			}
		})
	}
}

// TestStatsJSON checks the stable JSON contract of `map stats --json`:
// stdout holds only JSON, with DESIGN.md's field names and the map's numbers.
func TestStatsJSON(t *testing.T) {
	code, stdout, stderr := run(t, "map", "stats", "--json", "../../mapping/testdata/valid/rework.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	for _, key := range []string{"steps", "owners", "systems", "automated", "manual", "handoffs", "system_switches", "happy_path", "expected_per_case", "steps_per_owner"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	var st mapping.Stats
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.Handoffs != 2 || st.Expected.Handoffs != 1.5 || st.Expected.Visits["a"] != 1.25 || st.HappyPath.Handoffs != 1 ||
		st.Expected.TouchTimeSeconds != 2550 || st.StepsPerOwner["o2"] != 2 {
		t.Errorf("stats = %+v", st)
	}
	for _, key := range []string{"steps", "handoffs", "system_switches"} {
		if _, ok := got["happy_path"].(map[string]any)[key]; !ok {
			t.Errorf("happy_path lacks %q", key)
		}
	}
	for _, key := range []string{"handoffs", "system_switches", "touch_time_seconds", "visits"} {
		if _, ok := got["expected_per_case"].(map[string]any)[key]; !ok {
			t.Errorf("expected_per_case lacks %q", key)
		}
	}
}

func TestRenderFiles(t *testing.T) {
	tmp := t.TempDir()
	for _, ext := range []string{"svg", "png", "dot"} {
		out := filepath.Join(tmp, "process."+ext)
		code, _, stderr := run(t, "map", "render", example, "-o", out, "--lanes", "system")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", ext, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || len(b) < 1000 {
			t.Fatalf("%s: %d bytes, %v", ext, len(b), err)
		}
		prefix := map[string]string{"svg": "<?xml", "png": "\x89PNG", "dot": "digraph"}[ext]
		if !strings.HasPrefix(string(b), prefix) {
			t.Errorf("%s starts with %q", ext, b[:8])
		}
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run(t, "demo", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"1. Map", "2. Analyze  orders.csv.gz: 2,392 orders", "3. Simulate  flash-sale.yaml", "What if two more pickers", "report.xlsx"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	for _, f := range []string{"report.xlsx", "process.svg", "process.png", "map.svg", "order-fulfillment.yaml", "orders.csv.gz", "flash-sale.yaml"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	wb, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := strings.Join(wb.GetSheetList(), "|"); got != "Summary|What to fix|Bottlenecks|Waiting causes|Steps|Transitions|Handoffs|Variants|Queues|Data quality|Simulation|Map|Method" {
		t.Errorf("sheets = %s", got)
	}
	// The demo's files rerun as the README says.
	if code, _, stderr := run(t, "analyze", filepath.Join(dir, "orders.csv.gz"), "--map", filepath.Join(dir, "order-fulfillment.yaml")); code != 0 {
		t.Errorf("rerun analyze: exit %d: %s", code, stderr)
	}
}
