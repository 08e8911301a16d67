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
	ShareOfCause float64 `json:"share_of_cause"` // share of the step's waiting this cause holds
	Lever        string  `json:"lever"`
	WhatIf       *string `json:"what_if"` // PATH=VALUE for flowmap simulate --set, nil when none applies
	Gain         *Gain   `json:"gain"`    // measured with a scenario; nil without one
	Sentence     string  `json:"sentence"`

	// heldSeconds is the waiting the item holds (cause items), for ranking.
	heldSeconds float64
}

// Gain is a what-if's measured effect against the base, from a simulation
// with common random numbers.
type Gain struct {
	P90CycleTimeSeconds float64    `json:"p90_cycle_time_seconds"` // change of the p90 cycle time (negative = faster)
	CI95                [2]float64 `json:"ci95"`                   // 95% confidence interval of that change
	SLAShare            *float64   `json:"sla_share"`              // change of SLA attainment, when the map has an SLA
}

// The checklist items of the workshop (why-waiting.md), in the order they
// are listed after the cause items.
const (
	CheckManualReEntry   = "manual_re_entry"
	CheckRepeatApprovals = "repeat_approvals"
	CheckUnclearSLA      = "unclear_sla"
	CheckSinglePerson    = "single_person"
	CheckExceptions      = "exceptions"
)

var checklistOrder = []string{CheckManualReEntry, CheckRepeatApprovals, CheckUnclearSLA, CheckSinglePerson, CheckExceptions}

// IsChecklist reports whether a recommendation's cause is a checklist item
// rather than one of the five causes of waiting.
func (rec *Recommendation) IsChecklist() bool { return slices.Contains(checklistOrder, rec.Cause) }

// recommend ranks what to fix first: for the steps holding the most
// waiting, their dominant cause with its lever and what-if (ranked by the
// waiting the cause holds), then the checklist items the data shows (in
// checklist order). See docs/ANALYSIS.md, "What to fix first".
func recommend(r *Result, cat *catalog) []Recommendation {
	facts := newRecFacts(r, cat)
	causes := causeItems(facts)
	slices.SortStableFunc(causes, func(a, b Recommendation) int {
		return cmp.Or(cmp.Compare(b.heldSeconds, a.heldSeconds), cmp.Compare(a.Step, b.Step), cmp.Compare(a.Cause, b.Cause))
	})
	out := append(causes, checklistItems(facts)...)
	for i := range out {
		out[i].Rank = i + 1
	}
	if out == nil {
		out = []Recommendation{}
	}
	return out
}

// ApplyGains fills the gains measured for the what-ifs (by their PATH=VALUE
// text) in a scenario named scenario, adds them to the sentences and ranks
// again: cause items whose what-if measurably cuts the p90 cycle time (the
// whole 95% interval below zero) come first, largest cut first; then the
// other cause items and then the checklist items, each in their previous
// order. It returns a new list.
func ApplyGains(recs []Recommendation, gains map[string]Gain, scenario string) []Recommendation {
	out := slices.Clone(recs)
	for i := range out {
		rec := &out[i]
		if rec.WhatIf == nil {
			continue
		}
		g, ok := gains[*rec.WhatIf]
		if !ok {
			continue
		}
		rec.Gain = &g
		rec.Sentence = strings.TrimSuffix(rec.Sentence, ".") + "; " + gainClause(g, scenario) + "."
	}
	group := func(rec *Recommendation) int {
		switch {
		case rec.IsChecklist():
			return 2
		case rec.Gain != nil && rec.Gain.CI95[1] < 0:
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
	d, lo, hi := g.P90CycleTimeSeconds, g.CI95[0], g.CI95[1]
	var s string
	switch {
	case hi < 0:
		s = fmt.Sprintf("%s it cuts the p90 cycle time by %s (95%% CI %s)", where, format.DurationSymmetric(-d), format.DurationRange(-hi, -lo, false, "–"))
	case lo > 0:
		s = fmt.Sprintf("%s it lengthens the p90 cycle time by %s (95%% CI %s)", where, format.DurationSymmetric(d), format.DurationRange(lo, hi, false, "–"))
	default:
		s = fmt.Sprintf("%s it makes no clear difference to the p90 cycle time (%s, 95%% CI %s)", where,
			format.Signed(d, format.DurationSymmetric(d)), format.DurationRange(lo, hi, true, " to "))
	}
	if g.SLAShare != nil {
		switch v := *g.SLAShare; {
		case v > 0.0005:
			s += fmt.Sprintf(" and puts %s more cases within the SLA", format.Points(v))
		case v < -0.0005:
			s += fmt.Sprintf(" and puts %s fewer cases within the SLA", format.Points(-v))
		}
	}
	return s
}
