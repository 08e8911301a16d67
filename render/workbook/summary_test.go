package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
)

// example analyses the example log against its map, as flowmap report does.
// The analysis and its diagram are made once per test binary (Graphviz is
// slow under the race detector); tests get their own copy of the Input and
// must not change the shared *analysis.Result.
func example(t *testing.T) (*analysis.Result, Input) {
	t.Helper()
	ex, err := exampleOnce()
	if err != nil {
		t.Fatal(err)
	}
	return ex.Analysis, ex
}

var exampleOnce = sync.OnceValues(func() (Input, error) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		return Input{}, err
	}
	l, err := eventlog.ReadFile("../../examples/orders.csv.gz", eventlog.Options{})
	if err != nil {
		return Input{}, err
	}
	stats, err := mapping.ComputeStats(m)
	if err != nil {
		return Input{}, err
	}
	r := analysis.Analyze(l, analysis.Options{Map: m})
	var png bytes.Buffer
	if err := diagram.Render(context.Background(), diagram.AnalysisDOT(r, m, diagram.AnalysisOptions{}), diagram.FormatPNG, &png); err != nil {
		return Input{}, err
	}
	return Input{Map: m, MapFile: "order-fulfillment.yaml", MapStats: stats, Analysis: r, DiagramPNG: png.Bytes()}, nil
})

func write(t *testing.T, in Input) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, data
}

// columnA is the Summary's column A, row by row ("" for empty rows, which
// are left out).
func columnA(t *testing.T, f *excelize.File) (texts []string, rows []int) {
	t.Helper()
	all, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range all {
		if len(r) > 0 && r[0] != "" {
			texts = append(texts, r[0])
			rows = append(rows, i+1)
		}
	}
	return texts, rows
}

// TestPageOneOrder: the Summary reads what to fix first (the ranked
// sentences with their evidence), the three worst bottlenecks with their
// causes, the key figures, in this order, with durations as numbers.
func TestPageOneOrder(t *testing.T) {
	r, in := example(t)
	yes, no := true, false
	what := "warehouse.capacity=5"
	sla := 0.05
	r.Recommendations = []analysis.Recommendation{
		{Rank: 1, Step: "Picked", Owner: "warehouse", Internal: &yes, Cause: "unavailability", ShareOfCause: 0.61,
			Lever: "longer or shifted working hours", WhatIf: &what,
			Gain:     &analysis.Gain{P90CycleTimeSeconds: -3.2 * 3600, CI95: [2]float64{-4.1 * 3600, -2.3 * 3600}, SLAShare: &sla},
			Sentence: "Open the warehouse on Saturdays: orders wait for it to open."},
		{Rank: 2, Step: "Picked up by carrier", Owner: "carrier", Internal: &no, Cause: "extraneous", ShareOfCause: 0.9,
			Lever: "the external party (SLA)", Sentence: "Agree a pickup time with the carrier."},
		{Rank: 3, Step: "Tracking entered", Cause: "manual_re_entry", Lever: "automation", Sentence: "Automate copying tracking numbers into Shopify."},
	}
	f, _ := write(t, in)
	texts, rows := columnA(t, f)
	at := map[string]int{}
	for i, s := range texts {
		at[s] = rows[i]
	}
	b := r.Bottlenecks
	want := []string{
		"Where the time goes — Order fulfillment",
		"2,392 cases and 26,464 events from orders.csv.gz, 2026-09-07 to 2026-11-18.",
		"What to fix first",
		"1. Open the warehouse on Saturdays: orders wait for it to open.",
		"    Cause: closed hours (61% of the waiting at Picked) · lever: longer or shifted working hours · try: flowmap simulate --set warehouse.capacity=5 · measured: p90 cycle time −3.2 h (95% CI −4.1 to −2.3 h), within the target +5 pts",
		"2. Agree a pickup time with the carrier.",
		"    Cause: other (external) causes (90% of the waiting at Picked up by carrier) · outside the team's control · lever: the external party (SLA)",
		"3. Automate copying tracking numbers into Shopify.",
		"    Flag: manual re-entry · lever: automation",
		"The three worst bottlenecks",
		"Step",
		"1. Pick and pack (" + b[0].Activity + ")",
		"2. Notify warehouse (re-key order into WMS) (" + b[1].Activity + ")",
		"3. Copy tracking number into Shopify (" + b[2].Activity + ")",
		"1. Pick and pack (Picked): half the cases wait over 36 min; 1 in 10 over 1.9 d; up to 48 cases waiting at once.",
		"2. Notify warehouse (re-key order into WMS) (Warehouse notified): half the cases wait over 34 min; 1 in 10 over 12 h; up to 43 cases waiting at once.",
		"3. Copy tracking number into Shopify (Tracking entered): most cases don't wait; 1 in 10 waits over 11 h; up to 37 cases waiting at once.",
		"Key figures",
		"Cases",
		"Cycle time, median",
		"Cycle time, 1 in 10 cases over",
		"Cases within the cycle-time target",
		"Waiting per case (average)",
		"Handoffs between teams per case (average)",
		"System switches per case (average)",
		"Cases following the workshop map",
		"Bad rows skipped",
		"Map: expected staff work per case",
		"Where cases wait, and why",
	}
	if len(texts) < len(want) {
		t.Fatalf("the Summary's column A has %d texts, want at least %d:\n%s", len(texts), len(want), strings.Join(texts, "\n"))
	}
	for i, w := range want {
		if texts[i] != w {
			t.Errorf("Summary text %d (row %d) = %q, want %q", i+1, rows[i], texts[i], w)
		}
	}
	// One headline handoff figure.
	for _, s := range texts {
		if strings.Contains(s, "Handoffs between people") || strings.Contains(s, "expected handoffs") {
			t.Errorf("a second handoff figure on the Summary: %q", s)
		}
	}
	// The bottleneck table: figures per case, durations in the span format.
	cases := float64(r.Log.Cases)
	for i := range 3 {
		row := at["1. Pick and pack ("+b[0].Activity+")"] + i
		checkNum(t, f, SheetSummary, cellName(2, row), b[i].ShareOfWait)
		checkFormat(t, f, SheetSummary, cellName(2, row), fmtPercent)
		checkSpan(t, f, cellName(3, row), b[i].TotalWait/cases)
		checkSpan(t, f, cellName(4, row), b[i].P90Wait)
		checkNum(t, f, SheetSummary, cellName(5, row), float64(b[i].PeakQueue))
		var c analysis.Causes
		for _, s := range r.WaitCauses.ByStep {
			if s.Activity == b[i].Activity {
				c = s.Causes
			}
		}
		checkCell(t, f, SheetSummary, cellName(6, row), causePhrase(c))
	}
	checkCell(t, f, SheetSummary, cellName(6, at["1. Pick and pack ("+b[0].Activity+")"]), "72% closed hours, 28% busy with earlier work")
	checkSpan(t, f, cellName(2, at["Cycle time, median"]), r.CycleTime.Median)
	checkSpan(t, f, cellName(2, at["Cycle time, 1 in 10 cases over"]), r.CycleTime.P90)
	total := 0.0
	for _, x := range b {
		total += x.TotalWait
	}
	checkSpan(t, f, cellName(2, at["Waiting per case (average)"]), total/cases)
	checkNum(t, f, SheetSummary, cellName(2, at["Handoffs between teams per case (average)"]), r.Handoffs.Owner.PerCase.Mean)
	checkCell(t, f, SheetSummary, cellName(3, at["Handoffs between teams per case (average)"]), "the map expects 7.01")
}

// TestPageOneWithoutRecommendations: an empty list says so plainly and
// points at the bottlenecks.
func TestPageOneWithoutRecommendations(t *testing.T) {
	r, in := example(t)
	r.Recommendations = nil // the example has recommendations; this page has none
	f, _ := write(t, in)
	texts, _ := columnA(t, f)
	if len(texts) < 5 || texts[2] != "What to fix first" ||
		texts[3] != "Nothing is ranked yet: this analysis has no recommendation for this log. Start with the three worst bottlenecks below and the causes of their waiting." ||
		texts[4] != "The three worst bottlenecks" {
		t.Errorf("Summary begins\n%s", strings.Join(texts[:min(6, len(texts))], "\n"))
	}
}

func TestCausePhrase(t *testing.T) {
	for _, tt := range []struct {
		c    analysis.Causes
		want string
	}{
		{analysis.Causes{WaitSeconds: 100, UnavailabilitySeconds: 61, BatchingSeconds: 20, ContentionSeconds: 19}, "61% closed hours, 20% batching, 19% busy with earlier work"},
		{analysis.Causes{WaitSeconds: 100, ExtraneousSeconds: 95, PrioritizationSeconds: 5}, "95% other (external) causes"},
		{analysis.Causes{WaitSeconds: 100, PrioritizationSeconds: 40, ContentionSeconds: 30, BatchingSeconds: 20, UnavailabilitySeconds: 10}, "40% newer work served first, 30% busy with earlier work, 20% batching"},
		{analysis.Causes{WaitSeconds: 100, BatchingSeconds: 5, ContentionSeconds: 5, ExtraneousSeconds: 4, UnavailabilitySeconds: 86}, "86% closed hours"},
		{analysis.Causes{}, "no waiting"},
	} {
		if got := causePhrase(tt.c); got != tt.want {
			t.Errorf("causePhrase(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestBottleneckSentence: never "a median 0 s … 1 in 10 over 11 h".
func TestBottleneckSentence(t *testing.T) {
	for _, tt := range []struct {
		b    analysis.Bottleneck
		step string
		want string
	}{
		{analysis.Bottleneck{Activity: "Tracking entered", Basis: "wait", MedianWait: 0, P90Wait: 11 * 3600, PeakQueue: 37}, "",
			"Tracking entered: most cases don't wait; 1 in 10 waits over 11 h; up to 37 cases waiting at once."},
		{analysis.Bottleneck{Activity: "Picked", Basis: "wait", MedianWait: 36 * 60, P90Wait: 1.9 * 86400, PeakQueue: 1}, "Pick and pack",
			"Pick and pack (Picked): half the cases wait over 36 min; 1 in 10 over 1.9 d."},
		{analysis.Bottleneck{Activity: "Paid", Basis: "sojourn", MedianWait: 0, P90Wait: 30}, "",
			"Paid: cases hardly take any time."},
		// receipt's T06: no "most cases don't take".
		{analysis.Bottleneck{Activity: "T06 Determine necessity of stop advice", Basis: "sojourn", MedianWait: 46, P90Wait: 4.9 * 86400, PeakQueue: 37}, "",
			"T06 Determine necessity of stop advice: most cases get through it within a minute; 1 in 10 takes over 4.9 d; up to 37 cases waiting at once."},
		{analysis.Bottleneck{Activity: "Shipped", Basis: "sojourn", MedianWait: 2 * 3600, P90Wait: 5 * 3600, PeakQueue: 4}, "",
			"Shipped: half the cases take over 2 h; 1 in 10 over 5 h; up to 4 cases waiting at once."},
	} {
		if got := bottleneckSentence(tt.b, tt.step); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

// TestPrintSetup: every sheet prints one page wide, landscape where wide,
// with its header row on every page and a footer naming it; the Summary
// prints A:J only.
func TestPrintSetup(t *testing.T) {
	_, in := example(t)
	f, data := write(t, in)
	landscape := map[string]bool{SheetSummary: true, SheetCauses: true, SheetBottlenecks: true, SheetSteps: true, SheetTransitions: true,
		SheetVariants: true, SheetQuality: true, SheetMap: true, SheetMethod: true}
	titles := map[string]string{}
	areas := map[string]string{}
	for _, d := range f.GetDefinedName() {
		switch d.Name {
		case "_xlnm.Print_Titles":
			titles[d.Scope] = d.RefersTo
		case "_xlnm.Print_Area":
			areas[d.Scope] = d.RefersTo
		}
	}
	for _, sh := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sh)
		if err != nil {
			t.Fatal(err)
		}
		orientation := "portrait"
		if landscape[sh] {
			orientation = "landscape"
		}
		if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 || pl.Orientation == nil || *pl.Orientation != orientation {
			t.Errorf("%s: page layout fit %v×%v, %v; want 1 page wide, any height, %s", sh, val(pl.FitToWidth), val(pl.FitToHeight), val(pl.Orientation), orientation)
		}
		props, err := f.GetSheetProps(sh)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page not set (%v)", sh, err)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || hf == nil || !strings.Contains(hf.OddFooter, "&A") || !strings.Contains(hf.OddFooter, "Page &P of &N") {
			t.Errorf("%s: footer %+v (%v)", sh, hf, err)
		}
		m, err := f.GetPageMargins(sh)
		if err != nil || m.Left == nil || *m.Left != 0.4 || m.Bottom == nil || *m.Bottom != 0.6 {
			t.Errorf("%s: margins %+v (%v)", sh, m, err)
		}
		want := "'" + sh + "'!$1:$1"
		if sh == SheetSummary || sh == SheetHandoffs {
			want = ""
		}
		if titles[sh] != want {
			t.Errorf("%s: print titles %q, want %q", sh, titles[sh], want)
		}
	}
	if a := areas[SheetSummary]; !regexp.MustCompile(`^'Summary'!\$A\$1:\$J\$\d+$`).MatchString(a) {
		t.Errorf("Summary print area %q, want A:J", a)
	}
	// No chart or picture of the Summary crosses one of its page breaks,
	// and the charts start on page 2.
	breaks, anchors := summaryBreaksAndAnchors(t, data)
	if len(breaks) < 2 {
		t.Fatalf("Summary page breaks %v, want one before the charts and one before the queue chart", breaks)
	}
	if len(anchors) != 4 {
		t.Errorf("%d pictures on the Summary, want 3 charts and the diagram", len(anchors))
	}
	// Each page after the first holds no more than a landscape page fitted
	// to the width of A:J holds (pageRows rows of 15 points).
	last, _ := strconv.Atoi(regexp.MustCompile(`\d+$`).FindString(areas[SheetSummary]))
	ends := append(append([]int{}, breaks[1:]...), last)
	for i, k := range breaks {
		height := 0.0
		for row := k + 1; row <= ends[i]; row++ {
			h, err := f.GetRowHeight(SheetSummary, row)
			if err != nil {
				t.Fatal(err)
			}
			height += h
		}
		if height > pageRows*15 {
			t.Errorf("page %d of the Summary (rows %d–%d) is %.0f points high, more than a page holds (%d)", i+2, k+1, ends[i], height, pageRows*15)
		}
	}
	for _, a := range anchors {
		if a.from < breaks[0] {
			t.Errorf("a picture at row %d is on page 1 (first break above row %d)", a.from+1, breaks[0]+1)
		}
		for _, k := range breaks {
			if a.from < k && (a.to > k || a.to == k && a.toOff > 0) {
				t.Errorf("a picture spans rows %d–%d across the page break above row %d", a.from+1, a.to+1, k+1)
			}
		}
	}
}

func val[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

type anchor struct{ from, to, toOff int }

// summaryBreaksAndAnchors reads the Summary's row breaks (0-based: the row
// a page starts with) and its pictures' anchors from the package.
func summaryBreaksAndAnchors(t *testing.T, data []byte) ([]int, []anchor) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				b, _ := io.ReadAll(rc)
				return string(b)
			}
		}
		t.Fatalf("no %s in the package", name)
		return ""
	}
	var breaks []int
	for _, m := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(read("xl/worksheets/sheet1.xml"), -1) {
		n, _ := strconv.Atoi(m[1])
		breaks = append(breaks, n)
	}
	var anchors []anchor
	re := regexp.MustCompile(`<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row><xdr:rowOff>(\d+)</xdr:rowOff>`)
	for _, m := range re.FindAllStringSubmatch(read("xl/drawings/drawing1.xml"), -1) {
		var a anchor
		a.from, _ = strconv.Atoi(m[1])
		a.to, _ = strconv.Atoi(m[2])
		a.toOff, _ = strconv.Atoi(m[3])
		anchors = append(anchors, a)
	}
	return breaks, anchors
}

// TestDiagramCaption: the caption says what orange means in the picture:
// a handoff between owners, or a change of system when lanes are systems.
func TestDiagramCaption(t *testing.T) {
	_, in := example(t)
	for _, tc := range []struct {
		bySystem bool
		want     string
	}{
		{false, "The process as measured (steps coloured by median wait; orange edges are handoffs)"},
		{true, "The process as measured (steps coloured by median wait; orange edges change system)"},
	} {
		in.LanesBySystem = tc.bySystem
		f, _ := write(t, in)
		found := false
		texts, _ := columnA(t, f)
		for _, line := range texts {
			found = found || line == tc.want
		}
		if !found {
			t.Errorf("LanesBySystem=%v: the Summary lacks %q", tc.bySystem, tc.want)
		}
	}
}

// TestEvidenceShareOf: the evidence line says what a share is of — a
// share of cases is never called a share of the waiting.
func TestEvidenceShareOf(t *testing.T) {
	for _, tt := range []struct {
		rec  analysis.Recommendation
		want string
	}{
		{analysis.Recommendation{Step: "T17", Cause: "repeat_approvals", ShareOfCause: 0.1, ShareOf: "cases that reach the step"},
			"Flag: repeat approvals (10% of the cases that reach T17)"},
		{analysis.Recommendation{Step: "T02", Cause: "rework", ShareOfCause: 0.03, ShareOf: "cases that reach the step"},
			"Flag: rework (a check done again) (3% of the cases that reach T02)"},
		{analysis.Recommendation{Step: "pick_pack", Cause: "unavailability", ShareOfCause: 0.61, ShareOf: "waiting at the step"},
			"Cause: closed hours (61% of the waiting at pick_pack)"},
		{analysis.Recommendation{Cause: "exceptions", ShareOfCause: 0.41, ShareOf: "all case time"},
			"Flag: costly exceptions (41% of all case time)"},
	} {
		if got := evidence(tt.rec); got != tt.want {
			t.Errorf("evidence = %q, want %q", got, tt.want)
		}
	}
}

// checkSpan checks that a Summary cell holds seconds as the terminal reads
// them: the number in format.Unit's unit, with that unit's format.
func checkSpan(t *testing.T, f *excelize.File, cell string, seconds float64) {
	t.Helper()
	unit, div := format.Unit(seconds)
	checkNum(t, f, SheetSummary, cell, seconds/div)
	checkFormat(t, f, SheetSummary, cell, spanFormat(unit))
}

// TestSpanReadsAsTerminal: a Summary duration is the number the terminal
// prints, in its unit, rounded by the format, never cut: receipt's median
// cycle time of 47:48 reads 48 min (the [m] format read 47), 17:18 h reads
// 17 h beside 2.1 d, not "17:18 h".
func TestSpanReadsAsTerminal(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		seconds float64
		value   float64
		format  string
		reads   string // format.Duration, the terminal's reading
	}{
		{47*60 + 48, 47.8, `[<10]0.0" min";#,##0" min"`, "48 min"},
		{17*3600 + 18*60, 17.3, `[<10]0.0" h";#,##0" h"`, "17 h"},
		{2.1 * 86400, 2.1, `[<10]0.0" d";#,##0" d"`, "2.1 d"},
		{9.84 * 60, 9.84, `[<10]0.0" min";#,##0" min"`, "9.8 min"},
		{46, 46, `[<10]0.0" s";#,##0" s"`, "46 s"},
	} {
		v, style := st.spanOf(tt.seconds)
		got, ok := v.(float64)
		if !ok || math.Abs(got-tt.value) > 0.05 {
			t.Errorf("spanOf(%v) = %v, want about %v", tt.seconds, v, tt.value)
		}
		s, err := f.GetStyle(style)
		if err != nil || s.CustomNumFmt == nil || *s.CustomNumFmt != tt.format {
			t.Errorf("spanOf(%v): format %v (%v), want %q", tt.seconds, s, err, tt.format)
		}
		// The format rounds as the terminal does: whole from 10, else tenths.
		shown := strconv.FormatFloat(math.Round(got*10)/10, 'f', -1, 64)
		if got >= 10 {
			shown = strconv.FormatFloat(math.Round(got), 'f', -1, 64)
		}
		unit, _ := format.Unit(tt.seconds)
		if shown+" "+unit != tt.reads || format.Duration(tt.seconds) != tt.reads {
			t.Errorf("%v s reads %q in the workbook, %q in the terminal, want %q", tt.seconds, shown+" "+unit, format.Duration(tt.seconds), tt.reads)
		}
	}
	if v, _ := st.spanOf(math.NaN()); v != nil {
		t.Errorf("spanOf(NaN) = %v, want an empty cell", v)
	}
}
