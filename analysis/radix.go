package analysis

import "slices"

// sortInt64s sorts xs in increasing order. Large slices (the waiting
// intervals of an activity in a big log: Unix nanoseconds, which share
// their upper bits) are sorted by radix, 11 bits a pass (the digits of all
// passes counted in one read), skipping the passes in which every value has
// the same digit; tmp is a buffer it may use (and returns, grown).
func sortInt64s(xs, tmp []int64) []int64 {
	const bits, radix = 11, 1 << 11
	if len(xs) < 1<<12 {
		slices.Sort(xs)
		return tmp
	}
	if cap(tmp) < len(xs) {
		tmp = make([]int64, len(xs))
	}
	src, dst := xs, tmp[:len(xs)]
	const passes = (64 + bits - 1) / bits
	var count [passes][radix]int // every pass's digits, counted in one read
	for _, x := range src {
		k := key(x, 0)
		for p := range passes {
			count[p][(k>>(p*bits))&(radix-1)]++
		}
	}
	for p := range passes {
		shift := uint(p * bits)
		c := &count[p]
		if c[key(src[0], shift)&(radix-1)] == len(src) {
			continue // one digit for all: the pass would change nothing
		}
		sum := 0
		for d := range c {
			sum, c[d] = sum+c[d], sum
		}
		for _, x := range src {
			d := key(x, shift) & (radix - 1)
			dst[c[d]] = x
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
	return tmp
}

// key is the digits of x from shift on, with the sign bit flipped so that
// negative values come first.
func key(x int64, shift uint) uint64 {
	return (uint64(x) ^ 1<<63) >> shift
}
