package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
)

// The log includes activity names that a spreadsheet would take for
// formulas: they must come back literally, never as formulas.
const hostileLog = `case_id,activity,timestamp,resource
1,Order placed,2024-01-01T10:00:00Z,web
1,"=HYPERLINK(""http://evil.example"",""click"")",2024-01-01T11:00:00Z,ann
1,Picked,2024-01-01T16:00:00Z,ann
1,Packed,2024-01-01T16:30:00Z,bob
2,Order placed,2024-01-02T10:00:00Z,web
2,@SUM(A1),2024-01-02T10:30:00Z,+cmd|' /C calc'!A0
2,Picked,2024-01-02T12:00:00Z,bob
3,Order placed,2024-01-03T10:00:00Z,web
3,Picked,2024-01-03T18:00:00Z,ann
3,Picked,2024-01-03T19:00:00Z,ann
`

func build(t *testing.T, withMap bool) (*analysis.Result, *excelize.File, Input) {
	t.Helper()
	l, err := eventlog.ReadCSV(strings.NewReader(hostileLog), "hostile.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Command: "flowmap analyze hostile.csv", Generated: "2026-11-27"}
	var m *mapping.Map
	if withMap {
		if m, err = mapping.ReadFile("../../examples/order-fulfillment.yaml"); err != nil {
			t.Fatal(err)
		}
		in.Map, in.MapFile = m, "order-fulfillment.yaml"
		in.MapStats, _ = mapping.ComputeStats(m)
	}
	r := analysis.Analyze(l, analysis.Options{Map: m})
	in.Analysis = r
	var png bytes.Buffer
	if err := diagram.Render(context.Background(), diagram.AnalysisDOT(r, m, diagram.AnalysisOptions{}), diagram.FormatPNG, &png); err != nil {
		t.Fatal(err)
	}
	in.DiagramPNG = png.Bytes()
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return r, f, in
}

func TestSheets(t *testing.T) {
	_, f, _ := build(t, true)
	want := []string{SheetSummary, SheetFixes, SheetBottlenecks, SheetCauses, SheetSteps, SheetTransitions, SheetHandoffs, SheetVariants, SheetQueues, SheetQuality, SheetMap, SheetMethod}
	got := f.GetSheetList()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets = %v, want %v", got, want)
	}
}

// TestNoFormulaInjection: input text is stored as text.
func TestNoFormulaInjection(t *testing.T) {
	_, f, _ := build(t, false)
	for _, sheet := range []string{SheetSteps, SheetTransitions, SheetVariants, SheetBottlenecks, SheetHandoffs} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for r, row := range rows {
			for c, v := range row {
				cell := cellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds formula %q", sheet, cell, formula)
				}
				for _, w := range []string{`=HYPERLINK("http://evil.example","click")`, "@SUM(A1)", "+cmd|' /C calc'!A0"} {
					if strings.Contains(v, w) {
						found[w] = true
					}
				}
			}
		}
		if sheet == SheetSteps && (!found[`=HYPERLINK("http://evil.example","click")`] || !found["@SUM(A1)"]) {
			t.Errorf("%s: hostile activity names not shown literally: %v", sheet, found)
		}
		if sheet == SheetHandoffs && !found["+cmd|' /C calc'!A0"] {
			t.Errorf("%s: hostile resource name not shown literally", sheet)
		}
	}
}

// TestNumbersMatchAnalysis reads key cells back and compares them with the
// analysis result the JSON output carries.
func TestNumbersMatchAnalysis(t *testing.T) {
	r, f, _ := build(t, true)
	// Bottlenecks: row 2 is the worst one; durations are days.
	b := r.Bottlenecks[0]
	checkCell(t, f, SheetBottlenecks, "B2", b.Activity)
	checkNum(t, f, SheetBottlenecks, "E2", b.TotalWait/86400)
	checkNum(t, f, SheetBottlenecks, "F2", b.ShareOfWait)
	checkNum(t, f, SheetBottlenecks, "G2", b.MedianWait/86400)
	checkFormat(t, f, SheetBottlenecks, "E2", fmtDuration)
	checkFormat(t, f, SheetBottlenecks, "F2", "0.0%")
	// Transitions: sorted by count as in the JSON.
	tr := r.Transitions[0]
	checkCell(t, f, SheetTransitions, "A2", tr.From)
	checkCell(t, f, SheetTransitions, "B2", tr.To)
	checkNum(t, f, SheetTransitions, "E2", float64(tr.Count))
	checkNum(t, f, SheetTransitions, "F2", tr.Duration.Median/86400)
	checkFormat(t, f, SheetTransitions, "F2", fmtDuration)
	// Variants.
	checkNum(t, f, SheetVariants, "B2", float64(r.Variants[0].Cases))
	// Steps: activity names verbatim with the map step beside them.
	rows, _ := f.GetRows(SheetSteps)
	steps := map[string]string{}
	for _, row := range rows[1:] {
		if len(row) > 1 {
			steps[row[0]] = row[1]
		}
	}
	if steps["Picked"] != "pick_pack" || steps["Order placed"] != "place_order" {
		t.Errorf("Steps sheet activity→step = %v", steps)
	}
	// Frozen header rows.
	for _, sheet := range []string{SheetBottlenecks, SheetSteps, SheetTransitions, SheetVariants} {
		p, err := f.GetPanes(sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", sheet, p, err)
		}
	}
	// The summary names the worst bottleneck and the cycle time.
	sum, _ := f.GetRows(SheetSummary)
	text := ""
	for _, row := range sum {
		text += strings.Join(row, " ") + "\n"
	}
	if !strings.Contains(text, "1. Pick and pack ("+b.Activity+") ") || !strings.Contains(text, "Cycle time, median") {
		t.Errorf("summary lacks the worst bottleneck or cycle time:\n%s", text)
	}
}

func TestChartsAndImage(t *testing.T) {
	_, f, _ := build(t, true)
	pics, err := f.GetPictures(SheetSummary, findPictureCell(t, f))
	if err != nil || len(pics) != 1 || !bytes.HasPrefix(pics[0].File, []byte("\x89PNG")) {
		t.Errorf("summary picture: %d pictures, %v", len(pics), err)
	}
	// excelize has no chart reader; count the chart parts in the package.
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	charts := bytes.Count(buf.Bytes(), []byte("xl/charts/chart"))
	if charts < 2 {
		t.Errorf("%d chart parts, want a bar and a line chart", charts)
	}
}

func findPictureCell(t *testing.T, f *excelize.File) string {
	t.Helper()
	cells, err := f.GetPictureCells(SheetSummary)
	if err != nil || len(cells) == 0 {
		t.Fatalf("no picture on the summary: %v", err)
	}
	return cells[0]
}

func TestMapOnlyWorkbook(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/returns-refund.yaml")
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := mapping.ComputeStats(m)
	var buf bytes.Buffer
	if err := Write(&buf, Input{Map: m, MapStats: stats, MapFile: "returns-refund.yaml"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Summary|Map|Method" {
		t.Errorf("sheets = %s", got)
	}
	checkCell(t, f, SheetSummary, "A5", "Map: expected handoffs per case")
	checkNum(t, f, SheetSummary, "B5", stats.Expected.Handoffs)
}

func checkCell(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	got, err := f.GetCellValue(sheet, cell)
	if err != nil || got != want {
		t.Errorf("%s!%s = %q (%v), want %q", sheet, cell, got, err, want)
	}
}

func checkNum(t *testing.T, f *excelize.File, sheet, cell string, want float64) {
	t.Helper()
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s!%s = %q, want %v", sheet, cell, raw, want)
	}
}

func checkFormat(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil || *st.CustomNumFmt != want {
		t.Errorf("%s!%s number format = %v, want %q", sheet, cell, st.CustomNumFmt, want)
	}
	if st.Font == nil || st.Font.Family != Font {
		t.Errorf("%s!%s font = %+v, want %s", sheet, cell, st.Font, Font)
	}
}

func TestSimulationSheet(t *testing.T) {
	sim := &Simulation{Scenario: "flash.yaml", Replications: 10, Headline: []string{"A peak leaves 98 orders in process."},
		Variants: []SimVariant{
			{Name: "base", Metrics: []SimMetric{
				{Name: "Cycle time, p90", Kind: "duration", Est: Estimate{Mean: 7200, Low: 3600, High: 10800, HasCI: true}},
				{Name: "Wait before unlimited step", Kind: "duration", Est: Estimate{}},
				{Name: "Orders within the SLA", Kind: "share", Est: Estimate{Mean: 0.7, Low: 0.68, High: 0.72, HasCI: true}},
			}},
			{Name: "more pickers", Metrics: []SimMetric{
				{Name: "Cycle time, p90", Kind: "duration", Est: Estimate{Mean: 3600, HasCI: false}, Diff: &Estimate{Mean: -3600, Low: -5400, High: -1800, HasCI: true}},
				{Name: "Wait before unlimited step", Kind: "duration", Est: Estimate{}, Diff: &Estimate{}},
				{Name: "Orders within the SLA", Kind: "share", Est: Estimate{Mean: 0.8}, Diff: &Estimate{Mean: 0.1}},
			}},
		}}
	var buf bytes.Buffer
	if err := Write(&buf, Input{Simulation: sim}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetSimulation)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || rows[0][2] != "base: mean" || rows[0][5] != "more pickers: mean" || rows[0][8] != "more pickers: difference from base" {
		t.Fatalf("header = %v", rows[0])
	}
	if rows[1][0] != "Cycle time, p90" || rows[2][0] != "Orders within the SLA" {
		t.Errorf("metric rows = %v / %v (the all-zero row must be left out)", rows[1], rows[2])
	}
	checkNum(t, f, SheetSimulation, "C2", 2)  // 7200 s in hours
	checkNum(t, f, SheetSimulation, "I2", -1) // difference -3600 s
	checkNum(t, f, SheetSimulation, "C3", 70) // percent
	sum, _ := f.GetRows(SheetSummary)
	found := false
	for _, r := range sum {
		for _, c := range r {
			found = found || c == "A peak leaves 98 orders in process."
		}
	}
	if !found {
		t.Error("the Summary lacks the peak projection")
	}
}

// TestWorkbookBytesStable: the same input gives the same bytes on every run
// (excelize alone orders zip parts and content types at random), with
// [Content_Types].xml first, and the result still opens.
func TestWorkbookBytesStable(t *testing.T) {
	_, _, in := build(t, true)
	var first []byte
	for i := range 4 {
		var buf bytes.Buffer
		if err := Write(&buf, in); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
			zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
			if err != nil {
				t.Fatal(err)
			}
			if zr.File[0].Name != "[Content_Types].xml" || zr.File[1].Name != "_rels/.rels" {
				t.Errorf("first parts %s, %s", zr.File[0].Name, zr.File[1].Name)
			}
			continue
		}
		if !bytes.Equal(buf.Bytes(), first) {
			t.Fatalf("run %d wrote different bytes", i+1)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) < 5 || got[0] != SheetSummary {
		t.Errorf("sheets %v", got)
	}
}

// TestPoorFitWarning: when the map fits the log poorly, the Summary says so
// near the top, with the causes and their counts; when it fits, it does not.
func TestPoorFitWarning(t *testing.T) {
	const poorMap = `
process: Poorly fitting
owners: [{id: shop, name: Shop}]
steps:
  - {id: place, name: Order placed, owner: shop, start: true, next: [ship]}
  - {id: ship, name: Ship the parcel, owner: shop}
`
	m, err := mapping.Parse("poor.yaml", []byte(poorMap))
	if err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadCSV(strings.NewReader(hostileLog), "hostile.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	summary := func(m *mapping.Map) string {
		var buf bytes.Buffer
		if err := Write(&buf, Input{Analysis: analysis.Analyze(l, analysis.Options{Map: m}), Map: m}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(SheetSummary)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for i, r := range rows {
			if i < 10 && len(r) > 0 {
				lines = append(lines, r[0])
			}
		}
		return strings.Join(lines, "\n")
	}
	got := summary(m)
	for _, want := range []string{
		"Warning: the map fits this log poorly: 30% of events map to a step and 0% of cases follow a path the map allows, because",
		`• 70% of events (7) belong to activities no step claims: "Picked" (4), "=HYPERLINK(\"http://evil.example\",\"click\")" (1), "@SUM(A1)" (1), … 1 more.`,
		`• 1 step of the map is never recorded in the log and lies on every path: "Ship the parcel" (if the log records it under another name, add that to its log_names).`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the Summary's first rows lack\n%s\nin\n%s", want, got)
		}
	}
	good, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(good); strings.Contains(got, "fits this log poorly") {
		t.Errorf("a warning with a map that fits:\n%s", got)
	}
}

// TestFixesSheet: every recommendation is a row of the "What to fix" sheet
// (the Summary shows the first five), with its sentence and what-if.
func TestFixesSheet(t *testing.T) {
	what := "warehouse.capacity=5"
	r := &analysis.Result{Log: analysis.LogInfo{Cases: 1}}
	for i := range 7 {
		rec := analysis.Recommendation{Rank: i + 1, Step: fmt.Sprint("step", i), Cause: "single_person", ShareOfCause: 0.5,
			ShareOf: "instances of the step", AddressedSeconds: 3600, Lever: "train", Sentence: fmt.Sprint("Fix number ", i+1, ".")}
		if i == 0 {
			rec.WhatIf = &what
		}
		r.Recommendations = append(r.Recommendations, rec)
	}
	var buf bytes.Buffer
	if err := Write(&buf, Input{Analysis: r}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(SheetFixes)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range rows {
		if len(row) == 9 && row[0] != "Rank" {
			got = append(got, row[0]+" "+row[2]+" "+row[7]+" "+row[8])
		}
	}
	want := "1 single person warehouse.capacity=5 Fix number 1.|2 single person  Fix number 2."
	if len(got) != 7 || strings.Join(got[:2], "|") != want || !strings.HasSuffix(got[6], "Fix number 7.") {
		t.Errorf("rows %q, want 7 starting %q", got, want)
	}
	summary, _ := f.GetRows(SheetSummary)
	found := false
	for _, row := range summary {
		for _, c := range row {
			found = found || strings.Contains(c, `… and 2 more on the "What to fix" sheet.`)
		}
	}
	if !found {
		t.Error("the Summary does not point at the What to fix sheet for the rest")
	}
}
