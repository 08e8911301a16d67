package analysis

import (
	"cmp"
	"slices"

	"github.com/flowmap/flowmap/mapping"
)

// Conformance compares the log with the workshop map.
type Conformance struct {
	// Activities in the log that no step claims (by log_names, name or id).
	UnmappedActivities []NamedCount `json:"unmapped_activities"`
	// Steps of the map that never occur in the log.
	UnobservedSteps []string `json:"unobserved_steps"`
	// Silent steps, in map order: steps whose log_names (or, without them,
	// id and name) match no activity of the log. Replay passes through them
	// without an event.
	SilentSteps []string `json:"silent_steps"`
	// The silent steps that lie on every path of the map from a start to an
	// end, in map order: work the log never shows although every case does
	// it (or log_names that do not match the log's names). For the poor-fit
	// warning; not in the JSON.
	SilentOnEveryPath []string `json:"-"`
	// Map edges never observed as a step-to-step transition.
	UnobservedEdges []StepEdge `json:"unobserved_edges"`
	// Observed step-to-step transitions the map does not have: moves
	// between two logged steps that no path through silent steps connects.
	UnexpectedTransitions []StepEdge `json:"unexpected_transitions"`
	// Cases whose whole path the map allows: every activity mapped, and the
	// sequence of their (logged) steps a path of the map, where the path may
	// pass through any number of silent steps before the first, between two
	// consecutive and after the last logged step (see mapPaths).
	FittingCases int     `json:"fitting_cases"`
	Cases        int     `json:"cases"`
	FittingShare float64 `json:"fitting_share"`
	// Why the other cases do not fit (a case counts once, first reason).
	NotFitting map[string]int `json:"not_fitting"`
}

// NamedCount is a name with a count.
type NamedCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// StepEdge is a step-level transition with the number of times it was seen.
type StepEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// conformance replays each case on the map: which steps and step moves
// occur, with the moves' durations, and whether the case fits. Replay passes
// through silent steps without an event (mapPaths).
type conformance struct {
	cat      *catalog
	m        *mapping.Map
	paths    *mapPaths
	seen     map[[2]int]int // observed step transitions
	durs     map[[2]int]*durations
	visited  []bool
	cases    int
	fitting  int
	reasons  map[string]int
	unmapped map[int32]int
}

func newConformance(cat *catalog) *conformance {
	m := cat.m
	return &conformance{cat: cat, m: m, paths: cat.paths, seen: map[[2]int]int{}, durs: map[[2]int]*durations{}, visited: make([]bool, len(m.Steps)),
		reasons: map[string]int{}, unmapped: map[int32]int{}}
}

// add maps a case's instances to steps. Consecutive instances of the same
// step that claims several log names (e.g. "Picked", "Packed") are one visit.
func (c *conformance) add(v *caseView) {
	ins := v.ins
	c.cases++
	reason := ""
	prev := -1
	for i := range ins {
		st := c.cat.stepOf[ins[i].Activity]
		if st < 0 {
			c.unmapped[ins[i].Activity]++
			if reason == "" {
				reason = "activity not in the map"
			}
			prev = -1
			continue
		}
		c.visited[st] = true
		if prev < 0 {
			if i == 0 && !c.paths.canStart[st] && reason == "" {
				reason = "does not begin at a start step"
			}
			prev = st
			continue
		}
		if st == prev && len(c.m.Steps[st].LogNames) > 1 && ins[i].Activity != ins[i-1].Activity {
			continue // another event of the same visit
		}
		k := [2]int{prev, st}
		c.seen[k]++
		d := c.durs[k]
		if d == nil {
			d = &durations{}
			c.durs[k] = d
		}
		wk := 0.0
		if v.working {
			wk = v.workTrans[i]
		}
		d.add(v.trans[i], wk, v.working)
		if !c.paths.moves[k] && reason == "" {
			reason = "a move the map does not have"
		}
		prev = st
	}
	if reason == "" && prev >= 0 && !c.paths.canEnd[prev] {
		reason = "does not end at an end step"
	}
	if reason == "" {
		c.fitting++
	} else {
		c.reasons[reason]++
	}
}

func (c *conformance) merge(other metric) {
	o := other.(*conformance)
	c.cases += o.cases
	c.fitting += o.fitting
	for k, n := range o.seen {
		c.seen[k] += n
		d := c.durs[k]
		if d == nil {
			d = &durations{}
			c.durs[k] = d
		}
		d.addAll(o.durs[k])
	}
	for i, v := range o.visited {
		c.visited[i] = c.visited[i] || v
	}
	for k, n := range o.reasons {
		c.reasons[k] += n
	}
	for k, n := range o.unmapped {
		c.unmapped[k] += n
	}
}

func (c *conformance) fill(r *Result) {
	r.Conformance = c.result()
}

func (c *conformance) result() *Conformance {
	r := &Conformance{
		Cases: c.cases, FittingCases: c.fitting, NotFitting: c.reasons,
		UnmappedActivities: []NamedCount{}, UnobservedSteps: []string{}, SilentSteps: []string{}, UnobservedEdges: []StepEdge{}, UnexpectedTransitions: []StepEdge{},
	}
	if c.cases > 0 {
		r.FittingShare = float64(c.fitting) / float64(c.cases)
	}
	for act, n := range c.unmapped {
		r.UnmappedActivities = append(r.UnmappedActivities, NamedCount{c.cat.l.Activities[act], n})
	}
	slices.SortFunc(r.UnmappedActivities, func(x, y NamedCount) int {
		if d := cmp.Compare(y.Count, x.Count); d != 0 {
			return d
		}
		return cmp.Compare(x.Name, y.Name)
	})
	for i, s := range c.m.Steps {
		if !c.visited[i] {
			r.UnobservedSteps = append(r.UnobservedSteps, s.ID)
		}
		if c.paths.silent[i] {
			r.SilentSteps = append(r.SilentSteps, s.ID)
		}
		for _, e := range s.Next {
			if c.seen[[2]int{i, c.m.StepIndex(e.To)}] == 0 {
				r.UnobservedEdges = append(r.UnobservedEdges, StepEdge{From: s.ID, To: e.To})
			}
		}
	}
	for k, n := range c.seen {
		if !c.paths.moves[k] {
			r.UnexpectedTransitions = append(r.UnexpectedTransitions, StepEdge{From: c.m.Steps[k[0]].ID, To: c.m.Steps[k[1]].ID, Count: n})
		}
	}
	for _, i := range c.paths.onEveryPath {
		r.SilentOnEveryPath = append(r.SilentOnEveryPath, c.m.Steps[i].ID)
	}
	slices.SortFunc(r.UnexpectedTransitions, func(x, y StepEdge) int {
		if d := cmp.Compare(y.Count, x.Count); d != 0 {
			return d
		}
		if d := cmp.Compare(x.From, y.From); d != 0 {
			return d
		}
		return cmp.Compare(x.To, y.To)
	})
	return r
}
