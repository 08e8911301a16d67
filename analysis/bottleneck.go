package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/flowmap/flowmap/internal/format"
)

// queues sweeps each activity's waiting intervals to find the peak number of
// cases waiting at once and a sampled series over the log's time range.
func (a *analyzer) queues() []QueueSeries {
	if len(a.cycle) == 0 {
		return []QueueSeries{}
	}
	n := a.opt.WIPPoints
	span := a.last - a.first
	step := span / int64(max(n-1, 1))
	out := []QueueSeries{}
	for i := range a.acts {
		acc := &a.acts[i]
		if len(acc.qFrom) == 0 {
			continue
		}
		slices.Sort(acc.qFrom)
		slices.Sort(acc.qTo)
		q := QueueSeries{Activity: a.l.Activities[i], Times: make([]string, n), Values: make([]int, n)}
		// Merge the sorted starts (+1) and ends (-1); at equal times ends
		// go first, so back-to-back intervals do not count as overlap.
		cur, peak := 0, 0
		var peakAt int64
		fi, ti, si := 0, 0, 0
		for fi < len(acc.qFrom) || ti < len(acc.qTo) {
			takeEnd := ti < len(acc.qTo) && (fi >= len(acc.qFrom) || acc.qTo[ti] <= acc.qFrom[fi])
			t := acc.qTo[min(ti, len(acc.qTo)-1)]
			if !takeEnd {
				t = acc.qFrom[fi]
			}
			// Samples before t see the count of everything before t.
			for si < n && a.first+int64(si)*step < t {
				q.Values[si] = cur
				si++
			}
			if takeEnd {
				cur--
				ti++
				continue
			}
			cur++
			fi++
			if cur > peak {
				peak, peakAt = cur, t
			}
		}
		for ; si < n; si++ {
			q.Values[si] = cur
		}
		for s := 0; s < n; s++ {
			q.Times[s] = formatTime(a.first + int64(s)*step)
		}
		q.Peak = peak
		q.PeakAt = formatTime(peakAt)
		out = append(out, q)
	}
	slices.SortFunc(out, func(x, y QueueSeries) int { return cmp.Compare(x.Activity, y.Activity) })
	return out
}

// bottlenecks ranks activities by the total time cases wait for them.
func (a *analyzer) bottlenecks(r *Result) []Bottleneck {
	peaks := map[string]QueueSeries{}
	for _, q := range r.Queues {
		peaks[q.Activity] = q
	}
	total := 0.0
	var out []Bottleneck
	for _, act := range r.Activities {
		s := act.Wait
		if a.basis == "sojourn" {
			s = act.Sojourn
		}
		if s == nil || s.Count == 0 {
			continue
		}
		total += s.Sum
		out = append(out, Bottleneck{
			Activity: act.Name, Step: act.Step, Basis: a.basis, TotalWait: s.Sum,
			MedianWait: s.Median, P90Wait: s.P90, PeakQueue: peaks[act.Name].Peak, PeakAt: peaks[act.Name].PeakAt,
		})
	}
	slices.SortFunc(out, func(x, y Bottleneck) int {
		if c := cmp.Compare(y.TotalWait, x.TotalWait); c != 0 {
			return c
		}
		return cmp.Compare(x.Activity, y.Activity)
	})
	for i := range out {
		b := &out[i]
		if total > 0 {
			b.ShareOfWait = b.TotalWait / total
		}
		b.Reason = reason(b, a.basis)
	}
	if out == nil {
		out = []Bottleneck{}
	}
	return out
}

func reason(b *Bottleneck, basis string) string {
	var s string
	if basis == "sojourn" {
		s = fmt.Sprintf("%s holds %s of all elapsed time: it is reached a median %s after the previous step, 1 in 10 cases over %s",
			b.Activity, format.Percent(b.ShareOfWait), format.Duration(b.MedianWait), format.Duration(b.P90Wait))
	} else {
		s = fmt.Sprintf("%s holds %s of all waiting: cases wait a median %s before it starts, 1 in 10 over %s",
			b.Activity, format.Percent(b.ShareOfWait), format.Duration(b.MedianWait), format.Duration(b.P90Wait))
	}
	if b.PeakQueue > 1 {
		s += fmt.Sprintf("; up to %d cases waiting at once", b.PeakQueue)
	}
	return s
}
