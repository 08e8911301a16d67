package analysis

import (
	"math"
	"slices"
)

// Stats summarises a sample (durations in seconds, or counts).
// Percentiles interpolate linearly between closest ranks (numpy's default,
// R type 7): the median of [1 2 3 4] is 2.5.
type Stats struct {
	Count  int     `json:"count"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	Max    float64 `json:"max"`
	Min    float64 `json:"min"`
	Sum    float64 `json:"sum"`
}

// Summarize computes Stats of xs. It sorts xs in place.
func Summarize(xs []float64) Stats {
	if len(xs) == 0 {
		return Stats{}
	}
	slices.Sort(xs)
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return Stats{
		Count:  len(xs),
		Mean:   sum / float64(len(xs)),
		Median: Quantile(xs, 0.5),
		P90:    Quantile(xs, 0.9),
		Max:    xs[len(xs)-1],
		Min:    xs[0],
		Sum:    sum,
	}
}

// Quantile returns the q-quantile of sorted xs by linear interpolation
// between closest ranks (R type 7, numpy "linear"). gonum's stat.Quantile
// uses a different definition, so it is not used here.
func Quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * q
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
