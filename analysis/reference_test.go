package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// kind of a reference log, which decides what is compared with what.
type logKind int

const (
	single    logKind = iota // one timestamp per event
	lifecycle                // XES start/complete paired into instances (compare with lifecycle.interval)
	interval                 // CSV with a start_timestamp column
)

var referenceLogs = []struct {
	ref, log string
	kind     logKind
}{
	{"running-example.json", "running-example.xes", single},
	{"running-example-csv.json", "running-example.csv", single},
	{"receipt.json", "receipt.xes.gz", single},
	{"receipt-csv.json", "receipt.csv", single},
	{"roadtraffic100traces.json", "roadtraffic100traces.xes", single},
	{"roadtraffic100traces-csv.json", "roadtraffic100traces.csv", single},
	{"helpdesk.json", "helpdesk.xes.gz", single},
	{"bpic2013_incidents.json", "bpic2013_incidents.xes.gz", single},
	{"bpic2013_closed_problems.json", "bpic2013_closed_problems.xes.gz", single},
	{"reviewing.json", "reviewing.xes", lifecycle},
	{"repairExample.json", "repairExample.xes.gz", lifecycle},
	{"bpic2012.json", "bpic2012.xes.gz", lifecycle},
	{"interval_event_log.json", "interval_event_log.csv", interval},
}

// Reference JSON shapes (only what we compare).
type refStats struct {
	Count  int      `json:"count"`
	Mean   float64  `json:"mean"`
	Median float64  `json:"median"`
	Max    float64  `json:"max"`
	Min    float64  `json:"min"`
	P90    *float64 `json:"p90_linear"`
}

type refEdge struct {
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Frequency int     `json:"frequency"`
	Count     int     `json:"count"`
	Mean      float64 `json:"mean"`
	Median    float64 `json:"median"`
	Max       float64 `json:"max"`
	Min       float64 `json:"min"`
}

type refView struct {
	Counts struct {
		Cases, Events, Activities, Variants int
	} `json:"counts"`
	StartActivities map[string]int `json:"start_activities"`
	EndActivities   map[string]int `json:"end_activities"`
	ActivityCounts  map[string]int `json:"activity_counts"`
	Variants        struct {
		Items []struct {
			Count      int      `json:"count"`
			Activities []string `json:"activities"`
		} `json:"items"`
	} `json:"variants"`
	DFG          []refEdge `json:"dfg"`
	PerfDFG      []refEdge `json:"performance_dfg_seconds"`
	CaseDuration *refStats `json:"case_duration_seconds"`
	Activities   []struct {
		Name        string    `json:"name"`
		Events      int       `json:"events"`
		Cases       int       `json:"cases"`
		ReworkCases int       `json:"rework_cases"`
		Incoming    *refStats `json:"incoming_transition_seconds"`
	} `json:"activities"`
}

type refHandover struct {
	Policy          string    `json:"policy"`
	Error           *string   `json:"pm4py_handover_error"`
	HandoffsPerCase *refStats `json:"handoffs_per_case"`
	Between         int       `json:"total_handovers_between_different_resources"`
	Edges           []struct {
		Source, Target string
		Count          int
	} `json:"edges"`
}

type refInterval struct {
	Service map[string]refStats `json:"service_time_seconds"`
	DFG     []refEdge           `json:"dfg"`
	Waits   struct {
		Edges []refEdge `json:"edges"`
	} `json:"waits_clamped_at_0"`
}

type refFile struct {
	Results struct {
		refView
		Handover  map[string]json.RawMessage `json:"handover_of_work"`
		Lifecycle *struct {
			CompleteOnly refView     `json:"complete_only"`
			Interval     refInterval `json:"interval"`
		} `json:"lifecycle"`
		Service map[string]refStats `json:"service_time_seconds"`
		Waits   struct {
			Edges []refEdge `json:"edges"`
		} `json:"waits_clamped_at_0"`
	} `json:"results"`
}

// TestAgainstPM4Py runs the analyzer on every shared log and compares it with
// what PM4Py 2.7.14 computed (shared/data/reference). Where flowmap's
// definition differs by design (docs/ANALYSIS.md), the test checks ours.
func TestAgainstPM4Py(t *testing.T) {
	sharedData := shareddata.Dir(t)
	for _, tc := range referenceLogs {
		t.Run(tc.log, func(t *testing.T) {
			if testing.Short() && strings.HasPrefix(tc.log, "bpic2012") {
				t.Skip("large log skipped in -short mode")
			}
			var ref refFile
			raw, err := os.ReadFile(filepath.Join(sharedData, "reference", tc.ref))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &ref); err != nil {
				t.Fatal(err)
			}
			l, err := eventlog.ReadFile(filepath.Join(sharedData, "logs", tc.log), eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(l, Options{})
			rv := &ref.Results.refView
			if r.Log.Cases != rv.Counts.Cases || r.Log.Events != rv.Counts.Events {
				t.Errorf("cases/events = %d/%d, PM4Py %d/%d", r.Log.Cases, r.Log.Events, rv.Counts.Cases, rv.Counts.Events)
			}
			if r.Log.SkippedRows != 0 {
				t.Errorf("%d rows skipped", r.Log.SkippedRows)
			}
			switch tc.kind {
			case single:
				checkView(t, r, rv, true)
				checkEdgeDurations(t, "performance DFG", r, rv.PerfDFG)
				checkStats(t, "case duration", r.CycleTime, rv.CaseDuration)
				for _, a := range rv.Activities {
					got := findActivity(r, a.Name)
					if got == nil {
						t.Errorf("activity %q missing", a.Name)
						continue
					}
					if got.Events != a.Events || got.Cases != a.Cases || got.ReworkCases != a.ReworkCases {
						t.Errorf("activity %q events/cases/rework = %d/%d/%d, PM4Py %d/%d/%d", a.Name, got.Events, got.Cases, got.ReworkCases, a.Events, a.Cases, a.ReworkCases)
					}
					if a.Incoming != nil && a.Incoming.Count > 0 {
						if got.Sojourn == nil {
							t.Errorf("activity %q: no sojourn, PM4Py has incoming transitions", a.Name)
						} else {
							checkStats(t, "sojourn of "+a.Name, *got.Sojourn, a.Incoming)
						}
					}
				}
			case lifecycle:
				lc := ref.Results.Lifecycle
				if lc == nil {
					t.Fatal("reference has no lifecycle section")
				}
				if r.Log.Instances != lc.CompleteOnly.Counts.Events {
					t.Errorf("instances = %d, PM4Py complete events %d", r.Log.Instances, lc.CompleteOnly.Counts.Events)
				}
				checkDFG(t, r, lc.Interval.DFG)
				checkEdgeDurations(t, "waits clamped at 0", r, lc.Interval.Waits.Edges)
				checkService(t, r, lc.Interval.Service)
			case interval:
				checkDFG(t, r, rv.DFG)
				checkEdgeDurations(t, "waits clamped at 0", r, ref.Results.Waits.Edges)
				checkService(t, r, ref.Results.Service)
				// PM4Py's get_start/end_activities order this log by completion
				// while its DFG orders by start; flowmap orders by start
				// throughout, so its start and end activities agree with the DFG.
				checkFlowBalance(t, r)
			}
			checkHandoffs(t, r, l, ref.Results.Handover, tc.kind)
		})
	}
}

func checkView(t *testing.T, r *Result, rv *refView, variants bool) {
	t.Helper()
	if r.Log.Activities != rv.Counts.Activities {
		t.Errorf("activities = %d, PM4Py %d", r.Log.Activities, rv.Counts.Activities)
	}
	checkStartEnd(t, r, rv)
	checkDFG(t, r, rv.DFG)
	if !variants {
		return
	}
	if r.Log.Variants != rv.Counts.Variants {
		t.Errorf("variants = %d, PM4Py %d", r.Log.Variants, rv.Counts.Variants)
	}
	want := map[string]int{}
	for _, v := range rv.Variants.Items {
		want[strings.Join(v.Activities, "\x00")] = v.Count
	}
	if len(want) == rv.Counts.Variants { // the reference lists them all
		for _, v := range r.Variants {
			k := strings.Join(v.Activities, "\x00")
			if want[k] != v.Cases {
				t.Errorf("variant %v: %d cases, PM4Py %d", v.Activities, v.Cases, want[k])
			}
		}
	}
}

// checkFlowBalance: every instance is a case start or has one incoming
// transition, and is a case end or has one outgoing transition.
func checkFlowBalance(t *testing.T, r *Result) {
	t.Helper()
	in, out := map[string]int{}, map[string]int{}
	for _, tr := range r.Transitions {
		out[tr.From] += tr.Count
		in[tr.To] += tr.Count
	}
	for _, a := range r.Activities {
		if in[a.Name]+r.StartActivities[a.Name] != a.Events || out[a.Name]+r.EndActivities[a.Name] != a.Events {
			t.Errorf("activity %q: %d events, %d in + %d starts, %d out + %d ends", a.Name, a.Events, in[a.Name], r.StartActivities[a.Name], out[a.Name], r.EndActivities[a.Name])
		}
	}
}

func checkStartEnd(t *testing.T, r *Result, rv *refView) {
	t.Helper()
	if !equalCounts(r.StartActivities, rv.StartActivities) {
		t.Errorf("start activities = %v, PM4Py %v", r.StartActivities, rv.StartActivities)
	}
	if !equalCounts(r.EndActivities, rv.EndActivities) {
		t.Errorf("end activities = %v, PM4Py %v", r.EndActivities, rv.EndActivities)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func findActivity(r *Result, name string) *Activity {
	for i := range r.Activities {
		if r.Activities[i].Name == name {
			return &r.Activities[i]
		}
	}
	return nil
}

func transitionsByKey(r *Result) map[[2]string]Transition {
	m := map[[2]string]Transition{}
	for _, tr := range r.Transitions {
		m[[2]string{tr.From, tr.To}] = tr
	}
	return m
}

func checkDFG(t *testing.T, r *Result, dfg []refEdge) {
	t.Helper()
	got := transitionsByKey(r)
	if len(got) != len(dfg) {
		t.Errorf("%d transitions, PM4Py %d", len(got), len(dfg))
	}
	bad := 0
	for _, e := range dfg {
		if tr := got[[2]string{e.Source, e.Target}]; tr.Count != e.Frequency && bad < 10 {
			bad++
			t.Errorf("transition %s -> %s: %d, PM4Py %d", e.Source, e.Target, tr.Count, e.Frequency)
		}
	}
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-9)
}

const tolerance = 1e-6

func checkEdgeDurations(t *testing.T, what string, r *Result, edges []refEdge) {
	t.Helper()
	if len(edges) == 0 {
		t.Errorf("%s: reference has no edges", what)
	}
	got := transitionsByKey(r)
	bad := 0
	for _, e := range edges {
		tr, ok := got[[2]string{e.Source, e.Target}]
		if !ok {
			t.Errorf("%s: no transition %s -> %s", what, e.Source, e.Target)
			continue
		}
		d := tr.Duration
		if relErr(d.Mean, e.Mean) > tolerance || relErr(d.Median, e.Median) > tolerance || relErr(d.Max, e.Max) > tolerance {
			if bad++; bad <= 10 {
				t.Errorf("%s %s -> %s: mean/median/max = %v/%v/%v, PM4Py %v/%v/%v", what, e.Source, e.Target, d.Mean, d.Median, d.Max, e.Mean, e.Median, e.Max)
			}
		}
	}
}

func checkStats(t *testing.T, what string, got Stats, want *refStats) {
	t.Helper()
	if want == nil {
		t.Errorf("%s: no reference", what)
		return
	}
	if got.Count != want.Count || relErr(got.Mean, want.Mean) > tolerance || relErr(got.Median, want.Median) > tolerance ||
		relErr(got.Max, want.Max) > tolerance || relErr(got.Min, want.Min) > tolerance ||
		want.P90 != nil && relErr(got.P90, *want.P90) > tolerance {
		t.Errorf("%s: count/mean/median/p90/max = %d/%v/%v/%v/%v, PM4Py %d/%v/%v/%v/%v", what, got.Count, got.Mean, got.Median, got.P90, got.Max, want.Count, want.Mean, want.Median, deref(want.P90), want.Max)
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func checkService(t *testing.T, r *Result, service map[string]refStats) {
	t.Helper()
	if len(service) == 0 {
		t.Error("reference has no service times")
	}
	for name, want := range service {
		a := findActivity(r, name)
		if a == nil || a.Service == nil {
			t.Errorf("activity %q: no service time", name)
			continue
		}
		s := a.Service
		if relErr(s.Mean, want.Mean) > tolerance || relErr(s.Median, want.Median) > tolerance || relErr(s.Max, want.Max) > tolerance || relErr(s.Min, want.Min) > tolerance {
			t.Errorf("service of %q: mean/median/min/max = %v/%v/%v/%v, PM4Py %v/%v/%v/%v", name, s.Mean, s.Median, s.Min, s.Max, want.Mean, want.Median, want.Min, want.Max)
		}
	}
}

// checkHandoffs compares resource handoffs. With every resource known, on a
// single-timestamp log, ours must equal PM4Py's handover-of-work network
// without self pairs. With missing resources ours differs by design (a pair
// with an unknown side is no handoff; PM4Py's drop_missing bridges over the
// gap), so we check our own invariants instead.
func checkHandoffs(t *testing.T, r *Result, l *eventlog.Log, ho map[string]json.RawMessage, kind logKind) {
	t.Helper()
	h := r.Handoffs.Resource
	if h.KnownPairs+h.UnknownPairs != r.Log.Instances-r.Log.Cases {
		t.Errorf("known %d + unknown %d pairs != instances %d - cases %d", h.KnownPairs, h.UnknownPairs, r.Log.Instances, r.Log.Cases)
	}
	sum := 0
	for _, p := range h.Pairs {
		sum += p.Count
		if p.From == p.To {
			t.Errorf("self pair %v counted as handoff", p)
		}
	}
	if sum != h.Total || int(math.Round(h.PerCase.Sum)) != h.Total {
		t.Errorf("pairs sum %d, per-case sum %v, total %d", sum, h.PerCase.Sum, h.Total)
	}
	raw, ok := ho["all_events"]
	if !ok {
		if l.Columns.Resource != "" && h.UnknownPairs == 0 {
			t.Errorf("reference has missing resources but we found no unknown pairs")
		}
		return
	}
	var ref refHandover
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if kind != single {
		// PM4Py counts start and complete events one by one; flowmap counts
		// instances. Both agree on the people who worked the case.
		return
	}
	if h.Total != ref.Between {
		t.Errorf("resource handoffs = %d, PM4Py %d", h.Total, ref.Between)
	}
	want := map[[2]string]int{}
	for _, e := range ref.Edges {
		if e.Source != e.Target {
			want[[2]string{e.Source, e.Target}] = e.Count
		}
	}
	if len(want) != len(h.Pairs) {
		t.Errorf("%d handoff pairs, PM4Py %d", len(h.Pairs), len(want))
	}
	for _, p := range h.Pairs {
		if want[[2]string{p.From, p.To}] != p.Count {
			t.Errorf("handoff %s -> %s: %d, PM4Py %d", p.From, p.To, p.Count, want[[2]string{p.From, p.To}])
		}
	}
	checkStats(t, "handoffs per case", h.PerCase, ref.HandoffsPerCase)
}

// Example output of the comparison for the docs; kept tiny so that it runs.
func ExampleSummarize() {
	s := Summarize([]float64{4, 1, 3, 2})
	fmt.Println(s.Count, s.Median, s.P90)
	// Output: 4 2.5 3.7
}
