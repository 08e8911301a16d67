package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
)

func TestAnalyzeCommand(t *testing.T) {
	tmp := t.TempDir()
	empty := filepath.Join(tmp, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(tmp, "binary.csv")
	if err := os.WriteFile(binary, []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		code      int
		stdoutHas []string
		stderrHas []string
	}{
		{name: "small log with a bad row", args: []string{"analyze", "testdata/small.csv"}, code: 0,
			stdoutHas: []string{"3 cases, 6 events, 3 activities", "Data quality: 1 bad row skipped",
				`testdata/small.csv:8, column "timestamp", value "2024-13-45 25:00"`, "read as UTC (use --tz to change)", "Handoffs between people (resources): 2"},
			stderrHas: []string{"warning: testdata/small.csv: 1 of 7 rows skipped as bad (14%); see Data quality"}},
		{name: "skipped rows are told even when quiet", args: []string{"analyze", "-q", "--json", "testdata/small.csv"}, code: 0,
			stderrHas: []string{"warning: testdata/small.csv: 1 of 7 rows skipped as bad"}},
		{name: "strict", args: []string{"analyze", "--strict", "testdata/small.csv"}, code: 3,
			stderrHas: []string{`testdata/small.csv:8: column "timestamp": cannot parse "2024-13-45 25:00"`}},
		{name: "with map", args: []string{"analyze", "testdata/small.csv", "--map", example}, code: 0,
			stdoutHas: []string{"Against the map: 100% of cases (3 of 3)", "steps the log never records (replay passes through them): receive,", "Handoffs between teams (owners, from the map)"}},
		{name: "empty file", args: []string{"analyze", empty}, code: 3, stderrHas: []string{"empty.csv: the file is empty"}},
		{name: "binary file", args: []string{"analyze", binary}, code: 3, stderrHas: []string{"binary.csv: looks like binary data"}},
		{name: "missing column", args: []string{"analyze", "--resource", "agent", "testdata/small.csv"}, code: 3, stderrHas: []string{"agent"}},
		{name: "missing file", args: []string{"analyze", filepath.Join(tmp, "nope.csv")}, code: 1, stderrHas: []string{"no such file"}},
		{name: "bad tz", args: []string{"analyze", "--tz", "Mars/Olympus", "testdata/small.csv"}, code: 2, stderrHas: []string{"unknown time zone"}},
		{name: "tz", args: []string{"analyze", "--tz", "Europe/Berlin", "testdata/small.csv"}, code: 0, stdoutHas: []string{"2024-01-01 09:00 UTC"}},
		{name: "discover", args: []string{"analyze", "testdata/small.csv", "--discover", filepath.Join(tmp, "d.yaml")}, code: 0, stderrHas: []string{"d.yaml (set owners"}},
		{name: "no args", args: []string{"analyze"}, code: 2, stderrHas: []string{"needs one event log file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			checkRun(t, code, stdout, stderr, tt.code, tt.stdoutHas, tt.stderrHas)
		})
	}
}

// TestAnalyzeJSON checks the stable JSON contract of `analyze --json`: only
// JSON on stdout, DESIGN.md's field names, every transition listed whatever --top says.
func TestAnalyzeJSON(t *testing.T) {
	code, stdout, stderr := run(t, "analyze", "--json", "--top", "1", "--map", example, "testdata/small.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	for _, key := range []string{"log", "activities", "transitions", "start_activities", "end_activities", "handoffs", "cycle_time", "variants", "bottlenecks", "conformance", "data_quality"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	logKeys := raw["log"].(map[string]any)
	for _, key := range []string{"source", "cases", "events", "activities", "variants", "first_event", "last_event", "has_start_times", "columns", "skipped_rows"} {
		if _, ok := logKeys[key]; !ok {
			t.Errorf("log lacks %q", key)
		}
	}
	var r analysis.Result
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Log.Cases != 3 || r.Log.Events != 6 || r.Log.SkippedRows != 1 || r.DataQuality.BadRows != 1 || len(r.DataQuality.Samples) != 1 {
		t.Errorf("log = %+v, quality %+v", r.Log, r.DataQuality)
	}
	// Order placed -> Picked (3 cases... one lost its Picked row): 2 transitions.
	if len(r.Transitions) != 2 || r.Transitions[0].From != "Order placed" || r.Transitions[0].Count != 2 {
		t.Errorf("transitions = %+v", r.Transitions)
	}
	// Activities keep their log names, with the map step beside them.
	for _, a := range r.Activities {
		want := map[string]string{"Order placed": "place_order", "Picked": "pick_pack", "Packed": "pick_pack"}[a.Name]
		if a.Step != want {
			t.Errorf("activity %q mapped to %q, want %q", a.Name, a.Step, want)
		}
	}
	if r.Handoffs.Resource.Total != 2 || r.Handoffs.Owner == nil || r.Handoffs.Owner.Total != 2 {
		t.Errorf("handoffs = %+v / %+v", r.Handoffs.Resource, r.Handoffs.Owner)
	}
	// Every step but place_order and pick_pack is silent for this log, and
	// replay passes through them: all three cases fit.
	if r.Conformance == nil || r.Conformance.FittingCases != 3 || r.Conformance.Cases != 3 || len(r.Conformance.SilentSteps) != 12 {
		t.Errorf("conformance = %+v", r.Conformance)
	}
}

// TestAnalyzeCalendar: --calendar gives the resources' working calendars
// to the waiting causes; a bad file is invalid input at file:line:col.
func TestAnalyzeCalendar(t *testing.T) {
	tmp := t.TempDir()
	good := filepath.Join(tmp, "cal.yaml")
	if err := os.WriteFile(good, []byte("calendars:\n  ann: \"Mon-Fri 10:00-10:30\"\ndefault: \"24/7\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(tmp, "bad.yaml")
	if err := os.WriteFile(bad, []byte("calendars:\n  ann: \"Mon-Fri 10:00-25:00\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "analyze", "--json", "--calendar", good, "testdata/small.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r analysis.Result
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if got := r.Calendars["ann"]; got != (analysis.CalendarInfo{Calendar: "Mon-Fri 10:00-10:30", Source: "file"}) {
		t.Errorf("calendar of ann = %+v", got)
	}
	if got := r.Calendars["bob"]; got != (analysis.CalendarInfo{Calendar: "24/7", Source: "file"}) {
		t.Errorf("calendar of bob = %+v", got)
	}
	var raw struct {
		WaitCauses struct {
			Basis string `json:"basis"`
			Total struct {
				Sojourn float64 `json:"sojourn_seconds"`
				Working float64 `json:"working_seconds"`
			} `json:"total"`
		} `json:"wait_causes"`
	}
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	// Sojourns: 1h (ann, 10:00-11:00: 30 min working), 30 min (ann, 11:00-11:30: none), 2h (bob, 24/7).
	if w := raw.WaitCauses; w.Basis != "sojourn_only" || w.Total.Sojourn != 3.5*3600 || w.Total.Working != 2.5*3600 {
		t.Errorf("wait causes = %+v", w)
	}
	code, stdout, stderr = run(t, "analyze", "--calendar", bad, "testdata/small.csv")
	checkRun(t, code, stdout, stderr, 3, nil, []string{"bad.yaml:2:8: calendar of ann: "})
	code, stdout, stderr = run(t, "report", "--map", example, "--calendar", good, "-o", filepath.Join(tmp, "r.xlsx"))
	checkRun(t, code, stdout, stderr, 2, nil, []string{"--calendar", "needs --log"})
}

// TestAnalyzeScenario: --scenario measures the what-ifs of "what to fix
// first"; the terminal summary states the gains.
func TestAnalyzeScenario(t *testing.T) {
	code, stdout, stderr := run(t, "analyze", "--map", example, "--scenario", "../../examples/flash-sale.yaml", "../../examples/orders.csv.gz")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, after, ok := strings.Cut(stdout, "What to fix first:\n  1. Cases wait on average 8.9 h per case that reaches it (8.8 h per case overall) before Pick and pack (Picked)")
	if !ok || !strings.Contains(after[:strings.Index(after, "\n")], `try warehouse.calendar="Mon-Sat 07:00-19:00"; in flash-sale.yaml it cuts the wait there by`) {
		t.Errorf("summary:\n%s", stdout[:min(len(stdout), 3000)])
	}
}
