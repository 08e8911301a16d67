package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
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

// TestSummarizeMatchesSort checks selection against sorting on random,
// tied and adversarial samples.
func TestSummarizeMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func(n int) []float64{
		"uniform": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.Float64() * 1e6
			}
			return xs
		},
		"ties": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(5))
			}
			return xs
		},
		"sorted": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(i)
			}
			return xs
		},
		"reversed": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(n - i)
			}
			return xs
		},
	}
	for name, gen := range gens {
		for _, n := range []int{1, 2, 3, 10, 17, 100, 1001, 50000} {
			xs := gen(n)
			sorted := append([]float64(nil), xs...)
			slices.Sort(sorted)
			s := Summarize(xs)
			if s.Median != Quantile(sorted, 0.5) || s.P90 != Quantile(sorted, 0.9) || s.Min != sorted[0] || s.Max != sorted[n-1] || s.Count != n {
				t.Errorf("%s n=%d: %+v, want median %v p90 %v", name, n, s, Quantile(sorted, 0.5), Quantile(sorted, 0.9))
			}
		}
	}
}

// TestSummarizeMillisIsSummarize: a sample kept in milliseconds is
// summarised to the same figures, bit for bit, and left in the same order
// as its seconds would be (stepFigures pools the reordered samples).
func TestSummarizeMillisIsSummarize(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name string
		gen  func() int32
	}{
		{"a day of milliseconds", func() int32 { return rng.Int32N(86_400_000) }},
		{"few values", func() int32 { return rng.Int32N(4) * 60_000 }},
		{"negative and positive", func() int32 { return rng.Int32() - rng.Int32() }},
		{"extremes", func() int32 { return []int32{math.MinInt32, math.MaxInt32, 0, 1, -1}[rng.IntN(5)] }},
	} {
		for _, n := range []int{1, 2, 17, 1000, 60_000} {
			ms := make([]int32, n)
			xs := make([]float64, n)
			for i := range ms {
				ms[i] = tc.gen()
				xs[i] = fromMillis(ms[i])
			}
			got, want := summarizeMillis(ms), Summarize(xs)
			if got != want {
				t.Errorf("%s n=%d: %+v, want %+v", tc.name, n, got, want)
			}
			for i := range ms {
				if math.Float64bits(fromMillis(ms[i])) != math.Float64bits(xs[i]) {
					t.Errorf("%s n=%d: reordered differently from position %d", tc.name, n, i)
					break
				}
			}
		}
	}
}
