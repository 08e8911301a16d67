package workbook

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
)

// TestWrappedRowsFitTheirText: a wrapped text never runs over the rows
// below it. Printed, a column 90 wide holds about 120 characters of 10
// points a line (receipt's Bottlenecks sheet), a header column 12 wide
// about 12 bold ones; each row is at least as tall as its lines at that.
func TestWrappedRowsFitTheirText(t *testing.T) {
	r, in := example(t)
	f, _ := write(t, in)
	for i, x := range r.Bottlenecks {
		row := i + 2
		lines := math.Ceil(float64(len([]rune(x.Reason))) / 125)
		h, err := f.GetRowHeight(SheetBottlenecks, row)
		if err != nil {
			t.Fatal(err)
		}
		if h < 12.5*lines {
			t.Errorf("Bottlenecks row %d is %.1f points high for %.0f lines of %q", row, h, lines, x.Reason)
		}
		if lines == 1 && h > 20 {
			t.Errorf("Bottlenecks row %d is %.1f points high for one line", row, h)
		}
	}
	// The header row: "Share of all waiting" in 12 characters is 2 lines.
	if h, _ := f.GetRowHeight(SheetBottlenecks, 1); h < 2*12.5 {
		t.Errorf("Bottlenecks header row is %.1f points high, want 2 lines", h)
	}
	// A table's note spans the table, in a row as tall as its text.
	noteRow := len(r.Activities) + 3
	merged, err := f.GetMergeCells(SheetSteps)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range merged {
		if m.GetStartAxis() == cellName(1, noteRow) && m.GetEndAxis() == cellName(13, noteRow) {
			found = true
			note := m.GetCellValue()
			// The Steps sheet is about 170 characters wide.
			if h, _ := f.GetRowHeight(SheetSteps, noteRow); h < 12.5*math.Ceil(float64(len(note))/240) {
				t.Errorf("the Steps note's row is %.1f points high for %d characters", h, len(note))
			}
		}
	}
	if !found {
		t.Errorf("the Steps note (row %d) spans no columns: %v", noteRow, merged)
	}
	// A log without start times: "Share of all time from the previous
	// step" in column B (14 wide) is three lines of bold text.
	_, hf, _ := build(t, false)
	texts, rows := columnA(t, hf)
	for i, s := range texts {
		if s != "Step" {
			continue
		}
		got, _ := hf.GetCellValue(SheetSummary, cellName(2, rows[i]))
		if got != "Share of all time from the previous step" {
			t.Fatalf("Summary B%d = %q", rows[i], got)
		}
		if h, _ := hf.GetRowHeight(SheetSummary, rows[i]); h < 3*12.5 {
			t.Errorf("the Summary's bottleneck header row is %.1f points high: %q is cut", h, got)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	for _, tt := range []struct {
		text    string
		perLine int
		want    int
	}{
		{"", 10, 1},
		{"Share of all waiting", 11, 2},
		{"Share of all time from the previous step", 12, 4},
		{"Share of all time from the previous step", 14, 3},
		{"abcdefghijklmnopqrstuvwxyz", 10, 3},
		{"one\ntwo", 80, 2},
	} {
		if got := wrappedLines(tt.text, tt.perLine); got != tt.want {
			t.Errorf("wrappedLines(%q, %d) = %d, want %d", tt.text, tt.perLine, got, tt.want)
		}
	}
}

// TestDurationsReadInDays: a long duration reads in days, not as
// "73283:13:33"; a short one to the second (rounded, never cut).
func TestDurationsReadInDays(t *testing.T) {
	r, f, _ := build(t, false)
	checkFormat(t, f, SheetBottlenecks, "E2", `[<2][h]:mm:ss;#,##0.0" d"`)
	checkNum(t, f, SheetBottlenecks, "E2", r.Bottlenecks[0].TotalWait/86400)
	checkFormat(t, f, SheetTransitions, "F2", `[<2][h]:mm:ss;#,##0.0" d"`)
}

// TestQueueChartAxis: the queue chart's categories are text labels right
// of the Summary's print area, a date every skip-th sample and blanks
// between, slanted, so that no printer draws a hundred dates on top of
// each other.
func TestQueueChartAxis(t *testing.T) {
	r, in := example(t)
	f, data := write(t, in)
	xml := chartXML(t, data)
	n := len(r.Queues[0].Times)
	ref := fmt.Sprintf("'Summary'!$T$2:$T$%d", n+1)
	if !strings.Contains(xml, "<cat><strRef><f>"+ref+"</f>") && !strings.Contains(xml, "<f>"+ref+"</f>") {
		t.Fatalf("the queue chart's categories are not %s", ref)
	}
	if !strings.Contains(xml, `rot="-2700000"`) {
		t.Error("the queue chart's dates are not slanted")
	}
	skip := regexp.MustCompile(`<tickLblSkip val="(\d+)"`).FindStringSubmatch(xml)
	labels := 0
	for i := range n {
		v, _ := f.GetCellValue(SheetSummary, cellName(queueLabelCol, 2+i))
		if v != "" {
			labels++
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(v) {
				t.Errorf("label %d = %q, want a date", i, v)
			}
			if skip == nil || fmt.Sprint(i%atoi(skip[1])) != "0" {
				t.Errorf("label %d is not on a skipped tick (%v)", i, skip)
			}
		}
	}
	if labels < 4 || labels > queueTicks+1 {
		t.Errorf("%d of %d samples are labelled, want about %d", labels, n, queueTicks)
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return max(n, 1)
}

// TestLongTablesPrintAFewPages: a table longer than printRows prints its
// first printRows rows, and every printed page says so (bpic2012 printed
// 110 pages, 71 of them waiting causes at a tiny width).
func TestLongTablesPrintAFewPages(t *testing.T) {
	r, in := example(t)
	for len(r.Variants) <= 400 {
		r.Variants = append(r.Variants, r.Variants...)
	}
	f, _ := write(t, in)
	var area string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Area" && d.Scope == SheetVariants {
			area = d.RefersTo
		}
	}
	if want := fmt.Sprintf("'Variants'!$A$1:$E$%d", printRows+1); area != want {
		t.Errorf("Variants print area %q, want %q", area, want)
	}
	hf, err := f.GetHeaderFooter(SheetVariants)
	if err != nil || !strings.Contains(hf.OddHeader, fmt.Sprintf("the first %d of %d rows", printRows, len(r.Variants))) {
		t.Errorf("Variants page header %+v (%v)", hf, err)
	}
	// A short table prints whole, with no such header.
	hf, _ = f.GetHeaderFooter(SheetBottlenecks)
	if hf.OddHeader != "" {
		t.Errorf("Bottlenecks page header %q", hf.OddHeader)
	}
}

// TestWhyWithoutStartTimes: without start times and without a working
// calendar nothing is known of the causes, and the Summary says only that.
func TestWhyWithoutStartTimes(t *testing.T) {
	split := func(nonWorking float64) *analysis.Result {
		return &analysis.Result{WaitCauses: &analysis.WaitCauses{Basis: analysis.CausesSojournOnly,
			SojournByStep: []analysis.StepSojourn{{Activity: "T06", SojournSplit: analysis.SojournSplit{Count: 3, SojournSeconds: 100, WorkingSeconds: 100 - nonWorking, NonWorkingSeconds: nonWorking}}}}}
	}
	for _, tt := range []struct {
		r    *analysis.Result
		want string
	}{
		{split(0), "no start times: causes unknown"},
		{split(35), "35% outside working hours; other causes unknown (no start times)"},
	} {
		if got := whyPhrase(tt.r, "T06"); got != tt.want {
			t.Errorf("whyPhrase = %q, want %q", got, tt.want)
		}
	}
}
