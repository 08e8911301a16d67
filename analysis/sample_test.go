package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSample: a sample gives back exactly the values added, in order,
// whether it keeps them as milliseconds, as float64 or both (merged), and
// however it was grown.
func TestSample(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ms := func() float64 { return seconds(r.Int64N(int64(20*24*hourNs)) / 1e6 * 1e6) }
	for _, tc := range []struct {
		name      string
		a, b      []float64
		wantFloat bool
	}{
		{"empty", nil, nil, false},
		{"milliseconds", gen(1000, ms), gen(20000, ms), false},
		{"negative and zero", []float64{-1.5, 0, seconds(-1e6), 2}, []float64{0.001}, false},
		{"negative zero", []float64{1, math.Copysign(0, -1)}, []float64{2}, true},
		{"nanoseconds", []float64{1, seconds(1)}, []float64{3}, true},
		{"float after milliseconds", gen(9000, ms), []float64{seconds(123456789)}, true},
		{"milliseconds after float", []float64{0.1234567}, gen(9000, ms), true},
		{"past 24 days", []float64{1}, []float64{30 * 86400}, true},
		{"NaN and infinity", []float64{math.NaN()}, []float64{math.Inf(1), 5}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a, b sample
			for _, x := range tc.a {
				a.add(x)
			}
			for _, x := range tc.b {
				b.add(x)
			}
			a.addAll(&b)
			if b.len() != 0 {
				t.Errorf("the merged sample keeps %d values", b.len())
			}
			want := append(append([]float64{}, tc.a...), tc.b...)
			if a.len() != len(want) || a.float != tc.wantFloat {
				t.Fatalf("%d values, float %v; want %d, %v", a.len(), a.float, len(want), tc.wantFloat)
			}
			got := a.flat()
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("value %d: %v (%x), want %v (%x)", i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
				}
			}
			if len(got) > 0 {
				got[len(got)/2] = 42 // flat's slice is the sample: a reorder is kept
				if a.flat()[len(got)/2] != 42 {
					t.Error("flat did not keep the caller's order")
				}
			}
		})
	}
}

const hourNs = 3600 * 1e9

func gen(n int, f func() float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = f()
	}
	return xs
}
