package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/simulate"
)

// TestSimulationSweepChart runs a small sweep of the flash sale, writes
// the workbook and reads the Simulation sheet back: the p90 cycle time per
// setting in hours with its interval, the target, and a line chart drawn
// from those cells.
func TestSimulationSweepChart(t *testing.T) {
	sc, err := simulate.ReadScenario("../../examples/flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Replications = 3
	sw, err := simulate.ParseSweep("warehouse.capacity=3..5")
	if err != nil {
		t.Fatal(err)
	}
	target, _ := simulate.ParseTarget("p90<=1h")
	sc.Variants = sw.Variants()
	res, err := simulate.Run(context.Background(), sc, simulate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res.Sweep = sw.Summarize(res, &target)
	sim := NewSimulation("flash-sale.yaml", res)
	if sim.Sweep == nil || strings.Join(sim.Sweep.Settings, ",") != "3,4,5" || sim.Sweep.Target != "p90<=1h" || sim.Sweep.MetBy != "" {
		t.Fatalf("sweep %+v", sim.Sweep)
	}
	var buf bytes.Buffer
	if err := Write(&buf, Input{Simulation: sim}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetSimulation)
	if err != nil {
		t.Fatal(err)
	}
	at := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Sweep of warehouse.capacity: p90 cycle time by setting" {
			at = i
		}
	}
	if at < 0 || len(rows) < at+6 {
		t.Fatalf("no sweep table on the Simulation sheet:\n%v", rows)
	}
	if h := strings.Join(rows[at+1], "|"); h != "warehouse.capacity|p90 cycle time (hours)|95% low|95% high" {
		t.Errorf("sweep header %q", h)
	}
	for i, v := range []string{"3", "4", "5"} {
		r := at + 2 + i
		if rows[r][0] != v {
			t.Errorf("row %d setting %q, want %q", r+1, rows[r][0], v)
		}
		e := res.Sweep.Results[i].CycleTimeP90
		checkNum(t, f, SheetSimulation, cellName(2, r+1), e.Mean/3600)
		checkNum(t, f, SheetSimulation, cellName(3, r+1), e.CI95[0]/3600)
		checkNum(t, f, SheetSimulation, cellName(4, r+1), e.CI95[1]/3600)
	}
	if !strings.HasPrefix(rows[at+5][0], "Target p90<=1h: no setting meets it") {
		t.Errorf("target line %q", rows[at+5])
	}
	chart := chartXML(t, data)
	cats := fmt.Sprintf("<f>'Simulation'!$A$%d:$A$%d</f>", at+3, at+5) // the settings
	p90 := fmt.Sprintf("<f>'Simulation'!$B$%d:$B$%d</f>", at+3, at+5)
	if !strings.Contains(chart, "<lineChart>") || !strings.Contains(chart, cats) || !strings.Contains(chart, p90) || !strings.Contains(chart, "p90 cycle time (hours) by warehouse.capacity") {
		t.Errorf("no line chart of p90 by setting:\n%.2000s", chart)
	}
}

// chartXML returns the chart parts of a workbook, concatenated.
func chartXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, _ := io.ReadAll(rc)
			rc.Close()
			b.Write(x)
		}
	}
	return html.UnescapeString(b.String())
}
