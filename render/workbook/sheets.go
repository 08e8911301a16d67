package workbook

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/format"
)

// fixes lists every recommendation ("What to fix first" shows the first
// five on the Summary), with what a fix addresses and the what-if to try.
func (b *builder) fixes() error {
	r := b.in.Analysis
	st := b.st
	cols := []column{
		{"Rank", st.integer, 6}, {"Step", st.text, 0}, {"Cause", st.text, 16}, {"Share", st.percent, 9}, {"Of", st.text, 22},
		{"Time a fix addresses", st.duration, 14}, {"Lever", st.wrap, 40}, {"What-if (flowmap simulate --set)", st.text, 30},
		{"What to fix", st.wrap, 90},
	}
	var rows [][]any
	for _, x := range r.Recommendations {
		whatIf := ""
		if x.WhatIf != nil {
			whatIf = *x.WhatIf
		}
		var addressed any // blank, not 0:00:00, for an item without an estimate
		if x.AddressedSeconds > 0 {
			addressed = dur(x.AddressedSeconds)
		}
		rows = append(rows, []any{x.Rank, x.Step, strings.ReplaceAll(x.Cause, "_", " "), num(x.ShareOfCause), x.ShareOf,
			addressed, x.Lever, whatIf, x.Sentence})
	}
	return b.table(SheetFixes, cols, rows, "Ranked by the time a fix would plausibly save, summed over all cases; docs/ANALYSIS.md (\"What to fix first\") has the rules.")
}

func (b *builder) bottlenecks() error {
	r := b.in.Analysis
	st := b.st
	cols := []column{
		{"Rank", st.integer, 6}, {"Activity", st.text, 0}, {"Step", st.text, 0}, {"Measured as", st.text, 12},
		{"Total waiting", st.duration, 14}, {"Share of all waiting", st.percent, 12}, {"Median wait", st.duration, 12},
		{"p90 wait", st.duration, 12}, {"Peak queue", st.integer, 10}, {"Peak at (UTC)", st.datetime, 19}, {"Why", st.wrap, 90},
	}
	var rows [][]any
	for i, x := range r.Bottlenecks {
		rows = append(rows, []any{i + 1, x.Activity, x.Step, x.Basis, dur(x.TotalWait), num(x.ShareOfWait), dur(x.MedianWait), dur(x.P90Wait), x.PeakQueue, excelTime(x.PeakAt), x.Reason})
	}
	return b.table(SheetBottlenecks, cols, rows, basisNote(r))
}

func basisNote(r *analysis.Result) string {
	if r.Log.TimeBasis == "sojourn" {
		return "The log has no start times: waits are sojourn times (end of the previous step to end of this one), which include the work itself."
	}
	return "Wait = start of a step minus the end of the previous step (or its schedule event). Durations read h:mm:ss under 2 days, else days (d)."
}

// excelTime turns an RFC 3339 time into a time.Time Excel stores as a date
// (UTC), or nil.
func excelTime(s string) any {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC()
}

func (b *builder) steps() error {
	r := b.in.Analysis
	st := b.st
	cols := []column{
		{"Activity", st.text, 0}, {"Step", st.text, 0}, {"Events", st.integer, 10}, {"Cases", st.integer, 10}, {"Rework cases", st.integer, 10},
		{"Median wait", st.duration, 12}, {"p90 wait", st.duration, 12}, {"Mean wait", st.duration, 12},
		{"Median service", st.duration, 12}, {"Mean service", st.duration, 12},
		{"Median sojourn", st.duration, 12}, {"p90 sojourn", st.duration, 12}, {"Mean sojourn", st.duration, 12},
	}
	var rows [][]any
	for _, a := range r.Activities {
		rows = append(rows, []any{a.Name, a.Step, a.Events, a.Cases, a.ReworkCases,
			statsOrNil(a.Wait, med), statsOrNil(a.Wait, p90), statsOrNil(a.Wait, mean),
			statsOrNil(a.Service, med), statsOrNil(a.Service, mean),
			statsOrNil(a.Sojourn, med), statsOrNil(a.Sojourn, p90), statsOrNil(a.Sojourn, mean)})
	}
	return b.table(SheetSteps, cols, rows, "Activity names are the log's, verbatim; Step is the map step that claims them (with --map). "+basisNote(r))
}

func (b *builder) transitions() error {
	r := b.in.Analysis
	st := b.st
	cols := []column{
		{"From", st.text, 0}, {"To", st.text, 0}, {"From step", st.text, 0}, {"To step", st.text, 0}, {"Count", st.integer, 10},
		{"Median", st.duration, 12}, {"Mean", st.duration, 12}, {"p90", st.duration, 12}, {"Max", st.duration, 12},
		{"Handoffs", st.integer, 10}, {"Handoff share", st.percent, 10},
	}
	rows := make([][]any, 0, len(r.Transitions))
	for _, t := range r.Transitions {
		d := t.Duration
		rows = append(rows, []any{t.From, t.To, t.FromStep, t.ToStep, t.Count, dur(d.Median), dur(d.Mean), dur(d.P90), dur(d.Max), t.Handoffs, num(float64(t.Handoffs) / float64(max(t.Count, 1)))})
	}
	note := "Duration of a transition: end of the first activity to the end of the next (no start times), or to its start (queue time, at least 0)."
	return b.table(SheetTransitions, cols, rows, note)
}

// handoffs writes a from × to matrix with a colour scale (owners with a map,
// else the busiest resources), then the pairs as a list.
func (b *builder) handoffs() error {
	r := b.in.Analysis
	if _, err := b.f.NewSheet(SheetHandoffs); err != nil {
		return err
	}
	set, who := &r.Handoffs.Resource, "resource"
	if r.Handoffs.Owner != nil && r.Handoffs.Owner.KnownPairs > 0 {
		set, who = r.Handoffs.Owner, "owner (team)"
	}
	const maxSide = 30
	names, all := busiestInHandoffs(set, maxSide)
	title := fmt.Sprintf("Handoffs by %s: %s in total, %.2f per case; rows hand work to columns", who, format.Thousands(set.Total), set.PerCase.Mean)
	if err := b.handoffCell("A1", title, b.st.subtitle); err != nil {
		return err
	}
	if all > maxSide {
		if err := b.handoffCell("A2", fmt.Sprintf("The %d busiest of %d are shown; all pairs are listed below the matrix.", maxSide, all), b.st.note); err != nil {
			return err
		}
	}
	const top = 3
	if err := b.handoffMatrix(set, names, top); err != nil {
		return err
	}
	pairsAt := top + len(names) + 3
	if err := b.handoffPairs(set, pairsAt); err != nil {
		return err
	}
	ps := pageSetup{landscape: 28+12*float64(len(names)) > portraitChars}
	if n := len(set.Pairs); n > printRows {
		// The matrix and the busiest pairs (title, header, printRows rows).
		ps.area = fmt.Sprintf("'%s'!$A$1:$%s$%d", SheetHandoffs, colName(max(3, 1+len(names))), pairsAt+1+printRows)
		ps.header = fmt.Sprintf("Printed: the matrix and the first %d of %s pairs; the workbook holds them all.", printRows, format.Thousands(n))
	}
	return printable(b.f, SheetHandoffs, ps)
}

// busiestInHandoffs returns the names in set's pairs by handoffs they take
// part in, most first (then by name), at most maxSide of them, and how many
// there are in all.
func busiestInHandoffs(set *analysis.HandoffSet, maxSide int) (names []string, all int) {
	volume := map[string]int{}
	for _, p := range set.Pairs {
		volume[p.From] += p.Count
		volume[p.To] += p.Count
	}
	names = make([]string, 0, len(volume))
	for n := range volume {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, c string) int {
		if volume[a] != volume[c] {
			return volume[c] - volume[a]
		}
		return strings.Compare(a, c)
	})
	if len(names) > maxSide {
		names = names[:maxSide]
	}
	return names, len(volume)
}

// handoffCell writes v to a cell of the handoffs sheet with a style.
func (b *builder) handoffCell(cell string, v any, style int) error {
	if s, ok := v.(string); ok {
		v = fitCell(s)
	}
	if err := b.f.SetCellValue(SheetHandoffs, cell, v); err != nil {
		return err
	}
	return b.f.SetCellStyle(SheetHandoffs, cell, cell, style)
}

// handoffMatrix writes the from × to matrix of the named pairs with its
// header row at row top.
func (b *builder) handoffMatrix(set *analysis.HandoffSet, names []string, top int) error {
	st := b.st
	if err := b.handoffCell(cellName(1, top), "from \\ to", st.header); err != nil {
		return err
	}
	idx := map[string]int{}
	for i, n := range names {
		idx[n] = i
		if err := b.handoffCell(cellName(2+i, top), n, st.header); err != nil {
			return err
		}
		if err := b.handoffCell(cellName(1, top+1+i), n, st.bold); err != nil {
			return err
		}
	}
	for _, p := range set.Pairs {
		i, okI := idx[p.From]
		j, okJ := idx[p.To]
		if okI && okJ {
			if err := b.handoffCell(cellName(2+j, top+1+i), p.Count, st.integer); err != nil {
				return err
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	return b.formatHandoffMatrix(len(names), top)
}

// formatHandoffMatrix gives the n × n matrix under header row top its
// colour scale and column widths, and freezes its headers.
func (b *builder) formatHandoffMatrix(n, top int) error {
	f := b.f
	rng := cellName(2, top+1) + ":" + cellName(1+n, top+n)
	if err := f.SetConditionalFormat(SheetHandoffs, rng, []excelize.ConditionalFormatOptions{{
		Type: "2_color_scale", Criteria: "=", MinType: "min", MaxType: "max", MinColor: "#FFF5EB", MaxColor: "#E6550D",
	}}); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetHandoffs, "A", "A", 28); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(1 + n)
	if err := f.SetColWidth(SheetHandoffs, "B", last, 12); err != nil {
		return err
	}
	return f.SetPanes(SheetHandoffs, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: top, TopLeftCell: cellName(2, top+1), ActivePane: "bottomRight"})
}

// handoffPairs writes the list of all pairs from row on: a title, a header
// and one row per pair.
func (b *builder) handoffPairs(set *analysis.HandoffSet, row int) error {
	f, st := b.f, b.st
	if err := b.handoffCell(cellName(1, row), "All handoff pairs", st.subtitle); err != nil {
		return err
	}
	row++
	for i, h := range []string{"From", "To", "Count"} {
		if err := b.handoffCell(cellName(1+i, row), h, st.header); err != nil {
			return err
		}
	}
	first := row + 1
	for _, p := range set.Pairs {
		row++
		if err := f.SetCellStr(SheetHandoffs, cellName(1, row), fitCell(p.From)); err != nil {
			return err
		}
		if err := f.SetCellStr(SheetHandoffs, cellName(2, row), fitCell(p.To)); err != nil {
			return err
		}
		if err := b.handoffCell(cellName(3, row), p.Count, st.integer); err != nil {
			return err
		}
	}
	return f.SetCellStyle(SheetHandoffs, cellName(1, first), cellName(2, row), st.text)
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func (b *builder) variants() error {
	r := b.in.Analysis
	st := b.st
	cols := []column{{"Rank", st.integer, 6}, {"Cases", st.integer, 10}, {"Share", st.percent, 9}, {"Steps", st.integer, 7}, {"Sequence of activities", st.text, 120}}
	rows := make([][]any, 0, len(r.Variants))
	for i, v := range r.Variants {
		rows = append(rows, []any{i + 1, v.Cases, num(v.Share), len(v.Activities), strings.Join(v.Activities, " → ")})
	}
	return b.table(SheetVariants, cols, rows)
}

// queues writes the queue-length series of the five worst bottlenecks, one
// column each, for the Summary's line chart.
func (b *builder) queues() error {
	r := b.in.Analysis
	st := b.st
	series := map[string]analysis.QueueSeries{}
	for _, q := range r.Queues {
		series[q.Activity] = q
	}
	var picked []analysis.QueueSeries
	for _, bn := range r.Bottlenecks {
		if q, ok := series[bn.Activity]; ok && len(picked) < 5 {
			picked = append(picked, q)
		}
	}
	cols := []column{{"Time (UTC)", st.datetime, 19}}
	for _, q := range picked {
		cols = append(cols, column{q.Activity, st.integer, 16})
	}
	var rows [][]any
	if len(picked) > 0 {
		for i, t := range picked[0].Times {
			row := []any{excelTime(t)}
			for _, q := range picked {
				row = append(row, q.Values[i])
			}
			rows = append(rows, row)
		}
	}
	return b.table(SheetQueues, cols, rows, "Cases waiting for each of the worst bottlenecks, sampled at 100 points over the log's time range.")
}

func (b *builder) quality() error {
	r := b.in.Analysis
	st := b.st
	dq := r.DataQuality
	d := dq.Details
	cols := []column{{"Check", st.text, 44}, {"Count", st.integer, 10}, {"Row", st.integer, 8}, {"Column", st.text, 18}, {"Value", st.text, 28}, {"Detail", st.wrap, 80}}
	rows := [][]any{
		{"Rows read", d.Rows, nil, nil, nil, "data rows (CSV) or event elements (XES), bad ones included"},
		{"Bad rows skipped (no event made)", dq.BadRows, nil, nil, nil, "never dropped silently: samples below"},
		{"Duplicate events (kept)", d.Duplicates, nil, nil, nil, "same case, activity and timestamp as another event"},
		{"Events out of time order in the file", d.OutOfOrder, nil, nil, nil, "earlier than the previous event of their case"},
		{"Lifecycle starts without a complete", d.Unmatched, nil, nil, nil, "they make no activity instance"},
		{"Other lifecycle events (not steps)", d.Ignored, nil, nil, nil, "suspend, resume, abort, schedules never started ..."},
	}
	for _, s := range dq.Samples {
		rows = append(rows, []any{"Bad row", nil, s.Row, s.Column, s.Value, s.Reason})
	}
	for _, w := range dq.Warnings {
		rows = append(rows, []any{"Note", nil, nil, nil, nil, w})
	}
	return b.table(SheetQuality, cols, rows)
}

func (b *builder) mapSheet() error {
	m := b.in.Map
	st := b.st
	cols := []column{{"Step", st.text, 0}, {"Name", st.text, 0}, {"Owner", st.text, 0}, {"System", st.text, 0}, {"Automated", st.text, 10},
		{"Duration estimate", st.text, 24}, {"Mean duration", st.duration, 12}, {"Next", st.wrap, 50}, {"Expected visits per case", st.float, 12}}
	var rows [][]any
	for _, s := range m.Steps {
		var next []string
		for _, e := range s.Next {
			t := e.To
			if len(s.Next) > 1 {
				t += fmt.Sprintf(" (%.0f%%)", e.P*100)
			}
			next = append(next, t)
		}
		visits := any(nil)
		if b.in.MapStats != nil {
			visits = b.in.MapStats.Expected.Visits[s.ID]
		}
		rows = append(rows, []any{s.ID, s.Name, s.Owner, s.System, yesNo(s.Automated), s.Duration.String(), dur(s.Duration.MeanSeconds()), strings.Join(next, ", "), visits})
	}
	return b.table(SheetMap, cols, rows, "The workshop map as read from "+b.in.MapFile+".")
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}
