package analysis

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
}

// Gain is a what-if's measured effect against the base, from a simulation
// with common random numbers.
type Gain struct {
	P90CycleTimeSeconds float64    `json:"p90_cycle_time_seconds"` // change of the p90 cycle time (negative = faster)
	CI95                [2]float64 `json:"ci95"`                   // 95% confidence interval of that change
	SLAShare            *float64   `json:"sla_share"`              // change of SLA attainment, when the map has an SLA
}

// recommend ranks what to fix first. It is filled in by the
// recommendations work (why-waiting.md); until then the list is empty.
func recommend(r *Result, cat *catalog) []Recommendation {
	return []Recommendation{}
}
