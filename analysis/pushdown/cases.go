package pushdown

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/flowmap/flowmap/analysis"
)

// bin is a value of a per-case count and the cases that have it.
type bin struct {
	value, cases int64
}

// handoffHistogram is the number of cases with each number of resource
// handoffs, by value (queried once, for the handoffs per case and the
// wait by handoffs).
func (j *job) handoffHistogram(ctx context.Context) ([]bin, error) {
	if j.hist != nil {
		return j.hist, nil
	}
	q := &query{from: j.cases, groupBy: []string{j.dl.int("handoffs")}, cols: []string{j.dl.countIf("")}}
	var hist []bin
	err := j.run.run(ctx, q, func(scan func(...any) error) error {
		var b bin
		if err := scan(&b.value, &b.cases); err != nil {
			return err
		}
		hist = append(hist, b)
		return nil
	})
	slices.SortFunc(hist, func(x, y bin) int { return cmp.Compare(x.value, y.value) })
	j.hist = hist
	return hist, err
}

// rank is the value at 0-based rank k of the sorted sample the histogram
// (sorted by value) stands for.
func rank(hist []bin, k int64) float64 {
	for _, b := range hist {
		if k < b.cases {
			return float64(b.value)
		}
		k -= b.cases
	}
	return float64(hist[len(hist)-1].value)
}

// histogramStats are the Stats of the sample a histogram stands for, as
// analysis.Summarize computes them.
func histogramStats(hist []bin) analysis.Stats {
	var n int64
	sum := 0.0
	for _, b := range hist {
		n += b.cases
		sum += float64(b.value) * float64(b.cases)
	}
	if n == 0 {
		return analysis.Stats{}
	}
	q := func(p float64) float64 {
		h := float64(n-1) * p
		lo := math.Floor(h)
		x := rank(hist, int64(lo))
		if int64(lo) >= n-1 {
			return x
		}
		return x + (h-lo)*(rank(hist, int64(lo)+1)-x)
	}
	return analysis.Stats{Count: int(n), Mean: sum / float64(n), Median: q(0.5), P90: q(0.9),
		Max: float64(hist[len(hist)-1].value), Min: float64(hist[0].value), Sum: sum}
}

// waitByHandoffs groups the cases by their number of resource handoffs in
// six groups around the median count, as analysis does: "≤ m-2", m-1, m,
// m+1, m+2, "≥ m+3" (or 0..4 and "5+" when the median is small).
func (j *job) waitByHandoffs(ctx context.Context) error {
	const groups = 6
	r := j.r
	r.WaitByHandoffs = []analysis.HandoffBucket{}
	hist, err := j.handoffHistogram(ctx)
	if err != nil || len(hist) == 0 {
		return err
	}
	var n int64
	for _, b := range hist {
		n += b.cases
	}
	first := hist[0].value
	lo := max(first, int64(rank(hist, n/2))-2)
	dl := j.dl
	rel := fmt.Sprintf("SELECT %s AS bucket, total_wait, cycle FROM (%s) AS c",
		dl.int(fmt.Sprintf("least(greatest(%s - %d, 0), %d)", dl.int("handoffs"), lo, groups-1)), j.cases)
	q := &query{from: rel, groupBy: []string{"bucket"}, cols: []string{dl.countIf("")}}
	q.stat(dl, "total_wait", "").stat(dl, "cycle", "")
	err = j.run.run(ctx, q, func(scan func(...any) error) error {
		var b, cases int64
		var wait, cycle statsDest
		if err := scan(append([]any{&b, &cases}, append(wait.dest(), cycle.dest()...)...)...); err != nil {
			return err
		}
		label := strconv.FormatInt(lo+b, 10)
		switch {
		case b == groups-1:
			label += "+"
		case b == 0 && lo > first:
			label = "≤" + label
		}
		r.WaitByHandoffs = append(r.WaitByHandoffs, analysis.HandoffBucket{Handoffs: label, Cases: int(cases),
			MedianWait: wait.median, MeanWait: wait.mean, MedianCycle: cycle.median})
		return nil
	})
	slices.SortFunc(r.WaitByHandoffs, func(x, y analysis.HandoffBucket) int {
		return cmp.Compare(bucketOrder(x.Handoffs), bucketOrder(y.Handoffs))
	})
	return err
}

// bucketOrder orders the labels of waitByHandoffs: "≤n" first, then by
// number, "n+" last.
func bucketOrder(label string) int64 {
	if len(label) > 3 && label[:3] == "≤" {
		return math.MinInt64
	}
	v, _ := strconv.ParseInt(label, 10, 64)
	if label[len(label)-1] == '+' {
		return math.MaxInt64
	}
	return v
}
