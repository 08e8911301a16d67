package simulate

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
)

func TestCalendarHolidays(t *testing.T) {
	c, err := mapping.ParseCalendar("Mon-Fri 08:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"2026-11-30", "2026-12-01", "2026-12-03"} { // Mon, Tue, Thu
		d, err := mapping.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		c.Holidays = append(c.Holidays, d)
	}
	// Start Friday 2026-11-27 16:00 UTC; Monday 2026-11-30 and Tuesday are off.
	cal := newCalendar(c, newWeekClock(mustTime(t, "2026-11-27T16:00:00Z")))
	h := 3600.0
	if !cal.open(0) || cal.open(65*h) || cal.open(89*h) || !cal.open(113*h) {
		t.Error("open() wrong on the holidays")
	}
	// 2 h of work from Friday 16:00: 1 h Friday, 1 h Wednesday from 08:00.
	if got := cal.advance(0, 2*h); math.Abs(got-113*h) > 1e-6 {
		t.Errorf("advance = %v h, want 113 h (Wed 09:00)", got/h)
	}
	if got := cal.nextOpen(2 * h); math.Abs(got-112*h) > 1e-6 {
		t.Errorf("nextOpen(Fri 18:00) = %v h, want 112 h (Wed 08:00)", got/h)
	}
	// Fri 16:00 to the next Fri 16:00: 1 + 9 (Wed) + 8 (Fri) hours.
	if got := cal.working(0, 7*24*h); math.Abs(got-18*h) > 1e-6 {
		t.Errorf("the week has %v working hours, want 18", got/h)
	}
	// 20 h: 1 Fri, 9 Wed, 9 Fri, 1 the Monday after (Mon 7 Dec 09:00).
	if got := cal.advance(0, 20*h); math.Abs(got-(9*24+17)*h) > 1e-6 || math.Abs(cal.working(0, got)-20*h) > 1e-6 {
		t.Errorf("advance(20 h) = %v h, want %v h", got/h, 9*24+17)
	}
}

// TestHolidayScenario: the scenario starts on a holiday, so nobody works
// that day, with a calendar and without one.
func TestHolidayScenario(t *testing.T) {
	for _, tc := range []struct{ name, owner, firstWork string }{
		{"calendar", `calendar: "Mon-Fri 08:00-17:00"`, "2026-12-28T08:00"},
		{"around the clock", `calendar: "24/7"`, "2026-12-26T00:00"},
		{"no calendar", ``, "2026-12-26T00:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `process: P
holidays: [2026-12-25]
owners: [{id: team, capacity: 1, ` + tc.owner + `}]
steps:
  - {id: a, owner: team, duration: 10m}
start: 2026-12-25T00:00:00Z
arrivals: {rate: 2/h}
horizon: 4d
replications: 1
`
			sc, err := ParseScenario("s.yaml", []byte(src), nil)
			if err != nil {
				t.Fatal(err)
			}
			m, err := compile(sc)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := replicate(context.Background(), m, 1, 0, &buf); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")[1:]
			if len(lines) < 50 {
				t.Fatalf("only %d events", len(lines))
			}
			first := ""
			for _, l := range lines {
				f := strings.Split(l, ",")
				if strings.HasPrefix(f[2], "2026-12-25") || strings.HasPrefix(f[3], "2026-12-25") && !strings.HasPrefix(f[3], "2026-12-25T00:00:00.000") {
					t.Fatalf("work on the holiday: %s", l)
				}
				if first == "" || f[2] < first {
					first = f[2]
				}
			}
			if !strings.HasPrefix(first, tc.firstWork) {
				t.Errorf("first work at %s, want %s", first, tc.firstWork)
			}
		})
	}
}
