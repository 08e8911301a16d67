package waitcause

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// bruteOpen reports whether the minute at t is working time, holidays
// included, on the wall clock of loc.
func bruteOpen(c *mapping.Calendar, loc *time.Location, t int64) bool {
	w := time.Unix(0, t).In(loc)
	if slices.Contains(c.Holidays, mapping.DateOf(w)) {
		return false
	}
	sec := w.Hour()*3600 + w.Minute()*60
	for _, iv := range c.Week[w.Weekday()] {
		if iv.From <= sec && sec < iv.To {
			return true
		}
	}
	return false
}

func TestCalendarHolidays(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Mon-Fri 08:00-17:00", "Tue-Sat 22:00-06:00", "24/7", "daily 01:00-04:00"}
	rng := rand.New(rand.NewPCG(11, 3))
	// Around the 2024 spring-forward (31 March), with holidays around it.
	base := time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)
	for _, text := range texts {
		for _, loc := range []*time.Location{time.UTC, berlin} {
			mc, err := mapping.ParseCalendar(text)
			if err != nil {
				t.Fatal(err)
			}
			// 29 March (Good Friday), 1 April (Easter Monday) and 2 April.
			for _, s := range []string{"2024-03-29", "2024-04-01", "2024-04-02"} {
				d, _ := mapping.ParseDate(s)
				mc.Holidays = append(mc.Holidays, d)
			}
			cal := NewCalendar(mc, loc)
			if cal.AlwaysOpen() {
				t.Fatalf("%q with holidays is always open", text)
			}
			for range 60 {
				from := base.UnixNano() + int64(rng.IntN(12*24*60))*int64(time.Minute)
				to := from + int64(rng.IntN(6*24*60))*int64(time.Minute)
				var want int64
				for m := from; m < to; m += int64(time.Minute) {
					if bruteOpen(mc, loc, m) {
						want += int64(time.Minute)
					}
				}
				if got := cal.Working(from, to); got != want {
					t.Fatalf("%q in %v: Working(%v, %v) = %v, want %v", text, loc,
						time.Unix(0, from).In(loc), time.Unix(0, to).In(loc), time.Duration(got), time.Duration(want))
				}
				ivs := cal.NonWorkingIntervals(from, to, nil)
				var sum int64
				for i, iv := range ivs {
					if iv.From < from || iv.To > to || iv.To <= iv.From || i > 0 && iv.From <= ivs[i-1].To {
						t.Fatalf("%q in %v: bad non-working intervals %v", text, loc, ivs)
					}
					sum += iv.To - iv.From
					for m := iv.From; m < iv.To; m += int64(time.Minute) {
						if bruteOpen(mc, loc, m) {
							t.Fatalf("%q in %v: %v is working time but in %v", text, loc, time.Unix(0, m).In(loc), iv)
						}
					}
				}
				if sum != to-from-want {
					t.Fatalf("%q in %v: non-working intervals sum to %v, want %v", text, loc, time.Duration(sum), time.Duration(to-from-want))
				}
			}
		}
	}
	// A holiday is the whole day of the zone: Good Friday in Berlin is
	// 28 March 23:00 to 29 March 23:00 UTC.
	mc, _ := mapping.ParseCalendar("24/7")
	d, _ := mapping.ParseDate("2024-03-29")
	mc.Holidays = []mapping.Date{d}
	cal := NewCalendar(mc, berlin)
	got := cal.NonWorkingIntervals(base.UnixNano(), base.AddDate(0, 0, 7).UnixNano(), nil)
	want := []Interval{{time.Date(2024, 3, 28, 23, 0, 0, 0, time.UTC).UnixNano(), time.Date(2024, 3, 29, 23, 0, 0, 0, time.UTC).UnixNano()}}
	if !slices.Equal(got, want) {
		t.Errorf("Good Friday in Berlin: %v, want %v", got, want)
	}
}
