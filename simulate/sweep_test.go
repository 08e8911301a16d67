package simulate

import (
	"context"
	"strings"
	"testing"
)

func TestParseSweep(t *testing.T) {
	for _, tt := range []struct {
		in     string
		path   string
		values []string
		err    string
	}{
		{in: "warehouse.capacity=4..8", path: "warehouse.capacity", values: []string{"4", "5", "6", "7", "8"}},
		{in: " pick.capacity = 1 .. 2 ", path: "pick.capacity", values: []string{"1", "2"}},
		{in: "warehouse.capacity=5..5", path: "warehouse.capacity", values: []string{"5"}},
		{in: `warehouse.calendar=["Mon-Fri 08:00-17:00","Mon-Sat 07:00-19:00"]`, path: "warehouse.calendar",
			values: []string{"Mon-Fri 08:00-17:00", "Mon-Sat 07:00-19:00"}},
		{in: `warehouse.calendar=['Mon-Fri 08:00-17:00', "24/7"]`, path: "warehouse.calendar", values: []string{"Mon-Fri 08:00-17:00", "24/7"}},
		{in: "pick.duration=[30s, 1m, {dist: exponential, mean: 2m}]", err: "each value must be a single value"},
		{in: "arrivals.rate=[6/min, 8/min]", path: "arrivals.rate", values: []string{"6/min", "8/min"}},
		{in: "warehouse.capacity=8..4", err: "--sweep warehouse.capacity=8..4: the range must go up"},
		{in: "warehouse.capacity=1..51", err: "51 values, at most 50"},
		{in: "warehouse.capacity=1..50", path: "warehouse.capacity"},
		{in: "warehouse.capacity=a..4", err: `the range's start "a" is not a whole number`},
		{in: "warehouse.capacity=4..8.5", err: `the range's end "8.5" is not a whole number`},
		{in: "warehouse.capacity=4", err: "write a range of whole numbers LO..HI or a list [V1, V2]"},
		{in: "warehouse.capacity=[]", err: "the list has no values"},
		{in: "warehouse.capacity=[4, 5, 4]", err: `"4" is listed twice`},
		{in: `warehouse.calendar=["Mon-Fri 08:00-17:00"`, err: "the list is not valid YAML"},
		{in: "=4..8", err: "write PATH=LO..HI or PATH=[V1, V2]"},
		{in: "warehouse.capacity", err: "write PATH=LO..HI or PATH=[V1, V2]"},
	} {
		sw, err := ParseSweep(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseSweep(%q) = %v, want an error with %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSweep(%q): %v", tt.in, err)
			continue
		}
		if sw.Path != tt.path || tt.values != nil && strings.Join(sw.Values, "|") != strings.Join(tt.values, "|") {
			t.Errorf("ParseSweep(%q) = %s %q, want %s %q", tt.in, sw.Path, sw.Values, tt.path, tt.values)
		}
	}
}

func TestParseTarget(t *testing.T) {
	for _, tt := range []struct {
		in, metric, op string
		value          float64
		err            string
	}{
		{in: "p90<=2d", metric: "cycle_time_p90", op: "<=", value: 2 * 86400},
		{in: " sla >= 0.9 ", metric: "sla_attainment", op: ">=", value: 0.9},
		{in: "sla>=95%", metric: "sla_attainment", op: ">=", value: 0.95},
		{in: "wait<=4h", metric: "wait_mean", op: "<=", value: 4 * 3600},
		{in: "p90<2d", err: "write METRIC<=VALUE or METRIC>=VALUE"},
		{in: "p95<=2d", err: `unknown measure "p95"`},
		{in: "sla>=1.5", err: `"1.5" is not a share`},
		{in: "p90<=2", err: `"2" is not a duration`},
	} {
		got, err := ParseTarget(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseTarget(%q) = %v, want an error with %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.Metric != tt.metric || got.Op != tt.op || got.Value != tt.value {
			t.Errorf("ParseTarget(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

// TestTargetMeets checks that a target is met only by a whole interval.
func TestTargetMeets(t *testing.T) {
	le := Target{Op: "<=", Value: 10}
	ge := Target{Op: ">=", Value: 0.9}
	for _, tt := range []struct {
		t    Target
		e    *Est
		want bool
	}{
		{le, &Est{Mean: 8, CI95: &[2]float64{7, 9}}, true},
		{le, &Est{Mean: 9, CI95: &[2]float64{8, 11}}, false}, // the mean meets it, the interval does not
		{le, &Est{Mean: 10}, true},                           // one replication: the mean
		{le, nil, false},
		{ge, &Est{Mean: 0.95, CI95: &[2]float64{0.91, 0.99}}, true},
		{ge, &Est{Mean: 0.92, CI95: &[2]float64{0.88, 0.96}}, false},
	} {
		if got := tt.t.Meets(tt.e); got != tt.want {
			t.Errorf("%+v meets %+v = %v, want %v", tt.t, tt.e, got, tt.want)
		}
	}
}

const sweepScenario = `process: desk
owners: [{id: desk, capacity: 1}]
steps:
  - {id: serve, owner: desk, duration: {dist: exponential, mean: 10m}}
sla: 1h
arrivals: {rate: 5/h}
horizon: 6d
warmup: 1d
replications: 10
seed: 3
variants:
  - name: replaced by the sweep
    set: {desk.capacity: 5}
`

// runSweep runs the sweep over the small scenario with the target.
func runSweep(t *testing.T, sweep, target string) *SweepResult {
	t.Helper()
	sc, err := ParseScenario("desk.yaml", []byte(sweepScenario), nil)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := ParseSweep(sweep)
	if err != nil {
		t.Fatal(err)
	}
	sc.Variants = sw.Variants()
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tg *Target
	if target != "" {
		x, err := ParseTarget(target)
		if err != nil {
			t.Fatal(err)
		}
		tg = &x
	}
	return sw.Summarize(res, tg)
}

// TestSweepCapacity sweeps one server to three: the p90 cycle time falls
// at each step, clearly (the intervals do not overlap), and so do the wait
// and the utilisation.
func TestSweepCapacity(t *testing.T) {
	s := runSweep(t, "desk.capacity=1..3", "p90<=30m")
	if s.Path != "desk.capacity" || s.Pool != "desk" || s.WaitStep != "serve" || len(s.Results) != 3 {
		t.Fatalf("sweep %+v", s)
	}
	for i, r := range s.Results {
		t.Logf("%s: p90 %.0f %v, wait %.0f, util %.3f, sla %.3f", r.Variant, r.CycleTimeP90.Mean, *r.CycleTimeP90.CI95, r.WaitMean.Mean, r.Utilization.Mean, r.SLAAttainment.Mean)
		if want := "desk.capacity=" + s.Values[i]; r.Variant != want {
			t.Errorf("variant %q, want %q", r.Variant, want)
		}
		if i == 0 {
			continue
		}
		p := s.Results[i-1]
		if r.CycleTimeP90.CI95[1] >= p.CycleTimeP90.CI95[0] {
			t.Errorf("p90 at %s %v does not fall clearly below %s %v", r.Value, *r.CycleTimeP90.CI95, p.Value, *p.CycleTimeP90.CI95)
		}
		if r.WaitMean.Mean >= p.WaitMean.Mean || r.Utilization.Mean >= p.Utilization.Mean {
			t.Errorf("wait or utilisation at %s do not fall", r.Value)
		}
	}
	if s.MetBy == nil || *s.MetBy != "2" || *s.Results[0].MeetsTarget || !*s.Results[1].MeetsTarget {
		t.Errorf("p90<=30m met by %v, want 2", s.MetBy)
	}
}

// TestSweepTargetNotMet checks a target no value meets.
func TestSweepTargetNotMet(t *testing.T) {
	s := runSweep(t, "desk.capacity=[1, 2]", "p90<=1m")
	if s.MetBy != nil || s.Target == nil || s.Target.Text != "p90<=1m" {
		t.Errorf("met by %v, target %+v; want none", s.MetBy, s.Target)
	}
	for _, r := range s.Results {
		if r.MeetsTarget == nil || *r.MeetsTarget {
			t.Errorf("%s meets p90<=1m", r.Value)
		}
	}
}
