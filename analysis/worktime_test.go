package analysis_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
)

// officeLog has start times; 2024-01-05 is a Friday, all times UTC:
//
//	c1 Receive ann Fri 01-05 15:00–16:00, Review bob Mon 01-08 10:00–11:00
//	c2 Receive ann Mon 01-08 16:30–17:30, Review bob Tue 01-09 07:00–09:00
const officeLog = `case,activity,start_timestamp,timestamp,resource
c1,Receive,2024-01-05T15:00:00Z,2024-01-05T16:00:00Z,ann
c1,Review,2024-01-08T10:00:00Z,2024-01-08T11:00:00Z,bob
c2,Receive,2024-01-08T16:30:00Z,2024-01-08T17:30:00Z,ann
c2,Review,2024-01-09T07:00:00Z,2024-01-09T09:00:00Z,bob
`

// officeSojournLog is officeLog without start times; c2's Review has no
// resource.
const officeSojournLog = `case,activity,timestamp,resource
c1,Receive,2024-01-05T16:00:00Z,ann
c1,Review,2024-01-08T11:00:00Z,bob
c2,Receive,2024-01-08T17:30:00Z,ann
c2,Review,2024-01-09T09:00:00Z,
`

const hour = 3600.0

// want is a sample of two durations: elapsed, in case order, and the
// working-time twins of their statistics (nil: none).
type want struct {
	elapsed [2]float64
	working *analysis.WorkingStats
}

// twins is the working-time twin of a two-value sample x, y (hand
// computed): mean, median, p90 (x + 0.9(y−x) for x ≤ y), max, min, sum.
func twins(x, y float64) *analysis.WorkingStats {
	lo, hi := math.Min(x, y), math.Max(x, y)
	return &analysis.WorkingStats{WorkingMean: (x + y) / 2, WorkingMedian: (x + y) / 2, WorkingP90: lo + 0.9*(hi-lo),
		WorkingMax: hi, WorkingMin: lo, WorkingSum: x + y}
}

// TestWorkingTime checks the working seconds of waits, services, sojourns,
// transitions and cycle times under a --calendar file, computed by hand
// with the office calendar Mon-Fri 08:00-17:00.
func TestWorkingTime(t *testing.T) {
	for _, tc := range []struct {
		name     string
		log      string
		calendar string // --calendar file; "" none
		// Review's wait (sojourn without start times), Receive's service,
		// the Receive → Review transition, the cycle time.
		wait, service, move, cycle want
	}{
		{
			// Fri 16:00 → Mon 10:00 is 66 h, of which Fri 16–17 and Mon
			// 08–10 are working: 3 h. Mon 17:30 → Tue 07:00: none.
			// Services: Fri 15–16 all working; Mon 16:30–17:30 half.
			// Cycles: Fri 15:00 → Mon 11:00 (68 h) has 2 + 3 working
			// hours, Mon 16:30 → Tue 09:00 (16.5 h) 0.5 + 1: everyone has
			// the same calendar, so it is the process calendar.
			name: "office calendar for everyone", log: officeLog,
			calendar: `default: "Mon-Fri 08:00-17:00"`,
			wait:     want{[2]float64{66 * hour, 13.5 * hour}, twins(3*hour, 0)},
			service:  want{[2]float64{hour, hour}, twins(hour, 0.5*hour)},
			move:     want{[2]float64{66 * hour, 13.5 * hour}, twins(3*hour, 0)},
			cycle:    want{[2]float64{68 * hour, 16.5 * hour}, twins(5*hour, 1.5*hour)},
		},
		{
			// As above, with Monday 2024-01-08 a holiday in the --calendar
			// file: c1 waits Fri 16–17 only (1 h), c2's Receive falls on
			// the holiday (0 h of its hour), c1's cycle keeps Fri 15–17
			// (2 h) and c2's only Tue 08–09 (1 h).
			name: "a holiday in the calendar file", log: officeLog,
			calendar: "default: \"Mon-Fri 08:00-17:00\"\nholidays: [2024-01-08]\n",
			wait:     want{[2]float64{66 * hour, 13.5 * hour}, twins(hour, 0)},
			service:  want{[2]float64{hour, hour}, twins(hour, 0)},
			move:     want{[2]float64{66 * hour, 13.5 * hour}, twins(hour, 0)},
			cycle:    want{[2]float64{68 * hour, 16.5 * hour}, twins(2*hour, hour)},
		},
		{
			// Only bob, who is waited for, keeps office hours: Review's
			// wait as above; ann's service is all working time; the
			// resources do not share a calendar, so the cycle time is
			// elapsed only.
			name: "office calendar for the resource waited for", log: officeLog,
			calendar: "calendars:\n  bob: \"Mon-Fri 08:00-17:00\"\ndefault: \"24/7\"\n",
			wait:     want{[2]float64{66 * hour, 13.5 * hour}, twins(3*hour, 0)},
			service:  want{[2]float64{hour, hour}, twins(hour, hour)},
			move:     want{[2]float64{66 * hour, 13.5 * hour}, twins(3*hour, 0)},
			cycle:    want{[2]float64{68 * hour, 16.5 * hour}, nil},
		},
		{
			// Only ann keeps office hours: the waits for bob are all
			// working time, ann's services are as in the first row.
			name: "office calendar for the resource not waited for", log: officeLog,
			calendar: "calendars:\n  ann: \"Mon-Fri 08:00-17:00\"\n",
			wait:     want{[2]float64{66 * hour, 13.5 * hour}, twins(66*hour, 13.5*hour)},
			service:  want{[2]float64{hour, hour}, twins(hour, 0.5*hour)},
			move:     want{[2]float64{66 * hour, 13.5 * hour}, twins(66*hour, 13.5*hour)},
			cycle:    want{[2]float64{68 * hour, 16.5 * hour}, nil},
		},
		{
			// Around the clock for everyone: no calendar applies.
			name: "around the clock", log: officeLog, calendar: `default: "24/7"`,
			wait:    want{[2]float64{66 * hour, 13.5 * hour}, nil},
			service: want{[2]float64{hour, hour}, nil},
			move:    want{[2]float64{66 * hour, 13.5 * hour}, nil},
			cycle:   want{[2]float64{68 * hour, 16.5 * hour}, nil},
		},
		{
			// No file, and too little data to discover a calendar.
			name: "no calendar", log: officeLog,
			wait:    want{[2]float64{66 * hour, 13.5 * hour}, nil},
			service: want{[2]float64{hour, hour}, nil},
			move:    want{[2]float64{66 * hour, 13.5 * hour}, nil},
			cycle:   want{[2]float64{68 * hour, 16.5 * hour}, nil},
		},
		{
			// Sojourns: Fri 16:00 → Mon 11:00 (67 h) has 1 + 3 working
			// hours; Mon 17:30 → Tue 09:00 (15.5 h) has 1, by the
			// default calendar for the instance without a resource. The
			// cycles are the sojourns (a case starts at its first end).
			name: "sojourns, unknown resource on the default", log: officeSojournLog,
			calendar: "calendars:\n  bob: \"Mon-Fri 08:00-17:00\"\n  ann: \"Mon-Fri 08:00-17:00\"\ndefault: \"Mon-Fri 08:00-17:00\"\n",
			wait:     want{[2]float64{67 * hour, 15.5 * hour}, twins(4*hour, hour)},
			move:     want{[2]float64{67 * hour, 15.5 * hour}, twins(4*hour, hour)},
			cycle:    want{[2]float64{67 * hour, 15.5 * hour}, twins(4*hour, hour)},
		},
		{
			// Without a default, the instance without a resource works
			// around the clock: its 15.5 h are all working.
			name: "sojourns, unknown resource without a default", log: officeSojournLog,
			calendar: "calendars:\n  bob: \"Mon-Fri 08:00-17:00\"\n  ann: \"Mon-Fri 08:00-17:00\"\n",
			wait:     want{[2]float64{67 * hour, 15.5 * hour}, twins(4*hour, 15.5*hour)},
			move:     want{[2]float64{67 * hour, 15.5 * hour}, twins(4*hour, 15.5*hour)},
			cycle:    want{[2]float64{67 * hour, 15.5 * hour}, twins(4*hour, hour)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := eventlog.ReadCSV(strings.NewReader(tc.log), "office.csv", eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			opt := analysis.Options{}
			if tc.calendar != "" {
				cf, err := analysis.ParseCalendarFile("office.yaml", []byte(tc.calendar))
				if err != nil {
					t.Fatal(err)
				}
				opt.Calendars = cf
			}
			r := analysis.Analyze(l, opt)
			review := activity(t, r, "Review")
			receive := activity(t, r, "Receive")
			if l.HasStartTimes {
				checkTwins(t, "Review wait", review.Wait, tc.wait)
				checkTwins(t, "Receive service", receive.Service, tc.service)
			} else {
				checkTwins(t, "Review sojourn", review.Sojourn, tc.wait)
			}
			var move *analysis.Stats
			for i := range r.Transitions {
				if tr := &r.Transitions[i]; tr.From == "Receive" && tr.To == "Review" {
					move = &tr.Duration
				}
			}
			checkTwins(t, "Receive → Review", move, tc.move)
			checkTwins(t, "cycle time", &r.CycleTime, tc.cycle)
			// Every pair is a handoff but c2's unknown one.
			at := &r.Handoffs.Resource.DurationAtHandoff
			if (at.WorkingStats != nil) != (tc.move.working != nil) {
				t.Errorf("duration at handoff twins %+v, want present %v", at.WorkingStats, tc.move.working != nil)
			}
		})
	}
}

// checkTwins compares a two-value duration sample's statistics and
// working-time twins, and their JSON keys.
func checkTwins(t *testing.T, what string, got *analysis.Stats, want want) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: no statistics", what)
		return
	}
	x, y := want.elapsed[0], want.elapsed[1]
	el := twins(x, y)
	wantStats := analysis.Stats{Count: 2, Mean: el.WorkingMean, Median: el.WorkingMedian, P90: el.WorkingP90, Max: el.WorkingMax, Min: el.WorkingMin, Sum: el.WorkingSum}
	if !statsEqual(*got, wantStats) {
		t.Errorf("%s = %+v\nwant %+v", what, *got, wantStats)
	}
	switch {
	case want.working == nil && got.WorkingStats != nil:
		t.Errorf("%s: working twins %+v, want none", what, *got.WorkingStats)
	case want.working != nil && got.WorkingStats == nil:
		t.Errorf("%s: no working twins, want %+v", what, *want.working)
	case want.working != nil && !workingEqual(*got.WorkingStats, *want.working):
		t.Errorf("%s: working twins %+v\nwant %+v", what, *got.WorkingStats, *want.working)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	keys := `{"count":2,"mean":`
	if !strings.HasPrefix(string(b), keys) {
		t.Errorf("%s JSON %s, want it to begin %s", what, b, keys)
	}
	for _, k := range []string{"working_mean", "working_median", "working_p90", "working_max", "working_min", "working_sum"} {
		if has := strings.Contains(string(b), `"`+k+`":`); has != (want.working != nil) {
			t.Errorf("%s JSON %s: has %s %v, want %v", what, b, k, has, want.working != nil)
		}
	}
}

func workingEqual(got, want analysis.WorkingStats) bool {
	eq := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	return eq(got.WorkingMean, want.WorkingMean) && eq(got.WorkingMedian, want.WorkingMedian) && eq(got.WorkingP90, want.WorkingP90) &&
		eq(got.WorkingMax, want.WorkingMax) && eq(got.WorkingMin, want.WorkingMin) && eq(got.WorkingSum, want.WorkingSum)
}
