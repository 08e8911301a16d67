package analysis

import (
	"os"
	"slices"
	"time"

	discovery "github.com/flowmap/flowmap/analysis/calendars"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
)

// Where a resource's working calendar comes from (the "source" of
// Result.Calendars).
const (
	// CalendarFromMap: the calendar of the map owner whose steps the
	// resource performs most often.
	CalendarFromMap = "map"
	// CalendarFromFile: a --calendar file entry (the resource's name, its
	// owner's id, or the file's default).
	CalendarFromFile = "file"
	// CalendarDiscovered: discovered from when the resource works (or, with
	// too little data of its own, the log's discovered calendar).
	CalendarDiscovered = "discovered"
	// CalendarDefault: no calendar is known; the resource works around the
	// clock ("24/7").
	CalendarDefault = "default"
)

// CalendarInfo is the working calendar the analysis used for a resource.
type CalendarInfo struct {
	Calendar string `json:"calendar"` // flowmap calendar syntax, e.g. "Mon-Fri 08:00-17:00"; "24/7" around the clock
	Source   string `json:"source"`   // CalendarFromMap, CalendarFromFile, CalendarDiscovered or CalendarDefault
}

// CalendarFile is a --calendar file: working calendars by resource name or
// owner id, a default for everyone else, and holidays.
//
//	calendars:
//	  Marcus: "Mon-Fri 10:00-12:00 12:30-20:00"
//	  warehouse: "Mon-Sat 07:00-19:00"
//	default: "24/7"
//	holidays: [2026-12-25, 2026-12-26]
type CalendarFile struct {
	File string
	// Calendars maps a resource name or an owner id to its calendar.
	Calendars map[string]*mapping.Calendar
	// Names lists the keys of Calendars in file order.
	Names []string
	// Default applies to every resource the file does not name; nil when
	// the file has no default.
	Default *mapping.Calendar
	// Holidays are non-working dates (midnight UTC of each date). They are
	// also added to every calendar of the file, the default included, so
	// a holiday is a non-working day for everyone the file covers.
	Holidays []time.Time
}

var (
	calendarFileKeys = []string{"calendars", "default", "holidays"}
)

// ReadCalendarFile reads a --calendar file.
func ReadCalendarFile(path string) (*CalendarFile, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCalendarFile(path, src)
}

// ParseCalendarFile parses a --calendar file. Problems come back as a
// mapping.ErrorList, each at file:line:col.
func ParseCalendarFile(file string, src []byte) (*CalendarFile, error) {
	root, err := yamlpos.Parse(file, src)
	if err != nil {
		return nil, err
	}
	d := &yamlpos.Decoder{File: file}
	cf := &CalendarFile{File: file, Calendars: map[string]*mapping.Calendar{}}
	fields, ok := d.Fields(root, "calendar file", calendarFileKeys)
	if !ok {
		return nil, d.Errs.Err()
	}
	calendar := func(n yamlpos.Node, what string) *mapping.Calendar {
		s, ok := d.String(n, what)
		if !ok {
			return nil
		}
		c, err := mapping.ParseCalendar(s)
		if err != nil {
			d.Errorf(n, "%s: %v", what, err)
			return nil
		}
		return c
	}
	if f, has := fields["calendars"]; has {
		if !f.Value.IsNull() {
			entries, ok := d.Fields(f.Value, "calendars", nil)
			if ok {
				for _, e := range yamlpos.Ordered(entries) {
					if c := calendar(e.Value, "calendar of "+e.Key); c != nil {
						cf.Calendars[e.Key] = c
						cf.Names = append(cf.Names, e.Key)
					}
				}
			}
		}
	}
	if f, has := fields["default"]; has {
		cf.Default = calendar(f.Value, "default")
	}
	if f, has := fields["holidays"]; has {
		items, _ := d.Sequence(f.Value, "holidays")
		for _, it := range items {
			s, ok := d.String(it, "holiday")
			if !ok {
				continue
			}
			day, err := time.Parse("2006-01-02", s)
			if err != nil {
				d.Errorf(it, "holiday %q: expected a date such as 2026-12-25", s)
				continue
			}
			cf.Holidays = append(cf.Holidays, day)
		}
	}
	if len(fields) == 0 {
		d.Errorf(root, "calendar file: expected calendars:, default: or holidays:")
	}
	if len(d.Errs) > 0 {
		return nil, d.Errs.Err()
	}
	if len(cf.Holidays) > 0 {
		for name, c := range cf.Calendars {
			cf.Calendars[name] = withHolidays(c, cf.Holidays)
		}
		if cf.Default != nil {
			cf.Default = withHolidays(cf.Default, cf.Holidays)
		}
	}
	return cf, nil
}

// calendars is the working calendar of every resource of a log.
type calendars struct {
	of   []*waitcause.Calendar // by resource index
	none *waitcause.Calendar   // for instances without a resource
	info map[string]CalendarInfo
	// known: at least one resource (or, with a --calendar file, its default
	// for instances without a resource) has a calendar other than around
	// the clock. Working time is computed only then.
	known bool
	// process is the calendar of cycle times: the one calendar every
	// resource of the log has, when they all have the same one and it is
	// not around the clock; else nil (cycle times are elapsed only). The
	// map has no process-level calendar yet.
	process *waitcause.Calendar
	// unmatched: names of the --calendar file that are neither a resource
	// of the log nor an owner.
	unmatched []string
}

// resolveCalendars finds each resource's calendar, in this order: the
// --calendar file's entry for the resource's name; the file's entry for its
// owner's id; the map calendar of its owner; the file's default; a
// discovered calendar; around the clock. A resource's owner is the map
// owner of the steps it performs most often (ties: the owner first in the
// map), else its roster owner. Calendars are read in the zone loc.
func resolveCalendars(cat *catalog, loc *time.Location) *calendars {
	l, m, file := cat.l, cat.m, cat.opt.Calendars
	out := &calendars{of: make([]*waitcause.Calendar, len(l.Resources)), info: map[string]CalendarInfo{}}
	owner := resourceOwners(cat)
	discovered := discoverCalendars(l, loc)
	used := map[string]bool{}
	var shared *mapping.Calendar // the calendar of every resource so far
	for r, name := range l.Resources {
		c, src := pickCalendar(name, owner[r], m, file, discovered, used)
		if r == 0 || sameCalendar(shared, c) {
			shared = c
		} else {
			shared = nil
		}
		text := "24/7"
		if c != nil {
			text = c.Text
			out.of[r] = waitcause.NewCalendar(c, loc)
			if !out.of[r].AlwaysOpen() {
				out.known = true
			}
		}
		out.info[name] = CalendarInfo{Calendar: text, Source: src}
	}
	if c := waitcause.NewCalendar(shared, loc); !c.AlwaysOpen() {
		out.process = c
	}
	if file != nil {
		out.none = waitcause.NewCalendar(file.Default, loc)
		if !out.none.AlwaysOpen() {
			out.known = true
		}
		for _, n := range file.Names {
			if !used[n] && !slices.Contains(l.Resources, n) {
				out.unmatched = append(out.unmatched, n)
			}
		}
	}
	return out
}

// sameCalendar reports whether a and b are the same working calendar
// (nil: around the clock).
func sameCalendar(a, b *mapping.Calendar) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a == b {
		return true
	}
	for d := range a.Week {
		if !slices.Equal(a.Week[d], b.Week[d]) {
			return false
		}
	}
	return slices.Equal(a.Holidays, b.Holidays)
}

// calOf is the calendar of an instance's resource r (-1 unknown: the
// --calendar file's default); nil works around the clock.
func (c *calendars) calOf(r int32) *waitcause.Calendar {
	if r < 0 {
		return c.none
	}
	return c.of[r]
}

// pickCalendar is the calendar of one resource (nil: around the clock) and
// its source; used collects the --calendar file names that were applied.
func pickCalendar(name, owner string, m *mapping.Map, file *CalendarFile, discovered map[string]*mapping.Calendar, used map[string]bool) (*mapping.Calendar, string) {
	if file != nil {
		if c := file.Calendars[name]; c != nil {
			used[name] = true
			return c, CalendarFromFile
		}
		if c := file.Calendars[owner]; owner != "" && c != nil {
			used[owner] = true
			return c, CalendarFromFile
		}
	}
	if m != nil && owner != "" {
		if c := ownerCalendar(m, owner); c != nil {
			return c, CalendarFromMap
		}
	}
	if file != nil && file.Default != nil {
		return file.Default, CalendarFromFile
	}
	if c := discovered[name]; c != nil {
		return c, CalendarDiscovered
	}
	return nil, CalendarDefault
}

// discoverCalendars returns a calendar per resource name discovered from
// when the resource works (package analysis/calendars: 15-minute granules
// of the week, Kronos' confidence and support rule). A resource with too
// little data (no start times, under three weeks of work) gets the log's
// calendar, the discovered calendar of all resources together, when that
// one has enough data; otherwise none (around the clock).
func discoverCalendars(l *eventlog.Log, loc *time.Location) map[string]*mapping.Calendar {
	if !l.HasStartTimes {
		return nil
	}
	var work []discovery.Work
	for ci := range l.Cases {
		for _, in := range l.Cases[ci].Instances {
			if in.Resource >= 0 {
				work = append(work, discovery.Work{Resource: in.Resource, Start: in.Start, End: in.End})
			}
		}
	}
	found := discovery.Discover(work, loc, discovery.Options{})
	whole := discovery.LogCalendar(work, loc, discovery.Options{})
	out := map[string]*mapping.Calendar{}
	for r, d := range found {
		switch {
		case d.Enough:
			out[l.Resources[r]] = d.Calendar
		case whole.Enough:
			out[l.Resources[r]] = whole.Calendar
		}
	}
	return out
}

func ownerCalendar(m *mapping.Map, id string) *mapping.Calendar {
	for i := range m.Owners {
		if m.Owners[i].ID == id {
			return m.Owners[i].Calendar
		}
	}
	return nil
}

// resourceOwners gives each resource its owner: with a map, the owner of
// the steps it performs most often (ties: the owner first in the map);
// else its roster owner; "" when unknown.
func resourceOwners(cat *catalog) []string {
	l, m := cat.l, cat.m
	out := make([]string, len(l.Resources))
	if m == nil {
		if cat.opt.Roster != nil {
			for r, name := range l.Resources {
				out[r] = cat.opt.Roster[name]
			}
		}
		return out
	}
	ownerIdx := map[string]int{}
	for i, o := range m.Owners {
		ownerIdx[o.ID] = i
	}
	actOwner := make([]int, len(l.Activities))
	for a := range actOwner {
		actOwner[a] = -1
		if s := cat.stepOf[a]; s >= 0 {
			if i, ok := ownerIdx[m.Steps[s].Owner]; ok {
				actOwner[a] = i
			}
		}
	}
	counts := make([][]int, len(l.Resources))
	for ci := range l.Cases {
		for _, in := range l.Cases[ci].Instances {
			if in.Resource < 0 || actOwner[in.Activity] < 0 {
				continue
			}
			if counts[in.Resource] == nil {
				counts[in.Resource] = make([]int, len(m.Owners))
			}
			counts[in.Resource][actOwner[in.Activity]]++
		}
	}
	for r, cs := range counts {
		best := -1
		for i, n := range cs {
			if n > 0 && (best < 0 || n > cs[best]) {
				best = i
			}
		}
		if best >= 0 {
			out[r] = m.Owners[best].ID
		}
	}
	return out
}

// logLocation is the zone calendars are read in: Options.Location, else
// the zone the log was read in, else UTC.
func logLocation(l *eventlog.Log, opt Options) *time.Location {
	if opt.Location != nil {
		return opt.Location
	}
	if z := l.Columns.TimeZone; z != "" {
		if loc, err := time.LoadLocation(z); err == nil {
			return loc
		}
	}
	return time.UTC
}

// withHolidays is a copy of c that also rests on the given dates.
func withHolidays(c *mapping.Calendar, days []time.Time) *mapping.Calendar {
	out := *c
	out.Holidays = slices.Clone(c.Holidays)
	for _, d := range days {
		out.Holidays = append(out.Holidays, mapping.DateOf(d))
	}
	slices.SortFunc(out.Holidays, mapping.Date.Compare)
	out.Holidays = slices.Compact(out.Holidays)
	return &out
}
