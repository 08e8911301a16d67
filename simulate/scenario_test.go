package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// TestDeterministic: same seed ⇒ byte-identical JSON and event log, run
// after run and whatever the number of workers; every number is finite.
func TestDeterministic(t *testing.T) {
	sc, err := ReadScenario("../examples/flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Replications = 4
	workers := []int{1, 2, 2}
	var outs, logs [3][]byte
	for i, w := range workers {
		var ev bytes.Buffer
		res, err := Run(context.Background(), sc, Options{Workers: w, Events: &ev})
		if err != nil {
			t.Fatal(err)
		}
		checkFinite(t, reflect.ValueOf(res), "Result")
		// encoding/json refuses NaN and ±Inf with an error: it never writes them.
		if outs[i], err = json.Marshal(res); err != nil {
			t.Fatalf("run %d (%d workers): %v", i+1, w, err)
		}
		logs[i] = ev.Bytes()
	}
	if len(outs[0]) < 1000 || len(logs[0]) < 1000 {
		t.Fatalf("JSON (%d bytes) or event log (%d bytes) nearly empty", len(outs[0]), len(logs[0]))
	}
	for i := 1; i < len(workers); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Errorf("JSON of run %d (%d workers) differs from run 1 (%d worker)", i+1, workers[i], workers[0])
		}
		if !bytes.Equal(logs[0], logs[i]) {
			t.Errorf("event log of run %d (%d workers) differs from run 1 (%d worker)", i+1, workers[i], workers[0])
		}
	}
}

// checkFinite reports every float in v (followed through pointers, slices,
// maps and struct fields) that is NaN or infinite, with its path.
func checkFinite(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			t.Errorf("%s = %v", path, f)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkFinite(t, v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkFinite(t, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			checkFinite(t, v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				checkFinite(t, v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	}
}

// TestStreamsIndependent: changing one step's duration leaves the other
// steps' random streams alone (common random numbers).
func TestStreamsIndependent(t *testing.T) {
	a, b := stream(1, 0, "duration:pick"), stream(1, 0, "duration:pack")
	if a.Uint64() == b.Uint64() {
		t.Error("two purposes share a stream")
	}
	if stream(1, 3, "arrivals").Uint64() != stream(1, 3, "arrivals").Uint64() {
		t.Error("streams are not reproducible")
	}
}

// TestMemoryBounded: case slots and the event list follow the cases in the
// system, not the number simulated.
func TestMemoryBounded(t *testing.T) {
	sc := &Scenario{Map: parseMap(t, orderFlow), Arrivals: Arrivals{Rate: 1.2}, Cases: 300_000, Seed: 1}
	m, err := compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := newSim(m, 1, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.run(); err != nil {
		t.Fatal(err)
	}
	if len(s.cases) > 2000 || cap(s.h.ev) > 4000 {
		t.Errorf("%d case slots, event list capacity %d for 300k cases", len(s.cases), cap(s.h.ev))
	}
}

func TestCalendar(t *testing.T) {
	c, err := mapping.ParseCalendar("Mon-Fri 08:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	// Start Friday 2026-11-27 16:00 UTC.
	cal := newCalendar(c, newWeekClock(mustTime(t, "2026-11-27T16:00:00Z")))
	h := 3600.0
	if !cal.open(0) || cal.open(1.5*h) {
		t.Error("open() wrong around Friday 17:00")
	}
	// 2 h of work from Friday 16:00: 1 h Friday, 1 h Monday from 08:00.
	if got := cal.advance(0, 2*h); math.Abs(got-65*h) > 1e-6 {
		t.Errorf("advance = %v h, want 65 h (Mon 09:00)", got/h)
	}
	if got := cal.nextOpen(2 * h); math.Abs(got-64*h) > 1e-6 {
		t.Errorf("nextOpen(Fri 18:00) = %v h, want 64 h (Mon 08:00)", got/h)
	}
	if got := cal.working(0, 7*24*h); math.Abs(got-45*h) > 1e-6 {
		t.Errorf("a week has %v working hours, want 45", got/h)
	}
	// 50 h from Friday 16:00: 1 h Friday + 45 h Mon-Fri (week skip) + 4 h
	// the Monday after: Monday 12:00, 9 days and 20 hours later.
	if got := cal.advance(0, 50*h); math.Abs(got-(9*24+20)*h) > 1e-6 || math.Abs(cal.working(0, got)-50*h) > 1e-6 {
		t.Errorf("advance(50 h) = %v h, want %v h", got/h, 9*24+20)
	}
}

func mustTime(t *testing.T, s string) (tm timeT) {
	t.Helper()
	tm, err := parseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestParseScenario(t *testing.T) {
	src := `process: inline
owners: [{id: team, capacity: 2, calendar: "Mon-Fri 09:00-17:00"}]
steps:
  - {id: a, owner: team, duration: 10m, next: [b]}
  - {id: b, owner: team, duration: {dist: exponential, mean: 5m}}
start: 2026-11-27T00:00:00Z
arrivals:
  rate: 6/h
  profile: {mon-fri 09:00-17:00: 1.5, sat-sun: 0.5}
  peaks:
    - {start: 2h, duration: 2h, factor: 10}
    - {start: 2026-11-28T10:00:00Z, duration: 30m, factor: 3}
horizon: 3d
warmup: 1d
replications: 2
seed: 9
variants:
  - name: three
    set: {team.capacity: 3, b.duration: {dist: lognormal, mean: 4m, sd: 1m}}
`
	sc, err := ParseScenario("s.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Arrivals.Rate != 6.0/3600 || len(sc.Arrivals.Profile) != 2 || sc.Arrivals.Profile[0].Spec != "mon-fri 09:00-17:00" ||
		sc.Arrivals.Profile[1].Factor != 0.5 {
		t.Errorf("arrivals = %+v", sc.Arrivals)
	}
	if p := sc.Arrivals.Peaks; len(p) != 2 || p[0].Start != 7200 || p[1].Start != 34*3600 || p[1].Factor != 3 {
		t.Errorf("peaks = %+v", p)
	}
	if sc.Horizon != 3*86400 || sc.Warmup != 86400 || sc.Seed != 9 || len(sc.Variants) != 1 || len(sc.Variants[0].Set) != 2 {
		t.Errorf("scenario = %+v", sc)
	}
	m, _ := compile(sc)
	// Friday 03:00 is in the first peak (02:00-04:00), 10:00 in the profile's 1.5.
	if r := m.rateAt(3*3600, nil) * 3600; math.Abs(r-6*10) > 1e-9 {
		t.Errorf("rate Fri 03:00 = %v/h, want 60", r)
	}
	if r := m.rateAt(10*3600, nil) * 3600; math.Abs(r-6*1.5) > 1e-9 {
		t.Errorf("rate Fri 10:00 = %v/h, want 9", r)
	}
	if r := m.rateAt(34*3600+60, nil) * 3600; math.Abs(r-6*0.5*3) > 1e-9 {
		t.Errorf("rate Sat 10:01 = %v/h, want 9", r)
	}
	if _, err := Run(context.Background(), sc, Options{}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ src, want string }{
		{strings.Replace(src, "rate: 6/h", "rate: 6/fortnight", 1), `s.yaml:8:9: arrivals rate: rate "6/fortnight" has unknown unit`},
		{strings.Replace(src, "horizon: 3d", "horizn: 3d", 1), `s.yaml:13:1: unknown key "horizn" in process map (did you mean "horizon"?)`},
		{strings.Replace(src, "team.capacity: 3", "team.capacity: -3", 1), `s.yaml:19:26: variant "three": owner team capacity: expected a whole number from 1 to 10,000, found -3; write unlimited for no limit`},
		{strings.Replace(src, "team.capacity: 3", "teem.capacity: 3", 1), `s.yaml:19:11: variant "three": unknown step or owner "teem" in "teem.capacity" (did you mean "team"?)`},
		{strings.Replace(src, "sat-sun: 0.5", "sat-sun: 0.5, fri 12:00-13:00: 2", 1), `overlaps`},
		{strings.Replace(src, "factor: 10", "factor: ten", 1), `s.yaml:11:41: arrivals peaks[0] factor: expected a number`},
	} {
		_, err := ParseScenario("s.yaml", []byte(tc.src), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, mapping.ErrInvalid) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func TestExamples(t *testing.T) {
	for _, f := range []string{"../examples/flash-sale.yaml", "../examples/what-if.yaml"} {
		if _, err := os.Stat(f); err != nil {
			t.Fatal(err)
		}
		sc, err := ReadScenario(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(sc.Variants) < 2 {
			t.Errorf("%s: %d variants", f, len(sc.Variants))
		}
	}
}

// TestScenarioReportsEveryProblem: a bad arrival rate and a typo in a
// variant's setting are reported together, each at its position.
func TestScenarioReportsEveryProblem(t *testing.T) {
	src := `process: P
owners: [{id: o, capacity: 1}]
steps:
  - {id: a, owner: o, duration: 1m}
arrivals:
  rate: -1/h
horizon: 1d
variants:
  - name: typo
    set: {b.capacity: 2}
`
	_, err := ParseScenario("s.yaml", []byte(src), nil)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{"s.yaml:6:9: arrivals rate", `s.yaml:10:11: variant "typo": unknown step or owner "b"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

// TestScenarioLimits: settings that would overflow, hang or exhaust memory
// are refused at their position (exit 3), each with the limit it broke.
func TestScenarioLimits(t *testing.T) {
	base := `process: P
owners: [{id: o, capacity: 2}]
steps:
  - {id: a, owner: o, duration: 1m, next: [{to: b, p: 0.5}, {to: c, p: 0.5}]}
  - {id: b, owner: o, duration: 1m}
  - {id: c, owner: o, duration: 1m}
arrivals:
  rate: 6/h
  peaks:
    - {start: 2h, duration: 2h, factor: 10}
horizon: 3d
variants:
  - name: more
    set: {o.capacity: 3}
`
	for _, tc := range []struct{ old, new, want string }{
		{"rate: 6/h", "rate: 2000000/s", `s.yaml:8:9: arrivals rate: rate "2000000/s" is above 1,000,000 per second`},
		{"rate: 6/h", "rate: 1e12/s", `s.yaml:8:9: arrivals rate: rate "1e12/s" is above 1,000,000 per second`},
		{"rate: 6/h\n  peaks:\n    - {start: 2h, duration: 2h, factor: 10}", "interarrival: 1e-21s", `arrivals: interarrival must have a mean of at least 1µs`},
		{"factor: 10", "factor: 1e300", `s.yaml:10:41: arrivals peaks[0] factor: must be from 0 to 1,000`},
		{"horizon: 3d", "horizon: 40000d", `s.yaml:11:10: horizon: duration "40000d" is longer than 100 years`},
		{"start: 2h", "start: 4d", `s.yaml:10:7: arrivals peaks[0]: ends at 4.08d, after the horizon 3d; peaks must lie inside the horizon`},
		{"o.capacity: 3", "o.capacity: 4294967297", `s.yaml:14:23: variant "more": owner o capacity: expected a whole number from 1 to 10,000, found 4294967297; write unlimited for no limit`},
		{"o.capacity: 3", "o.capacity: 1e9", `variant "more": owner o capacity: expected a whole number from 1 to 10,000, found`},
		{"o.capacity: 3", "a.queue_limit: 20000000", `s.yaml:14:26: variant "more": step a queue_limit: expected a whole number from 0 to 10,000,000 (0 = no limit), found 20000000`},
		{"o.capacity: 3", "a.next.b.p: NaN%", `variant "more": a.next.b.p p: expected a number, found "NaN%"`},
		{"o.capacity: 3", "a.next.b.p: 70", `variant "more": a.next.b.p: p must be between 0 and 1, found 70: write 0.7 or 70%`},
		{"{to: b, p: 0.5}", "{to: b, p: NaN%}", `s.yaml:4:55: step a next p: expected a number, found "NaN%"`},
		{"horizon: 3d", "horizon: 3d\nmax_events: 0", `s.yaml:12:13: max_events: must be at least 1`},
	} {
		src := strings.Replace(base, tc.old, tc.new, 1)
		_, err := ParseScenario("s.yaml", []byte(src), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, mapping.ErrInvalid) {
			t.Errorf("%s → %s: error %v, want %q", tc.old, tc.new, err, tc.want)
		}
	}
}

// TestEventBound: a run that would simulate more events than the bound is
// refused before it starts, with the figure; max_events raises the bound;
// a replication that reaches the bound stops.
func TestEventBound(t *testing.T) {
	src := `process: P
owners: [{id: o}]
steps:
  - {id: a, owner: o, duration: 1s, next: [b]}
  - {id: b, owner: o, duration: 1s}
arrivals: {rate: 1000/s}
horizon: 30d
replications: 1
`
	sc, err := ParseScenario("s.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Run(context.Background(), sc, Options{})
	want := "s.yaml:6:1: a replication would simulate about 7,776,000,000 events (2,592,000,000 cases × 3 events each), more than the limit of 50,000,000"
	if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, mapping.ErrInvalid) {
		t.Errorf("error %v, want %q", err, want)
	}
	if time.Since(start) > time.Second {
		t.Errorf("refusing took %v", time.Since(start))
	}

	// Raised, the estimate passes; the replication still stops at the bound.
	sc.MaxEvents = 1e10
	sc.Horizon = 60
	if _, err := Run(context.Background(), sc, Options{}); err != nil {
		t.Fatalf("raised bound: %v", err)
	}
	sc.Horizon, sc.MaxEvents = 86400, 100_000
	m, err := compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replicate(context.Background(), m, 1, 0, nil); err == nil || !strings.Contains(err.Error(), "a replication stopped after 100,000 events") {
		t.Errorf("replication past the bound: %v", err)
	}
}

// TestCancelInsideReplication: a long replication stops when the context
// is cancelled (Ctrl-C), not when it is done.
func TestCancelInsideReplication(t *testing.T) {
	sc := &Scenario{Map: parseMap(t, orderFlow), Arrivals: Arrivals{Rate: 100}, Horizon: 365 * 86400, MaxEvents: 1e12, Seed: 1}
	m, err := compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	if _, err := replicate(ctx, m, 1, 0, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("replicate after cancel: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("cancel took effect after %v", took)
	}
}

// TestShareIntervalsBounded: a share's 95% interval never passes 0 or 100%
// (with two replications mean ± t·s/√n easily does), while a variant's
// difference from the base keeps its negative side.
func TestShareIntervalsBounded(t *testing.T) {
	f := Figures{
		SLAAttainment: &Est{Mean: 0.86, CI95: &[2]float64{0.68, 1.03}},
		Steps:         []StepFigures{{Utilization: &Est{Mean: 0.02, CI95: &[2]float64{-0.01, 0.05}}, PWait: nil}},
		Owners:        []OwnerFigures{{Utilization: &Est{Mean: 0.99, CI95: &[2]float64{0.96, 1.01}}}},
	}
	f.boundShares()
	if got := *f.SLAAttainment.CI95; got != [2]float64{0.68, 1} {
		t.Errorf("SLA attainment interval %v, want [0.68 1]", got)
	}
	if got := *f.Steps[0].Utilization.CI95; got != [2]float64{0, 0.05} {
		t.Errorf("step utilization interval %v, want [0 0.05]", got)
	}
	if got := *f.Owners[0].Utilization.CI95; got != [2]float64{0.96, 1} {
		t.Errorf("owner utilization interval %v, want [0.96 1]", got)
	}
}
