package workbook

import (
	"bytes"
	"cmp"
	"fmt"
	"image/png"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

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
	Sweep    *SimSweep // a --sweep's p90 cycle time by setting; nil otherwise
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

// The Summary is page 1 of the report, read by a manager in this order:
// what to fix first, the three worst bottlenecks with the causes of their
// waiting, the key figures; then, each on pages of their own so that no chart
// is cut by a page break, the charts and the process diagram.
//
// Its printed width is columns A:J (summaryCols); the tables the charts
// are drawn from lie to the right of it (from column L), outside the print
// area.
const (
	summaryCols = 10 // A:J
	// chartDataCol is the first column of the charts' data tables.
	chartDataCol = 12 // L
	// pageRows is how many rows of the default height a landscape page of
	// the Summary holds, fitted to its width, on A4 or Letter, with room to
	// spare: each chart page is laid out within it.
	pageRows = 46
	// rowPx and charPx are the pixels of a row of 15 points and of a
	// character of column width as excelize anchors pictures with them;
	// an application draws a picture over the cells of its anchor.
	rowPx  = 18
	charPx = 8
	// summaryPx is the width of A:J in those pixels.
	summaryPx = 160 * charPx
)

// summaryWidths are the widths of the Summary's columns A:J in characters.
var summaryWidths = [summaryCols]float64{44, 14, 14, 14, 14, 12, 12, 12, 12, 12} // 160 in all

// Summary cause labels, in the order of analysis.Causes.Parts.
var causePhrases = [5]string{"batching", "busy with earlier work", "newer work served first", "closed hours", "other (external) causes"}

// summary is the layout of the Summary sheet being written: a cursor row
// and the writes, checked once at the end.
type summaryPage struct {
	*builder
	cw  *cells
	row int
	// top is the first row of the current printed page.
	top int
}

// line writes text in column A; wrapped styles are merged across A:J with a
// row height for their length.
func (p *summaryPage) line(text string, style int) {
	st := p.st
	c := cellName(1, p.row)
	p.cw.text(c, text, style)
	if style == st.wrap || style == st.note || style == st.warning {
		p.cw.check(p.f.MergeCell(SheetSummary, c, cellName(summaryCols, p.row)))
		perLine := 212 // characters of 10 points across A:J (LibreOffice prints 215-225)
		if style == st.note {
			perLine = 240 // LibreOffice prints about 250
		}
		p.cw.check(p.f.SetRowHeight(SheetSummary, p.row, wrappedHeight(text, perLine)))
	}
	p.row++
}

func (p *summaryPage) put(col int, v any, style int) {
	p.cw.set(cellName(col, p.row), v, style)
}

// putSpan writes a duration of seconds in column col as the Summary shows
// one (see spanOf).
func (p *summaryPage) putSpan(col int, seconds float64) {
	v, style := p.st.spanOf(seconds)
	p.put(col, v, style)
}

// spanOf is a duration of seconds as a Summary figure: a number in the unit
// the terminal reads it in (format.Unit), with that unit's style, so that
// the cell reads as the terminal does ("48 min", "6.2 h", "2.1 d") and
// rounds rather than cuts ([m] of 47:48 reads 47); nil for NaN.
func (st *styles) spanOf(seconds float64) (any, int) {
	unit, div := format.Unit(seconds)
	return num(seconds / div), st.span[unit]
}

// pageBreak starts a new printed page at the current row.
func (p *summaryPage) pageBreak() {
	p.cw.check(p.f.InsertPageBreak(SheetSummary, cellName(1, p.row)))
	p.top = p.row
}

// pictureRows fixes the height of the rows a picture of px pixels will
// cover from the current row, so that it keeps its size in any application
// and the page it is laid out on holds it; call it before adding the
// picture, whose anchor is computed from the rows' heights. It returns the
// row after the picture and a blank row.
func (p *summaryPage) pictureRows(px int) int {
	n := (px + rowPx - 1) / rowPx
	for i := 0; i < n; i++ {
		p.cw.check(p.f.SetRowHeight(SheetSummary, p.row+i, 15))
	}
	return p.row + n + 1
}

func (b *builder) summary() error {
	f, st := b.f, b.st
	const sh = SheetSummary
	p := &summaryPage{builder: b, cw: &cells{f: f, sheet: sh}, row: 1, top: 1}
	cw := p.cw
	for i, w := range summaryWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		cw.check(f.SetColWidth(sh, col, col, w))
	}

	r := b.in.Analysis
	m := b.in.Map
	title := "Where the time goes"
	switch {
	case m != nil:
		title += " — " + m.Process
	case r != nil:
		title += " — " + filepath.Base(r.Log.Source)
	}
	p.line(title, st.title)
	if r != nil {
		p.line(fmt.Sprintf("%s cases and %s events from %s, %s to %s.", format.Thousands(r.Log.Cases), format.Thousands(r.Log.Events), filepath.Base(r.Log.Source), day(r.Log.FirstEvent), day(r.Log.LastEvent)), st.note)
		if w := analysis.PoorFit(r); w != nil {
			p.row++
			p.line(fmt.Sprintf("Warning: the map fits this log poorly: %s of events map to a step and %s of cases follow a path the map allows, because", format.Percent(w.MappedShare), format.Percent(w.FittingShare)), st.warning)
			for _, cause := range w.Causes {
				p.line("• "+cause+".", st.wrap)
			}
			p.line("Check that the map is the right one and that its steps' log_names match the log's activity names.", st.note)
		}
	}
	p.row++
	if r != nil {
		p.fixFirst()
		p.worstBottlenecks()
	}
	p.keyFigures()
	projection := func() {
		if sim := b.in.Simulation; sim != nil {
			p.line("Peak-load projection (simulation)", st.subtitle)
			for _, h := range sim.Headline {
				p.line(h, st.wrap)
			}
			p.line("Every variant with its 95% confidence interval is on the Simulation sheet.", st.note)
			p.row++
		}
	}
	if r != nil && len(r.Bottlenecks) > 0 {
		// Page 1 is the decision; the projection heads the charts' page
		// rather than spilling a few lines onto a page of its own.
		p.waitCharts(projection)
		p.queueChart()
	} else {
		projection()
	}
	p.diagram()
	cw.check(printable(f, sh, pageSetup{landscape: true, area: fmt.Sprintf("'%s'!$A$1:$%s$%d", sh, colName(summaryCols), max(p.row-1, 1))}))
	return cw.err()
}

// fixFirst writes "What to fix first": the ranked recommendations, each a
// sentence and a line of its evidence; without any, a plain statement that
// nothing is ranked and a pointer at the bottlenecks.
func (p *summaryPage) fixFirst() {
	st := p.st
	r := p.in.Analysis
	p.line("What to fix first", st.subtitle)
	recs := r.Recommendations
	if len(recs) == 0 {
		p.line("Nothing is ranked yet: this analysis has no recommendation for this log. Start with the three worst bottlenecks below and the causes of their waiting.", st.wrap)
		p.row++
		return
	}
	const shown = 5
	for i, x := range recs {
		if i >= shown {
			p.line(fmt.Sprintf("… and %d more on the %q sheet.", len(recs)-shown, SheetFixes), st.note)
			break
		}
		rank := x.Rank
		if rank <= 0 {
			rank = i + 1
		}
		p.line(fmt.Sprintf("%d. %s", rank, x.Sentence), st.wrap)
		if e := evidence(x); e != "" {
			p.line("    "+e, st.note)
		}
	}
	p.row++
}

// evidence is the line under a recommendation: the cause and its share,
// the lever, the what-if to run and its measured gain.
func evidence(x analysis.Recommendation) string {
	var parts []string
	label, cause := "Cause: ", checklistPhrases[x.Cause]
	if cause != "" {
		label = "Flag: "
	} else {
		cause = strings.ReplaceAll(x.Cause, "_", " ")
	}
	for i, c := range causeNames {
		if c == x.Cause {
			cause = causePhrases[i]
		}
	}
	if cause != "" {
		c := label + cause
		if x.ShareOfCause > 0 {
			c += " (" + format.Percent(x.ShareOfCause) + " of " + shareOf(x) + ")"
		}
		parts = append(parts, c)
	}
	if x.Internal != nil && !*x.Internal {
		parts = append(parts, "outside the team's control")
	}
	if x.Lever != "" {
		parts = append(parts, "lever: "+x.Lever)
	}
	if x.WhatIf != nil && *x.WhatIf != "" {
		parts = append(parts, "try: flowmap simulate --set "+*x.WhatIf)
	}
	if g := x.Gain; g != nil {
		s := "measured: p90 cycle time " + format.Signed(g.P90CycleTimeSeconds, format.DurationSymmetric(math.Abs(g.P90CycleTimeSeconds))) +
			" (95% CI " + format.DurationRange(g.CI95[0], g.CI95[1], true, " to ") + ")"
		if g.SLAShare != nil {
			s += ", within the target " + format.Signed(*g.SLAShare, format.Points(math.Abs(*g.SLAShare)))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// shareOf says what a recommendation's share is of, naming its step:
// "the cases that reach T17", "the waiting at Picked".
func shareOf(x analysis.Recommendation) string {
	of := x.ShareOf
	if of == "" {
		of = "waiting at the step"
	}
	if x.Step != "" {
		of = strings.Replace(of, "the step", x.Step, 1)
	}
	if !strings.HasPrefix(of, "all ") {
		of = "the " + of
	}
	return of
}

// checklistPhrases name the contract's checklist items.
var checklistPhrases = map[string]string{
	"manual_re_entry":  "manual re-entry",
	"repeat_approvals": "repeat approvals",
	"rework":           "rework (a check done again)",
	"unclear_sla":      "unclear SLA",
	"single_person":    "single-person dependency",
	"exceptions":       "costly exceptions",
}

// causeNames are the contract's names of the five causes, in the order of
// analysis.Causes.Parts.
var causeNames = [5]string{"batching", "contention", "prioritization", "unavailability", "extraneous"}

// causePhrase says what a wait is made of, its largest causes first: "61%
// closed hours, 20% batching". Causes under 10% are left out, but for the
// largest one.
func causePhrase(c analysis.Causes) string {
	if c.WaitSeconds <= 0 {
		return "no waiting"
	}
	type part struct {
		name  string
		share float64
	}
	var parts []part
	for i, v := range c.Parts() {
		parts = append(parts, part{causePhrases[i], v / c.WaitSeconds})
	}
	slices.SortStableFunc(parts, func(a, b part) int { return cmp.Compare(b.share, a.share) })
	var out []string
	for i, x := range parts {
		if i > 0 && (x.share < 0.1 || i >= 3) {
			break
		}
		out = append(out, format.Percent(x.share)+" "+x.name)
	}
	return strings.Join(out, ", ")
}

// whyPhrase is the dominant causes of waiting at an activity, from the
// waiting causes of the analysis.
func whyPhrase(r *analysis.Result, activity string) string {
	wc := r.WaitCauses
	switch {
	case wc == nil:
		return ""
	case wc.Basis == analysis.CausesSojournOnly:
		// Only the time outside working hours is known, and only when a
		// calendar is: "0% outside working hours" of a log without one
		// would state what nobody measured.
		for _, s := range wc.SojournByStep {
			if s.Activity == activity && s.SojournSeconds > 0 && s.NonWorkingSeconds > 0 {
				return format.Percent(s.NonWorkingSeconds/s.SojournSeconds) + " outside working hours; other causes unknown (no start times)"
			}
		}
		return "no start times: causes unknown"
	}
	for _, s := range wc.ByStep {
		if s.Activity == activity {
			return causePhrase(s.Causes)
		}
	}
	return ""
}

// worstBottlenecks writes the three worst bottlenecks as a table of figures
// per case with the causes of their waiting, then a sentence each.
func (p *summaryPage) worstBottlenecks() {
	st := p.st
	r := p.in.Analysis
	if len(r.Bottlenecks) == 0 {
		return
	}
	cases := float64(max(r.Log.Cases, 1))
	wait := "waiting"
	if r.Log.TimeBasis == "sojourn" {
		wait = "time from the previous step"
	}
	p.line("The three worst bottlenecks", st.subtitle)
	headers := []string{"Step", "Share of all " + wait, "Average per case overall", "1 in 10 cases wait over", "Most cases waiting at once", "Why cases wait"}
	for i, h := range headers {
		p.put(i+1, h, st.header)
	}
	p.cw.check(p.f.MergeCell(SheetSummary, cellName(6, p.row), cellName(summaryCols, p.row)))
	p.cw.check(p.f.SetRowHeight(SheetSummary, p.row, rowHeight(headers, []float64{44, 14, 14, 14, 14, 60}, true)))
	p.row++
	top := r.Bottlenecks[:min(3, len(r.Bottlenecks))]
	for i, x := range top {
		p.put(1, fmt.Sprintf("%d. %s", i+1, stepLabel(x.Activity, p.mapStepName(x))), st.bold)
		p.put(2, num(x.ShareOfWait), st.percent)
		p.putSpan(3, x.TotalWait/cases)
		p.putSpan(4, x.P90Wait)
		p.put(5, x.PeakQueue, st.integer)
		why := whyPhrase(r, x.Activity)
		p.put(6, why, st.wrapApart)
		p.cw.check(p.f.MergeCell(SheetSummary, cellName(6, p.row), cellName(summaryCols, p.row)))
		p.cw.check(p.f.SetRowHeight(SheetSummary, p.row, wrappedHeight(why, 60)))
		p.row++
	}
	for i, x := range top {
		p.line(fmt.Sprintf("%d. %s", i+1, bottleneckSentence(x, p.mapStepName(x))), st.wrap)
	}
	p.row++
}

// stepLabel names a step as "What to fix first" does: the map step's name
// with the log's name in brackets when it differs ("Pick and pack
// (Picked)"), else the activity.
func stepLabel(activity, stepName string) string {
	if stepName == "" {
		return activity
	}
	return stepName + " (" + activity + ")"
}

// mapStepName is the name of the map step of a bottleneck when it differs
// from the activity's.
func (p *summaryPage) mapStepName(x analysis.Bottleneck) string {
	if m := p.in.Map; x.Step != "" && m != nil {
		if s, ok := m.Step(x.Step); ok && s.Name != x.Activity {
			return s.Name
		}
	}
	return ""
}

// bottleneckSentence says how long cases wait at a bottleneck without
// contradicting itself: a median wait under a minute reads "most cases don't
// wait", not "a median 0 s … 1 in 10 over 11 h".
func bottleneckSentence(x analysis.Bottleneck, stepName string) string {
	s := stepLabel(x.Activity, stepName)
	verb := "wait"
	if x.Basis == "sojourn" {
		verb = "take"
	}
	switch {
	case x.P90Wait < 60:
		s += ": cases hardly " + verb
		if verb == "take" {
			s += " any time"
		}
	case x.MedianWait < 60 && verb == "take":
		s += fmt.Sprintf(": most cases get through it within a minute; 1 in 10 takes over %s", format.Duration(x.P90Wait))
	case x.MedianWait < 60:
		s += fmt.Sprintf(": most cases don't wait; 1 in 10 waits over %s", format.Duration(x.P90Wait))
	default:
		s += fmt.Sprintf(": half the cases %s over %s; 1 in 10 over %s", verb, format.Duration(x.MedianWait), format.Duration(x.P90Wait))
	}
	if x.PeakQueue > 1 {
		s += fmt.Sprintf("; up to %s cases waiting at once", format.Thousands(x.PeakQueue))
	}
	return s + "."
}

// keyFigures writes the key figures: per case, never sums over all cases;
// durations are numbers with a duration format.
func (p *summaryPage) keyFigures() {
	st := p.st
	r := p.in.Analysis
	ms := p.in.MapStats
	p.line("Key figures", st.subtitle)
	figure := func(label string, v any, style int, note string) {
		p.put(1, label, st.text)
		p.put(2, v, style)
		if note != "" {
			p.put(3, note, st.muted)
		}
		p.row++
	}
	span := func(label string, seconds float64, note string) {
		v, style := st.spanOf(seconds)
		figure(label, v, style, note)
	}
	if r != nil {
		ct := r.CycleTime
		cases := float64(max(r.Log.Cases, 1))
		figure("Cases", r.Log.Cases, st.integer, "")
		span("Cycle time, median", ct.Median, "half the cases take longer")
		span("Cycle time, 1 in 10 cases over", ct.P90, "")
		if s := r.SLA; s != nil && s.Process != nil && s.Process.Measured > 0 {
			figure("Cases within the cycle-time target", num(s.Process.Share), st.percent, "target "+format.Duration(s.Process.TargetSeconds))
		}
		total := 0.0
		for _, x := range r.Bottlenecks {
			total += x.TotalWait
		}
		if r.Log.TimeBasis == "sojourn" {
			span("Time between steps per case (average)", total/cases, "no start times: waiting and work together")
		} else {
			span("Waiting per case (average)", total/cases, "from the end of one step to the start of the next, all steps")
		}
		// One headline handoff figure: between teams with a map, else
		// between people.
		if o := r.Handoffs.Owner; o != nil && o.KnownPairs > 0 {
			note := ""
			if ms != nil {
				note = fmt.Sprintf("the map expects %.2f", ms.Expected.Handoffs)
			}
			figure("Handoffs between teams per case (average)", o.PerCase.Mean, st.float, note)
		} else if r.Handoffs.Resource.KnownPairs > 0 {
			figure("Handoffs between people per case (average)", r.Handoffs.Resource.PerCase.Mean, st.float, "")
		}
		if ss := r.Handoffs.SystemSwitches; ss != nil && ss.KnownPairs > 0 {
			figure("System switches per case (average)", ss.PerCase.Mean, st.float, "candidates for manual re-entry")
		}
		if c := r.Conformance; c != nil {
			figure("Cases following the workshop map", num(c.FittingShare), st.percent, "")
		}
		figure("Bad rows skipped", r.DataQuality.BadRows, st.integer, "see Data quality")
		if ms != nil {
			span("Map: expected staff work per case", ms.Expected.StaffedTouchTimeSeconds, "hands-on work of staffed teams")
		}
	} else if ms != nil {
		figure("Map: steps", ms.Steps, st.integer, fmt.Sprintf("%d manual, %d automated", ms.Manual, ms.Automated))
		figure("Map: expected handoffs per case", ms.Expected.Handoffs, st.float, "between owners, all paths weighted")
		figure("Map: expected system switches per case", ms.Expected.SystemSwitches, st.float, "")
		span("Map: expected staff work per case", ms.Expected.StaffedTouchTimeSeconds, "hands-on work of staffed teams")
	}
	p.row++
}

// waitCharts starts a page with lead (the peak-load projection), then the
// average wait per case by step and, beside it, the causes of that
// waiting, drawn from tables right of the print area.
func (p *summaryPage) waitCharts(lead func()) {
	f, st, cw := p.f, p.st, p.cw
	const sh = SheetSummary
	r := p.in.Analysis
	p.pageBreak()
	lead()
	cases := float64(max(r.Log.Cases, 1))
	what := "Average wait per case overall"
	if r.Log.TimeBasis == "sojourn" {
		what = "Average time from the previous step per case overall"
	}
	unit, div := "hours", 3600.0
	if r.Bottlenecks[0].TotalWait/cases < 3600 {
		unit, div = "minutes", 60
	}
	p.line("Where cases wait, and why", st.subtitle)
	// The data: step and wait per case, right of the print area.
	dc := chartDataCol
	cw.text(cellName(dc, 1), "Chart data (not printed)", st.muted)
	cw.text(cellName(dc, 2), "Step", st.bold)
	cw.text(cellName(dc+1, 2), what+" ("+unit+")", st.bold)
	first := 3
	n := min(10, len(r.Bottlenecks))
	for i, x := range r.Bottlenecks[:n] {
		cw.text(cellName(dc, first+i), x.Activity, st.text)
		cw.set(cellName(dc+1, first+i), x.TotalWait/cases/div, st.float)
	}
	last := first + n - 1
	cw.check(f.SetColWidth(sh, colName(dc), colName(dc), 30))
	cw.check(f.SetColWidth(sh, colName(dc+1), colName(dc+6), 14))
	const height = 28 * rowPx
	width := summaryPx
	causes := p.causesData(last+2, unit, div)
	if causes != nil {
		width = (44 + 14 + 14) * charPx // A:C
	}
	next := p.pictureRows(height)
	cw.check(f.AddChart(sh, cellName(1, p.row), &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       what + " (" + unit + ")",
			Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, colName(dc), first, colName(dc), last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, colName(dc+1), first, colName(dc+1), last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E6550D"}},
		}},
		Title:     chartTitle(what + " by step, " + unit),
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont}, // the worst on top
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension: excelize.ChartDimension{Width: uint(width), Height: height},
	}))
	if causes != nil {
		causes.Dimension = excelize.ChartDimension{Width: uint(summaryPx - width), Height: height}
		cw.check(f.AddChart(sh, cellName(4, p.row), causes))
	}
	p.row = next
}

// axisFont is the font of the charts' axis labels: dark enough to read on
// paper.
var axisFont = excelize.Font{Family: Font, Size: 9, Color: "#333333"}

func chartTitle(s string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Family: Font, Size: 11, Bold: true}}}}
}

func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// queueChart starts a page with the number of cases waiting over time at
// the worst bottlenecks (from the Queues sheet).
func (p *summaryPage) queueChart() {
	r := p.in.Analysis
	n := queueColumns(r)
	if len(r.Queues) == 0 || n == 0 {
		return
	}
	series := []excelize.ChartSeries{}
	qrows := len(r.Queues[0].Times) + 1
	labels, skip := p.queueLabels(r.Queues[0].Times)
	for i := range n {
		col := colName(2 + i)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", SheetQueues, col),
			Categories: labels,
			Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetQueues, col, col, qrows),
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	p.pageBreak()
	p.line("Cases waiting over time at the worst bottlenecks", p.st.subtitle)
	const height = 20 * rowPx
	next := p.pictureRows(height)
	p.cw.check(p.f.AddChart(SheetSummary, cellName(1, p.row), &excelize.Chart{
		Type:   excelize.Line,
		Series: series,
		Title:  chartTitle("Cases waiting over time (worst bottlenecks)"),
		Legend: excelize.ChartLegend{Position: "bottom"},
		// Slanted: LibreOffice wraps a level label narrower than itself
		// character by character.
		XAxis:     excelize.ChartAxis{Font: axisFont, TickLabelSkip: skip, Alignment: excelize.Alignment{TextRotation: -45}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension: excelize.ChartDimension{Width: summaryPx, Height: height},
	}))
	p.row = next
}

// queueLabelCol is the column of the queue chart's axis labels, right of
// the Summary's print area beside the other charts' data.
const queueLabelCol = chartDataCol + 8 // T

// queueTicks is about how many dates the queue chart's axis shows.
const queueTicks = 8

// queueLabels writes the queue chart's axis labels as text, a date on
// every skip-th sample and blanks between, and returns their range and
// skip. The chart cannot take the Queues sheet's times: LibreOffice reads
// them as a date axis, ignores the skip and prints all hundred dates on
// top of each other.
func (p *summaryPage) queueLabels(times []string) (string, int) {
	skip := max(1, (len(times)+queueTicks-1)/queueTicks)
	layout := "2006-01-02"
	if len(times) > 1 {
		first, err1 := time.Parse(time.RFC3339Nano, times[0])
		last, err2 := time.Parse(time.RFC3339Nano, times[len(times)-1])
		if err1 == nil && err2 == nil && last.Sub(first) < time.Duration(queueTicks)*24*time.Hour {
			layout = "01-02 15:04" // a log of days: dates would repeat
		}
	}
	c := queueLabelCol
	p.cw.text(cellName(c, 1), "Queue chart labels", p.st.bold)
	for i, s := range times {
		label := ""
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil && i%skip == 0 {
			label = t.UTC().Format(layout)
		}
		p.cw.text(cellName(c, 2+i), label, p.st.text)
	}
	col := colName(c)
	return fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetSummary, col, col, len(times)+1), skip
}

// diagram places the process diagram under the queue chart when the page
// has room for it, else on a page of its own, scaled to the page.
func (p *summaryPage) diagram() {
	png0 := p.in.DiagramPNG
	if len(png0) == 0 {
		return
	}
	w, h := 1000, 500
	if cfg, err := png.DecodeConfig(bytes.NewReader(png0)); err == nil && cfg.Width > 0 && cfg.Height > 0 {
		w, h = cfg.Width, cfg.Height
	}
	// At most the width of the page, and the height of a page under its
	// title.
	scale := min(1, float64(summaryPx-20)/float64(w), float64((pageRows-3)*rowPx)/float64(h))
	px := int(math.Ceil(float64(h) * scale))
	if used := p.row - p.top; used+2+(px+rowPx-1)/rowPx > pageRows {
		p.pageBreak()
	}
	title := "The process as measured (steps coloured by median wait; orange edges are handoffs)"
	if p.in.LanesBySystem {
		title = "The process as measured (steps coloured by median wait; orange edges change system)"
	}
	if p.in.Analysis == nil {
		title = "The process as mapped"
	}
	p.line(title, p.st.subtitle)
	next := p.pictureRows(px)
	if err := p.f.AddPictureFromBytes(SheetSummary, cellName(1, p.row), &excelize.Picture{
		Extension: ".png", File: png0,
		Format: &excelize.GraphicOptions{ScaleX: scale, ScaleY: scale, AltText: "process diagram", LockAspectRatio: true},
	}); err != nil {
		p.cw.check(fmt.Errorf("embedding the diagram: %w", err))
	}
	p.row = next
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
		{"Durations", "Stored as Excel durations (days), so they sum and sort as numbers; they read h:mm:ss under 2 days, else days (\"3.5 d\"). The Summary's figures are numbers in the unit each shows (\"48 min\", \"6.2 h\"), rounded as the terminal rounds them."},
		{"Simulation", "Discrete-event simulation of the map with its staffing; each figure is the mean over replications with a 95% confidence interval (Student t). What-if variants use common random numbers, so their differences from the base are not noise."},
	} {
		add(d[0], d[1])
	}
	return b.table(SheetMethod, cols, rows)
}
