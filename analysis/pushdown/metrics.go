package pushdown

import (
	"cmp"
	"context"
	"slices"

	"github.com/flowmap/flowmap/analysis"
)

// activities: per activity its instances, cases, rework cases, and the
// wait (or sojourn) before it and its service time.
func (j *job) activities(ctx context.Context) error {
	dl := j.dl
	q := &query{from: j.stepsOcc, groupBy: []string{"act"},
		cols: []string{dl.countIf(""), dl.countIf("occ = 1"), dl.countIf("occ = 2"), dl.countIf("has_start = 1"), dl.countIf("has_start = 1 AND service_ok = 0")}}
	q.stat(dl, "trans", "pos > 1").stat(dl, "service", "service_ok = 1")
	err := j.run.run(ctx, q, func(scan func(...any) error) error {
		var name string
		var events, cases, rework, started, after int64
		var wait, service statsDest
		if err := scan(append([]any{&name, &events, &cases, &rework, &started, &after}, append(wait.dest(), service.dest()...)...)...); err != nil {
			return err
		}
		dq := &j.r.DataQuality.Details
		dq.StartAfterEnd += int(after)
		if started > 0 {
			dq.MissingStart += int(events - started)
		}
		a := analysis.Activity{Name: name, Events: int(events), Cases: int(cases), ReworkCases: int(rework)}
		switch {
		case !j.hasStart:
			a.Sojourn = wait.ptr()
		case started == 0: // never a start time: instant, as in memory
			a.Wait = wait.ptr()
			a.Service = &analysis.Stats{Count: int(events)}
		default:
			a.Wait, a.Service = wait.ptr(), service.ptr()
		}
		j.r.Activities = append(j.r.Activities, a)
		return nil
	})
	slices.SortFunc(j.r.Activities, func(x, y analysis.Activity) int { return cmp.Compare(x.Name, y.Name) })
	return err
}

// transitions: the directly-follows edges with their durations and
// resource handoffs.
func (j *job) transitions(ctx context.Context) error {
	dl := j.dl
	q := &query{from: j.steps, where: "pos > 1", groupBy: []string{"prev_act", "act"}, cols: []string{dl.countIf("")}}
	q.stat(dl, "trans", "").add(dl.sumInt("handoff"))
	r := j.r
	r.Transitions = []analysis.Transition{}
	err := j.run.run(ctx, q, func(scan func(...any) error) error {
		var t analysis.Transition
		var count, handoffs int64
		var d statsDest
		if err := scan(append([]any{&t.From, &t.To, &count}, append(d.dest(), &handoffs)...)...); err != nil {
			return err
		}
		t.Count, t.Duration, t.Handoffs = int(count), d.stats(), int(handoffs)
		r.Transitions = append(r.Transitions, t)
		return nil
	})
	slices.SortFunc(r.Transitions, func(x, y analysis.Transition) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	return err
}

// handoffs: resource handoffs, their pairs, the durations at handoffs and
// without, and the handoffs per case.
func (j *job) handoffs(ctx context.Context) error {
	dl := j.dl
	h := &j.r.Handoffs.Resource
	q := &query{from: j.steps, cols: []string{dl.countIf("pos > 1"), dl.sumInt("known"), dl.sumInt("handoff")}}
	q.stat(dl, "trans", "handoff = 1").stat(dl, "trans", "known = 1 AND handoff = 0")
	err := j.run.run(ctx, q, func(scan func(...any) error) error {
		var pairs, known, total int64
		var at, no statsDest
		if err := scan(append([]any{&pairs, &known, &total}, append(at.dest(), no.dest()...)...)...); err != nil {
			return err
		}
		h.Total, h.KnownPairs, h.UnknownPairs = int(total), int(known), int(pairs-known)
		if known > 0 {
			h.Share = float64(total) / float64(known)
		}
		h.DurationAtHandoff, h.DurationNoHandoff = at.stats(), no.stats()
		return nil
	})
	if err != nil {
		return err
	}
	h.Pairs = []analysis.Pair{}
	q = &query{from: j.steps, where: "handoff = 1", groupBy: []string{"prev_res", "res"}, cols: []string{dl.countIf("")}}
	err = j.run.run(ctx, q, func(scan func(...any) error) error {
		var p analysis.Pair
		var n int64
		if err := scan(&p.From, &p.To, &n); err != nil {
			return err
		}
		p.Count = int(n)
		h.Pairs = append(h.Pairs, p)
		return nil
	})
	slices.SortFunc(h.Pairs, func(x, y analysis.Pair) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	if err != nil {
		return err
	}
	hist, err := j.handoffHistogram(ctx)
	h.PerCase = histogramStats(hist)
	return err
}

// caseFigures: the cases, the log's time span and the cycle times.
func (j *job) caseFigures(ctx context.Context) error {
	dl := j.dl
	q := &query{from: j.cases, cols: []string{dl.countIf(""), dl.int("min(first)"), dl.int("max(last)")}}
	q.stat(dl, "cycle", "")
	return j.run.run(ctx, q, func(scan func(...any) error) error {
		var n, first, last int64
		var cycle statsDest
		if err := scan(append([]any{&n, &first, &last}, cycle.dest()...)...); err != nil {
			return err
		}
		j.r.Log.Cases = int(n)
		j.first, j.last = first, last
		j.r.Log.FirstEvent, j.r.Log.LastEvent = j.formatTicks(first), j.formatTicks(last)
		j.r.CycleTime = cycle.stats()
		return nil
	})
}

// variants: the cases of each activity sequence, and from them the start
// and end activities.
func (j *job) variants(ctx context.Context) error {
	q := &query{from: j.cases, groupBy: []string{"variant"}, cols: []string{j.dl.countIf("")}}
	r := j.r
	total := 0
	err := j.run.run(ctx, q, func(scan func(...any) error) error {
		var v analysis.Variant
		var n int64
		if err := scan(&v.Activities, &n); err != nil {
			return err
		}
		v.Cases = int(n)
		total += v.Cases
		r.Variants = append(r.Variants, v)
		if k := len(v.Activities); k > 0 {
			r.StartActivities[v.Activities[0]] += v.Cases
			r.EndActivities[v.Activities[k-1]] += v.Cases
		}
		return nil
	})
	for i := range r.Variants {
		r.Variants[i].Share = float64(r.Variants[i].Cases) / float64(total)
	}
	slices.SortFunc(r.Variants, func(x, y analysis.Variant) int {
		if c := cmp.Compare(y.Cases, x.Cases); c != 0 {
			return c
		}
		return slices.Compare(x.Activities, y.Activities)
	})
	r.Log.Variants = len(r.Variants)
	if r.Variants == nil {
		r.Variants = []analysis.Variant{}
	}
	return err
}
