package calendars

import (
	"fmt"
	"math"
	"math/bits"
	"sort"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// NoStart marks an instance whose start is unknown (the same value as
// eventlog.NoTime). Such an instance says when the work ended, not when the
// resource worked, and is not used.
const NoStart int64 = math.MinInt64

// Work is one activity instance: who did it and when, [Start, End) in Unix
// nanoseconds.
type Work struct {
	Resource int32 // negative: no resource (ignored by Discover)
	Start    int64 // NoStart when unknown
	End      int64
}

// Options tune the discovery; a zero field takes its default.
type Options struct {
	Granule        time.Duration // size of a granule; default 15 minutes; must divide a day into whole minutes
	MinConfidence  float64       // default 0.1
	DesiredSupport float64       // default 0.7
	MinDays        int           // dates a granule must be seen on in the confidence step; default 2
	MinWeeks       int           // distinct weeks with work for a calendar to be Enough; default 3
	MaxSpan        time.Duration // longer instances count only at their start and end; default 12 hours
	// MaxGap: gaps up to this long between working times of one day are
	// closed (default 15 minutes, one granule; negative keeps every gap, as
	// Kronos does). A lunch break of half an hour stays.
	MaxGap time.Duration
	// AroundTheClock: a calendar working this share of the week or more is
	// read as "24/7" (default 0.85): systems and customers act at any hour.
	AroundTheClock float64
}

// Defaults of Options.
const (
	DefaultGranule        = 15 * time.Minute
	DefaultMinConfidence  = 0.1
	DefaultDesiredSupport = 0.7
	DefaultMinDays        = 2
	DefaultMinWeeks       = 3
	DefaultMaxSpan        = 12 * time.Hour
	DefaultMaxGap         = 15 * time.Minute
	DefaultAroundTheClock = 0.85
)

func (o Options) withDefaults() Options {
	if o.Granule <= 0 || o.Granule%time.Minute != 0 || (24*time.Hour)%o.Granule != 0 {
		o.Granule = DefaultGranule
	}
	if o.MinConfidence <= 0 {
		o.MinConfidence = DefaultMinConfidence
	}
	if o.DesiredSupport <= 0 {
		o.DesiredSupport = DefaultDesiredSupport
	}
	if o.MinDays <= 0 {
		o.MinDays = DefaultMinDays
	}
	if o.MinWeeks <= 0 {
		o.MinWeeks = DefaultMinWeeks
	}
	if o.MaxSpan <= 0 {
		o.MaxSpan = DefaultMaxSpan
	}
	if o.MaxGap == 0 {
		o.MaxGap = DefaultMaxGap
	}
	if o.AroundTheClock <= 0 {
		o.AroundTheClock = DefaultAroundTheClock
	}
	return o
}

// Discovered is the calendar discovered for a resource (or the log).
type Discovered struct {
	// Calendar is the discovered weekly calendar; its Text is in flowmap's
	// calendar syntax and parses back (mapping.ParseCalendar) to its Week.
	// Nil when no work was seen.
	Calendar *mapping.Calendar
	// Confidence and Support of the calendar, in [0, 1] (see the package doc).
	Confidence, Support float64
	Weeks               int  // distinct weeks (Monday to Sunday, in the zone) with work seen
	Instances           int  // instances used (those with a start time)
	Enough              bool // enough data: the caller may use Calendar
	// Reason says why the data is not enough ("" when Enough), e.g.
	// "no start times" or "work seen in 1 week, 3 needed".
	Reason string
}

// observations holds the cells (date, granule) in which one resource (or
// the log) was seen working.
type observations struct {
	days      map[int64][]uint64 // day number (days since 1970-01-01, wall clock) -> granule bitset
	instances int
	noStart   int
}

// collector turns instances into cells.
type collector struct {
	opt    Options
	loc    *time.Location // nil: UTC
	gran   int64          // granule in nanoseconds
	perDay int64          // granules per day
	words  int
}

func newCollector(loc *time.Location, opt Options) *collector {
	if loc == time.UTC {
		loc = nil
	}
	g := int64(opt.Granule)
	per := int64(24*time.Hour) / g
	return &collector{opt: opt, loc: loc, gran: g, perDay: per, words: int((per + 63) / 64)}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// add records the work of one instance in o.
func (c *collector) add(o *observations, w Work) {
	if w.Start == NoStart {
		o.noStart++
		return
	}
	if w.End < w.Start {
		return
	}
	o.instances++
	if w.End-w.Start > int64(c.opt.MaxSpan) {
		c.instant(o, w.Start)
		c.instant(o, w.End-1)
		return
	}
	if w.End == w.Start {
		c.instant(o, w.Start)
		return
	}
	c.segments(w.Start, w.End, func(a, b int64) { c.mark(o, a, b-1) })
}

// segments calls f for the pieces of [from, to) with a constant UTC offset,
// converted to wall-clock nanoseconds.
func (c *collector) segments(from, to int64, f func(a, b int64)) {
	if c.loc == nil {
		f(from, to)
		return
	}
	for from < to {
		t := time.Unix(0, from).In(c.loc)
		_, off := t.Zone()
		end := to
		if _, zEnd := t.ZoneBounds(); !zEnd.IsZero() && zEnd.UnixNano() < end && zEnd.UnixNano() > from {
			end = zEnd.UnixNano()
		}
		o := int64(off) * int64(time.Second)
		f(from+o, end+o)
		from = end
	}
}

// instant marks the granule holding instant t (Unix nanoseconds).
func (c *collector) instant(o *observations, t int64) {
	if c.loc != nil {
		_, off := time.Unix(0, t).In(c.loc).Zone()
		t += int64(off) * int64(time.Second)
	}
	c.mark(o, t, t)
}

// mark sets the granules from the one holding wall instant a to the one
// holding wall instant b (a <= b), both included.
func (c *collector) mark(o *observations, a, b int64) {
	for k, last := floorDiv(a, c.gran), floorDiv(b, c.gran); k <= last; k++ {
		d, g := floorDiv(k, c.perDay), k-floorDiv(k, c.perDay)*c.perDay
		set := o.days[d]
		if set == nil {
			set = make([]uint64, c.words)
			o.days[d] = set
		}
		set[g/64] |= 1 << (g % 64)
	}
}

// weekday of a day number (1970-01-01 was a Thursday).
func weekday(d int64) int {
	return int(d + 4 - floorDiv(d+4, 7)*7)
}

// discover applies the rule to the cells of one resource.
func (c *collector) discover(o *observations) Discovered {
	var res Discovered
	res.Instances = o.instances
	gc := c.countGranules(o)
	res.Weeks = gc.weeks
	if gc.total == 0 {
		res.Reason = "no work with a start time"
		if o.noStart > 0 {
			res.Reason = "no start times"
		}
		return res
	}
	sel := c.confident(&gc)
	c.support(&gc, sel)
	res.Support = float64(sel.in) / float64(gc.total)
	if sel.den > 0 {
		res.Confidence = float64(sel.num) / float64(sel.den)
	}
	if c.aroundTheClock(sel.working) {
		res.Calendar = &mapping.Calendar{Text: "24/7", Week: allWeek()}
		res.Enough = res.Weeks >= c.opt.MinWeeks && o.instances > 0
		if !res.Enough {
			res.Reason = c.tooFewWeeks(res.Weeks)
		}
		return res
	}
	week := c.week(sel.working)
	res.Calendar = &mapping.Calendar{Text: Format(week), Week: week}
	switch {
	case o.instances == 0:
		res.Reason = "no start times"
	case res.Weeks < c.opt.MinWeeks:
		res.Reason = c.tooFewWeeks(res.Weeks)
	default:
		res.Enough = true
	}
	return res
}

// granuleCounts is how often one resource was seen working in each
// granule of the week.
type granuleCounts struct {
	count  [][]int // [weekday][granule] dates seen working
	active [7]int  // dates of each weekday with work
	total  int     // the sum of count
	weeks  int     // weeks (from Monday) with work
}

// selection is the granules chosen as working, with the sums behind the
// confidence (num/den) and the support (in/total).
type selection struct {
	working   [][]bool // [weekday][granule]
	num, den  int
	in        int
	discarded []cell // granules with work that failed the confidence step
}

// cell is one granule g of weekday wd.
type cell struct{ wd, g int }

// countGranules counts, per weekday and granule, the dates o was seen
// working, and the dates and weeks with work.
func (c *collector) countGranules(o *observations) granuleCounts {
	per := int(c.perDay)
	gc := granuleCounts{count: make([][]int, 7)}
	for i := range gc.count {
		gc.count[i] = make([]int, per)
	}
	weeks := map[int64]bool{}
	for d, set := range o.days {
		wd := weekday(d)
		gc.active[wd]++
		weeks[floorDiv(d+3, 7)] = true // weeks from Monday
		for wi, word := range set {
			for word != 0 {
				b := bits.TrailingZeros64(word)
				word &^= 1 << b
				gc.count[wd][wi*64+b]++
				gc.total++
			}
		}
	}
	gc.weeks = len(weeks)
	return gc
}

// confident selects the granules worked on at least MinDays dates and on
// at least MinConfidence of the dates of their weekday with work; the
// others with work are kept as discarded, Monday first.
func (c *collector) confident(gc *granuleCounts) *selection {
	per := int(c.perDay)
	sel := &selection{working: make([][]bool, 7)}
	for i := range sel.working {
		sel.working[i] = make([]bool, per)
	}
	for _, wd := range mondayFirst {
		for g := 0; g < per; g++ {
			n := gc.count[wd][g]
			if n == 0 {
				continue
			}
			if n >= c.opt.MinDays && float64(n)/float64(gc.active[wd]) >= c.opt.MinConfidence {
				sel.take(gc, cell{wd, g})
				continue
			}
			sel.discarded = append(sel.discarded, cell{wd, g})
		}
	}
	return sel
}

// support adds discarded granules, the most worked first, until the
// selection holds DesiredSupport of the work.
func (c *collector) support(gc *granuleCounts, sel *selection) {
	if float64(sel.in)/float64(gc.total) >= c.opt.DesiredSupport {
		return
	}
	d := sel.discarded
	sort.SliceStable(d, func(i, j int) bool {
		return gc.count[d[i].wd][d[i].g] > gc.count[d[j].wd][d[j].g]
	})
	for _, x := range d {
		if float64(sel.in)/float64(gc.total) >= c.opt.DesiredSupport {
			break
		}
		sel.take(gc, x)
	}
}

// take marks granule x working and adds it to the sums.
func (sel *selection) take(gc *granuleCounts, x cell) {
	n := gc.count[x.wd][x.g]
	sel.working[x.wd][x.g] = true
	sel.num += n
	sel.den += gc.active[x.wd]
	sel.in += n
}

// aroundTheClock smooths the working granules (see smooth) and reports
// whether they cover AroundTheClock of the week or more: a 24/7 calendar.
func (c *collector) aroundTheClock(working [][]bool) bool {
	return smooth(working, int(c.opt.MaxGap/time.Duration(c.gran))) >= c.opt.AroundTheClock*float64(7*int(c.perDay))
}

// week joins the working granules of each weekday into intervals.
func (c *collector) week(working [][]bool) [7][]mapping.Interval {
	var week [7][]mapping.Interval
	gs := int(c.gran / int64(time.Second))
	for wd := range working {
		for g := range working[wd] {
			if !working[wd][g] {
				continue
			}
			from, to := g*gs, (g+1)*gs
			if n := len(week[wd]); n > 0 && week[wd][n-1].To == from {
				week[wd][n-1].To = to
				continue
			}
			week[wd] = append(week[wd], mapping.Interval{From: from, To: to})
		}
	}
	return week
}

// tooFewWeeks is the reason a calendar seen in weeks weeks is not enough.
func (c *collector) tooFewWeeks(weeks int) string {
	return fmt.Sprintf("work seen in %d %s, %d needed", weeks, plural(weeks, "week"), c.opt.MinWeeks)
}

// smooth closes the gaps of at most maxGap granules between two working
// granules of the same day — a quarter hour nobody happened to start or
// finish anything in is not a break — and returns the working granules of
// the week. Kronos keeps such slivers; a calendar full of 15-minute holes
// would count them as closed hours.
func smooth(working [][]bool, maxGap int) float64 {
	n := 0
	for _, day := range working {
		last := -1 // last working granule seen
		for g, w := range day {
			if !w {
				continue
			}
			if last >= 0 && g-last-1 <= maxGap {
				for k := last + 1; k < g; k++ {
					day[k] = true
				}
			}
			last = g
		}
		for _, w := range day {
			if w {
				n++
			}
		}
	}
	return float64(n)
}

// allWeek is every day from 00:00 to 24:00.
func allWeek() [7][]mapping.Interval {
	var w [7][]mapping.Interval
	for d := range w {
		w[d] = []mapping.Interval{{From: 0, To: 86400}}
	}
	return w
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// mondayFirst lists time.Weekday values from Monday to Sunday.
var mondayFirst = [7]int{1, 2, 3, 4, 5, 6, 0}

// Discover discovers a weekly calendar for each resource (Work.Resource >= 0)
// from its instances, with days and clock times read in loc (nil = UTC).
// Every resource seen gets an entry; check Enough before using it.
func Discover(instances []Work, loc *time.Location, opt Options) map[int32]Discovered {
	opt = opt.withDefaults()
	c := newCollector(loc, opt)
	obs := map[int32]*observations{}
	for _, w := range instances {
		if w.Resource < 0 {
			continue
		}
		o := obs[w.Resource]
		if o == nil {
			o = &observations{days: map[int64][]uint64{}}
			obs[w.Resource] = o
		}
		c.add(o, w)
	}
	out := make(map[int32]Discovered, len(obs))
	for r, o := range obs {
		out[r] = c.discover(o)
	}
	return out
}

// LogCalendar discovers the log's calendar: the calendar of the work of
// all resources together (instances without a resource included), by the
// same rule as Discover.
func LogCalendar(instances []Work, loc *time.Location, opt Options) Discovered {
	opt = opt.withDefaults()
	c := newCollector(loc, opt)
	o := &observations{days: map[int64][]uint64{}}
	for _, w := range instances {
		c.add(o, w)
	}
	return c.discover(o)
}
