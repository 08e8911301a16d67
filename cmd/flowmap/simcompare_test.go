package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

const (
	simcmpReal = `case_id,activity,resource,start_timestamp,end_timestamp
r1,A,x,2026-01-05 08:00:00+00:00,2026-01-05 09:30:00+00:00
r1,B,y,2026-01-05 09:30:00+00:00,2026-01-05 10:00:00+00:00
r2,A,x,2026-01-05 10:00:00+00:00,2026-01-05 10:45:00+00:00
`
	simcmpSim = `case_id,activity,resource,start_timestamp,end_timestamp
s1,A,x,2026-01-05 08:00:00+00:00,2026-01-05 08:30:00+00:00
s1,B,x,2026-01-05 08:30:00+00:00,2026-01-05 11:10:00+00:00
s2,A,y,2026-01-05 09:20:00+00:00,2026-01-05 10:00:00+00:00
`
)

func simcmpFiles(t *testing.T) (real, sim string) {
	dir := t.TempDir()
	real, sim = filepath.Join(dir, "real.csv"), filepath.Join(dir, "sim.csv")
	for p, c := range map[string]string{real: simcmpReal, sim: simcmpSim} {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return real, sim
}

func TestSimCompareCommand(t *testing.T) {
	real, sim := simcmpFiles(t)
	code, stdout, stderr := run(t, "simcompare", "-q", real, sim, sim)
	checkRun(t, code, stdout, stderr, exitOK, []string{"against 2 simulated logs", "sim 2 = " + sim, "NGD_n3", "IADD_1h", "mean"}, nil)

	code, stdout, stderr = run(t, "simcompare", "-q", "--json", real, sim)
	checkRun(t, code, stdout, stderr, exitOK, []string{`"measures"`}, nil)
	var out simCompareOut
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Real != real || len(out.Simulated) != 1 || len(out.Measures) != 10 {
		t.Fatalf("json: %+v", out)
	}
	// 2-grams: real 0A:2 AB B0 A0 (5), sim 0A:2 AB B0 A0 (5): the same
	if m := out.Measures[1]; m.Key != "NGD_n2" || m.Values[0] != 0 || m.SD != nil || m.Unit != "ratio" {
		t.Errorf("NGD_n2: %+v", m)
	}
}

func TestSimCompareErrors(t *testing.T) {
	real, _ := simcmpFiles(t)
	code, stdout, stderr := run(t, "simcompare", real)
	checkRun(t, code, stdout, stderr, exitUsage, nil, []string{"at least one simulated log"})
	code, stdout, stderr = run(t, "simcompare", "-q", real, filepath.Join(t.TempDir(), "missing.csv"))
	checkRun(t, code, stdout, stderr, exitFailure, nil, []string{"missing.csv"})
	code, stdout, stderr = run(t, "simcompare", "-q", "--calendar", "c.yaml", real, real)
	checkRun(t, code, stdout, stderr, exitUsage, nil, []string{"--calendar"})
}
