package analysis

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
)

// Thresholds of the checklist items (why-waiting.md, "What to fix first").
const (
	// recMinSwitchShare: a manual step entered from another system in at
	// least this share of all cases is a manual re-entry.
	recMinSwitchShare = 0.05
	// recMinReworkShare and recMinReworkCases: an approval or decision
	// repeated in at least this share of the cases that reach it (and at
	// least this many cases) is a repeat approval.
	recMinReworkShare = 0.01
	recMinReworkCases = 2
	// recMinUnclearShare: a map step without sla holding at least this
	// share of all waiting has an unclear SLA.
	recMinUnclearShare = 0.10
	// recSinglePersonShare and recMinSingleInstances: one resource doing at
	// least this share of a step's instances (of at least this many) is a
	// single-person dependency.
	recSinglePersonShare  = 0.80
	recMinSingleInstances = 10
	// recRareVariant: a variant of fewer than this share of cases is rare;
	// rare variants are costly exceptions when they take at least
	// recMinExceptionTime of all case time and more than their share of
	// cases.
	recRareVariant      = 0.05
	recMinExceptionTime = 0.05
)

// approvalWords mark approval and decision steps by name; checkWords
// mark checks and verifications, whose repeats are rework, not repeat
// approvals.
var (
	approvalWords = regexp.MustCompile(`(?i)approv|review|sign[- ]?off|authori[sz]|decid|decision`)
	checkWords    = regexp.MustCompile(`(?i)check|verif`)
)

// systemLike marks resources that are systems, not people, by name (for
// logs without a map): "shopify (automated)", "system", "bot".
var systemLike = regexp.MustCompile(`(?i)automat|\bsystem\b|\bbot\b|\bbatch job\b`)

// checklistItems flags the workshop checklist where the data shows it, in
// checklist order; within an item, the largest figure first.
func checklistItems(f *recFacts) []Recommendation {
	var out []Recommendation
	for _, items := range [][]Recommendation{
		manualReEntry(f), repeatApprovals(f, true), repeatApprovals(f, false), unclearSLAs(f), singlePerson(f), exceptions(f),
	} {
		slices.SortStableFunc(items, func(a, b Recommendation) int {
			return cmp.Or(cmp.Compare(b.ShareOfCause, a.ShareOfCause), cmp.Compare(a.Step, b.Step))
		})
		out = append(out, items...)
	}
	return out
}

// item starts a checklist item: share is a share of shareOf; addressed is
// the time a fix would plausibly save.
func (f *recFacts) item(s *recStep, cause string, share float64, shareOf string, addressed float64, lever string) Recommendation {
	rec := Recommendation{Cause: cause, ShareOfCause: share, ShareOf: shareOf, AddressedSeconds: addressed, Lever: lever}
	if s != nil {
		rec.Step, rec.Owner, rec.Internal = s.key, s.ownerID(), s.internal()
	}
	return rec
}

func (f *recFacts) stepByKey(key string) *recStep {
	for _, s := range f.steps {
		if s.key == key {
			return s
		}
	}
	return nil
}

func systemName(m *mapping.Map, id string) string {
	if s, ok := m.System(id); ok && s.Name != "" {
		return s.Name
	}
	return id
}

// manualReEntry: a manual step in one system entered right after a step in
// another (a system switch on a manual step): someone probably types data
// from one system into the other.
func manualReEntry(f *recFacts) []Recommendation {
	m := f.cat.m
	if m == nil || len(f.r.Steps) == 0 || f.r.Log.Cases == 0 {
		return nil
	}
	type in struct {
		all, switched int
		from          map[string]int // moves by source system
	}
	into := map[string]*in{}
	for _, sf := range f.r.Steps {
		src, ok := m.Step(sf.Step)
		if !ok {
			continue
		}
		for _, mv := range sf.Out {
			dst, ok := m.Step(mv.To)
			if !ok {
				continue
			}
			t := into[dst.ID]
			if t == nil {
				t = &in{from: map[string]int{}}
				into[dst.ID] = t
			}
			t.all += mv.Count
			if src.System != "" && dst.System != "" && src.System != dst.System {
				t.switched += mv.Count
				t.from[src.System] += mv.Count
			}
		}
	}
	var out []Recommendation
	for _, st := range m.Steps {
		t := into[st.ID]
		if t == nil || st.Automated || t.switched == 0 || float64(t.switched) < recMinSwitchShare*float64(f.r.Log.Cases) {
			continue
		}
		if o, ok := m.Owner(st.Owner); ok && o.External {
			continue
		}
		s := f.stepByKey(st.ID)
		if s == nil {
			continue
		}
		from := ""
		for sys, n := range t.from {
			if from == "" || n > t.from[from] || n == t.from[from] && sys < from {
				from = sys
			}
		}
		share := float64(t.switched) / float64(t.all)
		rec := f.item(s, CheckManualReEntry, share, "moves into the step", share*s.held(f.basis),
			"an integration between the two systems, or automating the step")
		w := st.ID + ".automated=true"
		rec.WhatIf = &w
		rec.Sentence = fmt.Sprintf("%s is done by hand in %s right after work in %s (%s of the moves into it, %s): someone probably re-keys data between the two systems; an integration would remove the typing and its errors; try %s.",
			s.label(f.cat.l), systemName(m, st.System), systemName(m, from), format.Percent(rec.ShareOfCause), format.Plural(t.switched, "time"), w)
		out = append(out, rec)
	}
	return out
}

// isApproval tells approval and decision steps: a decision of the map, or
// a name that says so.
func isApproval(s *recStep) bool {
	if s.step != nil && s.step.Decision {
		return true
	}
	return approvalWords.MatchString(s.name) || approvalWords.MatchString(s.key)
}

// isCheck tells check and verification steps that are no approval.
func isCheck(s *recStep) bool {
	return !isApproval(s) && (checkWords.MatchString(s.name) || checkWords.MatchString(s.key))
}

// repeatApprovals: rework (a step repeated within a case) on approval or
// decision steps (approvals true: repeat approvals), or on check and
// verification steps (approvals false: rework). The time it addresses is
// the step's waiting in the share of cases that repeat it.
func repeatApprovals(f *recFacts, approvals bool) []Recommendation {
	var out []Recommendation
	for _, s := range f.steps {
		if s.cases == 0 || s.reworked < recMinReworkCases || approvals && !isApproval(s) || !approvals && !isCheck(s) {
			continue
		}
		share := float64(s.reworked) / float64(s.cases)
		if share < recMinReworkShare {
			continue
		}
		if approvals {
			rec := f.item(s, CheckRepeatApprovals, share, "cases that reach the step", share*s.held(f.basis),
				"make the first decision final, or ask for what it needs up front")
			rec.Sentence = fmt.Sprintf("%s is repeated in %s (%s of the cases that reach it): each repeat approval costs the wait and the work again; make the first decision final, or ask for everything it needs up front.",
				s.label(f.cat.l), format.Plural(s.reworked, "case"), format.Percent(share))
			out = append(out, rec)
			continue
		}
		rec := f.item(s, CheckRework, share, "cases that reach the step", share*s.held(f.basis),
			"find why the first pass is not enough (missing information, errors upstream)")
		rec.Sentence = fmt.Sprintf("%s is done again in %s (%s of the cases that reach it): each repetition costs the wait and the work again; find why the first pass is not enough (missing information, errors upstream).",
			s.label(f.cat.l), format.Plural(s.reworked, "case"), format.Percent(share))
		out = append(out, rec)
	}
	return out
}

// unclearSLAs: map steps holding much waiting without an sla.
func unclearSLAs(f *recFacts) []Recommendation {
	if f.cat.m == nil || f.total <= 0 {
		return nil
	}
	var out []Recommendation
	for _, s := range f.steps {
		share := s.held(f.basis) / f.total
		if s.step == nil || s.step.SLA > 0 || share < recMinUnclearShare {
			continue
		}
		kind := "waiting"
		if f.basis == CausesSojournOnly {
			kind = "elapsed time"
		}
		// A target makes late cases visible; it saves no time by itself.
		rec := f.item(s, CheckUnclearSLA, share, "all "+kind, 0, "agree a target time for the step and write it into the map (sla)")
		rec.Sentence = fmt.Sprintf("%s holds %s of all %s, but the map sets no target time for it: agree one so that late cases are noticed, and write it on step %s (sla:).",
			s.label(f.cat.l), format.Percent(share), kind, s.key)
		out = append(out, rec)
	}
	return out
}

// singlePerson: one resource does most of a step's instances, or the
// step's owner (or the step) has a capacity of 1. Automated steps,
// external owners and (without a map) resources named like systems are
// left out.
func singlePerson(f *recFacts) []Recommendation {
	l := f.cat.l
	var out []Recommendation
	seenOwner := map[string]bool{}
	for _, s := range f.steps {
		if s.step != nil && s.step.Automated || s.owner != nil && s.owner.External {
			continue
		}
		r, n := s.topResource(l)
		if r >= 0 && s.instances >= recMinSingleInstances && float64(n) >= recSinglePersonShare*float64(s.instances) &&
			(s.step != nil || !systemLike.MatchString(l.Resources[r])) {
			share := float64(n) / float64(s.instances)
			rec := f.item(s, CheckSinglePerson, share, "instances of the step", share*f.absentOrBusy(s), "train a second person, or share the step")
			// Led by "One resource", not the name: resource ids are often
			// lower case ("carrier") and a sentence should not start so.
			rec.Sentence = fmt.Sprintf("One resource, %s, does %s of %s (%s of %s): when %s is away the step stops; train a second person or share the step.",
				l.Resources[r], format.Percent(share), s.label(l), format.Thousands(n), format.Plural(s.instances, "time"), l.Resources[r])
			if f.cat.m == nil {
				rec.Sentence = strings.TrimSuffix(rec.Sentence, ".") + " (without a map, check that " + l.Resources[r] + " is a person and not a system)."
			}
			out = append(out, rec)
			continue
		}
		if s.step == nil || s.instances == 0 {
			continue
		}
		switch {
		case s.step.Capacity == 1:
			rec := f.item(s, CheckSinglePerson, 1, "instances of the step", f.absentOrBusy(s), "train a second person, or share the step")
			rec.Sentence = fmt.Sprintf("%s has a capacity of 1 on the map (one person or station): when it is away the step stops; train a second person or share the step.", s.label(l))
			out = append(out, rec)
		case s.step.Capacity == 0 && s.owner != nil && s.owner.Capacity == 1 && !seenOwner[s.owner.ID]:
			seenOwner[s.owner.ID] = true // one item per owner, at its step holding the most waiting
			rec := f.item(s, CheckSinglePerson, 1, "instances of the step", f.absentOrBusy(s), "train a second person, or share the work")
			rec.Sentence = fmt.Sprintf("%s has a capacity of 1 on the map (one person) and does %s: when that person is away the work stops; train a second person or share the work.", s.owner.Name, s.label(l))
			out = append(out, rec)
		}
	}
	return out
}

// absentOrBusy is the waiting at a step that a second person could take
// over: contention and unavailability with start times, the non-working
// part of the sojourns without.
func (f *recFacts) absentOrBusy(s *recStep) float64 {
	if f.basis == CausesSojournOnly {
		return s.sojourn.NonWorkingSeconds
	}
	return s.causes.ContentionSeconds + s.causes.UnavailabilitySeconds
}

// exceptions: rare variants (each under 5% of cases) and their share of
// all case time.
func exceptions(f *recFacts) []Recommendation {
	if f.r.Log.Cases == 0 {
		return nil
	}
	total := f.scan.totalCycle
	cases := f.r.Log.Cases
	rare, rareCases, rareTime := 0, 0, 0.0
	for _, a := range f.scan.variants {
		if float64(a.cases) < recRareVariant*float64(cases) {
			rare++
			rareCases += a.cases
			rareTime += a.time
		}
	}
	if rare == 0 || total <= 0 {
		return nil
	}
	caseShare, timeShare := float64(rareCases)/float64(cases), rareTime/total
	if timeShare < recMinExceptionTime || timeShare <= caseShare {
		return nil
	}
	// What a fix saves is unknown until it is known what sends cases
	// there (on bpic2012 the rare paths are most of the process): no
	// estimate, so the item comes after those with one.
	rec := f.item(nil, CheckExceptions, timeShare, "all case time", 0,
		"look at the costliest exceptions: prevent them, or give them their own fast path")
	rec.Sentence = fmt.Sprintf("Rare paths (%s, each under %s of cases) are %s of cases but take %s of all case time: find what sends cases there, prevent it, or give the exceptions their own fast path.",
		format.Plural(rare, "variant"), format.Percent(recRareVariant), format.Percent(caseShare), format.Percent(timeShare))
	return []Recommendation{rec}
}
