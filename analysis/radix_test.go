package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortInt64s(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	base := int64(1_735_689_600_000_000_000) // 2025-01-01 in Unix ns
	for _, tc := range []struct {
		name string
		n    int
		gen  func(i int) int64
	}{
		{"small", 100, func(int) int64 { return r.Int64() }},
		{"timestamps", 50_000, func(int) int64 { return base + r.Int64N(180*86400e9) }},
		{"nearly sorted", 50_000, func(i int) int64 { return base + int64(i)*1e9 + r.Int64N(5e12) }},
		{"negative and positive", 50_000, func(int) int64 { return r.Int64() - r.Int64() }},
		{"extremes and duplicates", 20_000, func(i int) int64 {
			return []int64{math.MinInt64, math.MaxInt64, 0, -1, 1, base}[i%6]
		}},
		{"all equal", 10_000, func(int) int64 { return base }},
		// Values written to the second, millisecond or microsecond are
		// sorted on keys in that unit.
		{"milliseconds over a year", 50_000, func(int) int64 { return base + r.Int64N(365*86400e3)*1e6 }},
		{"seconds over a year", 50_000, func(int) int64 { return base + r.Int64N(365*86400)*1e9 }},
		{"microseconds", 50_000, func(int) int64 { return base + r.Int64N(86400e6)*1e3 }},
		{"seconds, negative and positive", 50_000, func(int) int64 { return (r.Int64() - r.Int64()) / 1e9 * 1e9 }},
		{"milliseconds at the extremes", 20_000, func(i int) int64 {
			return []int64{math.MinInt64 / 1e6 * 1e6, math.MaxInt64 / 1e6 * 1e6, 0, -1e6, 1e6, base}[i%6]
		}},
		{"one nanosecond off the milliseconds", 20_000, func(i int) int64 {
			if i == 12_345 {
				return base + 1
			}
			return base + int64(i%1000)*1e6
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs := make([]int64, tc.n)
			for i := range xs {
				xs[i] = tc.gen(i)
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			sortInt64s(xs, nil)
			if !slices.Equal(xs, want) {
				t.Errorf("not sorted like slices.Sort")
			}
		})
	}
}

// BenchmarkSortInt64s sorts a million waiting-interval ends written to the
// millisecond over a year, as bench/gen's logs have them.
func BenchmarkSortInt64s(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	base := int64(1_735_689_600_000_000_000)
	xs := make([]int64, 1_000_000)
	for i := range xs {
		xs[i] = base + r.Int64N(365*86400e3)*1e6
	}
	work := make([]int64, len(xs))
	var tmp []int64
	for b.Loop() {
		copy(work, xs)
		tmp = sortInt64s(work, tmp)
	}
}
