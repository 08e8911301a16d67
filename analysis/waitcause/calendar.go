package waitcause

import (
	"sort"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

const (
	day  = int64(24 * time.Hour)
	week = 7 * day
	// thursday is the position of the Unix epoch (Thursday 1970-01-01 00:00)
	// in a week that starts on Sunday 00:00, the origin of mapping.Calendar.Week.
	thursday = 4 * day
)

// Interval is a half-open stretch of time [From, To) in Unix nanoseconds.
type Interval struct {
	From, To int64
}

// Calendar is a weekly working calendar (a *mapping.Calendar) laid on the
// time line of a zone. A nil *Calendar works around the clock.
//
// Working and NonWorking cost O(log s) and O(s + k) for s working periods per
// week and k periods in the range: they jump over whole weeks and never walk
// minutes. Daylight-saving changes are honoured (the range is split where the
// zone's offset changes).
type Calendar struct {
	loc   *time.Location // nil: UTC
	spans []Interval     // working periods from Sunday 00:00 (wall clock), sorted, disjoint
	cum   []int64        // working time before each span within the week
	total int64          // working time per week
	hol   []Interval     // holidays, whole days of the zone, sorted, consecutive days merged
}

// NewCalendar places a weekly calendar in a zone (nil = UTC); the calendar's
// hours are read as wall-clock time of that zone, its holidays as whole days
// of that zone (midnight to midnight), which are not working time. A nil
// calendar gives a nil *Calendar, which works around the clock.
func NewCalendar(c *mapping.Calendar, loc *time.Location) *Calendar {
	if c == nil {
		return nil
	}
	if loc == time.UTC {
		loc = nil
	}
	cal := &Calendar{loc: loc}
	for d, ivs := range c.Week {
		for _, iv := range ivs {
			from := int64(d)*day + int64(iv.From)*int64(time.Second)
			to := int64(d)*day + int64(iv.To)*int64(time.Second)
			if to <= from {
				continue
			}
			if n := len(cal.spans); n > 0 && cal.spans[n-1].To >= from { // Mon ..24:00 + Tue 00:00..
				cal.spans[n-1].To = max(cal.spans[n-1].To, to)
				continue
			}
			cal.spans = append(cal.spans, Interval{from, to})
		}
	}
	// Sunday 00:00 continuing Saturday ..24:00 is one period across the week
	// boundary; the prefix sums below handle it without merging.
	for _, s := range cal.spans {
		cal.cum = append(cal.cum, cal.total)
		cal.total += s.To - s.From
	}
	zone := loc
	if zone == nil {
		zone = time.UTC
	}
	for _, h := range c.Holidays {
		from := h.In(zone)
		iv := Interval{from.UnixNano(), from.AddDate(0, 0, 1).UnixNano()}
		if n := len(cal.hol); n > 0 && cal.hol[n-1].To >= iv.From {
			cal.hol[n-1].To = max(cal.hol[n-1].To, iv.To)
			continue
		}
		cal.hol = append(cal.hol, iv)
	}
	return cal
}

// holiday returns the first holiday that ends after t (len if none).
func (c *Calendar) holiday(t int64) int {
	return sort.Search(len(c.hol), func(i int) bool { return c.hol[i].To > t })
}

// AlwaysOpen reports whether the calendar works around the clock, with no
// holidays.
func (c *Calendar) AlwaysOpen() bool {
	return c == nil || c.total == week && len(c.hol) == 0
}

// floorDiv returns a/b and a mod b rounded towards minus infinity (b > 0).
func floorDiv(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q, r = q-1, r+b
	}
	return q, r
}

// cumulative is the working time from the origin of the wall clock to wall
// instant w.
func (c *Calendar) cumulative(w int64) int64 {
	q, pos := floorDiv(w+thursday, week)
	// first span starting after pos
	k := sort.Search(len(c.spans), func(i int) bool { return c.spans[i].From > pos })
	in := int64(0)
	if k > 0 {
		s := c.spans[k-1]
		in = c.cum[k-1] + min(pos, s.To) - s.From
	}
	return q*c.total + in
}

// segments calls f for the pieces of [from, to) with a constant UTC offset,
// with that offset in nanoseconds.
func (c *Calendar) segments(from, to int64, f func(from, to, offset int64)) {
	if c.loc == nil {
		f(from, to, 0)
		return
	}
	for from < to {
		t := time.Unix(0, from).In(c.loc)
		_, off := t.Zone()
		end := to
		if _, zEnd := t.ZoneBounds(); !zEnd.IsZero() && zEnd.UnixNano() < end {
			end = zEnd.UnixNano()
		}
		if end <= from { // defensive: never loop forever
			end = to
		}
		f(from, end, int64(off)*int64(time.Second))
		from = end
	}
}

// Working returns the working time inside [from, to), in nanoseconds.
func (c *Calendar) Working(from, to int64) int64 {
	if to <= from {
		return 0
	}
	if c.AlwaysOpen() {
		return to - from
	}
	w := c.weekWorking(from, to)
	for i := c.holiday(from); i < len(c.hol) && c.hol[i].From < to; i++ {
		w -= c.weekWorking(max(from, c.hol[i].From), min(to, c.hol[i].To))
	}
	return w
}

// weekWorking is Working of the weekly calendar, holidays aside.
func (c *Calendar) weekWorking(from, to int64) int64 {
	if to <= from {
		return 0
	}
	if c.total == week {
		return to - from
	}
	var sum int64
	c.segments(from, to, func(a, b, off int64) {
		sum += c.cumulative(b+off) - c.cumulative(a+off)
	})
	return sum
}

// NonWorking returns the time inside [from, to) outside working time.
func (c *Calendar) NonWorking(from, to int64) int64 {
	if to <= from {
		return 0
	}
	return to - from - c.Working(from, to)
}

// NonWorkingIntervals appends to dst the non-working intervals inside
// [from, to), in order, and returns it.
func (c *Calendar) NonWorkingIntervals(from, to int64, dst []Interval) []Interval {
	if to <= from || c.AlwaysOpen() {
		return dst
	}
	if len(c.hol) == 0 {
		return c.weekNonWorking(from, to, dst)
	}
	// The weekly non-working intervals, with the holidays laid over them.
	start := len(dst)
	add := func(iv Interval) {
		if n := len(dst); n > start && dst[n-1].To >= iv.From {
			dst[n-1].To = max(dst[n-1].To, iv.To)
			return
		}
		dst = append(dst, iv)
	}
	weekly := c.weekNonWorking(from, to, nil)
	i, k := c.holiday(from), 0
	for {
		var h *Interval
		if i < len(c.hol) && c.hol[i].From < to {
			h = &c.hol[i]
		}
		switch {
		case h == nil && k == len(weekly):
			return dst
		case h != nil && (k == len(weekly) || h.From <= weekly[k].From):
			add(Interval{max(from, h.From), min(to, h.To)})
			i++
		default:
			add(weekly[k])
			k++
		}
	}
}

// weekNonWorking is NonWorkingIntervals of the weekly calendar, holidays
// aside.
func (c *Calendar) weekNonWorking(from, to int64, dst []Interval) []Interval {
	if c.total == week {
		return dst
	}
	if len(c.spans) == 0 {
		return append(dst, Interval{from, to})
	}
	emit := func(a, b int64) {
		if b <= a {
			return
		}
		if n := len(dst); n > 0 && dst[n-1].To == a {
			dst[n-1].To = b
			return
		}
		dst = append(dst, Interval{a, b})
	}
	c.segments(from, to, func(a, b, off int64) {
		wa, wb := a+off, b+off // wall clock
		q, pos := floorDiv(wa+thursday, week)
		base := q*week - thursday // wall instant of this week's Sunday 00:00
		k := sort.Search(len(c.spans), func(i int) bool { return c.spans[i].To > pos })
		cur := wa // wall instant up to which the range is classified
		for cur < wb {
			if k == len(c.spans) {
				k, base = 0, base+week
			}
			s := c.spans[k]
			ws, we := base+s.From, base+s.To
			emit(cur-off, min(ws, wb)-off)
			cur = max(cur, min(we, wb))
			k++
		}
	})
	return dst
}
