package report

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/simulate"
)

// MeasureGains runs each what-if the recommendations propose as a variant
// of the scenario sc — its own variants replaced, the base and every
// what-if sharing random numbers (common random numbers) — and returns the
// recommendations with their gains (change of the p90 cycle time with its
// 95% interval, and of SLA attainment when the map has an SLA), ranked by
// measured effect (analysis.ApplyGains). What-ifs the scenario's map cannot
// take (an owner or step it does not have) are left unmeasured and named in
// notes.
func MeasureGains(ctx context.Context, sc *simulate.Scenario, recs []analysis.Recommendation, opt simulate.Options) ([]analysis.Recommendation, []string, error) {
	var notes []string
	var variants []simulate.Variant
	seen := map[string]bool{}
	for _, rec := range recs {
		if rec.WhatIf == nil || seen[*rec.WhatIf] {
			continue
		}
		w := *rec.WhatIf
		seen[w] = true
		st, err := simulate.ParseSetting(w)
		if err == nil {
			_, err = sc.With([]simulate.Setting{st})
		}
		if err != nil {
			notes = append(notes, fmt.Sprintf("what-if %s was not simulated: %v", w, err))
			continue
		}
		variants = append(variants, simulate.Variant{Name: w, Set: []simulate.Setting{st}})
	}
	if len(variants) == 0 {
		return recs, notes, nil
	}
	run := *sc
	run.Variants = variants
	res, err := simulate.Run(ctx, &run, opt)
	if err != nil {
		return nil, notes, err
	}
	gains := map[string]analysis.Measurement{}
	for _, v := range res.Variants[1:] {
		d := v.DifferenceFromBase
		if d == nil || d.CycleTime.P90 == nil {
			continue
		}
		g := analysis.Gain{P90CycleTimeSeconds: d.CycleTime.P90.Mean}
		g.CI95 = [2]float64{g.P90CycleTimeSeconds, g.P90CycleTimeSeconds}
		if ci := d.CycleTime.P90.CI95; ci != nil {
			g.CI95 = *ci
		}
		if d.SLAAttainment != nil {
			s := d.SLAAttainment.Mean
			g.SLAShare = &s
		}
		waits := map[string]analysis.Change{}
		for _, st := range d.Steps {
			if e := st.Wait.Mean; e != nil {
				c := analysis.Change{Mean: e.Mean, CI95: [2]float64{e.Mean, e.Mean}}
				if e.CI95 != nil {
					c.CI95 = *e.CI95
				}
				waits[st.ID] = c
			}
		}
		gains[v.Name] = analysis.Measurement{Gain: g, StepWaits: waits}
	}
	name := ""
	if sc.File != "" {
		name = filepath.Base(sc.File)
	}
	return analysis.ApplyGains(recs, gains, name), notes, nil
}

// MeasureGains measures the analysis' recommendations in the scenario (see
// the function MeasureGains) and keeps them, ranked by measured effect, in
// r.Analysis.Recommendations. It does nothing without an analysis.
func (r *Report) MeasureGains(ctx context.Context, sc *simulate.Scenario, opt simulate.Options) ([]string, error) {
	if r.Analysis == nil {
		return nil, nil
	}
	recs, notes, err := MeasureGains(ctx, sc, r.Analysis.Recommendations, opt)
	if err != nil {
		return notes, err
	}
	r.Analysis.Recommendations = recs
	return notes, nil
}
