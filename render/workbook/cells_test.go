package workbook

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TestCellsKeepsFirstError: writes to a sheet that does not exist fail, and
// the first failure is the one reported, with the sheet's name.
func TestCellsKeepsFirstError(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	cw := &cells{f: f, sheet: "No such sheet"}
	if cw.err() != nil {
		t.Fatal("error before any write")
	}
	cw.set("A1", 42, 0)
	first := cw.err()
	if first == nil || !strings.Contains(first.Error(), "No such sheet") {
		t.Fatalf("err = %v, want the missing sheet", first)
	}
	cw.text("A2", "x", 0)
	cw.check(errors.New("a later error"))
	if cw.err() != first {
		t.Errorf("err = %v, want the first error %v", cw.err(), first)
	}

	ok := &cells{f: f, sheet: "Sheet1"}
	ok.set("A1", 42, 0)
	ok.text("A2", "=1+1", 0)
	if ok.err() != nil {
		t.Errorf("writes to an existing sheet: %v", ok.err())
	}
}

// TestSummaryReturnsCellErrors: the Summary's cell writes used to drop their
// errors; now a Summary that cannot be written is an error.
func TestSummaryReturnsCellErrors(t *testing.T) {
	f := excelize.NewFile() // its only sheet is "Sheet1": there is no Summary
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{f: f, st: st, in: Input{Simulation: &Simulation{Headline: []string{"A peak leaves 98 orders in process."}}}}
	err = b.summary()
	if err == nil || !strings.Contains(err.Error(), "Summary") || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("summary() = %v, want an error about the missing Summary sheet", err)
	}
}

// TestLongSummaryLine: a line too long for Excel's highest row (409 points)
// gets the highest row instead of an error (or, before, no height at all).
func TestLongSummaryLine(t *testing.T) {
	long := strings.Repeat("A long headline of a simulation. ", 200) // 6,600 characters
	sim := &Simulation{Scenario: "flash.yaml", Replications: 2, Headline: []string{"short", long}}
	var buf bytes.Buffer
	if err := Write(&buf, Input{Simulation: sim}); err != nil {
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
	for i, r := range rows {
		if len(r) > 0 && r[0] == long {
			h, err := f.GetRowHeight(SheetSummary, i+1)
			if err != nil || h != excelize.MaxRowHeight {
				t.Errorf("row height %v (%v), want %d", h, err, excelize.MaxRowHeight)
			}
			return
		}
	}
	t.Error("the Summary lacks the long headline")
}

func TestFitCell(t *testing.T) {
	long := strings.Repeat("é", 40000)
	got := fitCell(long)
	if n := utf8.RuneCountInString(got); n > excelize.TotalCellChars || n < excelize.TotalCellChars-20 {
		t.Errorf("cut to %d characters", n)
	}
	if !strings.HasSuffix(got, "more characters; an Excel cell holds 32,767]") || !strings.Contains(got, "[cut: 72") {
		t.Errorf("no note: …%s", got[len(got)-80:])
	}
	for _, s := range []string{"", "short", strings.Repeat("x", excelize.TotalCellChars), strings.Repeat("ü", excelize.TotalCellChars)} {
		if fitCell(s) != s {
			t.Errorf("a %d-character text was changed", utf8.RuneCountInString(s))
		}
	}
}
