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
	// WorkingStats, for durations when a working calendar applies (see
	// docs/ANALYSIS.md, "Working time"), are the same figures of the
	// working seconds of each duration: the part of the interval inside the
	// calendar it belongs to. nil (and absent from JSON) otherwise, and for
	// counts.
	*WorkingStats
}

// WorkingStats are the working-time twins of a Stats: the mean, median,
// p90, max, min and sum of the working seconds of the durations (each
// figure of its own sample: the working median is the median of the
// working seconds, not the working seconds of the median duration).
type WorkingStats struct {
	WorkingMean   float64 `json:"working_mean"`
	WorkingMedian float64 `json:"working_median"`
	WorkingP90    float64 `json:"working_p90"`
	WorkingMax    float64 `json:"working_max"`
	WorkingMin    float64 `json:"working_min"`
	WorkingSum    float64 `json:"working_sum"`
}

// Summarize computes Stats of xs. It reorders xs in place: it selects the
// ranks the percentiles need instead of sorting, which is several times
// faster on the large samples of big logs.
func Summarize(xs []float64) Stats {
	n := len(xs)
	if n == 0 {
		return Stats{}
	}
	sum, lo, hi := 0.0, xs[0], xs[0]
	for _, x := range xs {
		sum += x
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return Stats{
		Count:  n,
		Mean:   sum / float64(n),
		Median: selectQuantile(xs, 0.5),
		P90:    selectQuantile(xs, 0.9),
		Max:    hi,
		Min:    lo,
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

// selectQuantile is Quantile for unsorted xs, reordering them: the value at
// rank i is placed by selection, and rank i+1 is the minimum of the rest.
func selectQuantile(xs []float64, q float64) float64 {
	n := len(xs)
	h := float64(n-1) * q
	i := int(math.Floor(h))
	if i >= n-1 {
		nthElement(xs, n-1)
		return xs[n-1]
	}
	nthElement(xs, i)
	next := xs[i+1]
	for _, x := range xs[i+2:] {
		next = math.Min(next, x)
	}
	return xs[i] + (h-float64(i))*(next-xs[i])
}

// nthElement reorders xs so that xs[k] is the value a sort would put there,
// with no larger value before it and no smaller after (quickselect with a
// median-of-three pivot; it sorts small or stubborn ranges).
func nthElement(xs []float64, k int) {
	lo, hi := 0, len(xs)-1
	for rounds := 0; hi-lo > 16; rounds++ {
		if rounds > 64 { // adversarial input: fall back to sorting
			slices.Sort(xs[lo : hi+1])
			return
		}
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		// Hoare partition.
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // j < k < i: xs[k] equals the pivot and is in place
		}
	}
	slices.Sort(xs[lo : hi+1])
}

// durations is a sample of durations in seconds and, when working time is
// on (catalog.working), the working seconds of each, in the same order.
type durations struct {
	elapsed, working sample
}

// add appends one duration and, when on, its working seconds.
func (d *durations) add(elapsed, working float64, on bool) {
	d.elapsed.add(elapsed)
	if on {
		d.working.add(working)
	}
}

// addAll appends o's sample, which it takes over (o is empty afterwards).
func (d *durations) addAll(o *durations) {
	d.elapsed.addAll(&o.elapsed)
	d.working.addAll(&o.working)
}

// count is the number of durations.
func (d *durations) count() int { return d.elapsed.len() }

// stats summarises the sample; with on, the working-time twins too. Like
// Summarize, it reorders the sample (stepFigures pools the reordered
// samples of waits afterwards).
func (d *durations) stats(on bool) Stats {
	s := Summarize(d.elapsed.flat())
	if on {
		w := Summarize(d.working.flat())
		s.WorkingStats = &WorkingStats{WorkingMean: w.Mean, WorkingMedian: w.Median, WorkingP90: w.P90,
			WorkingMax: w.Max, WorkingMin: w.Min, WorkingSum: w.Sum}
	}
	return s
}

// statsPtr is stats, or nil for an empty sample (no duration of that kind).
func (d *durations) statsPtr(on bool) *Stats {
	if d.count() == 0 {
		return nil
	}
	s := d.stats(on)
	return &s
}

// sample is a list of numbers kept in chunks: it grows without copying
// (append's regrowth would copy every value a few times and leave the old
// arrays as garbage) and merges by taking over the other list's chunks.
// flat makes it one slice when it is summarised.
type sample struct {
	full [][]float64 // filled chunks, in order
	cur  []float64   // the chunk being filled, after them
	n    int         // values in full
}

// Chunks start small (most samples of a log with many activities are
// small) and double up to maxChunk values (64 KiB).
const minChunk, maxChunk = 16, 8192

func (s *sample) add(x float64) {
	if len(s.cur) == cap(s.cur) {
		s.next()
	}
	s.cur = append(s.cur, x)
}

// next retires the current chunk and starts the next.
func (s *sample) next() {
	if len(s.cur) > 0 {
		s.full = append(s.full, s.cur)
		s.n += len(s.cur)
	}
	s.cur = make([]float64, 0, min(max(2*cap(s.cur), minChunk), maxChunk))
}

func (s *sample) len() int { return s.n + len(s.cur) }

// addAll appends o's values after s's; o is empty afterwards.
func (s *sample) addAll(o *sample) {
	if o.len() == 0 {
		return
	}
	if s.len() == 0 {
		*s, *o = *o, sample{}
		return
	}
	if len(s.cur) > 0 {
		s.full = append(s.full, s.cur)
		s.n += len(s.cur)
	}
	s.full = append(s.full, o.full...)
	s.n += o.n
	s.cur = o.cur
	*o = sample{}
}

// flat makes s one chunk and returns it: the values in order, as one
// slice that the caller may reorder (s holds the new order then).
func (s *sample) flat() []float64 {
	if len(s.full) == 0 {
		return s.cur
	}
	xs := make([]float64, 0, s.len())
	for _, c := range s.full {
		xs = append(xs, c...)
	}
	xs = append(xs, s.cur...)
	*s = sample{cur: xs}
	return xs
}
