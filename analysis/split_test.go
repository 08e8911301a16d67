package analysis_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// TestLargeLogSplitBetweenCores: a log big enough to be split between
// workers (generated here, so the test needs no shared data) gives the same
// result on one core as on three, and the figures its construction fixes.
//
// Case i starts at 2024-01-01 00:00 + i minutes: A at +0, B at +1h, C at
// +3h, D at +6h; every tenth case does C again at +4h. Even cases are done
// by r0 alone; odd ones by r0, r1, r1, r0 (two handoffs).
func TestLargeLogSplitBetweenCores(t *testing.T) {
	const cases = 13_000 // 53,300 instances: above the size from which work is split
	path := filepath.Join(t.TempDir(), "large.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "case,activity,timestamp,resource")
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range cases {
		t0 := base.Add(time.Duration(i) * time.Minute)
		res := []string{"r0", "r0", "r0", "r0"}
		if i%2 == 1 {
			res = []string{"r0", "r1", "r1", "r0"}
		}
		ev := func(act string, h time.Duration, r string) {
			fmt.Fprintf(w, "c%d,%s,%s,%s\n", i, act, t0.Add(h*time.Hour).Format(time.RFC3339), r)
		}
		ev("A", 0, res[0])
		ev("B", 1, res[1])
		ev("C", 3, res[2])
		if i%10 == 0 {
			ev("C", 4, res[2])
		}
		ev("D", 6, res[3])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Parse("abcd.yaml", []byte(`process: ABCD
sla: 6h
owners: [{id: front, name: Front}, {id: back, name: Back}]
systems: [{id: s1, name: S1}, {id: s2, name: S2}]
steps:
  - {id: a, name: A, owner: front, system: s1, start: true, next: [b]}
  - {id: b, name: B, owner: back, system: s2, next: [c]}
  - {id: c, name: C, owner: back, system: s2, sla: 2h, next: [d]}
  - {id: d, name: D, owner: front, system: s1}
`))
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, opt := range []analysis.Options{{}, {Map: m}} {
		runtime.GOMAXPROCS(1)
		serial := analysis.Analyze(l, opt)
		runtime.GOMAXPROCS(3)
		split := analysis.Analyze(l, opt)
		if !reflect.DeepEqual(serial, split) {
			t.Errorf("map %v: the result on 3 cores differs from 1 core", opt.Map != nil)
		}
		r := split
		if r.Log.Cases != cases || r.Log.Instances != 53_300 || r.Log.Variants != 2 {
			t.Errorf("cases %d instances %d variants %d, want 13000, 53300, 2", r.Log.Cases, r.Log.Instances, r.Log.Variants)
		}
		// Every case takes 6h.
		checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: cases, Mean: 21600, Median: 21600, P90: 21600, Max: 21600, Min: 21600, Sum: cases * 21600})
		// C: 13,000 first visits 2h after B, 1,300 repeats 1h after the first.
		c := activity(t, r, "C")
		if c.Events != 14_300 || c.Cases != cases || c.ReworkCases != 1_300 {
			t.Errorf("C events %d cases %d rework %d, want 14300, 13000, 1300", c.Events, c.Cases, c.ReworkCases)
		}
		checkStats(t, "C sojourn", c.Sojourn, &analysis.Stats{Count: 14_300, Mean: (13_000*7200 + 1_300*3600) / 14_300.0, Median: 7200, P90: 7200, Max: 7200, Min: 3600, Sum: 13_000*7200 + 1_300*3600})
		h := r.Handoffs.Resource
		if h.Total != 13_000 || h.KnownPairs != 40_300 || h.UnknownPairs != 0 {
			t.Errorf("resource handoffs %d of %d known (%d unknown), want 13000 of 40300 (53300 instances − 13000 cases)", h.Total, h.KnownPairs, h.UnknownPairs)
		}
		checkPairs(t, "resource pairs", h.Pairs, []analysis.Pair{{From: "r0", To: "r1", Count: 6_500}, {From: "r1", To: "r0", Count: 6_500}})
		if opt.Map == nil {
			continue
		}
		// The map has no c → c: the 1,300 cases with a repeat do not fit.
		if c := r.Conformance; c.FittingCases != 11_700 || c.NotFitting["a move the map does not have"] != 1_300 {
			t.Errorf("conformance %+v, want 11700 fitting, 1300 with a move the map does not have", c)
		}
		// Process SLA 6h: all within. Step c (2h from enabled): the first
		// visits take exactly 2h, the repeats 1h.
		if got, want := *r.SLA.Process, (analysis.SLAFigure{TargetSeconds: 21600, Measured: cases, Within: cases, Share: 1}); got != want {
			t.Errorf("process SLA %+v, want %+v", got, want)
		}
		if want := []analysis.SLAFigure{{Step: "c", TargetSeconds: 7200, Measured: 14_300, Within: 14_300, Share: 1}}; !reflect.DeepEqual(r.SLA.Steps, want) {
			t.Errorf("step SLAs %+v, want %+v", r.SLA.Steps, want)
		}
		// Owners: a→b and c→d change owner (front/back) in every case.
		if o := r.Handoffs.Owner; o.Total != 26_000 || o.KnownPairs != 40_300 {
			t.Errorf("owner handoffs %d of %d, want 26000 of 40300", o.Total, o.KnownPairs)
		}
		if s := r.Handoffs.SystemSwitches; s.Total != 26_000 {
			t.Errorf("system switches %d, want 26000", s.Total)
		}
	}
}
