package analysis

import (
	"cmp"
	"slices"
)

// Transition is a directly-follows edge with its frequency and durations:
// end(a) → start(b) clamped at 0 when start times are known (queue time),
// else end(a) → end(b). Their working time is measured with the calendar of
// b's resource.
type Transition struct {
	From     string `json:"from"`
	To       string `json:"to"`
	FromStep string `json:"from_step,omitempty"`
	ToStep   string `json:"to_step,omitempty"`
	Count    int    `json:"count"`
	Duration Stats  `json:"duration"`
	Handoffs int    `json:"handoffs"` // of Count, pairs whose resources differ
}

// transitions accumulates the directly-follows edges: their durations and
// how many of their pairs are resource handoffs.
type transitions struct {
	cat   *catalog
	edges []edgeAcc
	index map[uint64]int // from<<32 | to → edges
}

type edgeAcc struct {
	from, to int32
	durs     durations
	handoffs int
}

func newTransitions(cat *catalog) *transitions {
	return &transitions{cat: cat, index: map[uint64]int{}}
}

func edgeKey(from, to int32) uint64 { return uint64(uint32(from))<<32 | uint64(uint32(to)) }

func (t *transitions) add(v *caseView) {
	for i := 1; i < len(v.ins); i++ {
		from, to := v.ins[i-1].Activity, v.ins[i].Activity
		k := edgeKey(from, to)
		ei, ok := t.index[k]
		if !ok {
			ei = len(t.edges)
			t.index[k] = ei
			t.edges = append(t.edges, edgeAcc{from: from, to: to})
		}
		e := &t.edges[ei]
		wk := 0.0
		if v.working {
			wk = v.workTrans[i]
		}
		e.durs.add(v.trans[i], wk, v.working)
		if v.handoff[i] {
			e.handoffs++
		}
	}
}

func (t *transitions) merge(other metric) {
	for _, e := range other.(*transitions).edges {
		k := edgeKey(e.from, e.to)
		ei, ok := t.index[k]
		if !ok {
			t.index[k] = len(t.edges)
			t.edges = append(t.edges, e)
			continue
		}
		t.edges[ei].durs.addAll(&e.durs)
		t.edges[ei].handoffs += e.handoffs
	}
}

func (t *transitions) fill(r *Result) {
	acts := t.cat.l.Activities
	for i := range t.edges {
		e := &t.edges[i]
		n := e.durs.count()
		r.Transitions = append(r.Transitions, Transition{
			From: acts[e.from], To: acts[e.to],
			FromStep: t.cat.stepID(e.from), ToStep: t.cat.stepID(e.to),
			Count: n, Duration: e.durs.stats(t.cat.working), Handoffs: e.handoffs,
		})
		e.durs = durations{} // free the sample
	}
	slices.SortFunc(r.Transitions, func(x, y Transition) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
}
