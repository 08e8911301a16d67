package analysis

import (
	"cmp"
	"slices"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// waits collects, per activity, the time before each instance and its
// service time: with start times the wait (ready → start) and the service
// (start → end, 0 when the start is unknown); without, the sojourn (previous
// end → end).
type waits struct {
	cat  *catalog
	acts []waitAcc
}

type waitAcc struct {
	wait, service, sojourn []float64
}

func newWaits(cat *catalog) *waits {
	return &waits{cat: cat, acts: make([]waitAcc, len(cat.l.Activities))}
}

func (w *waits) add(v *caseView) {
	for i := range v.ins {
		in := &v.ins[i]
		a := &w.acts[in.Activity]
		switch {
		case v.startTimes:
			service := 0.0
			if in.Start != eventlog.NoTime {
				service = seconds(in.End - in.Start)
			}
			a.service = append(a.service, service)
			if i >= v.waitFrom {
				a.wait = append(a.wait, v.wait[i])
			}
		case i >= v.waitFrom:
			a.sojourn = append(a.sojourn, v.wait[i])
		}
	}
}

func (w *waits) merge(other metric) {
	for i, y := range other.(*waits).acts {
		x := &w.acts[i]
		x.wait = append(x.wait, y.wait...)
		x.service = append(x.service, y.service...)
		x.sojourn = append(x.sojourn, y.sojourn...)
	}
}

// fill sets the times of the activity rows (rework makes them).
func (w *waits) fill(r *Result) {
	for i, name := range w.cat.l.Activities {
		a := &w.acts[i]
		j, ok := slices.BinarySearchFunc(r.Activities, name, func(x Activity, name string) int { return cmp.Compare(x.Name, name) })
		if !ok {
			continue
		}
		row := &r.Activities[j]
		row.Wait, row.Service, row.Sojourn = statsPtr(a.wait), statsPtr(a.service), statsPtr(a.sojourn)
	}
}
