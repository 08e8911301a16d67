package logdistance

import "github.com/flowmap/flowmap/analysis/eventlog"

// event is one activity instance with its times (Unix ns, UTC).
type event struct {
	act        int32 // index into the log's Activities
	res        int32 // index into the log's Resources, -1 when missing
	start, end int64
}

// view is a log's cases in trace order (start, end, file order), with an
// unknown start replaced by the end.
type view struct {
	log   *eventlog.Log
	cases [][]event
	n     int // events
}

func newView(l *eventlog.Log) (*view, error) {
	v := &view{log: l, cases: make([][]event, 0, len(l.Cases))}
	for _, c := range l.Cases {
		if len(c.Instances) == 0 {
			continue
		}
		evs := make([]event, len(c.Instances))
		for i, in := range c.Instances {
			start := in.Start
			if start == eventlog.NoTime {
				start = in.End
			}
			evs[i] = event{act: in.Activity, res: in.Resource, start: start, end: in.End}
		}
		v.cases = append(v.cases, evs)
		v.n += len(evs)
	}
	if v.n == 0 {
		return nil, ErrEmpty
	}
	return v, nil
}

// views prepares both logs.
func views(a, b *eventlog.Log) (*view, *view, error) {
	va, err := newView(a)
	if err != nil {
		return nil, nil, err
	}
	vb, err := newView(b)
	if err != nil {
		return nil, nil, err
	}
	return va, vb, nil
}

// minStart is the earliest start of the log.
func (v *view) minStart() int64 {
	m := v.cases[0][0].start
	for _, c := range v.cases {
		for _, e := range c {
			m = min(m, e.start)
		}
	}
	return m
}

// arrivals are the cases' earliest starts, in case order.
func (v *view) arrivals() []int64 {
	out := make([]int64, len(v.cases))
	for i, c := range v.cases {
		m := c[0].start
		for _, e := range c {
			m = min(m, e.start)
		}
		out[i] = m
	}
	return out
}

// sharedIDs numbers the activity names of both logs 1..k (0 is free for
// padding) and returns each log's index → number translation.
func sharedIDs(a, b *view) (ta, tb []int32, k int) {
	ids := map[string]int32{}
	tr := func(names []string) []int32 {
		t := make([]int32, len(names))
		for i, n := range names {
			id, ok := ids[n]
			if !ok {
				id = int32(len(ids) + 1)
				ids[n] = id
			}
			t[i] = id
		}
		return t
	}
	ta, tb = tr(a.log.Activities), tr(b.log.Activities)
	return ta, tb, len(ids)
}

// utcDay is the number of days since 1970-01-01 and the weekday (Monday 0)
// and hour of day of t, in UTC.
func utcDay(t int64) (day, weekday, hourOfDay int64) {
	h := floorDiv(t, hour)
	day = floorDiv(h, 24)
	return day, (day%7 + 7 + 3) % 7, h - day*24
}
