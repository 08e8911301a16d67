package logdistance

import (
	"fmt"
	"math"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// Measure is one distance of the comparison.
type Measure struct {
	Key  string // stable identifier, the reference package's short name: "NGD_n3", "AEDD", ...
	Name string // plain-language name
	Unit string // "" (a ratio in [0, 1]) or "h"
	Desc string // one line: what it compares
	fn   func(a, b *view) (float64, error)
}

// Measures are the distances Compare computes, in this order.
var Measures = []Measure{
	{"NGD_n3", "3-gram distribution", "", "how often each sequence of three activities occurs (case counts matter)",
		func(a, b *view) (float64, error) { return ngramDistance(a, b, 3) }},
	{"NGD_n2", "2-gram distribution", "", "how often each pair of consecutive activities occurs",
		func(a, b *view) (float64, error) { return ngramDistance(a, b, 2) }},
	{"AEDD", "absolute event distribution", "h", "when events start and end on the calendar", absoluteEventDistance},
	{"CEDD", "circadian event distribution", "h", "at which hour of each weekday events start and end", circadianEventDistance},
	{"REDD", "relative event distribution", "h", "when events start and end relative to their case's start", relativeEventDistance},
	{"CTDD", "cycle time distribution", "h", "how long cases take from first start to last end", cycleTimeDistance},
	{"CADD", "case arrival distribution", "h", "when cases arrive on the calendar", caseArrivalDistance},
	{"CWDD", "circadian workforce distribution", "h", "how many distinct resources work in each hour of each weekday", circadianWorkforceDistance},
	{"CFLD", "control-flow log distance", "", "edit distance between optimally paired case activity sequences", controlFlowDistance},
	{"IADD_1h", "inter-arrival distribution", "h", "the times between consecutive case arrivals", interArrivalDistance},
}

// Result is one measure over all simulated logs.
type Result struct {
	Measure
	Values []float64 // one per simulated log, in order
	Mean   float64
	SD     float64 // sample standard deviation (n−1); NaN with one simulated log
}

// Compare computes every measure between the real log and each simulated
// log, with their mean and sample standard deviation.
func Compare(real *eventlog.Log, sims []*eventlog.Log) ([]Result, error) {
	if len(sims) == 0 {
		return nil, fmt.Errorf("logdistance: no simulated log")
	}
	a, err := newView(real)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", real.Source, err)
	}
	out := make([]Result, len(Measures))
	for i, m := range Measures {
		out[i] = Result{Measure: m, Values: make([]float64, len(sims))}
	}
	for j, s := range sims {
		b, err := newView(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Source, err)
		}
		for i, m := range Measures {
			if out[i].Values[j], err = m.fn(a, b); err != nil {
				return nil, fmt.Errorf("%s against %s: %s: %w", real.Source, s.Source, m.Key, err)
			}
		}
	}
	for i := range out {
		out[i].Mean, out[i].SD = MeanSD(out[i].Values)
	}
	return out, nil
}

// MeanSD is the mean and the sample standard deviation (n−1; NaN for fewer
// than two values) of xs.
func MeanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}
