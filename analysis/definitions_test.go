package analysis_test

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// TestMetricDefinitions checks each metric definition of DESIGN.md
// ("Metric definitions") on small logs in testdata/definitions, through the
// public API only. Every expected value was computed by hand from the log
// file; the comments show the arithmetic. Times are on 2024-01-01 (UTC)
// unless a date is given.
func TestMetricDefinitions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		log     string // file in testdata/definitions
		mapFile string // optional map in testdata/definitions
		opt     analysis.Options
		check   func(t *testing.T, r *analysis.Result)
	}{
		// Single timestamps: sojourn basis, end → end transitions, missing
		// resources are unknown pairs, the queue series.
		{name: "sojourn csv", log: "sojourn.csv", opt: analysis.Options{WIPPoints: 12}, check: checkSojourn},
		// The same events in XES give the same figures.
		{name: "sojourn xes", log: "sojourn.xes", opt: analysis.Options{WIPPoints: 12}, check: checkSojourn},
		{name: "waits clamped at 0", log: "waits.csv", check: checkWaits},
		{name: "lifecycle pairing and enabled time", log: "lifecycle.xes", check: checkLifecycle},
		{name: "lifecycle pairing by concept:instance", log: "instance.xes", check: checkInstance},
		{name: "lifecycle holding sub-statuses", log: "substatus.xes", check: checkSubstatus},
		{name: "variants, rework, trace order, bad rows", log: "variants.csv", check: checkVariants},
		{name: "ties in bottlenecks and variants", log: "ties.csv", check: checkTies},
		{name: "queue length peak", log: "queue.csv", opt: analysis.Options{WIPPoints: 20}, check: checkQueue},
		{name: "map: SLA, conformance, steps, owner handoffs", log: "orders.csv", mapFile: "orders-map.yaml", check: checkOrders},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			if tc.mapFile != "" {
				m, err := mapping.ReadFile(filepath.Join("testdata", "definitions", tc.mapFile))
				if err != nil {
					t.Fatal(err)
				}
				opt.Map = m
			}
			tc.check(t, analyze(t, tc.log, opt))
		})
	}
}

func analyze(t *testing.T, name string, opt analysis.Options) *analysis.Result {
	t.Helper()
	l, err := eventlog.ReadFile(filepath.Join("testdata", "definitions", name), eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Analyze(l, opt)
}

// sojourn.csv / sojourn.xes (single timestamps):
//
//	c1 Register 08:00 ann, Check 09:00 bob, Approve 11:00 bob
//	c2 Register 08:30 ann, Check 12:30 (no resource), Approve 13:30 cat
//	c3 Register 09:00 ann, Approve 09:30 ann
func checkSojourn(t *testing.T, r *analysis.Result) {
	checkLog(t, r, analysis.LogInfo{Cases: 3, Events: 8, Instances: 8, Activities: 3, Variants: 2,
		FirstEvent: "2024-01-01T08:00:00Z", LastEvent: "2024-01-01T13:30:00Z", TimeBasis: "sojourn"})

	// Without start times only the sojourn (end − previous end) is known;
	// the first instance of a case has none.
	reg := activity(t, r, "Register")
	if reg.Sojourn != nil || reg.Wait != nil || reg.Service != nil {
		t.Errorf("Register: sojourn %v wait %v service %v, want all nil (first of every case)", reg.Sojourn, reg.Wait, reg.Service)
	}
	check := activity(t, r, "Check")
	// c1 09:00−08:00 = 3600, c2 12:30−08:30 = 14400; p90 = 3600 + 0.9·10800
	checkStats(t, "Check sojourn", check.Sojourn, &analysis.Stats{Count: 2, Mean: 9000, Median: 9000, P90: 13320, Max: 14400, Min: 3600, Sum: 18000})
	if check.Wait != nil || check.Service != nil {
		t.Errorf("Check: wait %v service %v without start times, want nil", check.Wait, check.Service)
	}
	// c1 2h, c2 1h, c3 30m → [1800 3600 7200]; p90 = 3600 + 0.8·3600
	checkStats(t, "Approve sojourn", activity(t, r, "Approve").Sojourn, &analysis.Stats{Count: 3, Mean: 4200, Median: 3600, P90: 6480, Max: 7200, Min: 1800, Sum: 12600})

	// Transitions: end(a) → end(b).
	checkTransitions(t, r, []analysis.Transition{
		{From: "Check", To: "Approve", Count: 2, Handoffs: 0, // 7200, 3600
			Duration: analysis.Stats{Count: 2, Mean: 5400, Median: 5400, P90: 6840, Max: 7200, Min: 3600, Sum: 10800}},
		{From: "Register", To: "Check", Count: 2, Handoffs: 1, // 3600 (ann→bob), 14400 (unknown pair)
			Duration: analysis.Stats{Count: 2, Mean: 9000, Median: 9000, P90: 13320, Max: 14400, Min: 3600, Sum: 18000}},
		{From: "Register", To: "Approve", Count: 1, Handoffs: 0,
			Duration: analysis.Stats{Count: 1, Mean: 1800, Median: 1800, P90: 1800, Max: 1800, Min: 1800, Sum: 1800}},
	})
	checkCounts(t, "start activities", r.StartActivities, map[string]int{"Register": 3})
	checkCounts(t, "end activities", r.EndActivities, map[string]int{"Approve": 3})

	// Cycle time: last end − first end: c1 3h, c2 5h, c3 30m.
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 3, Mean: 10200, Median: 10800, P90: 16560, Max: 18000, Min: 1800, Sum: 30600})

	// Resource handoffs: c1 ann→bob (handoff), bob→bob; c2 both pairs have
	// a missing resource (unknown, not handoffs); c3 ann→ann.
	h := r.Handoffs.Resource
	if h.Total != 1 || h.KnownPairs != 3 || h.UnknownPairs != 2 {
		t.Errorf("resource handoffs total %d known %d unknown %d, want 1, 3, 2", h.Total, h.KnownPairs, h.UnknownPairs)
	}
	near(t, "handoff share", h.Share, 1.0/3)
	checkPairs(t, "resource pairs", h.Pairs, []analysis.Pair{{From: "ann", To: "bob", Count: 1}})
	// per case [1 0 0]: p90 = 0 + 0.8·1
	checkStats(t, "handoffs per case", &h.PerCase, &analysis.Stats{Count: 3, Mean: 1.0 / 3, Median: 0, P90: 0.8, Max: 1, Min: 0, Sum: 1})
	checkStats(t, "duration at handoff", &h.DurationAtHandoff, &analysis.Stats{Count: 1, Mean: 3600, Median: 3600, P90: 3600, Max: 3600, Min: 3600, Sum: 3600})
	// c1 Check→Approve 7200, c3 Register→Approve 1800
	checkStats(t, "duration without handoff", &h.DurationNoHandoff, &analysis.Stats{Count: 2, Mean: 4500, Median: 4500, P90: 6660, Max: 7200, Min: 1800, Sum: 9000})
	if r.Handoffs.Owner != nil || r.Handoffs.SystemSwitches != nil {
		t.Errorf("owner handoffs %v, system switches %v without a map or roster, want nil", r.Handoffs.Owner, r.Handoffs.SystemSwitches)
	}

	checkVariantList(t, r, []analysis.Variant{
		{Activities: []string{"Register", "Check", "Approve"}, Cases: 2, Share: 2.0 / 3},
		{Activities: []string{"Register", "Approve"}, Cases: 1, Share: 1.0 / 3},
	})

	// Bottlenecks on the sojourn basis: Check 18000 of 30600, Approve 12600.
	checkBottlenecks(t, r, []analysis.Bottleneck{
		{Activity: "Check", Basis: "sojourn", TotalWait: 18000, ShareOfWait: 18000.0 / 30600, MedianWait: 9000, P90Wait: 13320, PeakQueue: 2, PeakAt: "2024-01-01T08:30:00Z"},
		{Activity: "Approve", Basis: "sojourn", TotalWait: 12600, ShareOfWait: 12600.0 / 30600, MedianWait: 3600, P90Wait: 6480, PeakQueue: 2, PeakAt: "2024-01-01T09:00:00Z"},
	})
	for _, b := range r.Bottlenecks {
		if !strings.Contains(b.Reason, "of all elapsed time") || !strings.Contains(b.Reason, "up to 2 cases waiting at once") {
			t.Errorf("%s: reason %q does not speak of elapsed (sojourn) time and the peak of 2", b.Activity, b.Reason)
		}
	}

	// Queue series without start times: previous end → end, sampled every
	// 30 min from 08:00 to 13:30 (12 points); a sample at t counts the
	// intervals with from ≤ t < to.
	//   Check:   [08:00,09:00) [08:30,12:30)
	//   Approve: [09:00,11:00) [12:30,13:30) [09:00,09:30)
	checkQueues(t, r, map[string][]int{
		"Approve": {0, 0, 2, 1, 1, 1, 0, 0, 0, 1, 1, 0},
		"Check":   {1, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0},
	}, "2024-01-01T08:00:00Z", "2024-01-01T08:30:00Z", "2024-01-01T13:30:00Z")

	// Cases by handoff count: 0 handoffs: c2 (sojourns 14400+3600), c3
	// (1800); 1 handoff: c1 (3600+7200).
	checkBuckets(t, r, []analysis.HandoffBucket{
		{Handoffs: "0", Cases: 2, MedianWait: 9900, MeanWait: 9900, MedianCycle: 9900},
		{Handoffs: "1", Cases: 1, MedianWait: 10800, MeanWait: 10800, MedianCycle: 10800},
	})
	if r.Conformance != nil || r.SLA != nil || r.Steps != nil {
		t.Errorf("conformance %v, SLA %v, steps %v without a map, want nil", r.Conformance, r.SLA, r.Steps)
	}
}

// waits.csv (start and end times):
//
//	c1 Receive 08:00–09:00 ann, Review 10:00–12:00 bob, Decide 11:30–13:00 cat
//	c2 Receive 09:00–09:30 ann, Review 11:30–12:30 bob, Decide 14:30–15:00 bob
func checkWaits(t *testing.T, r *analysis.Result) {
	checkLog(t, r, analysis.LogInfo{Cases: 2, Events: 6, Instances: 6, Activities: 3, Variants: 1,
		FirstEvent: "2024-01-01T08:00:00Z", LastEvent: "2024-01-01T15:00:00Z", HasStartTimes: true, TimeBasis: "wait"})

	// The first instance of a case has no enabled time: no wait.
	rec := activity(t, r, "Receive")
	if rec.Wait != nil || rec.Sojourn != nil {
		t.Errorf("Receive: wait %v sojourn %v, want nil", rec.Wait, rec.Sojourn)
	}
	checkStats(t, "Receive service", rec.Service, &analysis.Stats{Count: 2, Mean: 2700, Median: 2700, P90: 3420, Max: 3600, Min: 1800, Sum: 5400})
	// wait = start − previous end: c1 10:00−09:00, c2 11:30−09:30
	rev := activity(t, r, "Review")
	checkStats(t, "Review wait", rev.Wait, &analysis.Stats{Count: 2, Mean: 5400, Median: 5400, P90: 6840, Max: 7200, Min: 3600, Sum: 10800})
	checkStats(t, "Review service", rev.Service, &analysis.Stats{Count: 2, Mean: 5400, Median: 5400, P90: 6840, Max: 7200, Min: 3600, Sum: 10800})
	if rev.Sojourn != nil {
		t.Errorf("Review sojourn %v with start times, want nil", rev.Sojourn)
	}
	// c1 Decide starts at 11:30, before Review ends at 12:00: wait 0, not
	// −1800; c2 14:30−12:30 = 7200. Median of [0 7200] = 3600.
	dec := activity(t, r, "Decide")
	checkStats(t, "Decide wait", dec.Wait, &analysis.Stats{Count: 2, Mean: 3600, Median: 3600, P90: 6480, Max: 7200, Min: 0, Sum: 7200})
	checkStats(t, "Decide service", dec.Service, &analysis.Stats{Count: 2, Mean: 3600, Median: 3600, P90: 5040, Max: 5400, Min: 1800, Sum: 7200})

	// Transitions: end(a) → start(b), clamped at 0.
	checkTransitions(t, r, []analysis.Transition{
		{From: "Receive", To: "Review", Count: 2, Handoffs: 2,
			Duration: analysis.Stats{Count: 2, Mean: 5400, Median: 5400, P90: 6840, Max: 7200, Min: 3600, Sum: 10800}},
		{From: "Review", To: "Decide", Count: 2, Handoffs: 1,
			Duration: analysis.Stats{Count: 2, Mean: 3600, Median: 3600, P90: 6480, Max: 7200, Min: 0, Sum: 7200}},
	})
	// Cycle time: last end − first start: c1 13:00−08:00, c2 15:00−09:00.
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 2, Mean: 19800, Median: 19800, P90: 21240, Max: 21600, Min: 18000, Sum: 39600})

	h := r.Handoffs.Resource
	if h.Total != 3 || h.KnownPairs != 4 || h.UnknownPairs != 0 || h.Share != 0.75 {
		t.Errorf("resource handoffs total %d known %d unknown %d share %v, want 3, 4, 0, 0.75", h.Total, h.KnownPairs, h.UnknownPairs, h.Share)
	}
	checkPairs(t, "resource pairs", h.Pairs, []analysis.Pair{{From: "ann", To: "bob", Count: 2}, {From: "bob", To: "cat", Count: 1}})
	// at handoffs: 3600 (c1 ann→bob), 0 (c1 bob→cat), 7200 (c2 ann→bob)
	checkStats(t, "duration at handoff", &h.DurationAtHandoff, &analysis.Stats{Count: 3, Mean: 3600, Median: 3600, P90: 6480, Max: 7200, Min: 0, Sum: 10800})
	checkStats(t, "duration without handoff", &h.DurationNoHandoff, &analysis.Stats{Count: 1, Mean: 7200, Median: 7200, P90: 7200, Max: 7200, Min: 7200, Sum: 7200})

	// Bottlenecks on the wait basis: Review 10800 and Decide 7200 of 18000;
	// Receive never waits (no enabled time) and is not ranked. Review's
	// queue: [09:00,10:00) and [09:30,11:30) → 2 from 09:30.
	checkBottlenecks(t, r, []analysis.Bottleneck{
		{Activity: "Review", Basis: "wait", TotalWait: 10800, ShareOfWait: 0.6, MedianWait: 5400, P90Wait: 6840, PeakQueue: 2, PeakAt: "2024-01-01T09:30:00Z"},
		{Activity: "Decide", Basis: "wait", TotalWait: 7200, ShareOfWait: 0.4, MedianWait: 3600, P90Wait: 6480, PeakQueue: 1, PeakAt: "2024-01-01T12:30:00Z"},
	})
	if b := r.Bottlenecks[0]; !strings.Contains(b.Reason, "of all waiting") {
		t.Errorf("reason %q does not speak of waiting", b.Reason)
	}
	if b := r.Bottlenecks[1]; strings.Contains(b.Reason, "cases waiting at once") {
		t.Errorf("reason %q mentions a queue of one", b.Reason)
	}
	// Per case: c1 2 handoffs, waits 3600+0; c2 1 handoff, waits 7200+7200.
	checkBuckets(t, r, []analysis.HandoffBucket{
		{Handoffs: "1", Cases: 1, MedianWait: 14400, MeanWait: 14400, MedianCycle: 21600},
		{Handoffs: "2", Cases: 1, MedianWait: 3600, MeanWait: 3600, MedianCycle: 18000},
	})
}

// lifecycle.xes:
//
//	c1 A schedule 08:00, start 09:00 ann, complete 10:00
//	   B schedule 10:00, start 12:00 bob, suspend 12:10, resume 12:20, complete 12:30
//	   C start 12:30 (no resource), complete 13:00
//	c2 A start 08:00 ann, complete 08:30
//	   B start 09:00 bob, B start 09:15 cat, B complete 10:00, B complete 10:30
//	   D start 11:00 dan, never completed
func checkLifecycle(t *testing.T, r *analysis.Result) {
	// 17 raw events make 6 instances; D (no complete) makes none and is
	// not an activity of the analysis.
	checkLog(t, r, analysis.LogInfo{Cases: 2, Events: 17, Instances: 6, Activities: 3, Variants: 2,
		FirstEvent: "2024-01-01T08:00:00Z", LastEvent: "2024-01-01T13:00:00Z", HasStartTimes: true, HasEnabled: true, TimeBasis: "wait"})
	if q := r.DataQuality.Details; q.Unmatched != 1 || q.Ignored != 2 {
		t.Errorf("unmatched starts %d, ignored lifecycle events %d; want 1 (D), 2 (suspend, resume)", q.Unmatched, q.Ignored)
	}
	// A: c1 waits from its schedule (09:00−08:00); c2's A has no enabled time.
	a := activity(t, r, "A")
	checkStats(t, "A wait", a.Wait, &analysis.Stats{Count: 1, Mean: 3600, Median: 3600, P90: 3600, Max: 3600, Min: 3600, Sum: 3600})
	checkStats(t, "A service", a.Service, &analysis.Stats{Count: 2, Mean: 2700, Median: 2700, P90: 3420, Max: 3600, Min: 1800, Sum: 5400})
	// B: c1 12:00−10:00 (its schedule, not A's end); c2 FIFO: B1 09:00–10:00
	// waits 09:00−08:30, B2 09:15–10:30 starts before B1 ends: 0.
	b := activity(t, r, "B")
	checkStats(t, "B wait", b.Wait, &analysis.Stats{Count: 3, Mean: 3000, Median: 1800, P90: 6120, Max: 7200, Min: 0, Sum: 9000})
	// service 1800 (c1: suspend and resume change nothing), 3600, 4500
	checkStats(t, "B service", b.Service, &analysis.Stats{Count: 3, Mean: 3300, Median: 3600, P90: 4320, Max: 4500, Min: 1800, Sum: 9900})
	if b.Events != 3 || b.Cases != 2 || b.ReworkCases != 1 {
		t.Errorf("B events %d cases %d rework cases %d, want 3, 2, 1", b.Events, b.Cases, b.ReworkCases)
	}
	checkStats(t, "C wait", activity(t, r, "C").Wait, &analysis.Stats{Count: 1})
	// Cycle time from the first enabled time: c1 13:00−08:00, c2 10:30−08:00.
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 2, Mean: 13500, Median: 13500, P90: 17100, Max: 18000, Min: 9000, Sum: 27000})
	checkTransitions(t, r, []analysis.Transition{
		// c1 12:00−10:00, c2 09:00−08:30
		{From: "A", To: "B", Count: 2, Handoffs: 2, Duration: analysis.Stats{Count: 2, Mean: 4500, Median: 4500, P90: 6660, Max: 7200, Min: 1800, Sum: 9000}},
		{From: "B", To: "B", Count: 1, Handoffs: 1, Duration: analysis.Stats{Count: 1}}, // 09:15 − 10:00, clamped
		{From: "B", To: "C", Count: 1, Handoffs: 0, Duration: analysis.Stats{Count: 1}}, // 12:30 − 12:30
	})
	// Resources come from the start events; C has none (unknown pair).
	h := r.Handoffs.Resource
	if h.Total != 3 || h.KnownPairs != 3 || h.UnknownPairs != 1 {
		t.Errorf("resource handoffs total %d known %d unknown %d, want 3, 3, 1", h.Total, h.KnownPairs, h.UnknownPairs)
	}
	checkPairs(t, "resource pairs", h.Pairs, []analysis.Pair{{From: "ann", To: "bob", Count: 2}, {From: "bob", To: "cat", Count: 1}})
	// One case each: ordered by activities.
	checkVariantList(t, r, []analysis.Variant{
		{Activities: []string{"A", "B", "B"}, Cases: 1, Share: 0.5},
		{Activities: []string{"A", "B", "C"}, Cases: 1, Share: 0.5},
	})
	checkBottlenecks(t, r, []analysis.Bottleneck{
		{Activity: "B", Basis: "wait", TotalWait: 9000, ShareOfWait: 9000.0 / 12600, MedianWait: 1800, P90Wait: 6120, PeakQueue: 1, PeakAt: "2024-01-01T08:30:00Z"},
		{Activity: "A", Basis: "wait", TotalWait: 3600, ShareOfWait: 3600.0 / 12600, MedianWait: 3600, P90Wait: 3600, PeakQueue: 1, PeakAt: "2024-01-01T08:00:00Z"},
		{Activity: "C", Basis: "wait"},
	})
}

// instance.xes: x1 Review r1 start 08:00 ann, r2 start 08:30 bob, r2
// complete 09:00, r1 complete 10:00; Close complete 10:30 (no start).
func checkInstance(t *testing.T, r *analysis.Result) {
	checkLog(t, r, analysis.LogInfo{Cases: 1, Events: 5, Instances: 3, Activities: 2, Variants: 1,
		FirstEvent: "2024-01-01T08:00:00Z", LastEvent: "2024-01-01T10:30:00Z", HasStartTimes: true, TimeBasis: "wait"})
	// By instance: r1 08:00–10:00, r2 08:30–09:00 (FIFO would give 3600 and 5400).
	rev := activity(t, r, "Review")
	checkStats(t, "Review service", rev.Service, &analysis.Stats{Count: 2, Mean: 4500, Median: 4500, P90: 6660, Max: 7200, Min: 1800, Sum: 9000})
	// r2 is enabled when r1 ends (10:00) but started at 08:30: 0.
	checkStats(t, "Review wait", rev.Wait, &analysis.Stats{Count: 1})
	if rev.ReworkCases != 1 {
		t.Errorf("Review rework cases %d, want 1", rev.ReworkCases)
	}
	// Close has no start: service 0; its work begins at its end, so it
	// waited from r2's end (09:00) to 10:30.
	cl := activity(t, r, "Close")
	checkStats(t, "Close service", cl.Service, &analysis.Stats{Count: 1})
	checkStats(t, "Close wait", cl.Wait, &analysis.Stats{Count: 1, Mean: 5400, Median: 5400, P90: 5400, Max: 5400, Min: 5400, Sum: 5400})
	checkTransitions(t, r, []analysis.Transition{
		{From: "Review", To: "Close", Count: 1, Duration: analysis.Stats{Count: 1, Mean: 5400, Median: 5400, P90: 5400, Max: 5400, Min: 5400, Sum: 5400}},
		{From: "Review", To: "Review", Count: 1, Handoffs: 1, Duration: analysis.Stats{Count: 1}},
	})
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 1, Mean: 9000, Median: 9000, P90: 9000, Max: 9000, Min: 9000, Sum: 9000})
	if h := r.Handoffs.Resource; h.Total != 1 || h.UnknownPairs != 1 {
		t.Errorf("resource handoffs %d, unknown pairs %d; want 1 (ann→bob), 1 (bob→none)", h.Total, h.UnknownPairs)
	}
}

// substatus.xes: s1 Accepted "In Progress" 08:00 ann, Accepted "Wait"
// 09:00 ann, Completed "Closed" 11:00 bob.
func checkSubstatus(t *testing.T, r *analysis.Result) {
	checkLog(t, r, analysis.LogInfo{Cases: 1, Events: 3, Instances: 3, Activities: 2, Variants: 1,
		FirstEvent: "2024-01-01T08:00:00Z", LastEvent: "2024-01-01T11:00:00Z", TimeBasis: "sojourn"})
	if !slicesContain(r.DataQuality.Warnings, "not XES lifecycle transitions") {
		t.Errorf("warnings %q do not say the lifecycle values are kept as data", r.DataQuality.Warnings)
	}
	acc := activity(t, r, "Accepted")
	if acc.Events != 2 || acc.ReworkCases != 1 {
		t.Errorf("Accepted events %d rework %d, want 2, 1", acc.Events, acc.ReworkCases)
	}
	checkStats(t, "Accepted sojourn", acc.Sojourn, &analysis.Stats{Count: 1, Mean: 3600, Median: 3600, P90: 3600, Max: 3600, Min: 3600, Sum: 3600})
	checkStats(t, "Completed sojourn", activity(t, r, "Completed").Sojourn, &analysis.Stats{Count: 1, Mean: 7200, Median: 7200, P90: 7200, Max: 7200, Min: 7200, Sum: 7200})
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 1, Mean: 10800, Median: 10800, P90: 10800, Max: 10800, Min: 10800, Sum: 10800})
}

// variants.csv: one case a day (v1 on 1 January … v6 on 6 January).
//
//	v1 a 08:00, b 09:00, c 10:00
//	v2 c 10:00, a 09:00 (out of file order)
//	v3 a 08:00, b 08:30, c 09:00
//	v4 b 08:00, a 08:00 (equal times: file order)
//	v5 a 08:00, c 12:00
//	v6 a 08:00, b 09:00, b 10:00, c 11:00, and a row with a bad timestamp
func checkVariants(t *testing.T, r *analysis.Result) {
	checkLog(t, r, analysis.LogInfo{Cases: 6, Events: 16, Instances: 16, Activities: 3, Variants: 4, SkippedRows: 1,
		FirstEvent: "2024-01-01T08:00:00Z", LastEvent: "2024-01-06T11:00:00Z", TimeBasis: "sojourn"})
	// Ties (2 cases each, 1 case each) are ordered by the activity sequence.
	checkVariantList(t, r, []analysis.Variant{
		{Activities: []string{"a", "b", "c"}, Cases: 2, Share: 2.0 / 6},
		{Activities: []string{"a", "c"}, Cases: 2, Share: 2.0 / 6},
		{Activities: []string{"a", "b", "b", "c"}, Cases: 1, Share: 1.0 / 6},
		{Activities: []string{"b", "a"}, Cases: 1, Share: 1.0 / 6},
	})
	checkCounts(t, "start activities", r.StartActivities, map[string]int{"a": 5, "b": 1})
	checkCounts(t, "end activities", r.EndActivities, map[string]int{"c": 5, "a": 1})
	for _, want := range []analysis.Activity{
		{Name: "a", Events: 6, Cases: 6, ReworkCases: 0},
		{Name: "b", Events: 5, Cases: 4, ReworkCases: 1}, // b twice in v6
		{Name: "c", Events: 5, Cases: 5, ReworkCases: 0}, // v6's second c is the bad row
	} {
		got := activity(t, r, want.Name)
		if got.Events != want.Events || got.Cases != want.Cases || got.ReworkCases != want.ReworkCases {
			t.Errorf("%s: events %d cases %d rework %d, want %d, %d, %d", want.Name, got.Events, got.Cases, got.ReworkCases, want.Events, want.Cases, want.ReworkCases)
		}
	}
	checkTransitions(t, r, []analysis.Transition{
		{From: "a", To: "b", Count: 3, Duration: analysis.Stats{Count: 3, Mean: 3000, Median: 3600, P90: 3600, Max: 3600, Min: 1800, Sum: 9000}},
		{From: "b", To: "c", Count: 3, Duration: analysis.Stats{Count: 3, Mean: 3000, Median: 3600, P90: 3600, Max: 3600, Min: 1800, Sum: 9000}},
		{From: "a", To: "c", Count: 2, Duration: analysis.Stats{Count: 2, Mean: 9000, Median: 9000, P90: 13320, Max: 14400, Min: 3600, Sum: 18000}},
		{From: "b", To: "a", Count: 1, Duration: analysis.Stats{Count: 1}},
		{From: "b", To: "b", Count: 1, Duration: analysis.Stats{Count: 1, Mean: 3600, Median: 3600, P90: 3600, Max: 3600, Min: 3600, Sum: 3600}},
	})
	// [0 3600 3600 7200 10800 14400]: median (3600+7200)/2, p90 10800 + 0.5·3600
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 6, Mean: 6600, Median: 5400, P90: 12600, Max: 14400, Min: 0, Sum: 39600})
	dq := r.DataQuality
	if dq.BadRows != 1 || len(dq.Samples) != 1 || dq.Samples[0].Row != 18 || dq.Samples[0].Value != "not a time" || dq.Details.OutOfOrder != 1 {
		t.Errorf("data quality: bad rows %d samples %+v out of order %d; want 1, row 18 \"not a time\", 1", dq.BadRows, dq.Samples, dq.Details.OutOfOrder)
	}
	// No resources at all: no pairs are known.
	if h := r.Handoffs.Resource; h.Total != 0 || h.KnownPairs != 0 || h.UnknownPairs != 10 || len(h.Pairs) != 0 {
		t.Errorf("resource handoffs %+v, want none known and 10 unknown pairs", h)
	}
}

// ties.csv: t1 Start 08:00, Zeta 09:00, Alpha 10:00; t2 Start 08:00,
// Alpha 08:30, Zeta 09:00. Alpha and Zeta both hold 5400 s.
func checkTies(t *testing.T, r *analysis.Result) {
	checkBottlenecks(t, r, []analysis.Bottleneck{
		{Activity: "Alpha", Basis: "sojourn", TotalWait: 5400, ShareOfWait: 0.5, MedianWait: 2700, P90Wait: 3420, PeakQueue: 1, PeakAt: "2024-01-01T08:00:00Z"},
		{Activity: "Zeta", Basis: "sojourn", TotalWait: 5400, ShareOfWait: 0.5, MedianWait: 2700, P90Wait: 3420, PeakQueue: 2, PeakAt: "2024-01-01T08:30:00Z"},
	})
	checkVariantList(t, r, []analysis.Variant{
		{Activities: []string{"Start", "Alpha", "Zeta"}, Cases: 1, Share: 0.5},
		{Activities: []string{"Start", "Zeta", "Alpha"}, Cases: 1, Share: 0.5},
	})
	var got []string
	for _, tr := range r.Transitions {
		got = append(got, tr.From+"→"+tr.To)
	}
	if want := []string{"Alpha→Zeta", "Start→Alpha", "Start→Zeta", "Zeta→Alpha"}; !reflect.DeepEqual(got, want) {
		t.Errorf("transitions %v, want %v (equal counts: by from, then to)", got, want)
	}
}

// queue.csv: Arrive is instantaneous; Serve waits from the Arrive:
//
//	q1 Arrive 08:00, Serve 10:00–10:10    waits [08:00,10:00)
//	q2 Arrive 08:30, Serve 09:00–09:10    waits [08:30,09:00)
//	q3 Arrive 09:00, Serve 11:00–11:10    waits [09:00,11:00)
//	q4 Arrive 09:30, Serve 10:30–10:40    waits [09:30,10:30)
//
// At 09:00 q2 leaves as q3 arrives: back to back, not 3 at once. The peak
// of 3 is at 09:30.
func checkQueue(t *testing.T, r *analysis.Result) {
	checkBottlenecks(t, r, []analysis.Bottleneck{
		{Activity: "Serve", Basis: "wait", TotalWait: 19800, ShareOfWait: 1, MedianWait: 5400, P90Wait: 7200, PeakQueue: 3, PeakAt: "2024-01-01T09:30:00Z"},
	})
	if b := r.Bottlenecks[0]; !strings.Contains(b.Reason, "up to 3 cases waiting at once") {
		t.Errorf("reason %q does not give the peak of 3", b.Reason)
	}
	checkStats(t, "Arrive service", activity(t, r, "Arrive").Service, &analysis.Stats{Count: 4})
	// 20 samples every 10 min from 08:00 to 11:10 (the last end).
	checkQueues(t, r, map[string][]int{
		"Serve": {1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 2, 2, 2, 1, 1, 1, 0, 0},
	}, "2024-01-01T08:00:00Z", "2024-01-01T08:10:00Z", "2024-01-01T11:10:00Z")
	// q1 08:00→10:10, q2 08:30→09:10, q3 09:00→11:10, q4 09:30→10:40
	checkStats(t, "cycle time", &r.CycleTime, &analysis.Stats{Count: 4, Mean: 5550, Median: 6000, P90: 7800, Max: 7800, Min: 2400, Sum: 22200})
}

// orders.csv against orders-map.yaml (take → pick → ship | cancel; pick
// claims "Picked" and "Packed"; ship has a 2h SLA, the process 5h):
//
//	o1 Order taken 08:00 ann, Picked 09:00 wes, Packed 09:30 wes, Ship 12:00 dan
//	o2 Order taken 08:00 ann, Picked 11:00 wes, Ship 14:00 dan
//	o3 Picked 10:00 wes, Gift wrap 10:30 ann (not in the map), Ship 11:00 dan
//	o4 Order taken 09:00 ann, Ship 10:00 dan
func checkOrders(t *testing.T, r *analysis.Result) {
	if got := activity(t, r, "Packed").Step; got != "pick" {
		t.Errorf("Packed maps to step %q, want pick", got)
	}
	if got := activity(t, r, "Gift wrap").Step; got != "" {
		t.Errorf("Gift wrap maps to step %q, want none", got)
	}
	if tr := transition(t, r, "Order taken", "Picked"); tr.FromStep != "take" || tr.ToStep != "pick" {
		t.Errorf("Order taken→Picked steps %q→%q, want take→pick", tr.FromStep, tr.ToStep)
	}

	// Conformance: o1 (Picked+Packed are one visit of pick) and o2 fit;
	// o3 begins at pick, o4 moves take→ship.
	c := r.Conformance
	if c == nil {
		t.Fatal("no conformance with a map")
	}
	if c.Cases != 4 || c.FittingCases != 2 || c.FittingShare != 0.5 {
		t.Errorf("conformance: %d of %d cases fit (share %v), want 2 of 4", c.FittingCases, c.Cases, c.FittingShare)
	}
	checkCounts(t, "not fitting", c.NotFitting, map[string]int{"does not begin at a start step": 1, "a move the map does not have": 1})
	if want := []analysis.NamedCount{{Name: "Gift wrap", Count: 1}}; !reflect.DeepEqual(c.UnmappedActivities, want) {
		t.Errorf("unmapped activities %+v, want %+v", c.UnmappedActivities, want)
	}
	if want := []string{"cancel"}; !reflect.DeepEqual(c.UnobservedSteps, want) {
		t.Errorf("unobserved steps %v, want %v", c.UnobservedSteps, want)
	}
	if want := []analysis.StepEdge{{From: "pick", To: "cancel"}}; !reflect.DeepEqual(c.UnobservedEdges, want) {
		t.Errorf("unobserved edges %+v, want %+v", c.UnobservedEdges, want)
	}
	if want := []analysis.StepEdge{{From: "take", To: "ship", Count: 1}}; !reflect.DeepEqual(c.UnexpectedTransitions, want) {
		t.Errorf("unexpected transitions %+v, want %+v", c.UnexpectedTransitions, want)
	}

	// SLA: cycle times 4h, 6h, 1h, 1h against 5h; ship from enabled
	// (previous end) to done: o1 09:30→12:00, o2 11:00→14:00 breach 2h,
	// o3 10:30→11:00, o4 09:00→10:00 meet it.
	if r.SLA == nil || r.SLA.Process == nil {
		t.Fatalf("SLA %+v, want the process SLA", r.SLA)
	}
	if got, want := *r.SLA.Process, (analysis.SLAFigure{TargetSeconds: 18000, Measured: 4, Within: 3, Breaches: 1, Share: 0.75}); got != want {
		t.Errorf("process SLA %+v, want %+v", got, want)
	}
	if want := []analysis.SLAFigure{{Step: "ship", TargetSeconds: 7200, Measured: 4, Within: 2, Breaches: 2, Share: 0.5}}; !reflect.DeepEqual(r.SLA.Steps, want) {
		t.Errorf("step SLAs %+v, want %+v", r.SLA.Steps, want)
	}

	// Owner handoffs from the map: store→warehouse in o1, o2, o4; o3's pairs
	// touch the unmapped Gift wrap (unknown). System switches likewise.
	for _, hs := range []struct {
		name     string
		set      *analysis.HandoffSet
		from, to string
	}{{"owner handoffs", r.Handoffs.Owner, "store", "warehouse"}, {"system switches", r.Handoffs.SystemSwitches, "shop", "wms"}} {
		if hs.set == nil {
			t.Errorf("%s: nil with a map", hs.name)
			continue
		}
		if hs.set.Total != 3 || hs.set.KnownPairs != 6 || hs.set.UnknownPairs != 2 || hs.set.Share != 0.5 {
			t.Errorf("%s: total %d known %d unknown %d share %v, want 3, 6, 2, 0.5", hs.name, hs.set.Total, hs.set.KnownPairs, hs.set.UnknownPairs, hs.set.Share)
		}
		checkPairs(t, hs.name, hs.set.Pairs, []analysis.Pair{{From: hs.from, To: hs.to, Count: 3}})
		checkStats(t, hs.name+" per case", &hs.set.PerCase, &analysis.Stats{Count: 4, Mean: 0.75, Median: 1, P90: 1, Max: 1, Min: 0, Sum: 3})
	}
	// Resource handoffs: every pair but o1's Picked→Packed (wes→wes).
	checkPairs(t, "resource pairs", r.Handoffs.Resource.Pairs, []analysis.Pair{
		{From: "ann", To: "dan", Count: 2}, {From: "ann", To: "wes", Count: 2}, {From: "wes", To: "dan", Count: 2}, {From: "wes", To: "ann", Count: 1},
	})

	// Step figures: the activities of a step pooled; moves between steps.
	if len(r.Steps) != 4 {
		t.Fatalf("%d step figures, want 4 (every map step)", len(r.Steps))
	}
	take, pick, ship, cancel := r.Steps[0], r.Steps[1], r.Steps[2], r.Steps[3]
	if take.Step != "take" || pick.Step != "pick" || ship.Step != "ship" || cancel.Step != "cancel" {
		t.Fatalf("steps %s %s %s %s, want the map's order", take.Step, pick.Step, ship.Step, cancel.Step)
	}
	if !reflect.DeepEqual(pick.Activities, []string{"Packed", "Picked"}) || pick.Events != 4 || pick.Owner != "warehouse" || pick.System != "wms" || pick.Name != "Pick and pack" {
		t.Errorf("pick: %+v", pick)
	}
	// Order taken is always first: no sojourn. Pick pools Picked (o1 3600,
	// o2 10800) and Packed (o1 1800).
	if take.Sojourn != nil || take.Events != 3 {
		t.Errorf("take: sojourn %v events %d, want nil, 3", take.Sojourn, take.Events)
	}
	checkStats(t, "pick sojourn", pick.Sojourn, &analysis.Stats{Count: 3, Mean: 5400, Median: 3600, P90: 9360, Max: 10800, Min: 1800, Sum: 16200})
	// ship: 9000, 10800, 1800, 3600
	checkStats(t, "ship sojourn", ship.Sojourn, &analysis.Stats{Count: 4, Mean: 6300, Median: 6300, P90: 10260, Max: 10800, Min: 1800, Sum: 25200})
	if pick.Wait != nil || pick.Service != nil {
		t.Errorf("pick wait %v service %v without start times, want nil", pick.Wait, pick.Service)
	}
	if len(cancel.Activities) != 0 || cancel.Events != 0 || cancel.Sojourn != nil || len(cancel.Out) != 0 {
		t.Errorf("cancel (never observed): %+v", cancel)
	}
	checkMoves(t, "take", take.Out, []analysis.StepMove{
		{To: "pick", Count: 2, InMap: true, Duration: analysis.Stats{Count: 2, Mean: 7200, Median: 7200, P90: 10080, Max: 10800, Min: 3600, Sum: 14400}},
		{To: "ship", Count: 1, InMap: false, Duration: analysis.Stats{Count: 1, Mean: 3600, Median: 3600, P90: 3600, Max: 3600, Min: 3600, Sum: 3600}},
	})
	// pick → ship from the visit's last activity: o1 Packed→Ship 9000, o2 10800
	checkMoves(t, "pick", pick.Out, []analysis.StepMove{
		{To: "ship", Count: 2, InMap: true, Duration: analysis.Stats{Count: 2, Mean: 9900, Median: 9900, P90: 10620, Max: 10800, Min: 9000, Sum: 19800}},
	})
	if len(ship.Out) != 0 {
		t.Errorf("ship moves %+v, want none", ship.Out)
	}
}

// TestDiscoverDefinitions: the discovered map's branch shares are the
// observed ones from variants.csv, rounded to 6 decimals so they sum to 1;
// MinShare drops rare branches and renormalises the rest.
func TestDiscoverDefinitions(t *testing.T) {
	r := analyze(t, "variants.csv", analysis.Options{})
	for _, tc := range []struct {
		minShare float64
		want     map[string]map[string]float64 // step → next → p
	}{
		{0, map[string]map[string]float64{
			"start": {"a": 0.833333, "b": 0.166667}, // 5 and 1 of 6 cases start there
			"a":     {"b": 0.5, "c": 0.333333, "end": 0.166667},
			"b":     {"c": 0.6, "a": 0.2, "b": 0.2},
			"c":     {"end": 1},
		}},
		{0.25, map[string]map[string]float64{
			"start": {"a": 1},
			"a":     {"b": 0.6, "c": 0.4},
			"b":     {"c": 1},
			"c":     {"end": 1},
		}},
	} {
		src, err := analysis.Discover(r, analysis.DiscoverOptions{Process: "Variants", MinShare: tc.minShare})
		if err != nil {
			t.Fatalf("min share %v: %v\n%s", tc.minShare, err, src)
		}
		m, err := mapping.Parse("discovered.yaml", src)
		if err != nil {
			t.Fatalf("min share %v: %v", tc.minShare, err)
		}
		if m.Process != "Variants" {
			t.Errorf("process %q, want Variants", m.Process)
		}
		got := map[string]map[string]float64{}
		for _, s := range m.Steps {
			if len(s.Next) == 0 {
				continue
			}
			got[s.ID] = map[string]float64{}
			for _, e := range s.Next {
				got[s.ID][e.To] = e.P
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("min share %v: branches %v, want %v\n%s", tc.minShare, got, tc.want, src)
		}
	}
	// With start times a step's duration is its median service time:
	// Receive 2700 s, Review 5400 s, Decide 3600 s (waits.csv).
	src, err := analysis.Discover(analyze(t, "waits.csv", analysis.Options{}), analysis.DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Parse("discovered.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]float64{"receive": 2700, "review": 5400, "decide": 3600, "start": 0, "end": 0} {
		i := m.StepIndex(id)
		if i < 0 {
			t.Errorf("no step %q in\n%s", id, src)
		} else if got := m.Steps[i].Duration.MeanSeconds(); got != want {
			t.Errorf("step %s duration %v s, want %v s", id, got, want)
		}
	}
	if _, err := analysis.Discover(&analysis.Result{}, analysis.DiscoverOptions{}); err == nil {
		t.Error("discovering from an empty analysis: no error")
	}
}

// Helpers: each compares a whole figure and names what differs.

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func statsEqual(got, want analysis.Stats) bool {
	eq := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	return got.Count == want.Count && eq(got.Mean, want.Mean) && eq(got.Median, want.Median) && eq(got.P90, want.P90) &&
		eq(got.Max, want.Max) && eq(got.Min, want.Min) && eq(got.Sum, want.Sum)
}

func checkStats(t *testing.T, what string, got, want *analysis.Stats) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, got, want)
	case !statsEqual(*got, *want):
		t.Errorf("%s = %+v\nwant %+v", what, *got, *want)
	}
}

func checkLog(t *testing.T, r *analysis.Result, want analysis.LogInfo) {
	t.Helper()
	got := r.Log
	got.Source, got.Format, got.Columns = "", "", eventlog.Columns{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("log = %+v\nwant %+v", got, want)
	}
}

func activity(t *testing.T, r *analysis.Result, name string) analysis.Activity {
	t.Helper()
	for _, a := range r.Activities {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no activity %q", name)
	return analysis.Activity{}
}

func transition(t *testing.T, r *analysis.Result, from, to string) analysis.Transition {
	t.Helper()
	for _, tr := range r.Transitions {
		if tr.From == from && tr.To == to {
			return tr
		}
	}
	t.Fatalf("no transition %s → %s", from, to)
	return analysis.Transition{}
}

// checkTransitions compares the transitions in order (count descending,
// then from, then to), ignoring the map step fields.
func checkTransitions(t *testing.T, r *analysis.Result, want []analysis.Transition) {
	t.Helper()
	if len(r.Transitions) != len(want) {
		t.Errorf("%d transitions %+v, want %d", len(r.Transitions), r.Transitions, len(want))
		return
	}
	for i, w := range want {
		g := r.Transitions[i]
		if g.From != w.From || g.To != w.To || g.Count != w.Count || g.Handoffs != w.Handoffs || !statsEqual(g.Duration, w.Duration) {
			t.Errorf("transition %d = %s→%s count %d handoffs %d %+v\nwant %s→%s count %d handoffs %d %+v",
				i, g.From, g.To, g.Count, g.Handoffs, g.Duration, w.From, w.To, w.Count, w.Handoffs, w.Duration)
		}
	}
}

func checkCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func checkPairs(t *testing.T, what string, got, want []analysis.Pair) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

func checkVariantList(t *testing.T, r *analysis.Result, want []analysis.Variant) {
	t.Helper()
	ok := len(r.Variants) == len(want)
	for i := 0; ok && i < len(want); i++ {
		g, w := r.Variants[i], want[i]
		ok = reflect.DeepEqual(g.Activities, w.Activities) && g.Cases == w.Cases && math.Abs(g.Share-w.Share) < 1e-12
	}
	if !ok {
		t.Errorf("variants = %+v\nwant %+v", r.Variants, want)
	}
}

// checkBottlenecks compares the ranking; Reason is checked by the callers.
func checkBottlenecks(t *testing.T, r *analysis.Result, want []analysis.Bottleneck) {
	t.Helper()
	if len(r.Bottlenecks) != len(want) {
		t.Errorf("bottlenecks = %+v, want %d", r.Bottlenecks, len(want))
		return
	}
	for i, w := range want {
		g := r.Bottlenecks[i]
		if g.Reason == "" {
			t.Errorf("bottleneck %s has no reason", g.Activity)
		}
		g.Reason = ""
		if g.ShareOfWait != w.ShareOfWait && math.Abs(g.ShareOfWait-w.ShareOfWait) < 1e-12 {
			g.ShareOfWait = w.ShareOfWait
		}
		if g != w {
			t.Errorf("bottleneck %d = %+v\nwant %+v", i, g, w)
		}
	}
}

// checkQueues compares the sampled queue series (activities with a queue,
// by name) and the first, second and last sample times.
func checkQueues(t *testing.T, r *analysis.Result, want map[string][]int, t0, t1, tLast string) {
	t.Helper()
	if len(r.Queues) != len(want) {
		t.Errorf("%d queue series, want %d", len(r.Queues), len(want))
	}
	for _, q := range r.Queues {
		if !reflect.DeepEqual(q.Values, want[q.Activity]) {
			t.Errorf("queue of %s = %v, want %v", q.Activity, q.Values, want[q.Activity])
		}
		if n := len(q.Times); n != len(q.Values) || n < 2 || q.Times[0] != t0 || q.Times[1] != t1 || q.Times[n-1] != tLast {
			t.Errorf("queue of %s sampled at %v, want %s, %s … %s", q.Activity, q.Times, t0, t1, tLast)
		}
		peak := 0
		for _, v := range q.Values {
			peak = max(peak, v)
		}
		if q.Peak < peak {
			t.Errorf("queue of %s: peak %d below a sample %d", q.Activity, q.Peak, peak)
		}
	}
}

func checkBuckets(t *testing.T, r *analysis.Result, want []analysis.HandoffBucket) {
	t.Helper()
	if !reflect.DeepEqual(r.WaitByHandoffs, want) {
		t.Errorf("wait by handoffs = %+v\nwant %+v", r.WaitByHandoffs, want)
	}
}

func checkMoves(t *testing.T, step string, got, want []analysis.StepMove) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = got[i].To == want[i].To && got[i].Count == want[i].Count && got[i].InMap == want[i].InMap && statsEqual(got[i].Duration, want[i].Duration)
	}
	if !ok {
		t.Errorf("moves out of %s = %+v\nwant %+v", step, got, want)
	}
}

func slicesContain(xs []string, sub string) bool {
	for _, x := range xs {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}
