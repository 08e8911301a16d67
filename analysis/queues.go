package analysis

import (
	"cmp"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// QueueSeries is the number of cases waiting for an activity over time:
// previous instance done (or enabled), this one not started — or, without
// start times, not yet done.
type QueueSeries struct {
	Activity string   `json:"activity"`
	Peak     int      `json:"peak"`
	PeakAt   string   `json:"peak_at"`
	Times    []string `json:"times"`
	Values   []int    `json:"values"`
}

// queues collects, per activity, the intervals cases wait for it (ready →
// start, or previous end → end without start times), and sweeps them into
// queue lengths over the log's time span. It keeps the global position of
// the instance each interval leads to (4 bytes, not the 16 of the
// interval), and fill reads the intervals back from the log one activity
// at a time.
type queues struct {
	cat         *catalog
	acts        []queueAcc
	cases       int
	first, last int64
}

type queueAcc struct {
	at       chunks[int32] // global positions (catalog.offset) of the instances waited for, in log order
	from, to []int64       // fill: the waiting intervals, while the activity is swept
}

func newQueues(cat *catalog) *queues {
	return &queues{cat: cat, acts: make([]queueAcc, len(cat.l.Activities)), first: 1<<63 - 1, last: -1 << 63}
}

func (q *queues) add(v *caseView) {
	q.cases++
	q.first = min(q.first, v.first)
	q.last = max(q.last, v.last)
	for i := v.waitFrom; i < len(v.ins); i++ {
		from, to := v.enabled[i], v.start[i]
		if !v.startTimes {
			from, to = v.ins[i-1].End, v.ins[i].End
		}
		if to > from {
			a := &q.acts[v.ins[i].Activity]
			a.at.add(q.cat.offset[v.index] + int32(i))
		}
	}
}

// intervals reads back the waiting intervals of a's instances (as add
// computed them) into a.from and a.to.
func (q *queues) intervals(a *queueAcc) {
	a.from, a.to = make([]int64, 0, a.at.len()), make([]int64, 0, a.at.len())
	ci := 0
	a.at.drain(func(c []int32) {
		for _, g := range c {
			from, to := q.interval(g, &ci)
			a.from, a.to = append(a.from, from), append(a.to, to)
		}
	})
}

// interval is the waiting interval into the instance at global position
// g; *ci is the case of the position before (positions only grow).
func (q *queues) interval(g int32, ci *int) (from, to int64) {
	l, off := q.cat.l, q.cat.offset
	if g >= off[*ci+1] { // a later case: most often the next one with an interval
		c := *ci + 1
		for k := 0; k < 4 && c+1 < len(off) && g >= off[c+1]; k++ {
			c++
		}
		if g >= off[c+1] {
			c += sort.Search(len(off)-c-1, func(j int) bool { return off[c+j+1] > g })
		}
		*ci = c
	}
	ins := l.Cases[*ci].Instances
	i := int(g - off[*ci])
	in := &ins[i]
	if !l.HasStartTimes {
		return ins[i-1].End, in.End
	}
	enabled := in.Enabled
	if enabled == eventlog.NoTime {
		enabled = ins[i-1].End
	}
	return enabled, effStart(in)
}

func (q *queues) merge(other metric) {
	o := other.(*queues)
	for i, y := range o.acts {
		x := &q.acts[i]
		x.at.addAll(&y.at)
	}
	q.cases += o.cases
	q.first = min(q.first, o.first)
	q.last = max(q.last, o.last)
}

// fill sweeps each activity's waiting intervals to find the peak number of
// cases waiting at once and a sampled series over the log's time range.
func (q *queues) fill(r *Result) {
	r.Queues = []QueueSeries{}
	if q.cases == 0 {
		return
	}
	n := q.cat.opt.WIPPoints
	step := (q.last - q.first) / int64(max(n-1, 1))
	// Every series samples the same instants: one slice of times serves them
	// all, so a log with 300,000 activities does not format 30 million.
	times := make([]string, n)
	for k := range n {
		times[k] = formatTime(q.first + int64(k)*step)
	}
	// The activities are swept on two cores (the other metrics fill beside
	// them), each taking the next activity not yet taken.
	series := make([]QueueSeries, len(q.acts))
	var next atomic.Int32
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			var tmp []int64
			for i := int(next.Add(1) - 1); i < len(q.acts); i = int(next.Add(1) - 1) {
				a := &q.acts[i]
				if a.at.len() == 0 {
					continue
				}
				s := QueueSeries{Activity: q.cat.l.Activities[i], Times: times, Values: make([]int, n)}
				var peakAt int64
				q.intervals(a)
				s.Peak, peakAt, tmp = a.sweep(q.first, step, s.Values, tmp)
				a.at, a.from, a.to = chunks[int32]{}, nil, nil
				s.PeakAt = formatTime(peakAt)
				series[i] = s
			}
		})
	}
	wg.Wait()
	for _, s := range series {
		if s.Values != nil {
			r.Queues = append(r.Queues, s)
		}
	}
	slices.SortFunc(r.Queues, func(x, y QueueSeries) int { return cmp.Compare(x.Activity, y.Activity) })
}

// sweep sorts the intervals and merges their starts (+1) and ends (-1),
// sampling the count at first, first+step, ... into values. At equal times
// ends go first, so back-to-back intervals do not count as overlap.
// tmp is a buffer for the sort, returned grown for the next sweep.
func (a *queueAcc) sweep(first, step int64, values []int, tmp []int64) (peak int, peakAt int64, _ []int64) {
	tmp = sortInt64s(a.from, tmp)
	tmp = sortInt64s(a.to, tmp)
	n := len(values)
	cur := 0
	fi, ti, si := 0, 0, 0
	for fi < len(a.from) || ti < len(a.to) {
		takeEnd := ti < len(a.to) && (fi >= len(a.from) || a.to[ti] <= a.from[fi])
		t := a.to[min(ti, len(a.to)-1)]
		if !takeEnd {
			t = a.from[fi]
		}
		// Samples before t see the count of everything before t.
		for si < n && first+int64(si)*step < t {
			values[si] = cur
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
		values[si] = cur
	}
	return peak, peakAt, tmp
}
