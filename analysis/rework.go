package analysis

import (
	"cmp"
	"slices"
)

// rework counts, per activity, its instances, the cases it occurs in and
// the cases it occurs in more than once (rework). It makes the rows of
// Result.Activities.
type rework struct {
	cat  *catalog
	acts []reworkAcc
}

type reworkAcc struct {
	events, cases, rework int
	lastCase              int // the case inCase counts for
	inCase                int // instances in lastCase
}

func newRework(cat *catalog) *rework {
	w := &rework{cat: cat, acts: make([]reworkAcc, len(cat.l.Activities))}
	for i := range w.acts {
		w.acts[i].lastCase = -1
	}
	return w
}

func (w *rework) add(v *caseView) {
	for i := range v.ins {
		a := &w.acts[v.ins[i].Activity]
		a.events++
		if a.lastCase != v.index {
			a.lastCase = v.index
			a.cases++
			a.inCase = 0
		}
		a.inCase++
		if a.inCase == 2 {
			a.rework++
		}
	}
}

func (w *rework) merge(other metric) {
	for i, y := range other.(*rework).acts {
		x := &w.acts[i]
		x.events += y.events
		x.cases += y.cases
		x.rework += y.rework
	}
}

func (w *rework) fill(r *Result) {
	for i, name := range w.cat.l.Activities {
		a := &w.acts[i]
		if a.events == 0 {
			continue
		}
		r.Log.Activities++
		r.Activities = append(r.Activities, Activity{
			Name: name, Step: w.cat.stepID(int32(i)), Events: a.events, Cases: a.cases, ReworkCases: a.rework,
		})
	}
	slices.SortFunc(r.Activities, func(x, y Activity) int { return cmp.Compare(x.Name, y.Name) })
}
