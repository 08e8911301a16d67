package simulate

import "strings"

// SweepResult is a sweep's table: per value, the figures that decide a
// staffing level, each with its 95% interval. It is the "sweep" object of
// `flowmap simulate --json` (stable: extend, don't rename).
type SweepResult struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
	// WaitStep is the most loaded step: the largest mean wait in the base
	// ("" when no step makes cases wait); wait_mean is the wait there.
	WaitStep string `json:"wait_step"`
	// Pool is the swept pool (the owner or step of the path), "" when the
	// path is not a pool's.
	Pool    string     `json:"pool"`
	Results []SweepRow `json:"results"`
	Target  *Target    `json:"target"` // null without --target
	MetBy   *string    `json:"met_by"` // the first value whose whole interval meets the target; null when none does
}

// SweepRow is one value's figures (the variant's, not differences).
type SweepRow struct {
	Value         string `json:"value"`
	Variant       string `json:"variant"`
	CycleTimeP90  *Est   `json:"cycle_time_p90"`
	WaitMean      *Est   `json:"wait_mean"`
	Utilization   *Est   `json:"utilization"`    // of the swept pool; null without one
	SLAAttainment *Est   `json:"sla_attainment"` // null without an SLA
	Throughput    *Est   `json:"throughput_per_hour"`
	MeetsTarget   *bool  `json:"meets_target"` // null without a target
}

// Summarize builds the sweep's table from a result whose variants after
// the base are the sweep's, in order; target may be nil.
func (sw Sweep) Summarize(res *Result, target *Target) *SweepResult {
	out := &SweepResult{Path: sw.Path, Values: sw.Values, Results: []SweepRow{}, Target: target}
	base := &res.Variants[0]
	wi, best := -1, 0.0
	for i, st := range base.Steps {
		if st.Wait.Mean != nil && st.Wait.Mean.Mean > best {
			wi, best = i, st.Wait.Mean.Mean
		}
	}
	if wi >= 0 {
		out.WaitStep = base.Steps[wi].ID
	}
	owner, step := sw.pool(base)
	switch {
	case owner >= 0:
		out.Pool = base.Owners[owner].ID
	case step >= 0:
		out.Pool = base.Steps[step].ID
	}
	for i, v := range res.Variants[1:] {
		if i >= len(sw.Values) {
			break
		}
		row := SweepRow{Value: sw.Values[i], Variant: v.Name, CycleTimeP90: v.CycleTime.P90,
			SLAAttainment: v.SLAAttainment, Throughput: v.Throughput}
		if wi >= 0 {
			row.WaitMean = v.Steps[wi].Wait.Mean
		}
		if owner >= 0 {
			row.Utilization = v.Owners[owner].Utilization
		} else if step >= 0 {
			row.Utilization = v.Steps[step].Utilization
		}
		if target != nil {
			ok := target.Meets(row.measure(target.Metric))
			row.MeetsTarget = &ok
			if ok && out.MetBy == nil {
				val := row.Value
				out.MetBy = &val
			}
		}
		out.Results = append(out.Results, row)
	}
	return out
}

// measure is the row's figure a target's metric names.
func (r *SweepRow) measure(metric string) *Est {
	switch metric {
	case "cycle_time_p90":
		return r.CycleTimeP90
	case "sla_attainment":
		return r.SLAAttainment
	}
	return r.WaitMean
}

// pool finds the swept pool: the index of the owner, or of the step with
// its own pool, that the path sets (-1, -1 when none).
func (sw Sweep) pool(base *VariantResult) (owner, step int) {
	parts := strings.Split(sw.Path, ".")
	if len(parts) > 2 && (parts[0] == "step" || parts[0] == "owner") {
		parts = parts[1:]
	}
	if len(parts) != 2 || parts[1] != "capacity" && parts[1] != "calendar" {
		return -1, -1
	}
	for i, o := range base.Owners {
		if o.ID == parts[0] && !strings.HasPrefix(sw.Path, "step.") {
			return i, -1
		}
	}
	for i, st := range base.Steps {
		if st.ID == parts[0] && parts[1] == "capacity" {
			return -1, i
		}
	}
	return -1, -1
}
