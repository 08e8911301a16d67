package mapping

import (
	"fmt"
	"slices"
	"time"

	"github.com/flowmap/flowmap/internal/yamlpos"
)

// Date is a calendar day (no time, no zone), such as a holiday.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != 10 {
		return Date{}, fmt.Errorf("bad date %q; write YYYY-MM-DD, e.g. 2026-12-25", s)
	}
	return DateOf(t), nil
}

// DateOf is the date of t on t's own clock.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String writes the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In is the start of the day in loc (nil = UTC).
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Compare orders dates: -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortDates sorts dates and drops repeats.
func sortDates(ds []Date) []Date {
	slices.SortFunc(ds, Date.Compare)
	return slices.Compact(ds)
}

// decodeHolidays reads a list of dates.
func decodeHolidays(d *yamlpos.Decoder, n yamlpos.Node, what string) []Date {
	items, _ := d.Sequence(n, what)
	var out []Date
	for _, it := range items {
		s, ok := d.String(it, what)
		if !ok {
			continue
		}
		date, err := ParseDate(s)
		if err != nil {
			d.Errorf(it, "%s: %v", what, err)
			continue
		}
		out = append(out, date)
	}
	return out
}

// alwaysOpen is the week of a calendar that works around the clock.
func alwaysOpen() (w [7][]Interval) {
	for d := range w {
		w[d] = []Interval{{0, 86400}}
	}
	return w
}

// ApplyHolidays gives each owner's Calendar the holidays of the process
// and of the owner (Map.Holidays and Owner.Holidays). An owner with
// holidays but no calendar works around the clock except on its holidays:
// it gets a calendar "24/7" that Encode does not write. Call it again after
// changing an owner's calendar or holidays; calendars are copied, never
// changed in place.
func (m *Map) ApplyHolidays() {
	for i := range m.Owners {
		o := &m.Owners[i]
		hs := sortDates(append(append([]Date(nil), m.Holidays...), o.Holidays...))
		switch {
		case len(hs) == 0 && o.Calendar != nil && o.Calendar.implied:
			o.Calendar = nil
		case len(hs) == 0 && o.Calendar != nil && len(o.Calendar.Holidays) > 0:
			c := *o.Calendar
			c.Holidays = nil
			o.Calendar = &c
		case len(hs) > 0 && o.Calendar == nil:
			o.Calendar = &Calendar{Text: "24/7", Week: alwaysOpen(), Holidays: hs, implied: true}
		case len(hs) > 0:
			c := *o.Calendar
			c.Holidays = hs
			o.Calendar = &c
		}
	}
}

// Implied reports whether the calendar was not written but stands for
// "around the clock" with holidays (see Map.ApplyHolidays).
func (c *Calendar) Implied() bool { return c != nil && c.implied }
