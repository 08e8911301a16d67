package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
)

// causeHeaders name the five causes in the order of analysis.Causes.Parts.
var causeHeaders = [5]string{"Batching", "Contention", "Prioritization", "Unavailability", "Extraneous"}

// causeColors colour the causes in the Summary's stacked chart.
var causeColors = [5]string{"#6BAED6", "#E6550D", "#FDAE6B", "#969696", "#74C476"}

// waitCauses writes the Waiting causes sheet: one filterable table of the
// whole log, then by step, by transition and by owner, the waits split into
// their causes as durations; without start times, the sojourn split.
func (b *builder) waitCauses() error {
	r := b.in.Analysis
	wc := r.WaitCauses
	st := b.st
	notes := append([]string{}, wc.Notes...)
	if wc.Basis == analysis.CausesSojournOnly {
		cols := []column{{"Grouped by", st.text, 12}, {"Activity", st.text, 0}, {"Step", st.text, 0}, {"Sojourns", st.integer, 10},
			{"Elapsed", st.duration, 14}, {"Working time", st.duration, 14}, {"Non-working time", st.duration, 14}, {"Non-working share", st.percent, 12}}
		row := func(group, act string, step *string, s analysis.SojournSplit) []any {
			return []any{group, act, deref(step), s.Count, dur(s.SojournSeconds), dur(s.WorkingSeconds), dur(s.NonWorkingSeconds), ratio(s.NonWorkingSeconds, s.SojournSeconds)}
		}
		rows := [][]any{row("whole log", "", nil, wc.SojournTotal)}
		for _, s := range wc.SojournByStep {
			rows = append(rows, row("step", s.Activity, s.Step, s.SojournSplit))
		}
		return b.table(SheetCauses, cols, rows, append(notes, "Sojourn = end of the previous step to the end of this one, split by the working calendar of the resource of the step."+calendarNote(r))...)
	}
	cols := []column{{"Grouped by", st.text, 12}, {"Activity waited for", st.text, 0}, {"Resource waited for", st.text, 0}, {"Step", st.text, 0},
		{"Owner", st.text, 0}, {"From activity", st.text, 0}, {"From resource", st.text, 0}, {"Instances", st.integer, 10},
		{"Waited", st.duration, 14}}
	for _, h := range causeHeaders {
		cols = append(cols, column{h, st.duration, 14})
	}
	cols = append(cols, column{"Processing", st.duration, 14}, column{"Cycle-time efficiency", st.percent, 12})
	for _, h := range causeHeaders {
		cols = append(cols, column{"Efficiency without " + strings.ToLower(h), st.percent, 14})
	}
	row := func(c analysis.Causes, names ...any) []any {
		out := append(names, c.Count, dur(c.WaitSeconds))
		for _, v := range c.Parts() {
			out = append(out, dur(v))
		}
		out = append(out, dur(c.ProcessingSeconds), num(c.CTE))
		x := c.CTEWithout
		for _, v := range []float64{x.Batching, x.Contention, x.Prioritization, x.Unavailability, x.Extraneous} {
			out = append(out, num(v))
		}
		return out
	}
	rows := [][]any{row(wc.Total, "whole log", "", "", "", "", "", "")}
	for _, s := range wc.ByStep {
		rows = append(rows, row(s.Causes, "step", s.Activity, "", deref(s.Step), "", "", ""))
	}
	for _, t := range wc.ByTransition {
		rows = append(rows, row(t.Causes, "transition", t.TargetActivity, t.TargetResource, "", "", t.SourceActivity, t.SourceResource))
	}
	for _, o := range wc.ByOwner {
		rows = append(rows, row(o.Causes, "owner", "", "", "", o.Owner, "", ""))
	}
	for _, x := range wc.ByResource {
		rows = append(rows, row(x.Causes, "resource", "", x.Resource, "", "", "", ""))
	}
	return b.table(SheetCauses, cols, rows, append(notes,
		"Wait = start of an activity instance minus when it was enabled: its schedule event, else the end of the latest earlier instance of the case that ended by its start (the From activity of a transition). Each wait is split into batching (waiting for a batch to form), contention (the resource busy with older work), prioritization (busy with newer work), unavailability (outside the resource's working calendar) and extraneous (everything else), as Kronos does; the parts sum to the wait. Cycle-time efficiency = processing / (processing + waiting)."+calendarNote(r))...)
}

// calendarNote says where the calendars come from.
func calendarNote(r *analysis.Result) string {
	n := map[string]int{}
	for _, c := range r.Calendars {
		n[c.Source]++
	}
	return fmt.Sprintf(" Working calendars: %d from the map, %d from --calendar, %d discovered, %d around the clock (none known).",
		n[analysis.CalendarFromMap], n[analysis.CalendarFromFile], n[analysis.CalendarDiscovered], n[analysis.CalendarDefault])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ratio(part, whole float64) any {
	if whole <= 0 {
		return nil
	}
	return num(part / whole)
}

// causesData writes, from row, right of the Summary's print area, a table
// of the causes of waiting per case at the worst bottleneck steps (in unit,
// div seconds each), and returns a stacked bar chart of it; nil for logs
// without start times.
func (p *summaryPage) causesData(row int, unit string, div float64) *excelize.Chart {
	const sh = SheetSummary
	r := p.in.Analysis
	wc := r.WaitCauses
	if wc == nil || wc.Basis != analysis.CausesFromStartTimes || len(r.Bottlenecks) == 0 {
		return nil
	}
	by := map[string]analysis.Causes{}
	for _, s := range wc.ByStep {
		by[s.Activity] = s.Causes
	}
	st, cw := p.st, p.cw
	cases := float64(max(r.Log.Cases, 1))
	dc := chartDataCol
	header := row
	cw.text(cellName(dc, header), "Causes of waiting per case overall ("+unit+")", st.bold)
	for i, h := range causeHeaders {
		cw.text(cellName(dc+1+i, header), h, st.bold)
	}
	row++
	first := row
	for i, x := range r.Bottlenecks {
		if i >= 10 {
			break
		}
		c, ok := by[x.Activity]
		if !ok {
			continue
		}
		cw.text(cellName(dc, row), x.Activity, st.text)
		for j, v := range c.Parts() {
			cw.set(cellName(dc+1+j, row), v/cases/div, st.float)
		}
		row++
	}
	last := row - 1
	if last < first {
		return nil
	}
	var series []excelize.ChartSeries
	for i := range causeHeaders {
		col := colName(dc + 1 + i)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", sh, col, header),
			Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, colName(dc), first, colName(dc), last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, col, first, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{causeColors[i]}},
		})
	}
	return &excelize.Chart{
		Type:   excelize.BarStacked,
		Series: series,
		Title:  chartTitle("Causes of waiting by step, " + unit + " per case overall"),
		Legend: excelize.ChartLegend{Position: "bottom"},
		XAxis:  excelize.ChartAxis{ReverseOrder: true, Font: axisFont}, // the worst on top
		YAxis:  excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
	}
}
