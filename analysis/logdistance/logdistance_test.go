package logdistance

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// Two tiny logs whose distances are worked out by hand below. 2026-01-05 is
// a Monday. Real: r1 = A B, r2 = A C, both on Monday. Simulated: s1 = A B on
// Monday, s2 = B A and s3 = A on Tuesday.
const (
	tinyReal = `case_id,activity,resource,start_timestamp,end_timestamp
r1,A,x,2026-01-05 08:00:00+00:00,2026-01-05 09:30:00+00:00
r1,B,y,2026-01-05 09:30:00+00:00,2026-01-05 10:00:00+00:00
r2,A,x,2026-01-05 10:00:00+00:00,2026-01-05 10:45:00+00:00
r2,C,x,2026-01-05 11:00:00+00:00,2026-01-05 13:00:00+00:00
`
	tinySim = `case_id,activity,resource,start_timestamp,end_timestamp
s1,A,x,2026-01-05 08:00:00+00:00,2026-01-05 08:30:00+00:00
s1,B,x,2026-01-05 08:30:00+00:00,2026-01-05 11:10:00+00:00
s2,B,y,2026-01-06 09:00:00+00:00,2026-01-06 09:20:00+00:00
s2,A,y,2026-01-06 09:20:00+00:00,2026-01-06 10:00:00+00:00
s3,A,x,2026-01-06 12:00:00+00:00,2026-01-06 12:30:00+00:00
`
)

func readTiny(t *testing.T, name, csv string) *eventlog.Log {
	t.Helper()
	l, err := eventlog.ReadCSV(strings.NewReader(csv), name, eventlog.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestTinyLogs(t *testing.T) {
	real, sim := readTiny(t, "real.csv", tinyReal), readTiny(t, "sim.csv", tinySim)
	ngd := func(n int) func(a, b *eventlog.Log) (float64, error) {
		return func(a, b *eventlog.Log) (float64, error) { return NGramDistance(a, b, n) }
	}
	for _, c := range []struct {
		name string
		fn   func(a, b *eventlog.Log) (float64, error)
		want float64
	}{
		// 2-grams: real 0A:2 AB B0 AC C0 (6), sim 0A:2 AB B0 0B BA A0:2 (8);
		// |differences| AC C0 0B BA 1 each, A0 2 → 6/14.
		{"NGD n=2", ngd(2), 6.0 / 14},
		// 3-grams: real 8, sim 11; differing: 0AC AC0 C00 00B 0BA BA0 0A0 1
		// each and A00 2 → 9/19.
		{"NGD n=3", ngd(3), 9.0 / 19},
		// hours since Mon 08:00, starts then ends: real 0 1 2 3 | 1 2 2 5,
		// sim 0 0 25 25 28 | 0 3 25 26 28:
		// .175 + .075 + .45 + 2×.475 + 20×.6 + .3 + 2×.2 = 14.35.
		{"AEDD", AbsoluteEventDistance, 14.35},
		// Monday hours real 8 9 9 10 10 10 11 13, sim 8 8 8 11:
		// .625 + .375 + 0 + 2×.125 = 1.25; Tuesday only in sim: 23.
		{"CEDD", CircadianEventDistance, (1.25 + 23) / 7},
		// hours since the case's start: real 0 0 0 1 1 1 2 3, sim eight 0s,
		// 1, 3: .425 + .15 + .025.
		{"REDD", RelativeEventDistance, 0.6},
		// cycle times 2h 3h | 3h10 1h 30m, less 30m, floored: 1 2 | 2 0 0:
		// 2/3 + 1/6.
		{"CTDD", CycleTimeDistance, 5.0 / 6},
		// arrivals in hours since Mon 08:00: 0 2 | 0 25 28:
		// 2×1/6 + 23×2/3 + 3×1/3.
		{"CADD", CaseArrivalDistance, 50.0 / 3},
		// inter-arrival hours 2 | 25 3: 1 + 22×.5.
		{"IADD", InterArrivalDistance, 12},
		// Monday (one date each): real (hour, resource) pairs 8x 9x 9y 10y
		// 10x 11x 13x → weights 100 200 200 100 100; sim 8x 11x → 100 100:
		// (5 + 1 + 3 + 2×2)/14; Tuesday only in sim: 23.
		{"CWDD", CircadianWorkforceDistance, (13.0/14 + 23) / 7},
		// AB pairs with AB (0), AC with A (1/2); AC–BA would cost 1.
		{"CFLD", ControlFlowDistance, 0.25},
	} {
		got, err := c.fn(real, sim)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", c.name, got, c.want)
		}
	}
}

func TestSameLogIsZero(t *testing.T) {
	real := readTiny(t, "real.csv", tinyReal)
	res, err := Compare(real, []*eventlog.Log{real, real})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Mean != 0 || r.SD != 0 || r.Values[0] != 0 {
			t.Errorf("%s of a log with itself: %v, mean %v, sd %v", r.Key, r.Values, r.Mean, r.SD)
		}
	}
}

func TestW1(t *testing.T) {
	// scipy's documentation example: wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5
	got, err := w1Samples([]int64{0, 1, 3}, []int64{5, 6, 8})
	if err != nil || got != 5 {
		t.Errorf("w1 = %v, %v; want 5", got, err)
	}
	// unit mass: a doubled sample is the same distribution
	got, err = w1Samples([]int64{0, 0, 2, 2}, []int64{0, 2})
	if err != nil || got != 0 {
		t.Errorf("w1 of equal shapes = %v, %v; want 0", got, err)
	}
	if _, err := w1Samples(nil, []int64{1}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty sample: %v, want ErrEmpty", err)
	}
}

func TestDamerauLevenshtein(t *testing.T) {
	const a, b, c = 1, 2, 3
	dl := newDamerau(3)
	for _, tc := range []struct {
		s, t []int32
		want int
	}{
		{[]int32{c, a}, []int32{a, b, c}, 2}, // unrestricted: CA → AC → ABC (OSA says 3)
		{[]int32{a, b}, []int32{b, a}, 1},
		{[]int32{a, c}, []int32{b, a}, 2},
		{nil, []int32{a, b}, 2},
		{[]int32{a, b, c}, []int32{a, b, c}, 0},
	} {
		if got := dl.distance(tc.s, tc.t); got != tc.want {
			t.Errorf("DL(%v, %v) = %d, want %d", tc.s, tc.t, got, tc.want)
		}
	}
}

func TestAssign(t *testing.T) {
	cost := [][]float64{
		{4, 1, 3},
		{2, 0, 5},
	}
	// row 0 → 1 and row 1 → 0 (1 + 2) beats row 1 → 1 with row 0 → 2 (3 + 0)
	m := assign(cost)
	if m[0] != 1 || m[1] != 0 {
		t.Errorf("assign = %v, want [1 0]", m)
	}
}

func TestWorkforceDividesByObservedDates(t *testing.T) {
	// x works at 08 on two Mondays, y on the first only: 3 (hour, resource)
	// pairs over 2 Mondays = 1.5 → weight 150.
	l := readTiny(t, "w.csv", `case_id,activity,resource,start_timestamp,end_timestamp
1,A,x,2026-01-05 08:00:00+00:00,2026-01-05 08:10:00+00:00
1,B,y,2026-01-05 08:20:00+00:00,2026-01-05 08:30:00+00:00
2,A,x,2026-01-12 08:00:00+00:00,2026-01-12 08:10:00+00:00
`)
	v, err := newView(l)
	if err != nil {
		t.Fatal(err)
	}
	w := workforce(v)
	if !w[0].seen || len(w[0].h.x) != 1 || w[0].h.x[0] != 8 || w[0].h.w[0] != 150 {
		t.Errorf("Monday workforce = %+v, want hour 8 weight 150", w[0])
	}
	for d := 1; d < 7; d++ {
		if w[d].seen {
			t.Errorf("weekday %d seen", d)
		}
	}
}

func TestEmptyLog(t *testing.T) {
	real := readTiny(t, "real.csv", tinyReal)
	if _, err := Compare(real, nil); err == nil {
		t.Error("Compare without simulated logs: no error")
	}
	one := readTiny(t, "one.csv", "case_id,activity,resource,start_timestamp,end_timestamp\n1,A,x,2026-01-05 08:00:00+00:00,2026-01-05 08:10:00+00:00\n")
	if _, err := InterArrivalDistance(real, one); !errors.Is(err, ErrEmpty) {
		t.Errorf("inter-arrival with one case: %v, want ErrEmpty", err)
	}
}
