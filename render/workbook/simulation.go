package workbook

import "fmt"

// simulation writes one row per metric and, per variant, its mean and 95%
// interval, and for what-if variants the difference from the base with its
// interval. Metrics that are zero in every variant (waits at unlimited
// steps, say) are left out.
func (b *builder) simulation() error {
	sim := b.in.Simulation
	st := b.st
	if len(sim.Variants) == 0 {
		return b.table(SheetSimulation, []column{{"Metric", st.text, 50}}, nil)
	}
	cols := []column{{"Metric", st.text, 52}, {"Unit", st.text, 8}}
	for i, v := range sim.Variants {
		cols = append(cols,
			column{fmt.Sprintf("%s: mean", v.Name), st.float, 14},
			column{fmt.Sprintf("%s: 95%% low", v.Name), st.float, 12},
			column{fmt.Sprintf("%s: 95%% high", v.Name), st.float, 12})
		if i > 0 {
			cols = append(cols,
				column{fmt.Sprintf("%s: difference from base", v.Name), st.float, 16},
				column{fmt.Sprintf("%s: difference low", v.Name), st.float, 12},
				column{fmt.Sprintf("%s: difference high", v.Name), st.float, 12})
		}
	}
	// Metrics by name, in the base variant's order.
	byName := make([]map[string]SimMetric, len(sim.Variants))
	for i, v := range sim.Variants {
		byName[i] = map[string]SimMetric{}
		for _, m := range v.Metrics {
			byName[i][m.Name] = m
		}
	}
	var rows [][]any
	for _, base := range sim.Variants[0].Metrics {
		allZero := true
		for i := range sim.Variants {
			m, ok := byName[i][base.Name]
			if ok && (m.Est.Mean != 0 || m.Est.HasCI && (m.Est.Low != 0 || m.Est.High != 0) || m.Diff != nil && m.Diff.Mean != 0) {
				allZero = false
			}
		}
		if allZero {
			continue
		}
		conv, unit := convert(base.Kind)
		row := []any{base.Name, unit}
		for i := range sim.Variants {
			m, ok := byName[i][base.Name]
			if !ok {
				row = append(row, nil, nil, nil)
				if i > 0 {
					row = append(row, nil, nil, nil)
				}
				continue
			}
			row = append(row, conv(m.Est.Mean))
			if m.Est.HasCI {
				row = append(row, conv(m.Est.Low), conv(m.Est.High))
			} else {
				row = append(row, nil, nil)
			}
			if i == 0 {
				continue
			}
			if m.Diff == nil {
				row = append(row, nil, nil, nil)
				continue
			}
			row = append(row, conv(m.Diff.Mean))
			if m.Diff.HasCI {
				row = append(row, conv(m.Diff.Low), conv(m.Diff.High))
			} else {
				row = append(row, nil, nil)
			}
		}
		rows = append(rows, row)
	}
	note := fmt.Sprintf("%s, %d replications. Means over replications with 95%% confidence intervals (Student t); differences are paired per replication (common random numbers), so an interval that excludes 0 is a real effect of the change.", sim.Scenario, sim.Replications)
	return b.tableWith(SheetSimulation, cols, rows, []string{note}, b.sweepChart)
}

// convert turns a simulation figure into what the sheet shows: durations in
// hours (a plain number reads better than [h]:mm:ss next to an interval).
func convert(kind string) (func(float64) any, string) {
	switch kind {
	case "duration":
		return func(v float64) any { return num(v / 3600) }, "hours"
	case "share":
		return func(v float64) any { return num(v * 100) }, "%"
	case "rate":
		return func(v float64) any { return num(v) }, "per hour"
	}
	return func(v float64) any { return num(v) }, "cases"
}
