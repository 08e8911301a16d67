package analysis

import (
	"cmp"
	"slices"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// waits collects, per activity, the time before each instance and its
// service time: with start times the wait (ready → start) and the service
// (start → end); without, the sojourn (previous end → end). An activity that
// never has a start time is instant (service 0 s, as PM4Py's interval
// conversion has it), and so is a complete without a start event in a
// lifecycle log (PM4Py again); an empty start time of an activity that has
// them elsewhere (a start-time column), or a start after the end, leaves
// the service time unknown and out of the statistics (the data-quality
// report counts both).
type waits struct {
	cat  *catalog
	acts []waitAcc
}

type waitAcc struct {
	wait, service, sojourn durations
}

func newWaits(cat *catalog) *waits {
	return &waits{cat: cat, acts: make([]waitAcc, len(cat.l.Activities))}
}

func (w *waits) add(v *caseView) {
	on := v.working
	for i := range v.ins {
		in := &v.ins[i]
		a := &w.acts[in.Activity]
		var wk float64 // working seconds, when on
		switch {
		case v.startTimes:
			switch {
			case in.Start == eventlog.NoTime && !w.cat.started[in.Activity]: // instant
				a.service.add(0, 0, on)
			case in.Start != eventlog.NoTime && in.Start <= in.End:
				if on {
					wk = v.workService[i]
				}
				a.service.add(seconds(in.End-in.Start), wk, on)
			}
			if i >= v.waitFrom {
				if on {
					wk = v.workWait[i]
				}
				a.wait.add(v.wait[i], wk, on)
			}
		case i >= v.waitFrom:
			if on {
				wk = v.workWait[i]
			}
			a.sojourn.add(v.wait[i], wk, on)
		}
	}
}

func (w *waits) merge(other metric) {
	for i := range other.(*waits).acts {
		x, y := &w.acts[i], &other.(*waits).acts[i]
		x.wait.addAll(&y.wait)
		x.service.addAll(&y.service)
		x.sojourn.addAll(&y.sojourn)
	}
}

// fill sets the times of the activity rows (rework makes them).
func (w *waits) fill(r *Result) {
	on := w.cat.working
	for i, name := range w.cat.l.Activities {
		a := &w.acts[i]
		j, ok := slices.BinarySearchFunc(r.Activities, name, func(x Activity, name string) int { return cmp.Compare(x.Name, name) })
		if !ok {
			continue
		}
		row := &r.Activities[j]
		row.Wait, row.Service, row.Sojourn = a.wait.statsPtr(on), a.service.statsPtr(on), a.sojourn.statsPtr(on)
		if w.cat.m == nil { // stepFigures pools them with a map only
			*a = waitAcc{}
		}
	}
}
