package mapping

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Calendar is a weekly working-time pattern such as "Mon-Fri 08:00-17:00" or
// "Mon-Fri 08:00-12:00 13:00-17:00; Sat 09:00-13:00". Times are local to
// the simulated clock.
type Calendar struct {
	Text string
	// Week holds the working intervals of each weekday (index time.Weekday),
	// sorted and non-overlapping, in seconds since midnight.
	Week [7][]Interval
	// Holidays are non-working days on top of Week (whole days on the
	// calendar's clock), sorted, without repeats; see Map.ApplyHolidays.
	Holidays []Date

	implied bool // no calendar was written: around the clock, for holidays
}

// Interval is a working period within a day, [From, To) in seconds since midnight.
type Interval struct {
	From, To int
}

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// ParseCalendar reads a working calendar. Day specs ("Mon", "Mon-Fri",
// "Sat-Sun", "daily") are followed by one or more time ranges ("08:00-17:00");
// groups are separated by ";" or ",". "24/7" means always open.
func ParseCalendar(s string) (*Calendar, error) {
	c := &Calendar{Text: s}
	text := strings.TrimSpace(strings.ToLower(s))
	if text == "24/7" || text == "always" {
		for d := range c.Week {
			c.Week[d] = []Interval{{0, 86400}}
		}
		return c, nil
	}
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' })
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty calendar; write e.g. \"Mon-Fri 08:00-17:00\"")
	}
	var days []time.Weekday
	pendingDays := false // days named, no time range yet
	for _, f := range fields {
		if f[0] >= '0' && f[0] <= '9' {
			if days == nil {
				return nil, fmt.Errorf("calendar %q: time range %q comes before any day (write e.g. \"Mon-Fri %s\")", s, f, f)
			}
			from, to, err := parseTimeRange(f)
			if err != nil {
				return nil, fmt.Errorf("calendar %q: %v", s, err)
			}
			for _, d := range days {
				if to > from {
					c.Week[d] = append(c.Week[d], Interval{from, to})
				} else { // overnight shift: until midnight, then the next morning
					c.Week[d] = append(c.Week[d], Interval{from, 86400})
					nd := (d + 1) % 7
					if to > 0 {
						c.Week[nd] = append(c.Week[nd], Interval{0, to})
					}
				}
			}
			pendingDays = false
			continue
		}
		if pendingDays {
			// "Mon Wed 09:00-12:00": a list of days.
			more, err := parseDays(f)
			if err != nil {
				return nil, fmt.Errorf("calendar %q: %v", s, err)
			}
			days = append(days, more...)
			continue
		}
		d, err := parseDays(f)
		if err != nil {
			return nil, fmt.Errorf("calendar %q: %v", s, err)
		}
		days, pendingDays = d, true
	}
	if pendingDays {
		return nil, fmt.Errorf("calendar %q: days without hours; add a time range such as 08:00-17:00", s)
	}
	for d := range c.Week {
		c.Week[d] = mergeIntervals(c.Week[d])
	}
	return c, nil
}

func parseDays(f string) ([]time.Weekday, error) {
	if f == "daily" || f == "everyday" || f == "mon-sun" {
		return []time.Weekday{0, 1, 2, 3, 4, 5, 6}, nil
	}
	a, b, isRange := strings.Cut(f, "-")
	da, ok := dayNames[a]
	if !ok {
		return nil, fmt.Errorf("unknown day %q (use Mon, Tue, Wed, Thu, Fri, Sat, Sun, a range like Mon-Fri, or daily)", a)
	}
	if !isRange {
		return []time.Weekday{da}, nil
	}
	db, ok := dayNames[b]
	if !ok {
		return nil, fmt.Errorf("unknown day %q (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)", b)
	}
	var out []time.Weekday
	for d := da; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == db {
			break
		}
	}
	return out, nil
}

func parseTimeRange(f string) (from, to int, err error) {
	a, b, ok := strings.Cut(f, "-")
	if !ok {
		return 0, 0, fmt.Errorf("time range %q needs a start and an end, e.g. 08:00-17:00", f)
	}
	if from, err = parseClock(a); err != nil {
		return 0, 0, err
	}
	if to, err = parseClock(b); err != nil {
		return 0, 0, err
	}
	if from == to {
		return 0, 0, fmt.Errorf("time range %q is empty", f)
	}
	return from, to, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		m = "0"
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time %q; write HH:MM between 00:00 and 24:00", s)
	}
	return hh*3600 + mm*60, nil
}

func mergeIntervals(iv []Interval) []Interval {
	if len(iv) < 2 {
		return iv
	}
	sort.Slice(iv, func(i, j int) bool { return iv[i].From < iv[j].From })
	out := iv[:1]
	for _, x := range iv[1:] {
		last := &out[len(out)-1]
		if x.From <= last.To {
			last.To = max(last.To, x.To)
			continue
		}
		out = append(out, x)
	}
	return out
}

// MaxPeriodsPerDay is the number of working periods a day, on average over
// the working days, above which a calendar is scattered work rather than a
// schedule (a carrier that delivers at all hours, discovered from a log).
const MaxPeriodsPerDay = 3

// Fragmented reports whether c has more than MaxPeriodsPerDay working
// periods per working day; a nil calendar is not.
func (c *Calendar) Fragmented() bool {
	if c == nil {
		return false
	}
	periods, days := 0, 0
	for _, d := range c.Week {
		if len(d) > 0 {
			periods += len(d)
			days++
		}
	}
	return days > 0 && periods > MaxPeriodsPerDay*days
}

// HoursPerWeek is the working time of a calendar in hours per week.
func (c *Calendar) HoursPerWeek() float64 {
	total := 0
	for _, day := range c.Week {
		for _, iv := range day {
			total += iv.To - iv.From
		}
	}
	return float64(total) / 3600
}
