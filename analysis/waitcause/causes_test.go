package waitcause

import (
	"testing"
	"time"
)

// monday is Monday 2024-03-04 00:00 UTC; h(x) is x hours later.
var monday = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC).UnixNano()

func h(x float64) int64 { return monday + int64(x*float64(time.Hour)) }

func hours(x float64) int64 { return int64(x * float64(time.Hour)) }

// in builds an instance of activity act by resource res from hour start to end.
func in(act, res int32, start, end float64) Instance {
	return Instance{Activity: act, Resource: res, Enabled: NoTime, Start: h(start), End: h(end)}
}

const (
	actA, actB, actX, actY = 0, 1, 2, 3
	r0, r1                 = 0, 1
)

// TestCausesByHand checks each cause in isolation (and a few overlaps) on
// tiny logs whose answers are computed by hand. want is the split of the
// instance at cases[wantCase][wantIndex].
func TestCausesByHand(t *testing.T) {
	for _, tc := range []struct {
		name       string
		cases      [][]Instance
		calendar   string // of r1; "" = 24/7
		at         [2]int // case, instance
		wantSource int32
		want       Parts
	}{{
		name:       "extraneous: r1 idle",
		cases:      [][]Instance{{in(actA, r0, 10, 11), in(actB, r1, 13, 14)}},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Extraneous: hours(2)},
	}, {
		name:       "unavailability: overnight, Mon-Fri 08:00-17:00",
		cases:      [][]Instance{{in(actA, r0, 15, 16), in(actB, r1, 24+10, 24+11)}},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(18), Unavailability: hours(15), Extraneous: hours(3)},
	}, {
		name: "contention: r1 busy with older work",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},
			{in(actX, r0, 8, 9), in(actY, r1, 10, 12)}, // Y enabled at 9, before B (10)
		},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Contention: hours(2)},
	}, {
		name: "prioritization: r1 busy with newer work",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},
			{in(actX, r0, 8, 11), in(actY, r1, 11, 12)}, // Y enabled at 11, after B (10)
		},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Prioritization: hours(1), Extraneous: hours(1)},
	}, {
		name: "batching: parallel batch waits for its last member",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},  // B enabled 10
			{in(actA, r0, 10, 11), in(actB, r1, 12, 13)}, // B enabled 11: batch enabled 11
		},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Batching: hours(1), Extraneous: hours(1)},
	}, {
		name: "batching: last member of a parallel batch does not wait for it",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},
			{in(actA, r0, 10, 11), in(actB, r1, 12, 13)},
		},
		at:         [2]int{1, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(1), Extraneous: hours(1)},
	}, {
		name: "sequential batch: an older member processed first is contention",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},
			{in(actA, r0, 10, 11), in(actB, r1, 13, 14)},
		},
		at:         [2]int{1, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Contention: hours(1), Extraneous: hours(1)},
	}, {
		name: "sequential batch: a newer member processed first is prioritization",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 13, 14)},
			{in(actA, r0, 10, 11), in(actB, r1, 12, 13)},
		},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(3), Batching: hours(1), Prioritization: hours(1), Extraneous: hours(1)},
	}, {
		name: "backlog served in arrival order from opening time is no batch",
		cases: [][]Instance{
			{in(actA, r0, 19, 20), in(actB, r1, 24+8, 24+9)},  // B enabled Mon 20:00
			{in(actA, r0, 21, 22), in(actB, r1, 24+9, 24+10)}, // B enabled Mon 22:00
		},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(12), Unavailability: hours(12)},
	}, {
		name: "backlog: a later case waits for the older one (contention), not for a batch",
		cases: [][]Instance{
			{in(actA, r0, 19, 20), in(actB, r1, 24+8, 24+9)},
			{in(actA, r0, 21, 22), in(actB, r1, 24+9, 24+10)},
		},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{1, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(11), Contention: hours(1), Unavailability: hours(10)},
	}, {
		name: "queue behind older work served in arrival order is no batch",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},  // B enabled 10
			{in(actA, r0, 10, 11), in(actB, r1, 13, 14)}, // B enabled 11
			{in(actX, r0, 8, 9), in(actY, r1, 9, 12)},    // older work 9-12
		},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Contention: hours(2)},
	}, {
		name: "batch taken out of arrival order at opening: no batching while the resource is off",
		cases: [][]Instance{
			{in(actA, r0, 19, 20), in(actB, r1, 24+9, 24+10)}, // B enabled Mon 20:00, served second
			{in(actA, r0, 21, 22), in(actB, r1, 24+8, 24+9)},  // B enabled Mon 22:00, served first
		},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(13), Prioritization: hours(1), Unavailability: hours(12)},
	}, {
		name: "batch taken out of arrival order in working time stays batching",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 13, 14)},  // enabled 10, served second
			{in(actA, r0, 10, 11), in(actB, r1, 12, 13)}, // enabled 11, served first
		},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(3), Batching: hours(1), Prioritization: hours(1), Extraneous: hours(1)},
	}, {
		name: "contention outranks unavailability",
		cases: [][]Instance{
			{in(actA, r0, 14, 15), in(actB, r1, 24+9, 24+10)}, // B waits Mon 15:00 to Tue 09:00
			{in(actX, r0, 13, 14), in(actY, r1, 16, 18)},      // older work 16-18, 17-18 after hours
		},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(18), Contention: hours(2), Unavailability: hours(14), Extraneous: hours(2)},
	}, {
		name: "batching outranks contention",
		cases: [][]Instance{
			{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},  // B enabled 10
			{in(actA, r0, 10, 11), in(actB, r1, 12, 13)}, // batch enabled 11
			{in(actX, r0, 8, 9), in(actY, r1, 10, 11.5)}, // older work 10-11.5
		},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(2), Batching: hours(1), Contention: hours(0.5), Extraneous: hours(0.5)},
	}, {
		name: "schedule time sets the enabled time",
		cases: [][]Instance{{in(actA, r0, 9, 10),
			{Activity: actB, Resource: r1, Enabled: h(11), Start: h(12), End: h(13)}}},
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(1), Extraneous: hours(1)},
	}, {
		name:       "overlapping predecessor: enabled by the latest end before the start",
		cases:      [][]Instance{{in(actA, r0, 9, 12), in(actX, r0, 9.5, 10), in(actB, r1, 13, 14)}},
		at:         [2]int{0, 2},
		wantSource: 0,
		want:       Parts{Wait: hours(1), Extraneous: hours(1)},
	}, {
		name:       "parallel start: no predecessor ended, no wait",
		cases:      [][]Instance{{in(actA, r0, 9, 12), in(actX, r0, 10, 11)}},
		at:         [2]int{0, 1},
		wantSource: -1,
		want:       Parts{},
	}, {
		name:       "first instance has no wait",
		cases:      [][]Instance{{in(actA, r0, 9, 12)}},
		at:         [2]int{0, 0},
		wantSource: -1,
		want:       Parts{},
	}, {
		name:       "unknown resource: calendar of resource -1 only",
		cases:      [][]Instance{{in(actA, r0, 15, 16), {Activity: actB, Resource: -1, Enabled: NoTime, Start: h(24 + 10), End: h(24 + 11)}}},
		calendar:   "Mon-Fri 08:00-17:00",
		at:         [2]int{0, 1},
		wantSource: 0,
		want:       Parts{Wait: hours(18), Unavailability: hours(15), Extraneous: hours(3)},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var cal *Calendar
			if tc.calendar != "" {
				cal = mustCalendar(t, tc.calendar)
			}
			calOf := func(r int32) *Calendar {
				if r == r1 || r == -1 {
					return cal
				}
				return nil
			}
			res := Analyze(tc.cases, calOf)
			checkInvariant(t, tc.cases, res)
			got := res[tc.at[0]][tc.at[1]]
			if got.Source != tc.wantSource || got.Parts != tc.want {
				t.Errorf("source %d, parts %v; want source %d, parts %v", got.Source, show(got.Parts), tc.wantSource, show(tc.want))
			}
			ref := referenceAnalyze(tc.cases, calOf)[tc.at[0]][tc.at[1]]
			if ref.Parts != got.Parts {
				t.Errorf("reference implementation gives %v", show(ref.Parts))
			}
		})
	}
}

func show(p Parts) string {
	d := func(x int64) time.Duration { return time.Duration(x) }
	return "wait " + d(p.Wait).String() + " = batching " + d(p.Batching).String() + " + contention " + d(p.Contention).String() +
		" + prioritization " + d(p.Prioritization).String() + " + unavailability " + d(p.Unavailability).String() +
		" + extraneous " + d(p.Extraneous).String()
}

func TestSummarizeAndCTE(t *testing.T) {
	cases := [][]Instance{
		{in(actA, r0, 9, 10), in(actB, r1, 12, 13)},
		{in(actX, r0, 8, 11), in(actY, r1, 11, 12)},
	}
	res := Analyze(cases, nil)
	s := Summarize(cases, res)
	// B waits 2h: 1h prioritization (Y), 1h extraneous; Y waits 0.
	if s.Total.Count != 4 || s.Total.Processing != hours(1+1+3+1) || s.Total.Wait != hours(2) {
		t.Fatalf("total %+v", s.Total)
	}
	tr := s.ByTransition[Transition{actA, r0, actB, r1}]
	if tr.Count != 1 || tr.Prioritization != hours(1) || tr.Extraneous != hours(1) || tr.Processing != hours(1) {
		t.Errorf("transition A→B %+v", tr)
	}
	if g := s.ByResource[r1]; g.Count != 2 || g.Wait != hours(2) {
		t.Errorf("resource r1 %+v", g)
	}
	if g := s.ByActivity[actA]; g.Count != 1 || g.Wait != 0 {
		t.Errorf("activity A %+v", g)
	}
	if got := tr.CTE(); got != 1.0/3 {
		t.Errorf("CTE of A→B = %v, want 1/3", got)
	}
	if got := tr.CTEWithout(Prioritization); got != 0.5 {
		t.Errorf("CTE of A→B without prioritization = %v, want 1/2", got)
	}
	if got := Impact(s.Total, tr, Extraneous); got != 6.0/7 {
		t.Errorf("process impact of A→B extraneous = %v, want 6/7", got)
	}
	if (Group{}).CTE() != 1 {
		t.Error("an empty group is efficient")
	}
}
