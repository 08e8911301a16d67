package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// SimSweep is a sweep's p90 cycle time by setting, for the Simulation
// sheet's line chart.
type SimSweep struct {
	Path     string   // the swept setting, e.g. warehouse.capacity
	Settings []string // the values, in order
	P90      []Estimate
	MetBy    string // the first value meeting the target ("" for none or no target)
	Target   string // the target as written ("" for none)
}

// sweepChart writes the sweep's p90 cycle time (hours, with the 95%
// interval) from row down in columns A:D of the Simulation sheet, being
// streamed by sw, and draws it as a line chart beside it.
func (b *builder) sweepChart(sw *excelize.StreamWriter, row int) error {
	sweep := b.in.Simulation.Sweep
	if sweep == nil || len(sweep.Settings) == 0 {
		return nil
	}
	st, sh := b.st, SheetSimulation
	cell := func(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }
	hours := func(v float64) any { return num(v / 3600) }
	lines := [][]any{
		{cell(st.bold, "Sweep of "+sweep.Path+": p90 cycle time by setting")},
		{cell(st.bold, sweep.Path), cell(st.bold, "p90 cycle time (hours)"), cell(st.bold, "95% low"), cell(st.bold, "95% high")},
	}
	for i, v := range sweep.Settings {
		e := sweep.P90[i]
		line := []any{cell(st.text, fitCell(v)), cell(st.float, hours(e.Mean))}
		if e.HasCI {
			line = append(line, cell(st.float, hours(e.Low)), cell(st.float, hours(e.High)))
		}
		lines = append(lines, line)
	}
	if sweep.Target != "" {
		met := "no setting meets it with its whole 95% interval"
		if sweep.MetBy != "" {
			met = fmt.Sprintf("met first by %s=%s (its whole 95%% interval meets it)", sweep.Path, sweep.MetBy)
		}
		lines = append(lines, []any{cell(st.note, fitCell("Target "+sweep.Target+": "+met))})
	}
	for i, line := range lines {
		if err := sw.SetRow(cellName(1, row+i), line); err != nil {
			return err
		}
	}
	first, last := row+2, row+1+len(sweep.Settings)
	return b.f.AddChart(sh, cellName(6, row), sweepLineChart(sweep.Path, first, last))
}

// sweepLineChart draws the p90 cycle time of rows first..last (columns
// B:D under their headers, the settings in A) by setting, the interval
// dashed.
func sweepLineChart(path string, first, last int) *excelize.Chart {
	sh := SheetSimulation
	cats := fmt.Sprintf("'%s'!$A$%d:$A$%d", sh, first, last)
	series := []excelize.ChartSeries{}
	for i := range 3 { // named by their headers
		col := colName(2 + i)
		s := excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$%d", sh, col, first-1), Categories: cats,
			Values: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, col, first, col, last)}
		if i > 0 {
			s.Line = excelize.LineOptions{Dash: excelize.LineDashDash, Width: 1}
		}
		series = append(series, s)
	}
	return &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     chartTitle("p90 cycle time (hours) by " + path),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: axisFont, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: path}}}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension: excelize.ChartDimension{Width: 640, Height: 320},
	}
}
