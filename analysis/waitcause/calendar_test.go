package waitcause

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin for the daylight-saving test

	"github.com/flowmap/flowmap/mapping"
)

// bruteWorking counts working time minute by minute (from and to on whole
// minutes), reading the calendar on the wall clock of loc.
func bruteWorking(c *mapping.Calendar, loc *time.Location, from, to int64) int64 {
	var n int64
	for t := from; t < to; t += int64(time.Minute) {
		w := time.Unix(0, t).In(loc)
		sec := w.Hour()*3600 + w.Minute()*60
		for _, iv := range c.Week[w.Weekday()] {
			if iv.From <= sec && sec < iv.To {
				n += int64(time.Minute)
				break
			}
		}
	}
	return n
}

func TestCalendarAgainstMinuteCount(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Mon-Fri 08:00-17:00", "Mon-Fri 10:00-12:00 12:30-20:00", "Tue-Sat 22:00-06:00",
		"Sat-Sun 00:00-24:00", "daily 01:00-04:00", "24/7", "Mon 09:00-09:30"}
	rng := rand.New(rand.NewPCG(7, 7))
	// Around the 2024 spring-forward (31 March) and fall-back (27 October).
	bases := []int64{
		time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC).UnixNano(),
		time.Date(2024, 10, 21, 0, 0, 0, 0, time.UTC).UnixNano(),
		time.Date(1969, 12, 20, 0, 0, 0, 0, time.UTC).UnixNano(), // before the epoch
	}
	for _, text := range texts {
		mc, err := mapping.ParseCalendar(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, loc := range []*time.Location{time.UTC, berlin} {
			cal := NewCalendar(mc, loc)
			for range 40 {
				base := bases[rng.IntN(len(bases))]
				from := base + int64(rng.IntN(14*24*60))*int64(time.Minute)
				to := from + int64(rng.IntN(10*24*60))*int64(time.Minute)
				want := bruteWorking(mc, loc, from, to)
				if got := cal.Working(from, to); got != want {
					t.Fatalf("%q in %v: Working(%v, %v) = %v, want %v", text, loc,
						time.Unix(0, from).In(loc), time.Unix(0, to).In(loc), time.Duration(got), time.Duration(want))
				}
				ivs := cal.NonWorkingIntervals(from, to, nil)
				var sum int64
				prev := from
				for _, iv := range ivs {
					if iv.From < prev || iv.To <= iv.From || iv.To > to || (iv.From == prev && prev != from) {
						t.Fatalf("%q in %v: bad or unmerged intervals %v", text, loc, ivs)
					}
					// the middle of a non-working interval is non-working
					mid := iv.From + (iv.To-iv.From)/2
					mid -= mid % int64(time.Minute)
					if mid >= iv.From && bruteWorking(mc, loc, mid, mid+int64(time.Minute)) != 0 {
						t.Fatalf("%q in %v: %v is working", text, loc, time.Unix(0, mid).In(loc))
					}
					sum += iv.To - iv.From
					prev = iv.To
				}
				if sum != to-from-want {
					t.Fatalf("%q in %v: non-working intervals sum to %v, want %v", text, loc, time.Duration(sum), time.Duration(to-from-want))
				}
			}
		}
	}
}

func TestCalendarNonWorkingIntervals(t *testing.T) {
	cal := mustCalendar(t, "Mon-Fri 10:00-12:00 12:30-20:00")
	at := func(s string) int64 {
		tm, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixNano()
	}
	// Friday 11:00 to Monday 11:00
	got := cal.NonWorkingIntervals(at("2022-05-20 11:00"), at("2022-05-23 11:00"), nil)
	want := []Interval{
		{at("2022-05-20 12:00"), at("2022-05-20 12:30")},
		{at("2022-05-20 20:00"), at("2022-05-23 10:00")},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if w := cal.Working(at("2022-05-16 00:00"), at("2022-05-23 00:00")); w != int64(47*time.Hour+30*time.Minute) {
		t.Errorf("a week has %v of work, want 47h30m", time.Duration(w))
	}
	var nilCal *Calendar
	if nilCal.NonWorking(0, 100) != 0 || nilCal.Working(0, 100) != 100 || len(nilCal.NonWorkingIntervals(0, 100, nil)) != 0 {
		t.Error("a nil calendar must work around the clock")
	}
}
