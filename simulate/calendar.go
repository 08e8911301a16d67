package simulate

import (
	"math"
	"sort"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

const week = 7 * 86400.0

// weekClock maps simulated time (seconds since the scenario start) to the
// time of week, Sunday 00:00 = 0, in the start time's own UTC offset.
type weekClock struct {
	base float64 // time of week at t = 0
	day0 int64   // the start's date, in days since 1970-01-01
	sod  float64 // seconds into that day at t = 0
}

func newWeekClock(start time.Time) weekClock {
	h, m, s := start.Clock()
	sod := float64(h*3600+m*60+s) + float64(start.Nanosecond())/1e9
	return weekClock{base: float64(int(start.Weekday())*86400) + sod, day0: dayNumber(mapping.DateOf(start)), sod: sod}
}

// dayNumber is the number of days from 1970-01-01 to d.
func dayNumber(d mapping.Date) int64 {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dayAt is the simulated time at which date d begins.
func (w weekClock) dayAt(d mapping.Date) float64 {
	return float64(dayNumber(d)-w.day0)*86400 - w.sod
}

// at splits t into the week number and the seconds into that week.
func (w weekClock) at(t float64) (wk, s float64) {
	u := w.base + t
	wk = math.Floor(u / week)
	return wk, u - wk*week
}

// calendar is a working calendar on the simulated clock: sorted,
// non-overlapping working intervals of the week, with prefix sums of
// working time so that "working seconds between a and b" is two lookups.
type calendar struct {
	clock   weekClock
	from    []float64 // interval starts, seconds of week
	to      []float64 // interval ends
	cum     []float64 // working seconds of the week before interval i
	perWeek float64
	// holidays are whole non-working days, [from, to) in simulated time,
	// sorted, consecutive days merged.
	holFrom, holTo []float64
}

func newCalendar(c *mapping.Calendar, clock weekClock) *calendar {
	cal := &calendar{clock: clock}
	for d := 0; d < 7; d++ {
		for _, iv := range c.Week[d] {
			f, t := float64(d*86400+iv.From), float64(d*86400+iv.To)
			if n := len(cal.to); n > 0 && cal.to[n-1] >= f { // joins the previous day's interval
				cal.to[n-1] = math.Max(cal.to[n-1], t)
				continue
			}
			cal.from = append(cal.from, f)
			cal.to = append(cal.to, t)
		}
	}
	for i := range cal.from {
		cal.cum = append(cal.cum, cal.perWeek)
		cal.perWeek += cal.to[i] - cal.from[i]
	}
	for _, h := range c.Holidays {
		f := clock.dayAt(h)
		if n := len(cal.holTo); n > 0 && cal.holTo[n-1] >= f {
			cal.holTo[n-1] = math.Max(cal.holTo[n-1], f+86400)
			continue
		}
		cal.holFrom = append(cal.holFrom, f)
		cal.holTo = append(cal.holTo, f+86400)
	}
	return cal
}

// holiday returns the first holiday that ends after t (len if none).
func (c *calendar) holiday(t float64) int {
	return sort.Search(len(c.holTo), func(i int) bool { return c.holTo[i] > t })
}

// onHoliday reports whether t falls on a holiday.
func (c *calendar) onHoliday(t float64) bool {
	i := c.holiday(t)
	return i < len(c.holTo) && c.holFrom[i] <= t
}

// find returns the first interval that ends after s (len if none).
func (c *calendar) find(s float64) int {
	return sort.Search(len(c.to), func(i int) bool { return c.to[i] > s })
}

// open reports whether t is working time.
func (c *calendar) open(t float64) bool {
	if len(c.holTo) > 0 && c.onHoliday(t) {
		return false
	}
	_, s := c.clock.at(t)
	i := c.find(s)
	return i < len(c.to) && c.from[i] <= s
}

// nextOpen returns t when it is working time, else the next opening.
func (c *calendar) nextOpen(t float64) float64 {
	for {
		t = c.weekNextOpen(t)
		i := c.holiday(t)
		if i == len(c.holTo) || c.holFrom[i] > t {
			return t
		}
		t = c.holTo[i]
	}
}

// weekNextOpen is nextOpen of the weekly calendar, holidays aside.
func (c *calendar) weekNextOpen(t float64) float64 {
	_, s := c.clock.at(t)
	i := c.find(s)
	if i == len(c.to) {
		return t + (week - s) + c.from[0]
	}
	if c.from[i] <= s {
		return t
	}
	return t + c.from[i] - s
}

// cumulative returns the working seconds from the clock's week 0 to t.
func (c *calendar) cumulative(t float64) float64 {
	wk, s := c.clock.at(t)
	i := c.find(s)
	w := wk*c.perWeek + c.cum0(i)
	if i < len(c.to) && c.from[i] < s {
		w += s - c.from[i]
	}
	return w
}

func (c *calendar) cum0(i int) float64 {
	if i == len(c.cum) {
		return c.perWeek
	}
	return c.cum[i]
}

// working returns the working seconds in [a, b].
func (c *calendar) working(a, b float64) float64 {
	if b <= a {
		return 0
	}
	w := c.cumulative(b) - c.cumulative(a)
	for i := c.holiday(a); i < len(c.holTo) && c.holFrom[i] < b; i++ {
		lo, hi := math.Max(a, c.holFrom[i]), math.Min(b, c.holTo[i])
		w -= c.cumulative(hi) - c.cumulative(lo)
	}
	return w
}

// advance returns when d working seconds started at t are done: work
// pauses outside working time and resumes at the next opening.
func (c *calendar) advance(t, d float64) float64 {
	for {
		t = c.nextOpen(t)
		end := c.weekAdvance(t, d)
		i := c.holiday(t) // t is open: the next holiday starts after t
		if i == len(c.holTo) || end <= c.holFrom[i] {
			return end
		}
		d -= c.cumulative(c.holFrom[i]) - c.cumulative(t)
		t = c.holTo[i]
	}
}

// weekAdvance is advance on the weekly calendar, holidays aside; t is
// working time.
func (c *calendar) weekAdvance(t, d float64) float64 {
	if full := math.Floor(d/c.perWeek) - 1; full > 0 {
		t += full * week
		d -= full * c.perWeek
	}
	for {
		_, s := c.clock.at(t)
		i := c.find(s)
		avail := c.to[i] - s // t is open, so i is valid and from[i] <= s
		if d <= avail {
			return t + d
		}
		d -= avail
		t = c.nextOpen(t + avail)
	}
}
