package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
)

// Recommendation is one item of "what to fix first" (why-waiting.md, "What
// to fix first"): a dominant cause of waiting at a step, or an item of the
// workshop checklist, with the lever to pull and the what-if that tests it.
type Recommendation struct {
	Rank  int    `json:"rank"`
	Step  string `json:"step"`  // activity (or map step id) the item is about; "" for the whole process
	Owner string `json:"owner"` // owner id with a map, else the resource or ""
	// Internal: false for an owner marked external (customer, carrier,
	// payment provider), nil when unknown (no map).
	Internal *bool `json:"internal"`
	// Cause is one of the five causes (batching, contention,
	// prioritization, unavailability, extraneous) or a checklist item
	// (manual_re_entry, repeat_approvals, unclear_sla, single_person,
	// exceptions).
	Cause        string  `json:"cause"`
	ShareOfCause float64 `json:"share_of_cause"` // the item's share; of what, ShareOf says
	// ShareOf says what ShareOfCause is a share of (an extension of the
	// contract): "waiting at the step" (the five causes), "elapsed time at
	// the step" (no start times), "cases that reach the step" (rework,
	// repeat approvals), "moves into the step" (manual re-entry),
	// "instances of the step" (single person), "all waiting" or "all
	// elapsed time" (unclear SLA), "all case time" (exceptions).
	ShareOf string `json:"share_of"`
	// AddressedSeconds is the time a fix of the item would plausibly save
	// (an extension of the contract), summed over all cases: the waiting a
	// cause holds at its step, the part of a step's time that a checklist
	// fix addresses. Items are ranked by it.
	AddressedSeconds float64 `json:"addressed_seconds"`
	Lever            string  `json:"lever"`
	WhatIf           *string `json:"what_if"` // PATH=VALUE for flowmap simulate --set, nil when none applies
	Gain             *Gain   `json:"gain"`    // measured with a scenario; nil without one
	Sentence         string  `json:"sentence"`
}

// Gain is a what-if's measured effect against the base, from a simulation
// with common random numbers.
type Gain struct {
	P90CycleTimeSeconds float64    `json:"p90_cycle_time_seconds"` // change of the p90 cycle time (negative = faster)
	CI95                [2]float64 `json:"ci95"`                   // 95% confidence interval of that change
	SLAShare            *float64   `json:"sla_share"`              // change of SLA attainment, when the map has an SLA
	// StepWaitSeconds is the change of the mean wait per visit at the
	// item's step, with its 95% interval StepWaitCI95 (an extension of the
	// contract); nil when the item has no map step or the simulation no
	// figure for it.
	StepWaitSeconds *float64    `json:"step_wait_seconds,omitempty"`
	StepWaitCI95    *[2]float64 `json:"step_wait_ci95,omitempty"`
}

// Measurement is what one what-if did in a simulation against its base:
// the process figures (Gain without the step wait) and the change of the
// mean wait per visit at each step, by map step id.
type Measurement struct {
	Gain      Gain
	StepWaits map[string]Change
}

// Change is a difference from the base with its 95% interval.
type Change struct {
	Mean float64
	CI95 [2]float64
}

// The checklist items of the workshop (why-waiting.md), in the order they
// are listed after the cause items.
// CheckRework (an extension of the contract) is repeated work on a check
// or verification step that is no approval.
const (
	CheckManualReEntry   = "manual_re_entry"
	CheckRepeatApprovals = "repeat_approvals"
	CheckRework          = "rework"
	CheckUnclearSLA      = "unclear_sla"
	CheckSinglePerson    = "single_person"
	CheckExceptions      = "exceptions"
)

var checklistOrder = []string{CheckManualReEntry, CheckRepeatApprovals, CheckRework, CheckUnclearSLA, CheckSinglePerson, CheckExceptions}

// IsChecklist reports whether a recommendation's cause is a checklist item
// rather than one of the five causes of waiting.
func (rec *Recommendation) IsChecklist() bool { return slices.Contains(checklistOrder, rec.Cause) }

// recommend ranks what to fix first: for the steps holding the most
// waiting, their dominant cause with its lever and what-if, and the
// checklist items the data shows, all ranked by the time a fix would
// plausibly save (AddressedSeconds), so that rework in two cases never
// outranks the step holding most of the waiting; ties keep cause items
// first, then the checklist order. See docs/ANALYSIS.md, "What to fix
// first".
func recommend(r *Result, cat *catalog, scan *recScan) []Recommendation {
	facts := newRecFacts(r, cat, scan)
	causes := causeItems(facts)
	slices.SortStableFunc(causes, func(a, b Recommendation) int {
		return cmp.Or(cmp.Compare(b.AddressedSeconds, a.AddressedSeconds), cmp.Compare(a.Step, b.Step), cmp.Compare(a.Cause, b.Cause))
	})
	out := append(causes, checklistItems(facts)...)
	slices.SortStableFunc(out, func(a, b Recommendation) int { return cmp.Compare(b.AddressedSeconds, a.AddressedSeconds) })
	for i := range out {
		out[i].Rank = i + 1
	}
	if out == nil {
		out = []Recommendation{}
	}
	return out
}

// ApplyGains fills the gains measured for the what-ifs (by their PATH=VALUE
// text) in a scenario named scenario (the step wait of each item's own
// step), adds them to the sentences and ranks
// again: cause items whose what-if measurably cuts the p90 cycle time (the
// whole 95% interval below zero) come first, largest cut first; then the
// other items in their previous order. It returns a new list.
func ApplyGains(recs []Recommendation, gains map[string]Measurement, scenario string) []Recommendation {
	out := slices.Clone(recs)
	for i := range out {
		rec := &out[i]
		if rec.WhatIf == nil {
			continue
		}
		m, ok := gains[*rec.WhatIf]
		if !ok {
			continue
		}
		g := m.Gain
		g.StepWaitSeconds, g.StepWaitCI95 = nil, nil
		if c, ok := m.StepWaits[rec.Step]; ok {
			g.StepWaitSeconds, g.StepWaitCI95 = &c.Mean, &c.CI95
		}
		rec.Gain = &g
		rec.Sentence = strings.TrimSuffix(rec.Sentence, ".") + "; " + gainClause(g, scenario) + "."
	}
	group := func(rec *Recommendation) int {
		if !rec.IsChecklist() && rec.Gain != nil && rec.Gain.CI95[1] < 0 {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b Recommendation) int {
		ga, gb := group(&a), group(&b)
		if c := cmp.Compare(ga, gb); c != 0 || ga != 0 {
			return c
		}
		return cmp.Compare(a.Gain.P90CycleTimeSeconds, b.Gain.P90CycleTimeSeconds)
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// gainClause says what a what-if did in the scenario: "in flash-sale.yaml
// it cuts the p90 cycle time by 26 h (95% CI 24–29 h) and puts 15 pts more
// cases within the SLA".
func gainClause(g Gain, scenario string) string {
	where := "in the scenario"
	if scenario != "" {
		where = "in " + scenario
	}
	s := where + " it "
	verb, rest := change("the p90 cycle time", g.P90CycleTimeSeconds, g.CI95)
	if g.StepWaitSeconds != nil && g.StepWaitCI95 != nil && (g.StepWaitCI95[1] < 0 || g.StepWaitCI95[0] > 0) {
		wverb, wrest := change("the wait there", *g.StepWaitSeconds, *g.StepWaitCI95)
		s += wverb + " " + wrest + " and "
		if wverb == verb {
			verb = ""
		}
	}
	s += strings.TrimPrefix(verb+" "+rest, " ")
	if g.SLAShare != nil {
		switch v := *g.SLAShare; {
		case v > 0.0005:
			s += fmt.Sprintf(", and puts %s more cases within the SLA", format.Points(v))
		case v < -0.0005:
			s += fmt.Sprintf(", and puts %s fewer cases within the SLA", format.Points(-v))
		}
	}
	return s
}

// change says how a what-if moved a duration, as a verb and the rest:
// "cuts", "the p90 cycle time by 26 h (95% CI 24–29 h)"; "lengthens", …;
// or "makes", "no clear difference to the p90 cycle time (+1.2 h, 95% CI
// −0.3 to +2.7 h)".
func change(what string, d float64, ci [2]float64) (verb, rest string) {
	lo, hi := ci[0], ci[1]
	switch {
	case hi < 0:
		return "cuts", fmt.Sprintf("%s by %s (95%% CI %s)", what, format.DurationSymmetric(-d), format.DurationRange(-hi, -lo, false, "–"))
	case lo > 0:
		return "lengthens", fmt.Sprintf("%s by %s (95%% CI %s)", what, format.DurationSymmetric(d), format.DurationRange(lo, hi, false, "–"))
	}
	return "makes", fmt.Sprintf("no clear difference to %s (%s, 95%% CI %s)", what,
		format.Signed(d, format.DurationSymmetric(d)), format.DurationRange(lo, hi, true, " to "))
}
