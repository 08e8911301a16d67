package logdistance

import (
	"errors"
	"math"
	"slices"
)

// ErrEmpty reports a distance over an empty sample: a log without events,
// or (inter-arrival times) without two cases.
var ErrEmpty = errors.New("logdistance: empty sample")

// hour is one hour in nanoseconds.
const hour = int64(3600e9)

// floorDiv is a/b rounded toward −∞ (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// hist is a weighted integer sample: strictly increasing values with their
// positive weights.
type hist struct {
	x []int64
	w []int64
}

// histOf turns a sample into a histogram (it sorts the sample in place).
func histOf(sample []int64) hist {
	slices.Sort(sample)
	var h hist
	for i, v := range sample {
		if i > 0 && v == sample[i-1] {
			h.w[len(h.w)-1]++
			continue
		}
		h.x = append(h.x, v)
		h.w = append(h.w, 1)
	}
	return h
}

func (h hist) total() int64 {
	var t int64
	for _, w := range h.w {
		t += w
	}
	return t
}

// w1 is the 1-D Wasserstein distance between two histograms, each
// normalised to unit mass: Σ |F_a(k) − F_b(k)|·(x_{k+1} − x_k) over the
// sorted union of their values, as scipy.stats.wasserstein_distance sums it.
func w1(a, b hist) (float64, error) {
	ta, tb := a.total(), b.total()
	if ta == 0 || tb == 0 {
		return 0, ErrEmpty
	}
	var ca, cb int64
	var sum float64
	i, j := 0, 0
	for i < len(a.x) || j < len(b.x) {
		x := nextValue(a.x, i, b.x, j)
		if i < len(a.x) && a.x[i] == x {
			ca += a.w[i]
			i++
		}
		if j < len(b.x) && b.x[j] == x {
			cb += b.w[j]
			j++
		}
		if i == len(a.x) && j == len(b.x) {
			break
		}
		next := nextValue(a.x, i, b.x, j)
		d := math.Abs(float64(ca)/float64(ta) - float64(cb)/float64(tb))
		sum += d * float64(next-x)
	}
	return sum, nil
}

// nextValue is the smaller of a[i] and b[j], the ones that exist.
func nextValue(a []int64, i int, b []int64, j int) int64 {
	switch {
	case i == len(a):
		return b[j]
	case j == len(b):
		return a[i]
	}
	return min(a[i], b[j])
}

// w1Samples is w1 of two plain integer samples (sorted in place).
func w1Samples(a, b []int64) (float64, error) {
	return w1(histOf(a), histOf(b))
}
