package mapping

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ProbabilityTolerance is how far branch probabilities may sum from 1.
const ProbabilityTolerance = 1e-9

// Validate checks the references, branch probabilities and paths of a map
// and returns every problem as an ErrorList (nil when the map is valid). It
// fills in assumed values on the way: equal branch shares where none were
// given, and the start step when exactly one step has no incoming edge.
func (m *Map) Validate() error {
	m.reindex()
	return m.validate().Err()
}

func (m *Map) validate() ErrorList {
	v := &validator{m: m}
	v.ids()
	v.limits()
	v.references()
	v.branches()
	v.logNames()
	v.starts()
	v.paths()
	v.decisions()
	v.unused()
	return v.errs
}

type validator struct {
	m    *Map
	errs ErrorList
}

func (v *validator) errorf(p Pos, format string, args ...any) {
	v.errs = append(v.errs, &Error{File: v.m.File, Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) warnf(p Pos, format string, args ...any) {
	v.m.Warnings = append(v.m.Warnings, &Error{File: v.m.File, Pos: p, Msg: "warning: " + fmt.Sprintf(format, args...)})
}

func (v *validator) ids() {
	seen := map[string]Pos{}
	for _, o := range v.m.Owners {
		if p, dup := seen[o.ID]; dup {
			v.errorf(o.PosOf("id"), "duplicate owner id %q (first at line %d)", o.ID, p.Line)
			continue
		}
		seen[o.ID] = o.Pos
	}
	seen = map[string]Pos{}
	for _, s := range v.m.Systems {
		if p, dup := seen[s.ID]; dup {
			v.errorf(s.Pos, "duplicate system id %q (first at line %d)", s.ID, p.Line)
			continue
		}
		seen[s.ID] = s.Pos
	}
	seen = map[string]Pos{}
	for _, s := range v.m.Steps {
		if p, dup := seen[s.ID]; dup {
			v.errorf(s.PosOf("id"), "duplicate step id %q (first at line %d)", s.ID, p.Line)
			continue
		}
		seen[s.ID] = s.Pos
	}
}

// limits checks values a map built in code may hold (the parser reports
// them where they are written and keeps them out of the map).
func (v *validator) limits() {
	for _, o := range v.m.Owners {
		if o.Capacity < 0 || o.Capacity > MaxCapacity {
			v.errorf(o.PosOf("capacity"), "owner %s capacity: %s, found %d", o.ID, capacityRule, o.Capacity)
		}
	}
	for _, s := range v.m.Steps {
		if s.Capacity < 0 || s.Capacity > MaxCapacity {
			v.errorf(s.PosOf("capacity"), "step %s capacity: %s, found %d", s.ID, capacityRule, s.Capacity)
		}
		if s.QueueLimit < 0 || s.QueueLimit > MaxQueueLimit {
			v.errorf(s.PosOf("queue_limit"), "step %s queue_limit: %s, found %d", s.ID, queueLimitRule, s.QueueLimit)
		}
		for _, e := range s.Next {
			if math.IsNaN(e.P) || math.IsInf(e.P, 0) {
				v.errorf(e.Pos, "step %s: p must be between 0 and 1 (found %v)", s.ID, e.P)
			}
		}
	}
}

// decisions warns about decisions that wait for people without saying so:
// with no duration and not automated, a case queues for the owner's
// capacity and calendar before it is decided.
func (v *validator) decisions() {
	for _, s := range v.m.Steps {
		// A written duration (even 0s) has a Kind, whatever format the map came from.
		if !s.Decision || s.Automated || s.Duration.Kind != "" || s.Duration.MeanSeconds() > 0 {
			continue
		}
		o, ok := v.m.Owner(s.Owner)
		if !ok || o.Capacity == 0 && o.Calendar == nil && s.Capacity == 0 {
			continue
		}
		v.warnf(s.Pos, "decision %s has no duration and is not automated: cases queue for owner %s to decide; set automated: true if the system decides", s.ID, o.ID)
	}
}

func (v *validator) references() {
	owners := make([]string, len(v.m.Owners))
	for i, o := range v.m.Owners {
		owners[i] = o.ID
	}
	systems := make([]string, len(v.m.Systems))
	for i, s := range v.m.Systems {
		systems[i] = s.ID
	}
	steps := make([]string, len(v.m.Steps))
	for i, s := range v.m.Steps {
		steps[i] = s.ID
	}
	for _, s := range v.m.Steps {
		if _, ok := v.m.Owner(s.Owner); s.Owner != "" && !ok {
			v.errorf(s.PosOf("owner"), "step %s: unknown owner %q%s", s.ID, s.Owner, v.ownerHint(s.Owner, owners))
		}
		if _, ok := v.m.System(s.System); s.System != "" && !ok {
			hint := Suggest(s.System, systems)
			if len(systems) == 0 {
				hint = " (list it under systems:)"
			}
			v.errorf(s.PosOf("system"), "step %s: unknown system %q%s", s.ID, s.System, hint)
		}
		targets := map[string]bool{}
		for _, e := range s.Next {
			if _, ok := v.m.Step(e.To); !ok {
				v.errorf(e.Pos, "step %s: next step %q does not exist%s", s.ID, e.To, Suggest(e.To, steps))
			}
			if targets[e.To] {
				v.errorf(e.Pos, "step %s: next step %q is listed twice", s.ID, e.To)
			}
			targets[e.To] = true
		}
		for _, id := range s.Parallel {
			b, ok := v.m.Step(id)
			switch {
			case !ok:
				v.errorf(s.PosOf("parallel"), "step %s: parallel step %q does not exist%s", s.ID, id, Suggest(id, steps))
			case len(b.Next) > 0 || len(b.Parallel) > 0 || b.Start || b.ID == s.ID:
				v.errorf(s.PosOf("parallel"), "step %s: parallel step %s must be a branch of one step: no next, no parallel, not a start", s.ID, id)
			case targets["|"+id]:
				v.errorf(s.PosOf("parallel"), "step %s: parallel step %q is listed twice", s.ID, id)
			}
			targets["|"+id] = true
		}
	}
}

// ownerHint suggests an owner id for a word that is close to an id, or to
// an owner's name (owner: Catalog team, where the id is catalog).
func (v *validator) ownerHint(word string, ids []string) string {
	if hint := Suggest(word, ids); hint != "" {
		return hint
	}
	names := make([]string, len(v.m.Owners))
	for i, o := range v.m.Owners {
		names[i] = o.Name
	}
	hint := Suggest(word, names)
	for _, o := range v.m.Owners {
		if equalFold(word, o.Name) || hint != "" && hint == Suggest(word, []string{o.Name}) {
			return fmt.Sprintf(" (did you mean %s (%s)?)", o.ID, o.Name)
		}
	}
	return ""
}

func (v *validator) branches() {
	for i := range v.m.Steps {
		s := &v.m.Steps[i]
		if len(s.Next) == 0 {
			continue
		}
		given, sum, outside := 0, 0.0, false
		for _, e := range s.Next {
			if e.PGiven {
				given++
				sum += e.P
				outside = outside || e.P < 0 || e.P > 1
			}
		}
		switch {
		case outside: // reported where the p is written
		case given == len(s.Next):
			if math.Abs(sum-1) > ProbabilityTolerance {
				v.errorf(s.PosOf("next"), "step %s: branch probabilities sum to %s, not 1", s.ID, sumText(sum))
			}
		case given == 0:
			share := 1 / float64(len(s.Next))
			for j := range s.Next {
				s.Next[j].P = share
			}
			if len(s.Next) > 1 {
				v.warnf(s.PosOf("next"), "step %s: no branch probabilities given; assuming equal shares (%s each)", s.ID, trimFloat(share))
			}
		default:
			v.errorf(s.PosOf("next"), "step %s: give p on every branch or on none (%d of %d have p)", s.ID, given, len(s.Next))
		}
	}
}

func (v *validator) logNames() {
	claimed := map[string]string{}
	for _, s := range v.m.Steps {
		for _, n := range s.LogNames {
			if other, dup := claimed[n]; dup && other != s.ID {
				v.errorf(s.PosOf("log_names"), "step %s: log name %q is already claimed by step %s", s.ID, n, other)
				continue
			}
			claimed[n] = s.ID
		}
	}
}

func (v *validator) starts() {
	if len(v.m.Steps) == 0 || len(v.m.Starts()) > 0 {
		return
	}
	incoming := map[string]bool{}
	for _, s := range v.m.Steps {
		for _, e := range s.Next {
			if e.To != s.ID {
				incoming[e.To] = true
			}
		}
	}
	var cand []int
	for i, s := range v.m.Steps {
		if !incoming[s.ID] && v.m.StepIndex(s.ID) == i { // once per id
			cand = append(cand, i)
		}
	}
	switch len(cand) {
	case 1:
		v.m.Steps[cand[0]].Start = true
	case 0:
		v.errorf(v.m.keyPos["steps"], "no start step: every step has an incoming edge; mark where cases enter with start: true")
	default:
		ids := make([]string, len(cand))
		for i, c := range cand {
			ids[i] = v.m.Steps[c].ID
		}
		v.errorf(v.m.keyPos["steps"], "no start step: %s have no incoming edge; mark where cases enter with start: true", strings.Join(ids, ", "))
	}
}

// paths reports steps that cannot be reached from a start, and steps from
// which no end can be reached along branches with p > 0 (loops without a way out).
func (v *validator) paths() {
	m := v.m
	n := len(m.Steps)
	if n == 0 || len(v.errs) > 0 && !v.refsOK() {
		return
	}
	reach := make([]bool, n)
	var queue []int
	for i, s := range m.Steps {
		if s.Start {
			reach[i] = true
			queue = append(queue, i)
		}
	}
	if len(queue) == 0 {
		return
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, e := range m.Steps[i].Next {
			if j := m.StepIndex(e.To); j >= 0 && !reach[j] {
				reach[j] = true
				queue = append(queue, j)
			}
		}
		for _, id := range m.Steps[i].Parallel {
			if j := m.StepIndex(id); j >= 0 && !reach[j] {
				reach[j] = true
				queue = append(queue, j)
			}
		}
	}
	// Reverse search from the ends over edges that can be taken (p > 0).
	rev := make([][]int, n)
	var ends []int
	for i, s := range m.Steps {
		if len(s.Next) == 0 {
			ends = append(ends, i)
		}
		for _, e := range s.Next {
			if j := m.StepIndex(e.To); j >= 0 && e.P > 0 {
				rev[j] = append(rev[j], i)
			}
		}
	}
	if len(ends) == 0 {
		v.errorf(m.keyPos["steps"], "no end step: every step has next, so no case can finish; leave next out on the last step")
		return
	}
	done := make([]bool, n)
	queue = append(queue[:0], ends...)
	for _, e := range ends {
		done[e] = true
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range rev[i] {
			if !done[j] {
				done[j] = true
				queue = append(queue, j)
			}
		}
	}
	for i, s := range m.Steps {
		switch {
		case m.StepIndex(s.ID) != i: // a duplicate id, reported already
		case !reach[i]:
			v.errorf(s.Pos, "step %s is unreachable: no path from a start step leads to it", s.ID)
		case !done[i]:
			v.errorf(s.Pos, "step %s has no path to an end: cases that get here loop forever (give the loop a way out with p > 0)", s.ID)
		}
	}
}

// refsOK reports whether every next reference resolves, so path checks make sense.
func (v *validator) refsOK() bool {
	for _, s := range v.m.Steps {
		for _, id := range s.Parallel {
			if _, ok := v.m.Step(id); !ok {
				return false
			}
		}
		for _, e := range s.Next {
			if _, ok := v.m.Step(e.To); !ok {
				return false
			}
		}
	}
	return true
}

func (v *validator) unused() {
	usedO, usedS := map[string]bool{}, map[string]bool{}
	for _, s := range v.m.Steps {
		usedO[s.Owner] = true
		usedS[s.System] = true
	}
	for _, o := range v.m.Owners {
		if !usedO[o.ID] {
			v.warnf(o.Pos, "owner %s has no steps", o.ID)
		}
	}
	for _, s := range v.m.Systems {
		if !usedS[s.ID] {
			v.warnf(s.Pos, "system %s is used by no step", s.ID)
		}
	}
	sort.SliceStable(v.m.Warnings, func(i, j int) bool { return v.m.Warnings[i].Pos.Line < v.m.Warnings[j].Pos.Line })
}

// sumText shows a sum of probabilities with enough digits to tell it from
// 1 (1.000000001, not 1).
func sumText(f float64) string { return strconv.FormatFloat(f, 'g', 10, 64) }

func trimFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", f), "0"), ".")
}

func secondsToDuration(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }
