package analysis

import (
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		in                     []float64
		mean, median, p90, max float64
	}{
		{[]float64{1, 2, 3, 4}, 2.5, 2.5, 3.7, 4},
		{[]float64{5}, 5, 5, 5, 5},
		{[]float64{10, 0, 5}, 5, 5, 9, 10},
		// numpy.percentile(range(1, 11), 90) = 9.1
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 5.5, 9.1, 10},
	}
	for _, tt := range tests {
		s := Summarize(append([]float64(nil), tt.in...))
		if s.Count != len(tt.in) || !close(s.Mean, tt.mean) || !close(s.Median, tt.median) || !close(s.P90, tt.p90) || s.Max != tt.max {
			t.Errorf("Summarize(%v) = %+v", tt.in, s)
		}
	}
	if s := Summarize(nil); s.Count != 0 || s.Mean != 0 {
		t.Errorf("empty: %+v", s)
	}
}

func close(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
