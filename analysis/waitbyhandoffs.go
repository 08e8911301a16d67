package analysis

import (
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
// sojourn) and cycle time, to group cases by their handoffs.
type waitByHandoffs struct {
	cases []caseHandoffs // in log order
}

type caseHandoffs struct {
	handoffs    int
	wait, cycle float64
}

func newWaitByHandoffs() *waitByHandoffs { return &waitByHandoffs{} }

func (w *waitByHandoffs) add(v *caseView) {
	w.cases = append(w.cases, caseHandoffs{handoffs: v.handoffs, wait: v.totalWait, cycle: v.cycle})
}

func (w *waitByHandoffs) merge(other metric) {
	w.cases = append(w.cases, other.(*waitByHandoffs).cases...)
}

// fill groups cases by their number of resource handoffs in six groups
// around the median count: "≤ m-2", m-1, m, m+1, m+2, "≥ m+3" (or 0..4 and
// "5+" when the median is small).
func (w *waitByHandoffs) fill(r *Result) {
	const groups = 6
	r.WaitByHandoffs = []HandoffBucket{}
	if len(w.cases) == 0 {
		return
	}
	sorted := make([]int, len(w.cases))
	for i, c := range w.cases {
		sorted[i] = c.handoffs
	}
	slices.Sort(sorted)
	lo := max(sorted[0], sorted[len(sorted)/2]-2)
	waits := make([][]float64, groups)
	cycles := make([][]float64, groups)
	for _, c := range w.cases {
		b := min(max(c.handoffs-lo, 0), groups-1)
		waits[b] = append(waits[b], c.wait)
		cycles[b] = append(cycles[b], c.cycle)
	}
	for b := range groups {
		if len(waits[b]) == 0 {
			continue
		}
		label := strconv.Itoa(lo + b)
		switch {
		case b == groups-1:
			label += "+"
		case b == 0 && lo > sorted[0]:
			label = "≤" + label
		}
		s := Summarize(waits[b])
		r.WaitByHandoffs = append(r.WaitByHandoffs, HandoffBucket{Handoffs: label, Cases: s.Count, MedianWait: s.Median, MeanWait: s.Mean, MedianCycle: Summarize(cycles[b]).Median})
	}
}
