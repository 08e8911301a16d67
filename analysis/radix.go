package analysis

import (
	"math/bits"
	"slices"
	"unsafe"
)

// sortInt64s sorts xs in increasing order. Large slices (the waiting
// intervals of an activity in a big log: Unix nanoseconds written to the
// millisecond or second, over months) are sorted by radix on compact keys:
// each value's distance from the smallest, in the largest of 1 s, 1 ms,
// 1 µs or 1 ns that divides every value. A year in milliseconds takes 35
// bits, three passes of 12 bits, where the nanoseconds took five. tmp is a
// buffer it may use (and returns, grown).
func sortInt64s(xs, tmp []int64) []int64 {
	if len(xs) < 1<<12 {
		slices.Sort(xs)
		return tmp
	}
	if cap(tmp) < len(xs) {
		tmp = make([]int64, len(xs))
	}
	lo, hi, unit := spanAndUnit(xs)
	// The keys, in place: (x - lo) / unit, as unsigned (the distance of
	// the extremes of int64 does not fit an int64).
	keys := unsafe.Slice((*uint64)(unsafe.Pointer(&xs[0])), len(xs))
	base := uint64(lo)
	switch unit {
	case 1_000_000_000:
		for i, k := range keys {
			keys[i] = (k - base) / 1_000_000_000
		}
	case 1_000_000:
		for i, k := range keys {
			keys[i] = (k - base) / 1_000_000
		}
	case 1_000:
		for i, k := range keys {
			keys[i] = (k - base) / 1_000
		}
	default:
		for i, k := range keys {
			keys[i] = k - base
		}
	}
	radixSort(keys, unsafe.Slice((*uint64)(unsafe.Pointer(&tmp[0])), len(xs)), (uint64(hi)-base)/unit)
	for i, k := range keys {
		keys[i] = k*unit + base
	}
	return tmp
}

// radixSort sorts keys, all at most maxKey, least significant digit first
// in as few passes of at most 12 bits as maxKey needs (the digits of all
// passes counted in one read); tmp has keys' length.
func radixSort(keys, tmp []uint64, maxKey uint64) {
	const maxDigit = 12
	width := bits.Len64(maxKey)
	if width == 0 {
		return // all equal
	}
	passes := (width + maxDigit - 1) / maxDigit
	digit := uint((width + passes - 1) / passes)
	mask := uint64(1)<<digit - 1
	count := make([]int, passes<<digit)
	for _, k := range keys {
		for p := range passes {
			count[p<<digit+int(k>>(uint(p)*digit)&mask)]++
		}
	}
	src, dst := keys, tmp
	for p := range passes {
		shift := uint(p) * digit
		c := count[p<<digit : (p+1)<<digit]
		if c[src[0]>>shift&mask] == len(src) {
			continue // one digit for all: the pass would change nothing
		}
		sum := 0
		for d := range c {
			sum, c[d] = sum+c[d], sum
		}
		for _, k := range src {
			d := k >> shift & mask
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// spanAndUnit returns the smallest and largest of xs and the largest of
// 1e9, 1e6, 1e3 and 1 that divides each (the divisions are by constants,
// which compile to multiplications).
func spanAndUnit(xs []int64) (lo, hi int64, unit uint64) {
	lo, hi = xs[0], xs[0]
	var rem int64
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
		rem |= x % 1_000_000
	}
	if rem == 0 {
		for _, x := range xs {
			if x%1_000_000_000 != 0 {
				return lo, hi, 1_000_000
			}
		}
		return lo, hi, 1_000_000_000
	}
	for _, x := range xs {
		if x%1_000 != 0 {
			return lo, hi, 1
		}
	}
	return lo, hi, 1_000
}
