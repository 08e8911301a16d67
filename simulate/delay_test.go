package simulate

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDelayCalendarSilent checks the calibration features on an event log
// small enough to write by hand: a delay before a step (in the owner's
// working time, holding no server), interarrival times counted in an
// arrival calendar, a run that ends after a number of cases without a
// horizon, and a silent step (log_names: []) that the log leaves out.
func TestDelayCalendarSilent(t *testing.T) {
	src := `process: p
owners:
  - {id: desk, capacity: 1, calendar: "Mon-Fri 08:00-17:00"}
  - {id: sys}
steps:
  - {id: in, owner: sys, automated: true, start: true, log_names: [], next: [work]}
  - {id: work, owner: desk, duration: 10m, delay: 5m, log_names: ["Do work"]}
start: 2026-01-05T00:00:00Z
cases: 3
warmup: 0s
replications: 1
arrivals:
  interarrival: 30m
  calendar: "Mon-Fri 08:00-09:00"
`
	sc, err := ParseScenario("s.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if _, err := Run(context.Background(), sc, Options{Events: &log}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		EventLogHeader,
		// Arrivals at 08:00, 08:30 and, due at the calendar's closing time
		// 09:00, at its next opening on Tuesday 08:00; each waits 5 minutes,
		// then the single server serves them in turn.
		"1,Do work,2026-01-05T08:05:00.000Z,2026-01-05T08:15:00.000Z,desk-1",
		"2,Do work,2026-01-05T08:35:00.000Z,2026-01-05T08:45:00.000Z,desk-1",
		"3,Do work,2026-01-06T08:05:00.000Z,2026-01-06T08:15:00.000Z,desk-1",
	}
	if got := strings.Split(strings.TrimSpace(log.String()), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("event log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDelayInWorkingTime: a delay that reaches the closing time resumes at
// the next opening, like work does.
func TestDelayInWorkingTime(t *testing.T) {
	src := `process: p
owners: [{id: desk, capacity: 1, calendar: "Mon-Fri 08:00-17:00"}]
steps:
  - {id: work, owner: desk, start: true, duration: 1h, delay: 2h, log_names: [W]}
start: 2026-01-05T16:00:00Z
cases: 1
replications: 1
arrivals: {interarrival: 1h}
`
	sc, err := ParseScenario("s.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if _, err := Run(context.Background(), sc, Options{Events: &log}); err != nil {
		t.Fatal(err)
	}
	// Arrives 17:00 (closed): 2 working hours of delay end Tuesday 10:00.
	want := "1,W,2026-01-06T10:00:00.000Z,2026-01-06T11:00:00.000Z,desk-1"
	if got := strings.Split(strings.TrimSpace(log.String()), "\n"); len(got) != 2 || got[1] != want {
		t.Errorf("event log %q, want %q", got, want)
	}
}

func TestArrivalCalendarErrors(t *testing.T) {
	for _, c := range []struct{ arrivals, want string }{
		{`{rate: 1/h, calendar: "Mon-Fri 08:00-17:00"}`, "calendar needs interarrival"},
		{`{interarrival: 1h, calendar: "Mon-Fri"}`, "arrivals calendar: calendar \"Mon-Fri\": days without hours"},
	} {
		src := "process: p\nowners: [{id: o}]\nsteps: [{id: s, owner: o, start: true}]\ncases: 5\narrivals: " + c.arrivals + "\n"
		_, err := ParseScenario("s.yaml", []byte(src), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.arrivals, err, c.want)
		}
	}
}

// TestParallel: a split runs its branches at the same time and the case
// goes on when the last one is done; each branch is its case in the log.
func TestParallel(t *testing.T) {
	src := `process: p
owners: [{id: x, capacity: 1}, {id: y, capacity: 1}, {id: sys}]
steps:
  - {id: split, owner: sys, automated: true, start: true, log_names: [], parallel: [a, b], next: [c]}
  - {id: a, owner: x, duration: 1h}
  - {id: b, owner: y, duration: 2h}
  - {id: c, owner: x, duration: 30m}
start: 2026-01-05T00:00:00Z
cases: 2
replications: 1
arrivals: {interarrival: 90m}
`
	sc, err := ParseScenario("s.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	res, err := Run(context.Background(), sc, Options{Events: &log})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		EventLogHeader,
		"1,a,2026-01-05T01:30:00.000Z,2026-01-05T02:30:00.000Z,x-1",
		"1,b,2026-01-05T01:30:00.000Z,2026-01-05T03:30:00.000Z,y-1",
		"2,a,2026-01-05T03:00:00.000Z,2026-01-05T04:00:00.000Z,x-1",
		"1,c,2026-01-05T04:00:00.000Z,2026-01-05T04:30:00.000Z,x-1",
		"2,b,2026-01-05T03:30:00.000Z,2026-01-05T05:30:00.000Z,y-1",
		"2,c,2026-01-05T05:30:00.000Z,2026-01-05T06:00:00.000Z,x-1",
	}
	if got := strings.Split(strings.TrimSpace(log.String()), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("event log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ct := res.Variants[0].CycleTime.Mean.Mean; ct != 3*3600 {
		t.Errorf("mean cycle time %vs, want 3h (3h and 3h)", ct)
	}
}

// TestSetDelay: --set STEP.delay changes (or adds) a step's delay.
func TestSetDelay(t *testing.T) {
	src := `process: p
owners: [{id: desk, capacity: 1}]
steps:
  - {id: work, owner: desk, start: true, duration: 10m, log_names: [W]}
start: 2026-01-05T08:00:00Z
cases: 1
replications: 1
arrivals: {interarrival: 1h}
`
	sc, err := ParseScenario("s.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	set, err := ParseSetting("work.delay=15m")
	if err != nil {
		t.Fatal(err)
	}
	v, err := sc.With([]Setting{set})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := v.Map.Step("work"); st.Delay.String() != "15m" {
		t.Errorf("delay %s, want 15m", st.Delay)
	}
}
