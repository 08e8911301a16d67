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
