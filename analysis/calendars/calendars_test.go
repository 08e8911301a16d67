package calendars

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on machines without a zone database

	"github.com/flowmap/flowmap/mapping"
)

func amsterdam(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustCalendar(t testing.TB, s string) *mapping.Calendar {
	t.Helper()
	c, err := mapping.ParseCalendar(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// shift fills [from, to) with instances of 10 to 50 minutes separated by
// gaps of up to 10 minutes, the first starting up to 5 minutes late.
func shift(rng *rand.Rand, r int32, from, to time.Time) []Work {
	var out []Work
	cur := from.Add(time.Duration(rng.IntN(300)) * time.Second)
	for cur.Before(to) {
		end := cur.Add(time.Duration(600+rng.IntN(2400)) * time.Second)
		if end.After(to) {
			end = to
		}
		out = append(out, Work{Resource: r, Start: cur.UnixNano(), End: end.UnixNano()})
		cur = end.Add(time.Duration(rng.IntN(600)) * time.Second)
	}
	return out
}

// at is the wall-clock time hh:mm on day d from monday.
func at(monday time.Time, d, hh, mm int) time.Time {
	y, m, dd := monday.AddDate(0, 0, d).Date()
	return time.Date(y, m, dd, hh, mm, 0, 0, monday.Location())
}

// officeLog: resources 0..4 work Mon-Fri 08:00-12:00 13:00-17:00 for 8
// weeks, absent on one day in ten, with one-off work out of hours;
// resource 5 works nights Mon-Fri 22:00-06:00; resource 6 works one week.
func officeLog(t testing.TB, loc *time.Location, seed uint64) []Work {
	rng := rand.New(rand.NewPCG(seed, 1))
	monday := time.Date(2024, 3, 4, 0, 0, 0, 0, loc) // crosses the change to summer time
	var log []Work
	for r := int32(0); r < 5; r++ {
		for d := 0; d < 8*7; d++ {
			if wd := (d + 1) % 7; wd == 0 || wd == 6 || rng.Float64() < 0.1 {
				continue
			}
			log = append(log, shift(rng, r, at(monday, d, 8, 0), at(monday, d, 12, 0))...)
			log = append(log, shift(rng, r, at(monday, d, 13, 0), at(monday, d, 17, 0))...)
		}
		// one-offs: a Saturday morning, an evening, overtime
		for _, x := range [][3]int{{12, 10, 0}, {22, 19, 0}, {30 + int(r), 17, 0}} {
			s := at(monday, x[0], x[1], x[2])
			log = append(log, Work{Resource: r, Start: s.UnixNano(), End: s.Add(20 * time.Minute).UnixNano()})
		}
	}
	for d := 0; d < 8*7; d++ {
		if wd := (d + 1) % 7; wd == 0 || wd == 6 || rng.Float64() < 0.1 {
			continue
		}
		log = append(log, shift(rng, 5, at(monday, d, 22, 0), at(monday, d+1, 6, 0))...)
	}
	for d := 14; d < 19; d++ {
		log = append(log, shift(rng, 6, at(monday, d, 9, 0), at(monday, d, 17, 0))...)
	}
	rng.Shuffle(len(log), func(i, j int) { log[i], log[j] = log[j], log[i] })
	return log
}

func TestDiscoverOffice(t *testing.T) {
	for _, loc := range []*time.Location{time.UTC, amsterdam(t)} {
		for seed := uint64(1); seed <= 5; seed++ {
			log := officeLog(t, loc, seed)
			got := Discover(log, loc, Options{})
			want := mustCalendar(t, "Mon-Fri 08:00-12:00 13:00-17:00")
			for r := int32(0); r < 5; r++ {
				d := got[r]
				if !d.Enough || d.Calendar == nil {
					t.Fatalf("%v seed %d resource %d: not enough: %+v", loc, seed, r, d)
				}
				if !sameWeek(d.Calendar.Week, want.Week) {
					t.Errorf("%v seed %d resource %d: discovered %q, want %q", loc, seed, r, d.Calendar.Text, want.Text)
				}
				if d.Calendar.Text != "Mon-Fri 08:00-12:00 13:00-17:00" {
					t.Errorf("text %q", d.Calendar.Text)
				}
				if d.Weeks != 8 || d.Support < 0.99 || d.Confidence < 0.8 {
					t.Errorf("%v seed %d resource %d: weeks %d support %.3f confidence %.3f", loc, seed, r, d.Weeks, d.Support, d.Confidence)
				}
			}
			night := got[5]
			wantNight := mustCalendar(t, "Mon-Fri 22:00-06:00")
			if !night.Enough || !sameWeek(night.Calendar.Week, wantNight.Week) {
				t.Errorf("%v seed %d night shift: discovered %q (enough %v), want %q", loc, seed, night.Calendar.Text, night.Enough, wantNight.Text)
			}
			if seed == 1 {
				t.Logf("%v: night shift %q, support %.3f confidence %.3f", loc, night.Calendar.Text, night.Support, night.Confidence)
			}
			one := got[6]
			if one.Enough || one.Weeks != 1 || one.Reason != "work seen in 1 week, 3 needed" {
				t.Errorf("%v seed %d one week: %+v, want not enough", loc, seed, one)
			}
		}
	}
}

func TestNoStartTimes(t *testing.T) {
	end := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	var log []Work
	for d := 0; d < 60; d++ {
		log = append(log, Work{Resource: 3, Start: NoStart, End: end.AddDate(0, 0, d).UnixNano()})
	}
	got := Discover(log, nil, Options{})[3]
	if got.Enough || got.Calendar != nil || got.Reason != "no start times" {
		t.Errorf("got %+v, want not enough: no start times", got)
	}
	if d := LogCalendar(log, nil, Options{}); d.Enough || d.Reason != "no start times" {
		t.Errorf("log calendar %+v", d)
	}
	if d := Discover(nil, nil, Options{}); len(d) != 0 {
		t.Errorf("empty log: %v", d)
	}
}

func TestLogCalendar(t *testing.T) {
	log := officeLog(t, time.UTC, 7)
	d := LogCalendar(log, time.UTC, Options{})
	want := mustCalendar(t, "Mon-Fri 08:00-12:00 13:00-17:00 22:00-24:00; Tue-Sat 00:00-06:00")
	if !d.Enough || !sameWeek(d.Calendar.Week, want.Week) {
		t.Errorf("log calendar %q, want %q", d.Calendar.Text, want.Text)
	}
	t.Logf("log calendar %q support %.3f confidence %.3f weeks %d", d.Calendar.Text, d.Support, d.Confidence, d.Weeks)
}

// TestLongInstances: an instance longer than MaxSpan counts only at its
// start and its end.
func TestLongInstances(t *testing.T) {
	monday := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	var log []Work
	for d := 0; d < 5*7; d += 7 {
		log = append(log, Work{Resource: 1, Start: at(monday, d, 9, 0).UnixNano(), End: at(monday, d+2, 16, 50).UnixNano()})
	}
	got := Discover(log, nil, Options{})[1]
	want := mustCalendar(t, "Mon 09:00-09:15; Wed 16:45-17:00")
	if !got.Enough || !sameWeek(got.Calendar.Week, want.Week) {
		t.Errorf("got %q, want %q", got.Calendar.Text, want.Text)
	}
}

func TestSupportStep(t *testing.T) {
	// Work at a different hour every week: no granule reaches two dates, so
	// the confidence step keeps nothing and the support step adds the most
	// frequent granules until 70 % of the work is covered.
	monday := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	var log []Work
	for w := 0; w < 10; w++ {
		s := at(monday, 7*w, 8+w, 0)
		log = append(log, Work{Resource: 1, Start: s.UnixNano(), End: s.Add(time.Hour).UnixNano()})
	}
	got := Discover(log, nil, Options{})[1]
	if got.Support < 0.7 || got.Support > 0.8 {
		t.Errorf("support %.3f, want just over 0.7", got.Support)
	}
	if h := got.Calendar.HoursPerWeek(); h != 7 {
		t.Errorf("%q: %v hours, want 7", got.Calendar.Text, h)
	}
	if got.Calendar.Text != "Mon 08:00-15:00" {
		t.Errorf("got %q", got.Calendar.Text)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, s := range []string{
		"Mon-Fri 08:00-12:00 13:00-17:00",
		"Mon-Fri 08:00-12:00 13:00-17:00; Sat 09:00-13:00",
		"Mon Wed Fri 09:00-12:00; Tue Thu 14:00-18:00",
		"Mon-Fri 22:00-06:00",
		"daily 00:00-24:00",
		"Sat-Sun 10:00-16:00",
		"Sun 00:00-24:00; Mon 00:15-23:45",
	} {
		c := mustCalendar(t, s)
		text := Format(c.Week)
		back := mustCalendar(t, text)
		if !sameWeek(back.Week, c.Week) {
			t.Errorf("%q printed %q reads back differently", s, text)
		}
		t.Logf("%q -> %q", s, text)
	}
	if got := Format([7][]mapping.Interval{}); got != "" {
		t.Errorf("empty week printed %q", got)
	}
	// random weeks of 15-minute granules
	rng := rand.New(rand.NewPCG(42, 2))
	for i := 0; i < 2000; i++ {
		var week [7][]mapping.Interval
		p := rng.Float64()
		for d := range week {
			for g := 0; g < 96; g++ {
				if rng.Float64() < p {
					from := g * 900
					if n := len(week[d]); n > 0 && week[d][n-1].To == from {
						week[d][n-1].To += 900
					} else {
						week[d] = append(week[d], mapping.Interval{From: from, To: from + 900})
					}
				}
			}
		}
		text := Format(week)
		if text == "" {
			continue
		}
		back := mustCalendar(t, text)
		if !reflect.DeepEqual(normalize(back.Week), normalize(week)) {
			t.Fatalf("week %v printed %q reads back as %v", week, text, back.Week)
		}
	}
}

func normalize(w [7][]mapping.Interval) [7][]mapping.Interval {
	for d := range w {
		if len(w[d]) == 0 {
			w[d] = nil
		}
	}
	return w
}

func sameWeek(a, b [7][]mapping.Interval) bool {
	return reflect.DeepEqual(normalize(a), normalize(b))
}

// TestSmoothing: a quarter hour with no start or end inside a working
// stretch is closed, a half-hour break stays, and a resource seen at
// almost every hour (a system, the customer) works around the clock.
func TestSmoothing(t *testing.T) {
	day := func(ranges ...[2]int) []bool { // granule ranges [from, to)
		d := make([]bool, 96)
		for _, r := range ranges {
			for g := r[0]; g < r[1]; g++ {
				d[g] = true
			}
		}
		return d
	}
	w := [][]bool{day([2]int{32, 40}, [2]int{41, 48}, [2]int{50, 68})} // 08:00-10:00, 10:15-12:00, 12:30-17:00
	n := smooth(w, 1)
	if want := day([2]int{32, 48}, [2]int{50, 68}); !slices.Equal(w[0], want) || n != 34 {
		t.Errorf("smoothed %v (%v granules)", w[0], n)
	}
	// Around the clock: 7 days each missing a few quarter hours.
	var work []Work
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for d := range 28 {
		for h := range 24 {
			if (d+h)%11 == 0 {
				continue // a gap here and there
			}
			t0 := start.Add(time.Duration(d*24+h)*time.Hour + 10*time.Minute)
			work = append(work, Work{Resource: 0, Start: t0.UnixNano(), End: t0.Add(40 * time.Minute).UnixNano()})
		}
	}
	got := Discover(work, time.UTC, Options{})[0]
	if !got.Enough || got.Calendar.Text != "24/7" {
		t.Errorf("a resource working at all hours: %q (enough %v, %s)", got.Calendar.Text, got.Enough, got.Reason)
	}
}
