package text

import (
	"bytes"
	"math"
	"testing"

	"github.com/flowmap/flowmap/analysis/logdistance"
)

// simCompareResults are made-up figures in the shape Compare returns.
func simCompareResults(values ...[]float64) []logdistance.Result {
	res := make([]logdistance.Result, len(logdistance.Measures))
	for i, m := range logdistance.Measures {
		vs := make([]float64, len(values))
		for j := range values {
			vs[j] = values[j][i]
		}
		mean, sd := logdistance.MeanSD(vs)
		res[i] = logdistance.Result{Measure: m, Values: vs, Mean: mean, SD: sd}
	}
	return res
}

func TestSimCompareGolden(t *testing.T) {
	a := []float64{0.0538, 0.0407, 2.868, 0.196, 1.984, 2.275, 0, 0.1362, 0.0416, 0}
	b := []float64{0.0749, 0.0578, 2.351, 0.176, 1.751, 0.8, 0, 0.103, 0.0516, 0}
	for _, tc := range []struct {
		name string
		sims []string
		res  []logdistance.Result
	}{
		{"two", []string{"sim_a.csv", "sim_b.csv"}, simCompareResults(a, b)},
		{"one", []string{"sim_a.csv"}, simCompareResults(a)},
		{"many", []string{"s1", "s2", "s3", "s4", "s5"}, simCompareResults(a, b, a, b, a)},
	} {
		var buf bytes.Buffer
		if err := SimCompare(&buf, "test.csv", tc.sims, tc.res); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "simcompare-"+tc.name+".golden", buf.Bytes())
	}
	if !math.IsNaN(simCompareResults(a)[0].SD) {
		t.Error("the sd of one log should be undefined")
	}
}
