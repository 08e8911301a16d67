package simulate

import "math"

// hist is a histogram with log-spaced bins for percentiles (p50, p90) of
// waits and cycle times, so that memory does not grow with simulated time.
//
// Bins are read straight off the float64 bit pattern: the exponent and the
// top histBits bits of the mantissa, i.e. 2^histBits bins per doubling,
// each 2^-histBits = 0.78% wide relative to its lower edge. A percentile is
// interpolated linearly inside its bin, so its relative error is below one
// bin width (0.78%) and typically far less. Values from 2^histMinExp
// (~1 ms) to 2^(histMaxExp+1) (~136 years) are binned; exact zeros (a visit
// that did not wait) are counted apart, smaller positive values fall in an
// underflow bin read as 0.5 ms, larger ones in the top bin.
type hist struct {
	zero, under uint64
	bins        []uint64
	n           uint64
}

const (
	histBits   = 7
	histMinExp = -10
	histMaxExp = 31
	histBins   = (histMaxExp - histMinExp + 1) << histBits
)

func newHist() hist { return hist{bins: make([]uint64, histBins)} }

func (h *hist) add(x float64) {
	h.n++
	if x <= 0 {
		h.zero++
		return
	}
	b := math.Float64bits(x)
	e := int(b>>52) - 1023
	if e < histMinExp {
		h.under++
		return
	}
	idx := (e-histMinExp)<<histBits | int(b>>(52-histBits))&(1<<histBits-1)
	if idx >= histBins {
		idx = histBins - 1
	}
	h.bins[idx]++
}

// binLow returns the lower edge of bin i.
func binLow(i int) float64 {
	e := i>>histBits + histMinExp
	m := i & (1<<histBits - 1)
	return math.Ldexp(1+float64(m)/(1<<histBits), e)
}

// quantile returns the q-quantile (NaN when empty).
func (h *hist) quantile(q float64) float64 {
	if h.n == 0 {
		return math.NaN()
	}
	target := q * float64(h.n)
	cum := float64(h.zero)
	if target <= cum {
		return 0
	}
	cum += float64(h.under)
	if target <= cum {
		return math.Ldexp(1, histMinExp-1)
	}
	for i, c := range h.bins {
		if c == 0 {
			continue
		}
		if target <= cum+float64(c) {
			lo, hi := binLow(i), binLow(i+1)
			return lo + (hi-lo)*(target-cum)/float64(c)
		}
		cum += float64(c)
	}
	return binLow(histBins)
}
