package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSimulateSweep runs a sweep with a --set applied to every value and a
// target, in text and JSON, and checks the flags' errors.
func TestSimulateSweep(t *testing.T) {
	args := []string{"simulate", flashSale, "--replications", "3", "--sweep", "warehouse.capacity=[4, 6]",
		"--set", "generate_label.automated=true", "--target", "p90<=1h"}
	code, stdout, stderr := runSim(t, args...)
	checkRun(t, code, stdout, stderr, 0,
		[]string{"SWEEP warehouse.capacity (2 values", "Target p90<=1h: no value meets it"},
		[]string{"note: --sweep replaces the scenario's 2 variants"})
	if strings.Contains(stdout, "WHAT IF") || strings.Contains(stdout, "two more pickers") {
		t.Errorf("the scenario's variants were run:\n%s", stdout)
	}
	code, stdout, stderr = runSim(t, append(args, "--json", "-q")...)
	checkRun(t, code, stdout, stderr, 0, nil, nil)
	var res struct {
		Variants []struct {
			Name string   `json:"name"`
			Set  []string `json:"set"`
		} `json:"variants"`
		Sweep struct {
			Path    string   `json:"path"`
			Values  []string `json:"values"`
			Pool    string   `json:"pool"`
			Target  *struct{ Text string }
			MetBy   *string `json:"met_by"`
			Results []struct {
				Value        string          `json:"value"`
				CycleTimeP90 json.RawMessage `json:"cycle_time_p90"`
				MeetsTarget  *bool           `json:"meets_target"`
			} `json:"results"`
		} `json:"sweep"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	sw := res.Sweep
	if sw.Path != "warehouse.capacity" || strings.Join(sw.Values, ",") != "4,6" || sw.Pool != "warehouse" ||
		sw.Target == nil || sw.Target.Text != "p90<=1h" || sw.MetBy != nil || len(sw.Results) != 2 {
		t.Errorf("sweep %+v", sw)
	}
	if len(res.Variants) != 3 || res.Variants[2].Name != "warehouse.capacity=6" ||
		strings.Join(res.Variants[2].Set, " ") != "generate_label.automated=true warehouse.capacity=6" {
		t.Errorf("variants %+v, want the base and one per value with the --set", res.Variants)
	}
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"--sweep", "warehouse.capacity=8..4"}, exitUsage, "--sweep warehouse.capacity=8..4: the range must go up"},
		{[]string{"--sweep", "warehouse.capacity=1..60"}, exitUsage, "60 values, at most 50"},
		{[]string{"--target", "p90<=2d"}, exitUsage, "--target needs --sweep"},
		{[]string{"--sweep", "warehouse.capacity=3..4", "--target", "p95<=2d"}, exitUsage, `unknown measure "p95"`},
		{[]string{"--sweep", "warehouse.capacity=[0, 1]"}, exitInvalid, "warehouse.capacity=0"},
		{[]string{"--sweep", "wherehouse.capacity=3..4"}, exitInvalid, "wherehouse"},
	} {
		code, stdout, stderr := runSim(t, append([]string{"simulate", "-q", flashSale, "--replications", "2"}, tt.args...)...)
		checkRun(t, code, stdout, stderr, tt.code, nil, []string{tt.err})
	}
}

// TestSimulateSweepProblems checks that a bad --set is reported once, not
// once per value, and that a bad value names the --sweep flag.
func TestSimulateSweepProblems(t *testing.T) {
	code, stdout, stderr := runSim(t, "simulate", "-q", flashSale, "--replications", "2", "--sweep", "warehouse.capacity=3..5", "--set", "warehouse.capacity=x")
	checkRun(t, code, stdout, stderr, exitInvalid, nil, []string{"--set warehouse.capacity=x: owner warehouse capacity"})
	if n := strings.Count(stderr, "--set warehouse.capacity=x"); n != 1 {
		t.Errorf("the --set problem is reported %d times:\n%s", n, stderr)
	}
	code, stdout, stderr = runSim(t, "simulate", "-q", flashSale, "--replications", "2", "--sweep", "warehouse.capacity=[0, 1]")
	checkRun(t, code, stdout, stderr, exitInvalid, nil, []string{"--sweep warehouse.capacity=0: owner warehouse capacity"})
}
