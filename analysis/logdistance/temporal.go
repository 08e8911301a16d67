package logdistance

import (
	"slices"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// AbsoluteEventDistance is the absolute event distribution distance (AEDD),
// in hours: every start and end timestamp of each log becomes the whole
// number of hours since the hour in which the earliest start of either log
// falls, and the two histograms are compared with W1.
func AbsoluteEventDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return absoluteEventDistance(a, b)
}

func absoluteEventDistance(a, b *view) (float64, error) {
	origin := floorDiv(min(a.minStart(), b.minStart()), hour) * hour
	obs := func(v *view) []int64 {
		out := make([]int64, 0, 2*v.n)
		for _, c := range v.cases {
			for _, e := range c {
				out = append(out, floorDiv(e.start-origin, hour))
			}
		}
		for _, c := range v.cases {
			for _, e := range c {
				out = append(out, floorDiv(e.end-origin, hour))
			}
		}
		return out
	}
	return w1Samples(obs(a), obs(b))
}

// RelativeEventDistance is the relative event distribution distance (REDD),
// in hours: every start and end timestamp becomes the whole number of hours
// since its case's first start, and the histograms are compared with W1.
func RelativeEventDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return relativeEventDistance(a, b)
}

func relativeEventDistance(a, b *view) (float64, error) {
	obs := func(v *view) []int64 {
		out := make([]int64, 0, 2*v.n)
		for _, c := range v.cases {
			cs := c[0].start
			for _, e := range c {
				cs = min(cs, e.start)
			}
			for _, e := range c {
				out = append(out, floorDiv(e.start-cs, hour), floorDiv(e.end-cs, hour))
			}
		}
		return out
	}
	return w1Samples(obs(a), obs(b))
}

// CycleTimeDistance is the cycle time distribution distance (CTDD), in
// hours: each case's cycle time (last end − first start) less the shortest
// cycle time of both logs, in whole hours, compared with W1.
func CycleTimeDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return cycleTimeDistance(a, b)
}

func cycleTimeDistance(a, b *view) (float64, error) {
	ct := func(v *view) []int64 {
		out := make([]int64, len(v.cases))
		for i, c := range v.cases {
			s, e := c[0].start, c[0].end
			for _, x := range c {
				s, e = min(s, x.start), max(e, x.end)
			}
			out[i] = e - s
		}
		return out
	}
	ca, cb := ct(a), ct(b)
	m := min(minOf(ca), minOf(cb))
	for _, s := range [][]int64{ca, cb} {
		for i := range s {
			s[i] = floorDiv(s[i]-m, hour)
		}
	}
	return w1Samples(ca, cb)
}

// CaseArrivalDistance is the case arrival distribution distance (CADD), in
// hours: each case's first start as whole hours since the hour of the
// earliest arrival of either log, compared with W1.
func CaseArrivalDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return caseArrivalDistance(a, b)
}

func caseArrivalDistance(a, b *view) (float64, error) {
	aa, ab := a.arrivals(), b.arrivals()
	origin := floorDiv(min(minOf(aa), minOf(ab)), hour) * hour
	for _, s := range [][]int64{aa, ab} {
		for i := range s {
			s[i] = floorDiv(s[i]-origin, hour)
		}
	}
	return w1Samples(aa, ab)
}

// InterArrivalDistance is the inter-arrival time distribution distance
// (IADD), in hours: the times between consecutive case arrivals of each log
// in whole hours, compared with W1. Each log needs two cases.
func InterArrivalDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return interArrivalDistance(a, b)
}

func interArrivalDistance(a, b *view) (float64, error) {
	gaps := func(v *view) []int64 {
		arr := v.arrivals()
		slices.Sort(arr)
		out := make([]int64, 0, len(arr))
		for i := 1; i < len(arr); i++ {
			out = append(out, floorDiv(arr[i]-arr[i-1], hour))
		}
		return out
	}
	return w1Samples(gaps(a), gaps(b))
}

func minOf(s []int64) int64 {
	m := s[0]
	for _, x := range s {
		m = min(m, x)
	}
	return m
}
