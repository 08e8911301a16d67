package calibrate

import (
	"math"
	"testing"

	"github.com/flowmap/flowmap/mapping"
)

func TestW1(t *testing.T) {
	for _, c := range []struct {
		x    []float64
		q    func(float64) float64
		want float64
	}{
		{[]float64{0, 1, 2, 3}, func(float64) float64 { return 1.5 }, 1},
		{[]float64{0, 1, 2, 3}, func(u float64) float64 { return 4 * u }, 0.5},
		{[]float64{5}, func(float64) float64 { return 5 }, 0},
	} {
		if got := W1(c.x, c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("W1(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// sample returns n values at the midpoint quantiles of q: a sample with no
// noise, so the fit must find q's own family.
func sample(n int, q func(float64) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = q((float64(i) + 0.5) / float64(n))
	}
	return out
}

func TestFitDistChoosesTheFamily(t *testing.T) {
	for _, c := range []struct {
		name string
		x    []float64
		kind string
		mean float64
	}{
		{"constant", []float64{600, 600, 600, 600}, mapping.DistConstant, 600},
		{"exponential", sample(500, func(u float64) float64 { return -300 * math.Log1p(-u) }), mapping.DistExponential, 300},
		{"uniform", sample(500, func(u float64) float64 { return 60 + 120*u }), mapping.DistUniform, 120},
		{"lognormal", sample(500, quantile(mapping.Dist{Kind: mapping.DistLognormal, Mean: 100, SD: 150})), mapping.DistLognormal, 100},
		{"two values", append(sample(90, func(float64) float64 { return 300 }), sample(10, func(float64) float64 { return 1200 })...), mapping.DistEmpirical, 390},
		{"none", nil, mapping.DistConstant, 0},
	} {
		f := FitDist(c.x)
		if f.Dist.Kind != c.kind || math.Abs(f.Dist.MeanSeconds()-c.mean) > 0.02*c.mean+0.5 {
			t.Errorf("%s: fitted %s (W1 %v, tried %v), want %s with mean %v", c.name, f.Dist, f.Distance, f.Tried, c.kind, c.mean)
		}
		if f.N != len(c.x) {
			t.Errorf("%s: %d observations, want %d", c.name, f.N, len(c.x))
		}
	}
}

func TestRound4(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{596.8000001, 596.8}, {1234567, 1235000}, {0.00012, 0}, {1.23456, 1.235}, {0, 0}} {
		if got := round4(c.in); got != c.want {
			t.Errorf("round4(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
