package analysis

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
)

// Bases of WaitCauses.
const (
	// CausesFromStartTimes: waits (enabled → start) split into the five causes.
	CausesFromStartTimes = "start_times"
	// CausesSojournOnly: the log has no start times; sojourns are split into
	// working and non-working time only.
	CausesSojournOnly = "sojourn_only"
)

// WaitCauses is why cases wait (why-waiting.md, "Causes of a wait"): each
// wait split into batching, prioritization, contention, unavailability and
// extraneous time (package waitcause), summed per step, transition, owner,
// resource and for the whole log. Its JSON form is the "wait_causes" key of
// `flowmap analyze --json`.
//
// With Basis CausesSojournOnly (no start times) only SojournTotal and
// SojournByStep are filled, and they are written under "total" and
// "by_step"; the other lists are empty.
type WaitCauses struct {
	Basis string
	// Notes say, in sentences, what the figures rest on: why a log without
	// start times has no causes, that no calendar is known, --calendar names
	// that match nothing.
	Notes        []string
	Total        Causes
	ByStep       []StepCauses       // by the activity waited for, most waiting first
	ByTransition []TransitionCauses // by source → target (instances with a source), most waiting first
	// ByOwner groups by the owner of the step waited for (with a map;
	// activities no step claims are left out), else by the roster owner of
	// the resource waited for; empty without either.
	ByOwner []OwnerCauses
	// ByResource groups by the resource waited for ("" unknown); an
	// extension of the contract for logs without a map.
	ByResource []ResourceCauses

	SojournTotal  SojournSplit
	SojournByStep []StepSojourn
}

// Causes are the waits of a group of activity instances split into causes,
// in seconds (sums over the group's instances), with the group's
// cycle-time efficiency PT / (PT + WT) and what it would be without each
// cause.
type Causes struct {
	Count                 int        `json:"count"` // instances with a start time
	WaitSeconds           float64    `json:"wait_seconds"`
	BatchingSeconds       float64    `json:"batching_seconds"`
	PrioritizationSeconds float64    `json:"prioritization_seconds"`
	ContentionSeconds     float64    `json:"contention_seconds"`
	UnavailabilitySeconds float64    `json:"unavailability_seconds"`
	ExtraneousSeconds     float64    `json:"extraneous_seconds"`
	ProcessingSeconds     float64    `json:"processing_seconds"`
	CTE                   float64    `json:"cte"`
	CTEWithout            CTEWithout `json:"cte_without"`
}

// CTEWithout is the cycle-time efficiency of a group if the waiting of one
// cause were removed (Kronos' CTE impact).
type CTEWithout struct {
	Batching       float64 `json:"batching"`
	Prioritization float64 `json:"prioritization"`
	Contention     float64 `json:"contention"`
	Unavailability float64 `json:"unavailability"`
	Extraneous     float64 `json:"extraneous"`
}

// StepCauses are the causes of the waits for one activity.
type StepCauses struct {
	Activity string  `json:"activity"`
	Step     *string `json:"step"` // map step id; null without a map or when no step claims the activity
	Causes
	// NoStartCount instances of the activity have no start time (an
	// extension of the contract): the activity statistics and bottlenecks
	// count the NoStartSeconds from their enabling (the previous end, or a
	// schedule event) to their end as waiting, but without a start that
	// time holds work too and cannot be split into causes, so it is not in
	// WaitSeconds.
	NoStartCount   int     `json:"no_start_count,omitempty"`
	NoStartSeconds float64 `json:"no_start_seconds,omitempty"`
}

// TransitionCauses are the causes of the waits of one transition: the
// instances of the target whose enabling instance (the source) was the
// source activity by the source resource.
type TransitionCauses struct {
	SourceActivity string `json:"source_activity"`
	SourceResource string `json:"source_resource"` // "" unknown
	TargetActivity string `json:"target_activity"`
	TargetResource string `json:"target_resource"`
	Causes
}

// OwnerCauses are the causes of the waits for one owner's steps.
type OwnerCauses struct {
	Owner string `json:"owner"`
	Causes
}

// ResourceCauses are the causes of the waits for one resource.
type ResourceCauses struct {
	Resource string `json:"resource"`
	Causes
}

// SojournSplit splits sojourn times (end of the previous instance → end of
// this one) into working and non-working time of the calendar of the
// resource of the instance.
type SojournSplit struct {
	Count             int     `json:"count"`
	SojournSeconds    float64 `json:"sojourn_seconds"`
	WorkingSeconds    float64 `json:"working_seconds"`
	NonWorkingSeconds float64 `json:"non_working_seconds"`
}

// StepSojourn is the sojourn split of one activity.
type StepSojourn struct {
	Activity string  `json:"activity"`
	Step     *string `json:"step"`
	SojournSplit
}

// MarshalJSON writes the contract's shape: "total" and "by_step" hold the
// causes, or with basis sojourn_only the sojourn split.
func (w *WaitCauses) MarshalJSON() ([]byte, error) {
	type common struct {
		Basis        string             `json:"basis"`
		Notes        []string           `json:"notes"`
		Total        any                `json:"total"`
		ByStep       any                `json:"by_step"`
		ByTransition []TransitionCauses `json:"by_transition"`
		ByOwner      []OwnerCauses      `json:"by_owner"`
		ByResource   []ResourceCauses   `json:"by_resource"`
	}
	c := common{Basis: w.Basis, Notes: w.Notes, Total: w.Total, ByStep: nonNil(w.ByStep),
		ByTransition: w.ByTransition, ByOwner: w.ByOwner, ByResource: w.ByResource}
	if w.Basis == CausesSojournOnly {
		c.Total, c.ByStep = w.SojournTotal, nonNil(w.SojournByStep)
	}
	if c.Notes == nil {
		c.Notes = []string{}
	}
	c.ByTransition, c.ByOwner, c.ByResource = nonNil(c.ByTransition), nonNil(c.ByOwner), nonNil(c.ByResource)
	return json.Marshal(c)
}

// nonNil makes a nil list an empty one, so that JSON has [] and not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Share is the part of the wait each cause holds (0 without a wait), in
// the order of waitcause.Causes.
func (c Causes) Share() [5]float64 {
	var s [5]float64
	if c.WaitSeconds > 0 {
		for i, v := range c.Parts() {
			s[i] = v / c.WaitSeconds
		}
	}
	return s
}

// Parts are the five parts in seconds, in the order of waitcause.Causes
// (batching, contention, prioritization, unavailability, extraneous).
func (c Causes) Parts() [5]float64 {
	return [5]float64{c.BatchingSeconds, c.ContentionSeconds, c.PrioritizationSeconds, c.UnavailabilitySeconds, c.ExtraneousSeconds}
}

// nanos is an exact sum of nanoseconds that does not overflow: int64
// nanoseconds overflow after 292 years, which the waits of a large log
// exceed (bpic2012 waits 283 years in all).
type nanos struct{ sec, ns int64 }

func (n *nanos) add(d int64) {
	n.sec += d / 1e9
	n.ns += d % 1e9
	if n.ns >= 1e9 || n.ns <= -1e9 {
		n.sec += n.ns / 1e9
		n.ns %= 1e9
	}
}

func (n *nanos) addAll(m nanos) {
	n.sec += m.sec
	n.add(m.ns)
}

func (n nanos) seconds() float64 { return float64(n.sec) + float64(n.ns)/1e9 }

// causeSum sums the waits of a group of instances.
type causeSum struct {
	count      int
	processing nanos
	parts      [6]nanos // wait, then the five causes in the order of waitcause.Causes
}

func (c *causeSum) add(in *waitcause.Instance, r *waitcause.Result) {
	c.count++
	c.processing.add(max(in.End-in.Start, 0))
	c.parts[0].add(r.Wait)
	for i, cause := range waitcause.Causes {
		c.parts[i+1].add(r.Of(cause))
	}
}

func (c *causeSum) addAll(d *causeSum) {
	c.count += d.count
	c.processing.addAll(d.processing)
	for i := range c.parts {
		c.parts[i].addAll(d.parts[i])
	}
}

// cte is PT / (PT + WT); 1 when both are 0 (as waitcause.Group.CTE).
func cte(pt, wt float64) float64 {
	if pt+wt <= 0 {
		return 1
	}
	return pt / (pt + wt)
}

func (c *causeSum) causes() Causes {
	var p [6]float64
	for i := range p {
		p[i] = c.parts[i].seconds()
	}
	pt, wt := c.processing.seconds(), p[0]
	return Causes{
		Count:                 c.count,
		WaitSeconds:           wt,
		BatchingSeconds:       p[1],
		ContentionSeconds:     p[2],
		PrioritizationSeconds: p[3],
		UnavailabilitySeconds: p[4],
		ExtraneousSeconds:     p[5],
		ProcessingSeconds:     pt,
		CTE:                   cte(pt, wt),
		CTEWithout: CTEWithout{
			Batching:       cte(pt, wt-p[1]),
			Contention:     cte(pt, wt-p[2]),
			Prioritization: cte(pt, wt-p[3]),
			Unavailability: cte(pt, wt-p[4]),
			Extraneous:     cte(pt, wt-p[5]),
		},
	}
}

// waitCauses computes the waiting causes of the whole log and the
// calendars they rest on.
func waitCauses(cat *catalog) (*WaitCauses, map[string]CalendarInfo) {
	l := cat.l
	cals := cat.cals
	w := &WaitCauses{Basis: CausesFromStartTimes}
	if !l.HasStartTimes {
		w.Basis = CausesSojournOnly
		w.Notes = append(w.Notes, "The log has no start times, so there is no service time: contention, prioritization and batching cannot be told from other waiting, and each sojourn (end of the previous step → end of this one) is only split into working and non-working time.")
	}
	if !cals.known {
		if w.Basis == CausesSojournOnly {
			w.Notes = append(w.Notes, "No working calendar is known (no calendar on the map's owners, no --calendar file): everyone is taken to work around the clock, so all time counts as working time.")
		} else {
			w.Notes = append(w.Notes, "No working calendar is known (no calendar on the map's owners, no --calendar file): everyone is taken to work around the clock, so no wait counts as unavailability.")
		}
	}
	if len(cals.unmatched) > 0 {
		w.Notes = append(w.Notes, fmt.Sprintf("The --calendar file names %s, neither a resource of the log nor an owner of its resources; those calendars are unused.", quoteList(cals.unmatched)))
	}
	if w.Basis == CausesSojournOnly {
		sojournSplit(cat, cals.calOf, w)
	} else {
		startTimeCauses(cat, cals.calOf, w)
	}
	return w, cals.info
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// stepPtr is the map step id of an activity, or nil.
func (c *catalog) stepPtr(act int32) *string {
	if id := c.stepID(act); id != "" {
		return &id
	}
	return nil
}

func resourceName(l *eventlog.Log, r int32) string {
	if r < 0 {
		return ""
	}
	return l.Resources[r]
}

// instancesOf converts the log's instances for package waitcause (one
// backing array for all cases).
func instancesOf(l *eventlog.Log) [][]waitcause.Instance {
	flat := make([]waitcause.Instance, 0, l.Events())
	cases := make([][]waitcause.Instance, len(l.Cases))
	for ci := range l.Cases {
		from := len(flat)
		for _, in := range l.Cases[ci].Instances {
			flat = append(flat, waitcause.Instance{Activity: in.Activity, Resource: in.Resource, Enabled: in.Enabled, Start: in.Start, End: in.End})
		}
		cases[ci] = flat[from:len(flat):len(flat)]
	}
	return cases
}

func startTimeCauses(cat *catalog, calOf func(int32) *waitcause.Calendar, w *WaitCauses) {
	cases := instancesOf(cat.l)
	t := sumCauses(cat.l, cases, waitcause.Analyze(cases, calOf))
	w.Total = t.total.causes()
	t.fillSteps(cat, w)
	t.fillTransitions(cat.l, w)
	t.fillResources(cat.l, w)
	t.fillOwners(cat, w)
}

// causeTotals are the causes of the waits summed by activity, resource and
// transition. Summed here rather than with waitcause.Summarize, whose int64
// nanoseconds overflow on large logs.
type causeTotals struct {
	total     causeSum
	acts      []causeSum
	resources []causeSum // [0]: unknown
	trans     map[waitcause.Transition]*causeSum
	// noStart: per activity, the instances without a start time and the
	// wait the activity statistics count for them (enabled or previous end
	// to end), which the causes cannot split.
	noStart []noStartSum
}

type noStartSum struct {
	n   int
	sec float64
}

func sumCauses(l *eventlog.Log, cases [][]waitcause.Instance, res [][]waitcause.Result) *causeTotals {
	t := &causeTotals{acts: make([]causeSum, len(l.Activities)), resources: make([]causeSum, len(l.Resources)+1),
		trans: map[waitcause.Transition]*causeSum{}, noStart: make([]noStartSum, len(l.Activities))}
	for ci, c := range cases {
		for i := range c {
			in, r := &c[i], &res[ci][i]
			if in.Start == waitcause.NoTime {
				enabled := in.Enabled
				if enabled == waitcause.NoTime && i > 0 {
					enabled = c[i-1].End
				}
				if enabled != waitcause.NoTime {
					t.noStart[in.Activity].n++
					t.noStart[in.Activity].sec += max(0, seconds(in.End-enabled))
				}
				continue
			}
			t.total.add(in, r)
			t.acts[in.Activity].add(in, r)
			t.resources[in.Resource+1].add(in, r)
			if r.Source >= 0 {
				src := &c[r.Source]
				k := waitcause.Transition{SourceActivity: src.Activity, SourceResource: src.Resource, TargetActivity: in.Activity, TargetResource: in.Resource}
				g := t.trans[k]
				if g == nil {
					g = &causeSum{}
					t.trans[k] = g
				}
				g.add(in, r)
			}
		}
	}
	return t
}

// byWait orders causes by waiting, most first, then by count.
func byWait(a, b Causes) int {
	if c := cmp.Compare(b.WaitSeconds, a.WaitSeconds); c != 0 {
		return c
	}
	return cmp.Compare(b.Count, a.Count)
}

func (t *causeTotals) fillSteps(cat *catalog, w *WaitCauses) {
	for act := range t.acts {
		if g := &t.acts[act]; g.count > 0 {
			w.ByStep = append(w.ByStep, StepCauses{Activity: cat.l.Activities[act], Step: cat.stepPtr(int32(act)), Causes: g.causes(),
				NoStartCount: t.noStart[act].n, NoStartSeconds: t.noStart[act].sec})
		}
	}
	slices.SortFunc(w.ByStep, func(a, b StepCauses) int {
		return cmp.Or(byWait(a.Causes, b.Causes), cmp.Compare(a.Activity, b.Activity))
	})
}

func (t *causeTotals) fillTransitions(l *eventlog.Log, w *WaitCauses) {
	for k, g := range t.trans {
		w.ByTransition = append(w.ByTransition, TransitionCauses{
			SourceActivity: l.Activities[k.SourceActivity], SourceResource: resourceName(l, k.SourceResource),
			TargetActivity: l.Activities[k.TargetActivity], TargetResource: resourceName(l, k.TargetResource),
			Causes: g.causes(),
		})
	}
	slices.SortFunc(w.ByTransition, func(a, b TransitionCauses) int {
		return cmp.Or(byWait(a.Causes, b.Causes),
			cmp.Compare(a.SourceActivity, b.SourceActivity), cmp.Compare(a.SourceResource, b.SourceResource),
			cmp.Compare(a.TargetActivity, b.TargetActivity), cmp.Compare(a.TargetResource, b.TargetResource))
	})
}

func (t *causeTotals) fillResources(l *eventlog.Log, w *WaitCauses) {
	for r := range t.resources {
		if g := &t.resources[r]; g.count > 0 {
			w.ByResource = append(w.ByResource, ResourceCauses{Resource: resourceName(l, int32(r-1)), Causes: g.causes()})
		}
	}
	slices.SortFunc(w.ByResource, func(a, b ResourceCauses) int {
		return cmp.Or(byWait(a.Causes, b.Causes), cmp.Compare(a.Resource, b.Resource))
	})
}

// fillOwners sums the causes by owner: the map's step owners, else the
// roster's owner of each resource.
func (t *causeTotals) fillOwners(cat *catalog, w *WaitCauses) {
	owners := map[string]*causeSum{}
	addOwner := func(o string, g *causeSum) {
		if o == "" || g.count == 0 {
			return
		}
		if owners[o] == nil {
			owners[o] = &causeSum{}
		}
		owners[o].addAll(g)
	}
	switch {
	case cat.m != nil:
		for act := range t.acts {
			if st := cat.stepOf[act]; st >= 0 {
				addOwner(cat.m.Steps[st].Owner, &t.acts[act])
			}
		}
	case cat.opt.Roster != nil:
		for r := range t.resources {
			addOwner(cat.opt.Roster[resourceName(cat.l, int32(r-1))], &t.resources[r])
		}
	}
	for o, g := range owners {
		w.ByOwner = append(w.ByOwner, OwnerCauses{Owner: o, Causes: g.causes()})
	}
	slices.SortFunc(w.ByOwner, func(a, b OwnerCauses) int {
		return cmp.Or(byWait(a.Causes, b.Causes), cmp.Compare(a.Owner, b.Owner))
	})
}

// sojournSplit splits each sojourn (previous end → end, in trace order)
// into the working and non-working time of the calendar of the resource of
// the instance that ends it.
func sojournSplit(cat *catalog, calOf func(int32) *waitcause.Calendar, w *WaitCauses) {
	l := cat.l
	type acc struct {
		n               int
		sojourn, worked nanos
		nonWorking      nanos
	}
	acts := make([]acc, len(l.Activities))
	var total acc
	for ci := range l.Cases {
		ins := l.Cases[ci].Instances
		for i := 1; i < len(ins); i++ {
			from, to := ins[i-1].End, max(ins[i].End, ins[i-1].End)
			worked := calOf(ins[i].Resource).Working(from, to)
			for _, a := range []*acc{&acts[ins[i].Activity], &total} {
				a.n++
				a.sojourn.add(to - from)
				a.worked.add(worked)
				a.nonWorking.add(to - from - worked)
			}
		}
	}
	split := func(a acc) SojournSplit {
		return SojournSplit{Count: a.n, SojournSeconds: a.sojourn.seconds(), WorkingSeconds: a.worked.seconds(), NonWorkingSeconds: a.nonWorking.seconds()}
	}
	w.SojournTotal = split(total)
	for act, a := range acts {
		if a.n > 0 {
			w.SojournByStep = append(w.SojournByStep, StepSojourn{Activity: l.Activities[act], Step: cat.stepPtr(int32(act)), SojournSplit: split(a)})
		}
	}
	slices.SortFunc(w.SojournByStep, func(a, b StepSojourn) int {
		return cmp.Or(cmp.Compare(b.SojournSeconds, a.SojournSeconds), cmp.Compare(a.Activity, b.Activity))
	})
}
