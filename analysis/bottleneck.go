package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/flowmap/flowmap/internal/format"
)

// Bottleneck is an activity ranked by the total time cases spend waiting
// for it (or, without start times, the sojourn time before it ends).
type Bottleneck struct {
	Activity    string  `json:"activity"`
	Step        string  `json:"step,omitempty"`
	Basis       string  `json:"basis"` // "wait" or "sojourn"
	TotalWait   float64 `json:"total_wait"`
	ShareOfWait float64 `json:"share_of_wait"`
	MedianWait  float64 `json:"median_wait"`
	P90Wait     float64 `json:"p90_wait"`
	PeakQueue   int     `json:"peak_queue"`
	PeakAt      string  `json:"peak_at,omitempty"`
	Reason      string  `json:"reason"`
}

// bottlenecks ranks activities by the total time cases wait for them (or,
// without start times, by their sojourn), derived from the activities and
// queues of r.
func bottlenecks(r *Result) []Bottleneck {
	basis := r.Log.TimeBasis
	peaks := map[string]QueueSeries{}
	for _, q := range r.Queues {
		peaks[q.Activity] = q
	}
	total := 0.0
	var out []Bottleneck
	for _, act := range r.Activities {
		s := act.Wait
		if basis == "sojourn" {
			s = act.Sojourn
		}
		if s == nil || s.Count == 0 {
			continue
		}
		total += s.Sum
		out = append(out, Bottleneck{
			Activity: act.Name, Step: act.Step, Basis: basis, TotalWait: s.Sum,
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
		b.Reason = reason(b, basis)
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
	} else if b.P90Wait == 0 {
		s = fmt.Sprintf("%s holds %s of all waiting: hardly any case waits before it starts",
			b.Activity, format.Percent(b.ShareOfWait))
	} else if b.MedianWait == 0 {
		// "a median 0 s … 1 in 10 over 11 h" reads as a contradiction.
		s = fmt.Sprintf("%s holds %s of all waiting: most cases don't wait before it starts; 1 in 10 waits over %s",
			b.Activity, format.Percent(b.ShareOfWait), format.Duration(b.P90Wait))
	} else {
		s = fmt.Sprintf("%s holds %s of all waiting: cases wait a median %s before it starts, 1 in 10 over %s",
			b.Activity, format.Percent(b.ShareOfWait), format.Duration(b.MedianWait), format.Duration(b.P90Wait))
	}
	if b.PeakQueue > 1 {
		s += fmt.Sprintf("; up to %s cases waiting at once", format.Thousands(b.PeakQueue))
	}
	return s
}
