package analysis

import (
	"math"
	"slices"
	"strconv"
)

// HandoffBucket answers "does waiting grow with handoffs?": cases grouped by
// their number of resource handoffs, with their total wait (or sojourn).
type HandoffBucket struct {
	Handoffs    string  `json:"handoffs"` // "0", "1", ..., "5+"
	Cases       int     `json:"cases"`
	MedianWait  float64 `json:"median_wait"`
	MeanWait    float64 `json:"mean_wait"`
	MedianCycle float64 `json:"median_cycle_time"`
}

// waitByHandoffs keeps each case's resource handoffs, total wait (or
// sojourn) and cycle time, to group cases by their handoffs (in log order,
// the same index in each).
type waitByHandoffs struct {
	handoffs    chunks[int32]
	wait, cycle sample
}

func newWaitByHandoffs() *waitByHandoffs { return &waitByHandoffs{} }

func (w *waitByHandoffs) add(v *caseView) {
	w.handoffs.add(int32(min(v.handoffs, math.MaxInt32)))
	w.wait.add(v.totalWait)
	w.cycle.add(v.cycle)
}

func (w *waitByHandoffs) merge(other metric) {
	o := other.(*waitByHandoffs)
	w.handoffs.addAll(&o.handoffs)
	w.wait.addAll(&o.wait)
	w.cycle.addAll(&o.cycle)
}

// fill groups cases by their number of resource handoffs in six groups
// around the median count: "≤ m-2", m-1, m, m+1, m+2, "≥ m+3" (or 0..4 and
// "5+" when the median is small).
func (w *waitByHandoffs) fill(r *Result) {
	const groups = 6
	r.WaitByHandoffs = []HandoffBucket{}
	n := w.handoffs.len()
	if n == 0 {
		return
	}
	handoffs := make([]int, 0, n)
	for _, c := range w.handoffs.all() {
		for _, h := range c {
			handoffs = append(handoffs, int(h))
		}
	}
	w.handoffs = chunks[int32]{}
	sorted := slices.Clone(handoffs)
	slices.Sort(sorted)
	lo := max(sorted[0], sorted[len(sorted)/2]-2)
	least := sorted[0]
	sorted = nil
	var counts [groups]int
	for _, h := range handoffs {
		counts[min(max(h-lo, 0), groups-1)]++
	}
	waits := make([][]float64, groups)
	cycles := make([][]float64, groups)
	for b, n := range counts {
		waits[b], cycles[b] = make([]float64, 0, n), make([]float64, 0, n)
	}
	wait, cycle := w.wait.flat(), w.cycle.flat()
	w.wait, w.cycle = sample{}, sample{}
	for i, h := range handoffs {
		b := min(max(h-lo, 0), groups-1)
		waits[b] = append(waits[b], wait[i])
		cycles[b] = append(cycles[b], cycle[i])
	}
	for b := range groups {
		if len(waits[b]) == 0 {
			continue
		}
		label := strconv.Itoa(lo + b)
		switch {
		case b == groups-1:
			label += "+"
		case b == 0 && lo > least:
			label = "≤" + label
		}
		s := Summarize(waits[b])
		r.WaitByHandoffs = append(r.WaitByHandoffs, HandoffBucket{Handoffs: label, Cases: s.Count, MedianWait: s.Median, MeanWait: s.Mean, MedianCycle: Summarize(cycles[b]).Median})
	}
}
