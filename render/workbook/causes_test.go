package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
)

// causesLog has start times: Anya's work on case 1 makes case 0 wait.
const causesLog = `case_id,Activity,start_time,end_time,Resource
0,A,2022-05-16T10:00:00,2022-05-16T10:30:00,Cole
0,B,2022-05-16T10:30:00,2022-05-16T11:30:00,Cole
0,C,2022-05-16T14:00:00,2022-05-16T15:00:00,Anya
1,A,2022-05-16T11:00:00,2022-05-16T12:00:00,Anya
1,B,2022-05-16T12:30:00,2022-05-16T14:00:00,Anya
`

// TestWaitCausesSheetAndChart: the Waiting causes sheet holds the
// analysis' figures as durations, and the Summary a stacked bar chart of
// the causes per bottleneck step.
func TestWaitCausesSheetAndChart(t *testing.T) {
	l, err := eventlog.ReadCSV(strings.NewReader(causesLog), "causes.csv", eventlog.Options{
		Case: "case_id", Activity: "Activity", Time: "end_time", StartTime: "start_time", Resource: "Resource"})
	if err != nil {
		t.Fatal(err)
	}
	cf, err := analysis.ParseCalendarFile("c.yaml", []byte("default: \"Mon-Fri 10:00-20:00\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := analysis.Analyze(l, analysis.Options{Calendars: cf})
	if r.WaitCauses.Total.WaitSeconds == 0 {
		t.Fatal("the log has no waits")
	}
	var buf bytes.Buffer
	if err := Write(&buf, Input{Analysis: r, Command: "flowmap analyze causes.csv", Generated: "2026-11-27"}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkCell(t, f, SheetCauses, "A2", "whole log")
	checkNum(t, f, SheetCauses, "I2", r.WaitCauses.Total.WaitSeconds/86400)
	checkFormat(t, f, SheetCauses, "I2", fmtDuration)
	checkNum(t, f, SheetCauses, "J2", r.WaitCauses.Total.BatchingSeconds/86400)
	checkNum(t, f, SheetCauses, "K2", r.WaitCauses.Total.ContentionSeconds/86400)
	s := r.WaitCauses.ByStep[0]
	checkCell(t, f, SheetCauses, "A3", "step")
	checkCell(t, f, SheetCauses, "B3", s.Activity)
	checkNum(t, f, SheetCauses, "I3", s.WaitSeconds/86400)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	stacked := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(x, []byte(`<barDir val="bar"`)) && bytes.Contains(x, []byte(`<grouping val="stacked"`)) &&
			bytes.Contains(x, []byte("Causes of waiting by step")) {
			stacked++
		}
	}
	if stacked != 1 {
		t.Errorf("%d stacked bar charts of the causes, want 1", stacked)
	}
}
