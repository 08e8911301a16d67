package workbook

import (
	"bytes"
	"fmt"
	"image/png"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/format"
)

// Simulation is the part of a simulation run the workbook shows: one block
// per what-if variant, each metric with its 95% confidence interval and, for
// variants other than the base, the difference from the base.
type Simulation struct {
	Scenario     string
	Replications int
	// Headline are plain sentences for the Summary (the peak-load projection).
	Headline []string
	Variants []SimVariant
}

// SimVariant is one variant's figures.
type SimVariant struct {
	Name    string
	Metrics []SimMetric
}

// SimMetric is one figure of a variant.
type SimMetric struct {
	Name string
	Kind string // "duration" (seconds), "count", "share", "rate"
	Est  Estimate
	Diff *Estimate // difference from the base variant
}

// Estimate is a mean with an optional 95% confidence interval.
type Estimate struct {
	Mean      float64
	Low, High float64
	HasCI     bool
}

func (b *builder) summary() error {
	f, st := b.f, b.st
	const sh = SheetSummary
	row := 1
	cw := &cells{f: f, sheet: sh} // every write's error is returned at the end
	put := func(col int, v any, style int) {
		cw.set(cellName(col, row), v, style)
	}
	line := func(text string, style int) {
		c := cellName(1, row)
		cw.text(c, text, style)
		if style == st.wrap || style == st.note || style == st.warning {
			cw.check(f.MergeCell(sh, c, cellName(10, row)))
			lines := 1 + len([]rune(text))/130
			// Excel's rows are at most 409 points high (about 29 lines).
			cw.check(f.SetRowHeight(sh, row, min(float64(14*lines+2), excelize.MaxRowHeight)))
		}
		row++
	}
	fit, landscape, zero, one := true, "landscape", 0, 1
	cw.check(f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}))
	cw.check(f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}))
	cw.check(f.SetColWidth(sh, "A", "A", 34))
	cw.check(f.SetColWidth(sh, "B", "B", 16))
	cw.check(f.SetColWidth(sh, "C", "J", 12))

	r := b.in.Analysis
	m := b.in.Map
	title := "Where the time goes"
	switch {
	case m != nil:
		title += " — " + m.Process
	case r != nil:
		title += " — " + filepath.Base(r.Log.Source)
	}
	line(title, st.title)
	if r != nil {
		line(fmt.Sprintf("%s cases and %s events from %s, %s to %s.", format.Thousands(r.Log.Cases), format.Thousands(r.Log.Events), filepath.Base(r.Log.Source), day(r.Log.FirstEvent), day(r.Log.LastEvent)), st.note)
		if w := analysis.PoorFit(r); w != nil {
			row++
			line(fmt.Sprintf("Warning: the map fits this log poorly: %s of events map to a step and %s of cases follow a path the map allows, because", format.Percent(w.MappedShare), format.Percent(w.FittingShare)), st.warning)
			for _, cause := range w.Causes {
				line("• "+cause+".", st.wrap)
			}
			line("Check that the map is the right one and that its steps' log_names match the log's activity names.", st.note)
		}
	}
	row++

	if r != nil && len(r.Bottlenecks) > 0 {
		line("The three worst bottlenecks", st.subtitle)
		for i, x := range r.Bottlenecks {
			if i >= 3 {
				break
			}
			step := ""
			if x.Step != "" && m != nil {
				if s, ok := m.Step(x.Step); ok && s.Name != x.Activity {
					step = " (map step: " + s.Name + ")"
				}
			}
			line(fmt.Sprintf("%d. %s%s.", i+1, x.Reason, step), st.wrap)
		}
		row++
	}

	line("Key figures", st.subtitle)
	figure := func(label string, v any, style int, note string) {
		put(1, label, st.text)
		put(2, v, style)
		if note != "" {
			put(3, note, st.muted)
		}
		row++
	}
	if r != nil {
		ct := r.CycleTime
		figure("Cases", r.Log.Cases, st.integer, "")
		figure("Cycle time, median", format.Duration(ct.Median), st.bold, "")
		figure("Cycle time, 1 in 10 cases over", format.Duration(ct.P90), st.bold, "")
		if r.Handoffs.Resource.KnownPairs > 0 {
			figure("Handoffs between people per case (mean)", r.Handoffs.Resource.PerCase.Mean, st.float, fmt.Sprintf("median %g", r.Handoffs.Resource.PerCase.Median))
		}
		if o := r.Handoffs.Owner; o != nil && o.KnownPairs > 0 {
			figure("Handoffs between teams per case (mean)", o.PerCase.Mean, st.float, "")
		}
		if ss := r.Handoffs.SystemSwitches; ss != nil && ss.KnownPairs > 0 {
			figure("System switches per case (mean)", ss.PerCase.Mean, st.float, "candidates for manual re-entry")
		}
		if s := r.SLA; s != nil && s.Process != nil && s.Process.Measured > 0 {
			figure("Cases within the cycle-time target", num(s.Process.Share), st.percent, "target "+format.Duration(s.Process.TargetSeconds))
		}
		if c := r.Conformance; c != nil {
			figure("Cases following the workshop map", num(c.FittingShare), st.percent, "")
		}
		figure("Bad rows skipped", r.DataQuality.BadRows, st.integer, "see Data quality")
	}
	if ms := b.in.MapStats; ms != nil {
		figure("Map: steps", ms.Steps, st.integer, fmt.Sprintf("%d manual, %d automated", ms.Manual, ms.Automated))
		figure("Map: expected handoffs per case", ms.Expected.Handoffs, st.float, "between owners, all paths weighted")
		figure("Map: expected system switches per case", ms.Expected.SystemSwitches, st.float, "")
		figure("Map: expected staff work per case", format.Duration(ms.Expected.StaffedTouchTimeSeconds), st.bold, "hands-on work of staffed teams")
	}
	row++

	if sim := b.in.Simulation; sim != nil {
		line("Peak-load projection (simulation)", st.subtitle)
		for _, h := range sim.Headline {
			line(h, st.wrap)
		}
		line("Every variant with its 95% confidence interval is on the Simulation sheet.", st.note)
		row++
	}

	// Charts: waiting by step (from a small table here) and queue length
	// over time (from the Queues sheet).
	if r != nil && len(r.Bottlenecks) > 0 {
		unit, div := "hours", 3600.0
		if r.Bottlenecks[0].TotalWait > 2000*3600 {
			unit, div = "days", 86400
		}
		what := "Total waiting"
		if r.Log.TimeBasis == "sojourn" {
			what = "Total time from the previous step"
		}
		line(fmt.Sprintf("%s by step (%s)", what, unit), st.subtitle)
		chartRow := row
		first := row
		for i, x := range r.Bottlenecks {
			if i >= 10 {
				break
			}
			put(1, x.Activity, st.text)
			put(2, x.TotalWait/div, st.float)
			row++
		}
		last := row - 1
		cw.check(f.AddChart(sh, cellName(4, chartRow), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       what + " (" + unit + ")",
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", sh, first, last),
				Values:     fmt.Sprintf("'%s'!$B$%d:$B$%d", sh, first, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E6550D"}},
			}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: what + " by step, " + unit, Font: &excelize.Font{Family: Font, Size: 11, Bold: true}}}},
			Legend: excelize.ChartLegend{Position: "none"},
			XAxis:  excelize.ChartAxis{ReverseOrder: true}, // the worst on top
			Format: excelize.GraphicOptions{ScaleX: 1.1, ScaleY: 1.1},
		}))
		row = max(row, chartRow+18) + 1
		row = b.causesChart(cw, sh, row)
		if n := len(r.Queues); n > 0 && len(r.Bottlenecks) > 0 {
			series := []excelize.ChartSeries{}
			qrows := len(r.Queues[0].Times) + 1
			for i := 0; i < min(5, len(r.Bottlenecks)); i++ {
				col, _ := excelize.ColumnNumberToName(2 + i)
				series = append(series, excelize.ChartSeries{
					Name:       fmt.Sprintf("'%s'!$%s$1", SheetQueues, col),
					Categories: fmt.Sprintf("'%s'!$A$2:$A$%d", SheetQueues, qrows),
					Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetQueues, col, col, qrows),
					Marker:     excelize.ChartMarker{Symbol: "none"},
				})
			}
			if queueColumns(r) > 0 {
				cw.check(f.AddChart(sh, cellName(4, row), &excelize.Chart{
					Type:   excelize.Line,
					Series: series[:queueColumns(r)],
					Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Cases waiting over time (worst bottlenecks)", Font: &excelize.Font{Family: Font, Size: 11, Bold: true}}}},
					Legend: excelize.ChartLegend{Position: "bottom"},
					Format: excelize.GraphicOptions{ScaleX: 1.6, ScaleY: 1.1},
					XAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "yyyy-mm-dd"}},
				}))
				put(1, "Queue length over time →", st.muted)
				row += 19
			}
		}
	}

	if len(b.in.DiagramPNG) > 0 {
		line("The process as measured (steps coloured by median wait; orange edges are handoffs)", st.subtitle)
		// Fit the picture to about 1000 px wide whatever the graph's size.
		scale := 0.5
		if cfg, err := png.DecodeConfig(bytes.NewReader(b.in.DiagramPNG)); err == nil && cfg.Width > 0 {
			scale = min(1, 1000/float64(cfg.Width))
		}
		if err := f.AddPictureFromBytes(sh, cellName(1, row), &excelize.Picture{
			Extension: ".png", File: b.in.DiagramPNG,
			Format: &excelize.GraphicOptions{ScaleX: scale, ScaleY: scale, AltText: "process diagram", LockAspectRatio: true},
		}); err != nil {
			cw.check(fmt.Errorf("embedding the diagram: %w", err))
		}
	}
	return cw.err()
}

// queueColumns is how many bottleneck series the Queues sheet holds.
func queueColumns(r *analysis.Result) int {
	have := map[string]bool{}
	for _, q := range r.Queues {
		have[q.Activity] = true
	}
	n := 0
	for _, b := range r.Bottlenecks {
		if have[b.Activity] && n < 5 {
			n++
		}
	}
	return n
}

func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

func (b *builder) method() error {
	st := b.st
	cols := []column{{"Topic", st.bold, 30}, {"Definition or assumption", st.wrap, 110}}
	rows := [][]any{}
	add := func(k, v string) { rows = append(rows, []any{k, v}) }
	if b.in.Command != "" {
		add("Command", b.in.Command)
	}
	if b.in.Generated != "" {
		add("Generated", b.in.Generated)
	}
	if b.in.MapFile != "" {
		add("Process map", b.in.MapFile)
	}
	if r := b.in.Analysis; r != nil {
		c := r.Log.Columns
		add("Event log", fmt.Sprintf("%s (%s): %d cases, %d events, %d activity instances", r.Log.Source, r.Log.Format, r.Log.Cases, r.Log.Events, r.Log.Instances))
		cols := []string{"case = " + c.Case, "activity = " + c.Activity, "time = " + c.Time}
		if c.StartTime != "" {
			cols = append(cols, "start = "+c.StartTime)
		}
		if c.Resource != "" {
			cols = append(cols, "resource = "+c.Resource)
		}
		if c.Lifecycle != "" {
			cols = append(cols, "lifecycle = "+c.Lifecycle)
		}
		if len(c.Wide) > 0 {
			cols = append(cols, "wide export columns = "+strings.Join(c.Wide, ", "))
		}
		add("Columns used", strings.Join(cols, "; "))
		add("Time zone", "Timestamps with a UTC offset are read as written; timestamps without one are read in "+c.TimeZone+". All times in this workbook are UTC.")
		add("Time basis", basisNote(r))
	}
	for _, d := range [][2]string{
		{"Trace", "A case's activity instances sorted by start time (else end time); equal times keep the order of the file."},
		{"Transition", "Two consecutive activity instances of a case (directly-follows). Duration: end of the first to end of the second without start times; end of the first to start of the second (queue time, at least 0) with start times."},
		{"Waiting (queue) time", "Start of an activity minus its enabled time: the schedule event when the log has one, else the end of the previous activity of the case."},
		{"Service time", "End minus start of an activity instance (only with start times)."},
		{"Sojourn time", "End of the previous activity to the end of this one: waiting and working together, when the log has no start times. Never reported as processing time."},
		{"Handoff", "Two consecutive activities of a case done by different known resources (people), or by different owners (teams) per the map. Pairs with a missing resource are not handoffs."},
		{"System switch", "Two consecutive steps in different systems: a candidate for manual re-entry."},
		{"Rework", "An activity that occurs more than once in a case."},
		{"Variant", "The sequence of activities of a case."},
		{"Cycle time", "Last end minus first start (or first end) of a case."},
		{"Bottleneck ranking", "Activities ordered by the total waiting (or sojourn) time cases spend before them, with share of all waiting, median and p90, and the peak number of cases waiting at once."},
		{"Statistics", "Median and p90 interpolate linearly between closest ranks (as numpy and pandas do)."},
		{"Durations", "Stored as Excel durations (days) with the format [h]:mm:ss, so they sum and sort as numbers."},
		{"Simulation", "Discrete-event simulation of the map with its staffing; each figure is the mean over replications with a 95% confidence interval (Student t). What-if variants use common random numbers, so their differences from the base are not noise."},
	} {
		add(d[0], d[1])
	}
	return b.table(SheetMethod, cols, rows)
}
