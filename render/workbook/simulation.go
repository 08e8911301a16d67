package workbook

func (b *builder) simulation() error {
	sim := b.in.Simulation
	st := b.st
	cols := []column{
		{"Variant", st.text, 0}, {"Metric", st.text, 34}, {"Mean", st.float, 14}, {"95% CI low", st.float, 14}, {"95% CI high", st.float, 14},
		{"Difference from base", st.float, 16}, {"Difference low", st.float, 14}, {"Difference high", st.float, 14}, {"Unit", st.text, 10},
	}
	var rows [][]any
	for _, v := range sim.Variants {
		for _, m := range v.Metrics {
			conv, unit := convert(m.Kind)
			row := []any{v.Name, m.Name, conv(m.Est.Mean), nil, nil, nil, nil, nil, unit}
			if m.Est.HasCI {
				row[3], row[4] = conv(m.Est.Low), conv(m.Est.High)
			}
			if m.Diff != nil {
				row[5] = conv(m.Diff.Mean)
				if m.Diff.HasCI {
					row[6], row[7] = conv(m.Diff.Low), conv(m.Diff.High)
				}
			}
			rows = append(rows, row)
		}
	}
	note := "Means over replications with 95% confidence intervals (Student t); differences are paired per replication (common random numbers)."
	return b.table(SheetSimulation, cols, rows, note)
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
