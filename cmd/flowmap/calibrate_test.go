package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCalibrateCommand(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "s.yaml")
	log := "../../simulate/calibrate/testdata/small.csv"
	tests := []struct {
		name      string
		args      []string
		code      int
		stderrHas []string
	}{
		{"whole log", []string{"calibrate", log, "-o", out}, 0, []string{"calibrated 4 steps and 3 pools on 5 cases (0 held out; durations: processing time)", "wrote " + out}},
		{"train share", []string{"calibrate", log, "--train-share", "0.8", "-o", out}, 0, []string{"on 4 cases (1 held out"}},
		{"until", []string{"calibrate", log, "--until", "2026-01-07", "-o", out}, 0, []string{"on 2 cases (3 held out"}},
		{"no output", []string{"calibrate", log}, 2, []string{"give -o SCENARIO.yaml"}},
		{"both splits", []string{"calibrate", log, "--until", "2026-01-07", "--train-share", "0.5", "-o", out}, 2, []string{"--until or --train-share, not both"}},
		{"bad until", []string{"calibrate", log, "--until", "yesterday", "-o", out}, 2, []string{`--until "yesterday": write a date`}},
		{"bad share", []string{"calibrate", log, "--train-share", "2", "-o", out}, 2, []string{"--train-share must be between 0 and 1"}},
		{"nothing before until", []string{"calibrate", log, "--until", "2020-01-01", "-o", out}, 3, []string{"no case starts before the split"}},
		{"missing log", []string{"calibrate", filepath.Join(tmp, "nope.csv"), "-o", out}, 1, []string{"no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			checkRun(t, code, stdout, stderr, tt.code, nil, tt.stderrHas)
		})
	}
	// --held-out writes the held-out cases in the --events columns.
	held := filepath.Join(tmp, "test.csv")
	if code, _, stderr := run(t, "calibrate", log, "--train-share", "0.8", "-o", out, "--held-out", held); code != 0 ||
		!strings.Contains(stderr, "held out: 1 case from 2026-01-09T08:00:00Z (to simulate them: --for-held-out, or start: 2026-01-09T08:00:00Z, cases: 1") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "case_id,activity,start_timestamp,timestamp,resource\n5,Receive,2026-01-09T08:00:00.000Z,2026-01-09T08:10:00.000Z,Ann\n" +
		"5,Check,2026-01-09T08:10:00.000Z,2026-01-09T08:40:00.000Z,Bob\n"
	if b, err := os.ReadFile(held); err != nil || string(b) != want {
		t.Errorf("held-out cases %q (%v), want %q", b, err, want)
	}
	if code, _, stderr := run(t, "calibrate", log, "-o", out, "--held-out", held); code != 2 || !strings.Contains(stderr, "no case is held out") {
		t.Errorf("--held-out without a split: exit %d, %s", code, stderr)
	}
	// --for-held-out: the scenario simulates the held-out period itself.
	if code, _, stderr := run(t, "calibrate", log, "--until", "2026-01-07", "--for-held-out", "-o", out); code != 0 ||
		!strings.Contains(stderr, "held out: 3 cases from 2026-01-07T08:00:00Z; the scenario simulates them") {
		t.Fatalf("--for-held-out: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "start: 2026-01-07T08:00:00Z\ncases: 3\nwarmup: 0s\n") ||
		strings.Contains(string(b), "\nhorizon:") {
		t.Errorf("--for-held-out scenario (%v):\n%s", err, b)
	}
	if code, stdout, stderr := run(t, "simulate", out, "--replications", "2", "--json"); code != 0 || !strings.Contains(stdout, `"arrived": {`) {
		t.Errorf("simulate the held-out period: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "calibrate", log, "--for-held-out", "-o", out); code != 2 || !strings.Contains(stderr, "--for-held-out needs a split") {
		t.Errorf("--for-held-out without a split: exit %d, %s", code, stderr)
	}
	// The scenario runs: flowmap simulate reads what calibrate wrote.
	if code, _, stderr := run(t, "calibrate", log, "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, stderr := run(t, "simulate", out, "--replications", "2"); code != 0 || !strings.Contains(stdout, "Ship  1 h") {
		t.Errorf("simulate the calibrated scenario: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestDiscoverAgreesWithCalibrate(t *testing.T) {
	d := filepath.Join(t.TempDir(), "d.yaml")
	if code, _, stderr := run(t, "analyze", "../../simulate/calibrate/testdata/small.csv", "--discover", d); code != 0 {
		t.Fatal(stderr)
	}
	src, err := os.ReadFile(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"{id: ann, name: Ann, capacity: 1}", "owner: bob\n    duration: 30m", "durations are fitted as flowmap calibrate"} {
		if !strings.Contains(string(src), s) {
			t.Errorf("discovered map lacks %q:\n%s", s, src)
		}
	}
}
