package simulate

import (
	"math"
	"strings"
	"testing"
)

// TestLoad checks the offered load of small scenarios against figures
// worked out by hand (in the comments).
func TestLoad(t *testing.T) {
	type want struct {
		pool                          string
		offered, available, util, pkU float64
		needed                        int
	}
	tests := []struct {
		name string
		src  string
		want []want
		warn []string // substrings of the warnings
	}{{
		// 10/h × 0.5 h = 5 h of work an hour = 840 h a week; 4 × 168 = 672 h.
		// 5 servers would be exactly 100%, so 6 are needed to stay under.
		name: "24/7",
		src: `process: p
owners: [{id: team, name: Warehouse team, capacity: 4}]
steps: [{id: s, owner: team, start: true, duration: {dist: exponential, mean: 30m}}]
arrivals: {rate: 10/h}
horizon: 10d
`,
		want: []want{{"team", 840, 672, 1.25, 1.25, 6}},
		warn: []string{"Warehouse team is offered 125% of its working hours (840 of 672 h a week): queues grow without limit; add capacity (team.capacity=6)"},
	}, {
		// Mon-Fri 08:00-16:00 is 40 h of 168: 4 × 40 = 160 h a week for the
		// same 840 h of work → 525%; 840 / 40 = 21 servers is exactly 100%.
		// At the peak rate (no profile): 5 h of work an hour for 4 servers.
		name: "calendar",
		src: `process: p
owners: [{id: team, name: Warehouse team, capacity: 4, calendar: "Mon-Fri 08:00-16:00"}]
steps: [{id: s, owner: team, start: true, duration: {dist: exponential, mean: 30m}}]
arrivals: {rate: 10/h}
horizon: 10d
`,
		want: []want{{"team", 840, 160, 5.25, 1.25, 22}},
		warn: []string{"(840 of 160 h a week)", "add capacity (team.capacity=22) or working hours"},
	}, {
		// Profile x3 for 40 h of the week: mean factor (3×40 + 128)/168 =
		// 248/168, mean rate 2 × 248/168 per hour; × 0.5 h × 168 = 248 h of
		// 2 × 168 = 336 → 73.8%. Peak: 6/h × 0.5 h / 2 servers = 150%.
		name: "profile",
		src: `process: p
owners: [{id: team, capacity: 2}]
steps: [{id: s, owner: team, start: true, duration: 30m}]
arrivals: {rate: 2/h, profile: {mon-fri 08:00-16:00: 3}}
cases: 1000
`,
		want: []want{{"team", 248, 336, 248.0 / 336, 1.5, 2}},
	}, {
		// Rework: a → check → a with p 0.2, so 1.25 visits of each.
		// team: 3/h × 1.25 × 20 min = 1.25 h an hour = 210 h a week of 336.
		// check's own pool: 3/h × 1.25 × 6 min = 0.375 h an hour = 63 of 168.
		// The automated step and the unlimited customer are no pools.
		name: "rework and own pool",
		src: `process: p
owners: [{id: team, capacity: 2}, {id: customer, external: true}, {id: crm}]
steps:
  - {id: a, owner: team, start: true, duration: 20m, next: [check]}
  - {id: check, name: Quality check, owner: team, capacity: 1, duration: {dist: uniform, min: 4m, max: 8m},
     next: [{to: a, p: 0.2}, {to: log, p: 0.8}]}
  - {id: log, owner: crm, automated: true, duration: 1h, next: [wait]}
  - {id: wait, owner: customer, duration: 5d}
arrivals: {rate: 3/h}
horizon: 7d
`,
		want: []want{{"team", 210, 336, 0.625, 0.625, 2}, {"check", 63, 168, 0.375, 0.375, 1}},
	}, {
		// A x5 peak for 24 h of a 240 h horizon: 240 + 4 × 24 = 336
		// arrivals, 1.4 an hour on average; 1 h each → 235.2 of 168 h.
		name: "peak",
		src: `process: p
owners: [{id: desk, capacity: 1}]
steps: [{id: s, owner: desk, start: true, duration: 1h}]
arrivals: {rate: 1/h, peaks: [{start: 2026-01-07T00:00:00Z, duration: 24h, factor: 5}]}
horizon: 10d
`,
		want: []want{{"desk", 235.2, 168, 1.4, 5, 2}},
		warn: []string{"desk is offered 140% of its working hours (235 of 168 h a week)", "desk.capacity=2"},
	}, {
		// The same with a queue limit: cases are turned away, queues stay finite.
		name: "queue limit",
		src: `process: p
owners: [{id: desk, capacity: 1}]
steps: [{id: s, owner: desk, start: true, duration: 1h, queue_limit: 5}]
arrivals: {rate: 1.4/h}
horizon: 10d
`,
		want: []want{{"desk", 235.2, 168, 1.4, 1.4, 2}},
		warn: []string{"desk is offered 140% of its working hours (235 of 168 h a week): its queues stay full and turn cases away; add capacity (desk.capacity=2)"},
	}, {
		// One every 10 min = 6/h × 5 min = 0.5 h an hour.
		name: "interarrival",
		src: `process: p
owners: [{id: desk, capacity: 1}]
steps: [{id: s, owner: desk, start: true, duration: 5m}]
arrivals: {interarrival: {dist: exponential, mean: 10m}}
cases: 100
`,
		want: []want{{"desk", 84, 168, 0.5, 0.5, 1}},
	}, {
		// 1,000,000 an hour × 1 min: 16,667 people would be needed, above
		// the capacity limit, so no capacity is suggested.
		name: "beyond any capacity",
		src: `process: p
owners: [{id: desk, capacity: 2}]
steps: [{id: s, owner: desk, start: true, duration: 1m}]
arrivals: {rate: 1000000/h}
cases: 100
`,
		want: []want{{"desk", 2_800_000, 336, 8333.333333333334, 8333.333333333334, 16667}},
		warn: []string{"no capacity up to the limit of 10,000 can carry it: check the arrival rate and the durations"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := ParseScenario("s.yaml", []byte(tt.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			loads, err := Load(sc)
			if err != nil {
				t.Fatal(err)
			}
			if len(loads) != len(tt.want) {
				t.Fatalf("got %d pools %+v, want %d", len(loads), loads, len(tt.want))
			}
			for i, w := range tt.want {
				l := loads[i]
				if l.Pool != w.pool || !near(l.OfferedHoursPerWeek, w.offered) || !near(l.AvailableHoursPerWeek, w.available) ||
					!near(l.Utilization, w.util) || !near(l.PeakUtilization, w.pkU) || l.CapacityNeeded != w.needed {
					t.Errorf("pool %d: got %+v, want %+v", i, l, w)
				}
			}
			warns := LoadWarnings(sc)
			over := 0
			for _, w := range tt.want {
				if w.util > 1 {
					over++
				}
			}
			if len(warns) != over {
				t.Fatalf("warnings %q, want one for each of the %d overloaded pools", warns, over)
			}
			for _, w := range tt.warn {
				if !strings.Contains(strings.Join(warns, "\n"), w) {
					t.Errorf("warnings %q lack %q", warns, w)
				}
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestLoadWarningsVariants checks that a variant's overload is told with
// its name and a variant's fix silences nothing of the base.
func TestLoadWarningsVariants(t *testing.T) {
	sc, err := ParseScenario("s.yaml", []byte(`process: p
owners: [{id: desk, name: Front desk, capacity: 2}]
steps: [{id: s, owner: desk, start: true, duration: 1h}]
arrivals: {rate: 1.5/h}
horizon: 10d
variants:
  - {name: one person, set: {desk.capacity: 1}}
  - {name: three, set: {desk.capacity: 3}}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := LoadWarnings(sc)
	want := []string{`variant "one person": Front desk is offered 150% of its working hours (252 of 168 h a week): ` +
		"queues grow without limit; add capacity (desk.capacity=2)"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestLoadExamples pins the examples' loads: neither is overloaded. The
// flash sale's warehouse is offered 61% of its 180 h a week (the
// simulation measures 63% busy); the hotline's agents 92% (the summary
// shows the load then, but callers hang up at 15 on hold anyway).
func TestLoadExamples(t *testing.T) {
	for _, name := range []string{"flash-sale", "what-if"} {
		sc, err := ReadScenario("../examples/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		loads, err := Load(sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range loads {
			t.Logf("%s: %+v", name, l)
		}
		if w := LoadWarnings(sc); len(w) > 0 {
			t.Errorf("%s warns: %q", name, w)
		}
	}
}
