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
	return summarizeAs(xs, func(x float64) float64 { return x })
}

// summarizeMillis is Summarize of the seconds of ms (fromMillis), computed
// on the milliseconds: the same figures bit for bit, and the same
// reordering, since fromMillis is strictly increasing (the selection makes
// the same comparisons), without a float64 copy of the sample.
func summarizeMillis(ms []int32) Stats { return summarizeAs(ms, fromMillis) }

// summarizeAs is Summarize of the values val gives xs, val strictly
// increasing: extremes and ranks are found on xs, sums taken of val's.
func summarizeAs[T float64 | int32](xs []T, val func(T) float64) Stats {
	n := len(xs)
	if n == 0 {
		return Stats{}
	}
	sum, lo, hi := 0.0, xs[0], xs[0]
	for _, x := range xs {
		sum += val(x)
		lo = min(lo, x) // the built-ins treat NaN and -0 as math.Min and math.Max do
		hi = max(hi, x)
	}
	return Stats{
		Count: n,
		Mean:  sum / float64(n),
		// The order the selections leave xs in is part of the result:
		// stepFigures pools the reordered samples, and their sum depends
		// on the order.
		Median: selectRanks(xs, 0.5, val),
		P90:    selectRanks(xs, 0.9, val),
		Max:    val(hi),
		Min:    val(lo),
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

// selectRanks is Quantile for unsorted xs, reordering them: the value at
// rank i is placed by selection, and rank i+1 is the minimum of the rest.
// val turns the values into float64 strictly increasingly (so that the
// selection reorders them as it would the float64s); the interpolation is
// done on val's results.
func selectRanks[T float64 | int32](xs []T, q float64, val func(T) float64) float64 {
	n := len(xs)
	h := float64(n-1) * q
	i := int(math.Floor(h))
	if i >= n-1 {
		nthElement(xs, n-1)
		return val(xs[n-1])
	}
	nthElement(xs, i)
	next := xs[i+1]
	for _, x := range xs[i+2:] {
		next = min(next, x)
	}
	lo := val(xs[i])
	return lo + (h-float64(i))*(val(next)-lo)
}

// nthElement reorders xs so that xs[k] is the value a sort would put there,
// with no larger value before it and no smaller after (quickselect with a
// median-of-three pivot; it sorts small or stubborn ranges).
func nthElement[T float64 | int32](xs []T, k int) {
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
	s := d.elapsed.summarize()
	if on {
		w := d.working.summarize()
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

// sample is a list of durations (or counts) in seconds. It keeps each
// value in 4 bytes, as whole milliseconds, while that gives back exactly the
// same float64 (the durations of a log with millisecond timestamps, up to
// 24 days); the first value that does not fit turns it into a list of
// float64. The values are kept in chunks: the list grows without copying
// (append's regrowth would copy every value a few times and leave the old
// arrays as garbage) and merges by taking over the other list's chunks.
// flat makes it one slice of float64 when it is summarised.
type sample struct {
	ms    chunks[int32]   // while !float
	fl    chunks[float64] // once float
	float bool
}

func (s *sample) add(x float64) {
	if !s.float {
		if m, ok := toMillis(x); ok {
			s.ms.add(m)
			return
		}
		s.toFloat()
	}
	s.fl.add(x)
}

// toMillis returns x as whole milliseconds, if fromMillis gives x back bit
// for bit.
func toMillis(x float64) (int32, bool) {
	m := math.Round(x * 1000)
	if !(m >= math.MinInt32 && m <= math.MaxInt32) { // NaN too
		return 0, false
	}
	return int32(m), math.Float64bits(fromMillis(int32(m))) == math.Float64bits(x)
}

// fromMillis is the seconds of m milliseconds, computed as seconds() does
// from nanoseconds.
func fromMillis(m int32) float64 { return seconds(int64(m) * 1e6) }

// toFloat turns the milliseconds kept so far into float64, in order.
func (s *sample) toFloat() {
	if s.float {
		return
	}
	s.float = true
	s.fl = chunks[float64]{}
	s.ms.drain(func(c []int32) {
		for _, m := range c {
			s.fl.add(fromMillis(m))
		}
	})
}

func (s *sample) len() int { return s.ms.len() + s.fl.len() }

// addAll appends o's values after s's; o is empty afterwards.
func (s *sample) addAll(o *sample) {
	if o.len() == 0 {
		return
	}
	if s.float != o.float {
		s.toFloat()
		o.toFloat()
	}
	s.ms.addAll(&o.ms)
	s.fl.addAll(&o.fl)
	*o = sample{}
}

// flat makes s one slice of float64 and returns it: the values in order,
// which the caller may reorder (s holds the new order then).
func (s *sample) flat() []float64 {
	if s.float && len(s.fl.full) == 0 {
		return s.fl.cur
	}
	xs := make([]float64, 0, s.len())
	s.ms.drain(func(c []int32) {
		for _, m := range c {
			xs = append(xs, fromMillis(m))
		}
	})
	s.fl.drain(func(c []float64) { xs = append(xs, c...) })
	*s = sample{float: true, fl: chunks[float64]{cur: xs}}
	return xs
}

// summarize is Summarize of the sample's values, which it reorders (s
// holds the new order then). A sample of milliseconds stays one (4 bytes a
// value, not the 8 of a float64 copy).
func (s *sample) summarize() Stats {
	if s.float {
		return Summarize(s.flat())
	}
	ms := s.ms.cur
	if len(s.ms.full) > 0 {
		ms = make([]int32, 0, s.ms.len())
		s.ms.drain(func(c []int32) { ms = append(ms, c...) })
		s.ms = chunks[int32]{cur: ms}
	}
	return summarizeMillis(ms)
}

// chunks is a list kept in chunks that start small (most lists of a log
// with many activities are short) and double up to maxChunk values.
type chunks[T any] struct {
	full [][]T // filled chunks, in order
	cur  []T   // the chunk being filled, after them
	n    int   // values in full
}

const minChunk, maxChunk = 16, 8192

func (c *chunks[T]) add(x T) {
	if len(c.cur) == cap(c.cur) {
		c.next()
	}
	c.cur = append(c.cur, x)
}

// next retires the current chunk and starts the next.
func (c *chunks[T]) next() {
	if len(c.cur) > 0 {
		c.full = append(c.full, c.cur)
		c.n += len(c.cur)
	}
	c.cur = make([]T, 0, min(max(2*cap(c.cur), minChunk), maxChunk))
}

func (c *chunks[T]) len() int { return c.n + len(c.cur) }

// addAll appends o's values after c's; o is empty afterwards.
func (c *chunks[T]) addAll(o *chunks[T]) {
	if o.len() == 0 {
		return
	}
	if c.len() == 0 {
		*c, *o = *o, chunks[T]{}
		return
	}
	if len(c.cur) > 0 {
		c.full = append(c.full, c.cur)
		c.n += len(c.cur)
	}
	c.full = append(c.full, o.full...)
	c.n += o.n
	c.cur = o.cur
	*o = chunks[T]{}
}

// all returns the chunks in order.
// drain calls f with each chunk in order and lets go of it once f
// returns, so that copying the list somewhere else does not hold it twice;
// c is empty afterwards.
func (c *chunks[T]) drain(f func([]T)) {
	for i, ch := range c.full {
		f(ch)
		c.full[i] = nil
	}
	cur := c.cur
	*c = chunks[T]{}
	if len(cur) > 0 {
		f(cur)
	}
}

func (c *chunks[T]) all() [][]T {
	if len(c.cur) == 0 {
		return c.full
	}
	return append(c.full[:len(c.full):len(c.full)], c.cur)
}
