package report

import (
	"context"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate"
)

// TestMeasureGains: on the example, with the flash-sale scenario, the
// closed-hours wait at pick and pack comes first, and longer warehouse
// hours measurably beat one more picker, both with intervals.
func TestMeasureGains(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadFile("../../examples/orders.csv.gz", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Build(Options{Map: m, Log: l})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ReadScenario("../../examples/flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	notes, err := rep.MeasureGains(context.Background(), sc, simulate.Options{})
	if err != nil || len(notes) > 0 {
		t.Fatalf("MeasureGains: %v %v", err, notes)
	}
	recs := rep.Analysis.Recommendations
	first := recs[0]
	if first.Step != "pick_pack" || first.Cause != "unavailability" || first.Gain == nil || first.Rank != 1 ||
		!strings.Contains(first.Sentence, "in flash-sale.yaml it cuts the wait there by") {
		t.Fatalf("first item = %+v", first)
	}
	var capacity *float64
	var capCI [2]float64
	for _, r := range recs {
		if r.WhatIf != nil && *r.WhatIf == "warehouse.capacity=5" && r.Gain != nil {
			capacity, capCI = &r.Gain.P90CycleTimeSeconds, r.Gain.CI95
		}
	}
	if capacity == nil {
		t.Fatal("no measured capacity what-if")
	}
	cal := first.Gain
	if cal.CI95[1] >= 0 || capCI[1] >= 0 || cal.CI95[0] > cal.P90CycleTimeSeconds || cal.CI95[1] < cal.P90CycleTimeSeconds {
		t.Errorf("intervals: calendar %v %v, capacity %v", cal.P90CycleTimeSeconds, cal.CI95, capCI)
	}
	if cal.CI95[1] >= capCI[0] {
		t.Errorf("longer hours (p90 %.0f s, CI %v) do not beat one more picker (%.0f s, CI %v)", cal.P90CycleTimeSeconds, cal.CI95, *capacity, capCI)
	}
	if cal.SLAShare == nil || *cal.SLAShare <= 0 || cal.StepWaitSeconds == nil || *cal.StepWaitSeconds > -5*3600 {
		t.Errorf("calendar gain = %+v", cal)
	}
	for i := 1; i < len(recs); i++ {
		a, b := recs[i-1], recs[i]
		if a.Gain != nil && b.Gain != nil && !a.IsChecklist() && !b.IsChecklist() && a.Gain.CI95[1] < 0 && b.Gain.CI95[1] < 0 &&
			a.Gain.P90CycleTimeSeconds > b.Gain.P90CycleTimeSeconds {
			t.Errorf("items %d and %d are not ordered by measured effect", a.Rank, b.Rank)
		}
	}
}

// TestMeasureGainsSkipsForeignWhatIfs: a what-if the scenario's map cannot
// take is noted, not simulated.
func TestMeasureGainsSkipsForeignWhatIfs(t *testing.T) {
	sc, err := simulate.ReadScenario("../../examples/flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := "nobody.capacity=3"
	recs, notes, err := MeasureGains(context.Background(), sc, []analysis.Recommendation{{Rank: 1, Cause: "contention", WhatIf: &w, Sentence: "X."}}, simulate.Options{})
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "nobody.capacity=3") || recs[0].Gain != nil {
		t.Errorf("got %+v, %v, %v", recs, notes, err)
	}
}
