package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/simulate"
)

// runSim runs flowmap in-process like run, registering the simulate
// command when the root does not have it yet.
func runSim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	s := Streams{In: strings.NewReader(""), Out: &out, Err: &errb}
	root := newRootCmd(s)
	has := false
	for _, c := range root.Commands() {
		has = has || c.Name() == "simulate"
	}
	if !has {
		root.AddCommand(newSimulateCmd(s))
	}
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	var se silentError
	if err != nil && !errors.As(err, &se) {
		fmt.Fprintln(&errb, "flowmap:", err)
	}
	return exitCode(err), out.String(), errb.String()
}

const flashSale = "../../examples/flash-sale.yaml"

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSimulateCommand(t *testing.T) {
	tmp := t.TempDir()
	badP := writeFile(t, tmp, "badp.yaml", `map: `+mustAbs(t, example)+`
arrivals: {rate: 1/h}
horizon: 3d
replications: 2
variants:
  - name: more review
    set: {manual_review.next.cancel_order.p: 0.5}
`)
	negRate := writeFile(t, tmp, "neg.yaml", `map: `+mustAbs(t, example)+`
arrivals: {rate: -3/h}
horizon: 3d
`)
	typo := writeFile(t, tmp, "typo.yaml", `map: `+mustAbs(t, example)+`
arrivals: {rate: 3/h}
horizon: 3d
replicatons: 4
variants:
  - name: x
    set: {pick_pak.capacity: 2}
`)
	tests := []struct {
		name      string
		args      []string
		code      int
		stdoutHas []string
		stderrHas []string
	}{
		{name: "help", args: []string{"simulate", "--help"}, code: 0, stdoutHas: []string{"--set", "STEP.next.TO.p", "flash-sale.yaml"}},
		{name: "needs a file", args: []string{"simulate"}, code: 2, stderrHas: []string{"needs one scenario file"}},
		{name: "bad flag", args: []string{"simulate", flashSale, "--replications", "0"}, code: 2, stderrHas: []string{"--replications"}},
		{name: "malformed set", args: []string{"simulate", flashSale, "--set", "warehouse.capacity"}, code: 2, stderrHas: []string{"PATH=VALUE"}},
		{name: "unknown step in set", args: []string{"simulate", flashSale, "--set", "pick_pak.capacity=2"}, code: 3,
			stderrHas: []string{`--set pick_pak.capacity=2: unknown step or owner "pick_pak"`, `did you mean "pick_pack"?`, "steps: place_order, receive"}},
		{name: "unknown field in set", args: []string{"simulate", flashSale, "--set", "warehouse.capacty=2"}, code: 3,
			stderrHas: []string{`owner warehouse has no setting "capacty" (did you mean "capacity"?)`}},
		{name: "bad value in set", args: []string{"simulate", flashSale, "--set", "warehouse.capacity=many"}, code: 3,
			stderrHas: []string{"warehouse capacity: expected a whole number"}},
		{name: "probabilities after set", args: []string{"simulate", flashSale, "--set", "pick_pack.next.stock_out.p=0.5"}, code: 3,
			stderrHas: []string{"step pick_pack: branch probabilities sum to 1.47, not 1 (after pick_pack.next.stock_out.p=0.5)"}},
		{name: "probabilities in file variant", args: []string{"simulate", badP}, code: 3,
			stderrHas: []string{"badp.yaml:7:11: variant \"more review\": step manual_review: branch probabilities sum to 1.45, not 1"}},
		{name: "negative rate", args: []string{"simulate", negRate}, code: 3, stderrHas: []string{"neg.yaml:2:18: arrivals rate: rate \"-3/h\" must be positive"}},
		{name: "typos with positions", args: []string{"simulate", typo}, code: 3,
			stderrHas: []string{`typo.yaml:4:1: unknown key "replicatons" in scenario (did you mean "replications"?)`}},
		{name: "missing file", args: []string{"simulate", "nope.yaml"}, code: 1, stderrHas: []string{"nope.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runSim(t, tt.args...)
			checkRun(t, code, stdout, stderr, tt.code, tt.stdoutHas, tt.stderrHas)
		})
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSimulateFlashSale runs the example end to end: the manager's summary
// and the JSON contract.
func TestSimulateFlashSale(t *testing.T) {
	code, stdout, stderr := runSim(t, "simulate", flashSale, "--set", "warehouse.capacity=5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	t.Logf("\n%s", stdout)
	for _, w := range []string{"BASE", "Throughput", "Cycle time", "p90", "Where the queue builds", "Pick and pack",
		"warehouse (4, Mon-Fri 08:00-17:00)", "Peak x10", "backlog when it ends", "WHAT IF", "two more pickers (warehouse.capacity=6)",
		"automated labels", "--set warehouse.capacity=5", "p90 cycle time"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("summary lacks %q", w)
		}
	}
	code, stdout, stderr = runSim(t, "simulate", flashSale, "--json", "--replications", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Scenario map[string]any   `json:"scenario"`
		Variants []map[string]any `json:"variants"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, k := range []string{"seed", "replications", "horizon", "warmup"} {
		if _, ok := got.Scenario[k]; !ok {
			t.Errorf("scenario lacks %q", k)
		}
	}
	if len(got.Variants) != 3 || got.Variants[0]["name"] != "base" {
		t.Fatalf("variants: %v", len(got.Variants))
	}
	for _, k := range []string{"name", "cases", "throughput_per_hour", "cycle_time", "wip", "steps", "owners", "peaks"} {
		if _, ok := got.Variants[0][k]; !ok {
			t.Errorf("variant lacks %q", k)
		}
	}
	load, _ := got.Variants[0]["load"].([]any)
	if len(load) != 2 {
		t.Fatalf("load: %v", got.Variants[0]["load"])
	}
	for _, k := range []string{"pool", "offered_hours_per_week", "available_hours_per_week", "utilization", "peak_utilization", "capacity_needed"} {
		if _, ok := load[0].(map[string]any)[k]; !ok {
			t.Errorf("load lacks %q", k)
		}
	}
	if _, ok := got.Variants[0]["difference_from_base"]; ok {
		t.Errorf("base has a difference_from_base")
	}
	if _, ok := got.Variants[1]["difference_from_base"]; !ok {
		t.Errorf("variant lacks difference_from_base")
	}
	step := got.Variants[0]["steps"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "wait", "p_wait", "queue_length", "utilization", "completed", "blocked"} {
		if _, ok := step[k]; !ok {
			t.Errorf("step lacks %q", k)
		}
	}
	peak := got.Variants[0]["peaks"].([]any)[0].(map[string]any)
	for _, k := range []string{"start", "end", "wip_at_end", "clear_seconds"} {
		if _, ok := peak[k]; !ok {
			t.Errorf("peak lacks %q", k)
		}
	}
	est := got.Variants[0]["throughput_per_hour"].(map[string]any)
	if _, ok := est["mean"]; !ok || est["ci95"] == nil {
		t.Errorf("throughput is not an EST: %v", est)
	}
	// One replication: ci95 null.
	_, stdout, _ = runSim(t, "simulate", flashSale, "--json", "--replications", "1")
	if !strings.Contains(stdout, `"ci95": null`) || strings.Contains(stdout, "NaN") {
		t.Errorf("one replication should give ci95 null")
	}
}

// TestSimulateLoadWarning checks the warning before the run on stderr,
// with --json too. The flash sale is not overloaded: its warehouse (4
// pickers, Mon-Fri 08:00-17:00 = 180 h a week) is offered 109 h a week: the
// mean rate over the 11 days is 1.68/h (1.4/h × 1.12 for the profile, plus
// the x10 peak's 28 extra orders), × 23 min of warehouse work per order
// (pick and pack, stock-outs, labels) × 168 h, 61% (the run measures 63%);
// the store 60 of 144 h, 42%. With 2 pickers (90 h) it is, at 121%, and 3
// are the fewest under 100%.
func TestSimulateLoadWarning(t *testing.T) {
	code, _, stderr := runSim(t, "simulate", flashSale, "--json", "--replications", "2")
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("exit %d, the flash sale is not overloaded: %s", code, stderr)
	}
	code, stdout, stderr := runSim(t, "simulate", flashSale, "--json", "--replications", "2", "--set", "warehouse.capacity=2")
	want := "flowmap: warning: with --set warehouse.capacity=2: Warehouse team is offered 121% of its working hours " +
		"(109 of 90 h a week): queues grow without limit; add capacity (warehouse.capacity=3) or working hours.\n"
	if code != 0 || stderr != want {
		t.Fatalf("exit %d, stderr\n%q\nwant\n%q", code, stderr, want)
	}
	if !json.Valid([]byte(stdout)) {
		t.Errorf("stdout is not JSON")
	}

	over := writeFile(t, t.TempDir(), "over.yaml", `process: Permits
owners: [{id: clerk, name: Permit clerk, capacity: 1, calendar: "Mon-Fri 08:00-16:00"}]
steps: [{id: review, owner: clerk, start: true, duration: 8h}]
arrivals: {rate: 1/d}
horizon: 14d
replications: 2
`)
	code, stdout, stderr = runSim(t, "simulate", over, "--json", "-q")
	want = "flowmap: warning: Permit clerk is offered 140% of its working hours (56 of 40 h a week): " +
		"queues grow without limit; add capacity (clerk.capacity=2) or working hours.\n"
	if code != 0 || stderr != want {
		t.Fatalf("exit %d, stderr\n%q\nwant\n%q", code, stderr, want)
	}
	var res simulate.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if l := res.Variants[0].Load; len(l) != 1 || math.Abs(l[0].Utilization-1.4) > 1e-9 || l[0].CapacityNeeded != 2 {
		t.Errorf("load %+v", l)
	}
	code, stdout, stderr = runSim(t, "simulate", over)
	if code != 0 || !strings.Contains(stderr, "Permit clerk is offered 140%") || !strings.Contains(stdout, "WARNING: Permit clerk is offered 140%") {
		t.Errorf("exit %d, the summary and stderr should both warn:\n%s\n%s", code, stdout, stderr)
	}
}

// TestSimulateEventsAnalyzed checks that the analyzer, reading the
// simulated event log, measures what the simulator measured itself: mean
// waits of every step but the first, and mean cycle time. The scenario's
// first step has no queue, so the log's first start is the arrival.
func TestSimulateEventsAnalyzed(t *testing.T) {
	tmp := t.TempDir()
	scen := writeFile(t, tmp, "line.yaml", `process: line
owners:
  - {id: web}
  - {id: team, capacity: 2}
  - {id: sys}
steps:
  - {id: order, owner: web, start: true, duration: {dist: exponential, mean: 2m}, log_names: [Ordered], next: [pick]}
  - {id: pick, owner: team, duration: {dist: exponential, mean: 5m}, log_names: [Picked], next: [check]}
  - id: check
    owner: sys
    automated: true
    duration: 30s
    log_names: [Checked]
    next: [{to: pick, p: 0.1}, {to: ship, p: 0.9}]
  - {id: ship, owner: team, duration: {dist: uniform, min: 1m, max: 3m}, log_names: [Shipped]}
arrivals: {rate: 18/h}
cases: 3000
replications: 1
seed: 5
`)
	events := filepath.Join(tmp, "events.csv")
	code, stdout, stderr := runSim(t, "simulate", scen, "--json", "--events", events)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res simulate.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	log, err := eventlog.ReadFile(events, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if log.Quality.BadRows != 0 || len(log.Cases) != 3000 {
		t.Fatalf("log: %d cases, %d bad rows", len(log.Cases), log.Quality.BadRows)
	}
	a := analysis.Analyze(log, analysis.Options{})
	base := res.Variants[0]
	names := map[string]string{"pick": "Picked", "check": "Checked", "ship": "Shipped"}
	for _, st := range base.Steps {
		name, ok := names[st.ID]
		if !ok {
			continue
		}
		var act *analysis.Activity
		for i := range a.Activities {
			if a.Activities[i].Name == name {
				act = &a.Activities[i]
			}
		}
		if act == nil || act.Wait == nil {
			t.Fatalf("analysis has no wait for %s", name)
		}
		// Timestamps are written to the millisecond.
		if d := math.Abs(act.Wait.Mean - st.Wait.Mean.Mean); d > 0.001 {
			t.Errorf("%s: analyzer mean wait %.4f s, simulator %.4f s", st.ID, act.Wait.Mean, st.Wait.Mean.Mean)
		}
		if int(st.Completed.Mean) != act.Events {
			t.Errorf("%s: %d events in the log, simulator completed %v", st.ID, act.Events, st.Completed.Mean)
		}
	}
	if d := math.Abs(a.CycleTime.Mean - base.CycleTime.Mean.Mean); d > 0.001 {
		t.Errorf("analyzer mean cycle time %.4f s, simulator %.4f s", a.CycleTime.Mean, base.CycleTime.Mean.Mean)
	}
	b, _ := os.ReadFile(events)
	if first := strings.SplitN(string(b), "\n", 3); first[0] != simulate.EventLogHeader || !strings.Contains(first[1], "T") {
		t.Errorf("log starts %q", first[:2])
	}
}
