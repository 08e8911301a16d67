package simulate

import (
	"context"
	"math"
	"testing"
)

// TestWaitSplitBusyClosed: a step's mean wait is split into waiting for a
// busy resource and waiting for closed hours, and the two add up.
func TestWaitSplitBusyClosed(t *testing.T) {
	for _, tc := range []struct {
		name, owner string
		// closedOnly: every wait falls in closed hours (ample staff);
		// busyOnly: no calendar, so no wait is for closed hours.
		closedOnly, busyOnly bool
	}{
		// Staff of 50 on weekdays 09:00-17:00: a case arriving after hours
		// waits for the morning, never for a busy colleague.
		{"calendar, ample staff", `capacity: 50, calendar: "Mon-Fri 09:00-17:00"`, true, false},
		// Around the clock, one clerk at 83% load: every wait is for the clerk.
		{"no calendar, one clerk", `capacity: 1`, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `process: P
owners: [{id: team, ` + tc.owner + `}]
steps:
  - {id: a, owner: team, start: true, duration: {dist: exponential, mean: 50m}}
start: 2026-01-05T00:00:00Z
arrivals: {rate: 1/h}
horizon: 5d
replications: 4
`
			sc, err := ParseScenario("s.yaml", []byte(src), nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			w := res.Variants[0].Steps[0].Wait
			mean, busy, closed := w.Mean.Mean, w.Busy.Mean, w.ClosedHours.Mean
			if math.Abs(busy+closed-mean) > 1e-9*math.Max(1, mean) {
				t.Errorf("busy %v + closed %v != mean %v", busy, closed, mean)
			}
			if mean <= 0 {
				t.Fatalf("mean wait %v, want > 0", mean)
			}
			if tc.busyOnly && closed != 0 {
				t.Errorf("closed-hours wait %v without a calendar, want 0", closed)
			}
			if tc.closedOnly && busy > 1e-6 {
				t.Errorf("busy wait %v with ample staff, want 0", busy)
			}
		})
	}
}
