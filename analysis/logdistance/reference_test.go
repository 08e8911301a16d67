package logdistance

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// reference is the part of loanapp/reference.json the acceptance test reads.
type reference struct {
	Runs     map[string]map[string]float64 `json:"runs"`
	Summary  map[string]referenceSummary   `json:"summary_simulated"`
	Baseline map[string]float64            `json:"baseline_train_vs_test"`
}

type referenceSummary struct {
	Mean     float64   `json:"mean"`
	SDSample float64   `json:"sd_sample"`
	N        int       `json:"n"`
	Values   []float64 `json:"values"`
}

// loanApp reads the reference figures, the test log and the ten simulated logs.
func loanApp(tb testing.TB) (reference, *eventlog.Log, []*eventlog.Log) {
	tb.Helper()
	dir := filepath.Join(shareddata.Dir(tb), "calibration", "loanapp")
	raw, err := os.ReadFile(filepath.Join(dir, "reference.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		tb.Fatal(err)
	}
	read := func(name string) *eventlog.Log {
		l, err := eventlog.ReadFile(filepath.Join(dir, name), eventlog.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		return l
	}
	real := read("test_preprocessed.csv")
	sims := make([]*eventlog.Log, 10)
	for i := range sims {
		sims[i] = read(fmt.Sprintf("simulated_log_%d.csv", i))
	}
	return ref, real, sims
}

// relErr is |got − want| relative to |want| (absolute when want is 0).
func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// close6 is agreement to 1e-6 relative (absolute for a zero reference).
func close6(got, want float64) bool {
	return math.Abs(got-want) <= 1e-6*math.Max(math.Abs(want), 1e-300) || (want == 0 && got == 0)
}

func TestReferenceLoanApp(t *testing.T) {
	ref, real, sims := loanApp(t)
	results, err := Compare(real, sims)
	if err != nil {
		t.Fatal(err)
	}
	matched, worst := 0, 0.0
	for _, r := range results {
		for i, got := range r.Values {
			want, ok := ref.Runs[fmt.Sprintf("simulated_log_%d", i)][r.Key]
			if !ok {
				t.Fatalf("reference.json has no %s for simulated_log_%d", r.Key, i)
			}
			if !close6(got, want) {
				t.Errorf("%s simulated_log_%d = %.17g, reference %.17g", r.Key, i, got, want)
			}
			matched++
			worst = max(worst, relErr(got, want))
		}
		s := ref.Summary[r.Key]
		if s.N != len(sims) {
			t.Fatalf("summary %s: n = %d", r.Key, s.N)
		}
		if !close6(r.Mean, s.Mean) || !close6(r.SD, s.SDSample) {
			t.Errorf("%s mean, sd = %.17g, %.17g; reference %.17g, %.17g", r.Key, r.Mean, r.SD, s.Mean, s.SDSample)
		}
		matched += 2
		worst = max(worst, relErr(r.Mean, s.Mean), relErr(r.SD, s.SDSample))
	}
	if len(results) != len(ref.Summary) {
		t.Errorf("%d measures, reference has %d", len(results), len(ref.Summary))
	}
	t.Logf("%d figures compared with reference.json, largest relative difference %.2g", matched, worst)
}

// TestReferenceLoanAppBaseline compares the training log with the test log:
// different case counts (797 against 200), the unequal-size paths.
func TestReferenceLoanAppBaseline(t *testing.T) {
	ref, real, _ := loanApp(t)
	dir := filepath.Join(shareddata.Dir(t), "calibration", "loanapp")
	train, err := eventlog.ReadFile(filepath.Join(dir, "train_preprocessed.csv"), eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	results, err := Compare(real, []*eventlog.Log{train})
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, r := range results {
		want, ok := ref.Baseline[r.Key]
		if !ok {
			t.Fatalf("reference.json has no baseline %s", r.Key)
		}
		if !close6(r.Values[0], want) {
			t.Errorf("%s train = %.17g, reference %.17g", r.Key, r.Values[0], want)
		}
		worst = max(worst, relErr(r.Values[0], want))
	}
	t.Logf("%d baseline figures, largest relative difference %.2g", len(results), worst)
}
