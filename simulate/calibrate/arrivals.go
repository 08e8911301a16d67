package calibrate

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/flowmap/flowmap/analysis/calendars"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
	"github.com/flowmap/flowmap/mapping"
)

// arrivals is the fitted arrival process.
type arrivals struct {
	inter   Fit
	cal     *mapping.Calendar // nil = around the clock
	calNote string
	profile []string // weekly profile, one line per weekday with arrivals
	first   int64    // first and last case start, ns
	last    int64
	lastEnd int64 // last end of the training cases
}

// fitArrivals fits the interarrival times of the case starts, in the
// working time of the calendar discovered from the starts.
func fitArrivals(cases []*eventlog.Case, loc *time.Location) arrivals {
	starts := make([]int64, len(cases))
	var a arrivals
	for i, c := range cases {
		starts[i] = caseStart(c)
		for k := range c.Instances {
			a.lastEnd = max(a.lastEnd, c.Instances[k].End)
		}
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i] < starts[j] })
	a.first, a.last = starts[0], starts[len(starts)-1]
	work := make([]calendars.Work, len(starts))
	for i, t := range starts {
		work[i] = calendars.Work{Start: t, End: t}
	}
	d := calendars.LogCalendar(work, loc, calendars.Options{})
	var wcal *waitcause.Calendar
	if d.Enough && d.Calendar != nil && d.Calendar.HoursPerWeek() < 168 && !fragmented(d.Calendar) {
		a.cal, wcal = d.Calendar, waitcause.NewCalendar(d.Calendar, loc)
		a.calNote = fmt.Sprintf("arrival calendar discovered from %d case starts in %d weeks (confidence %.2f, support %.2f); interarrival times count its working time only",
			len(starts), d.Weeks, d.Confidence, d.Support)
	} else {
		a.calNote = "arrivals around the clock"
		switch {
		case !d.Enough:
			a.calNote += " (" + d.Reason + ")"
		case fragmented(d.Calendar):
			a.calNote += fmt.Sprintf(" (the calendar of the case starts, %q, has more than %d periods a day: no schedule)", d.Calendar.Text, maxPeriodsPerDay)
		}
	}
	if a.cal != nil {
		var ext int
		a.cal, ext = extendArrivalCalendar(a.cal, starts, loc)
		wcal = waitcause.NewCalendar(a.cal, loc)
		if ext > 0 {
			a.calNote += fmt.Sprintf("; each working period extended by %dm after its last granule, which makes the interarrival times most regular", ext/60)
		}
	}
	a.inter = FitDist(workingGaps(starts, wcal))
	if a.inter.Dist.MeanSeconds() <= 0 { // a single case, or all at once
		a.inter.Dist = mapping.Constant(1)
	}
	a.profile = weeklyProfile(starts, loc)
	return a
}

// weeklyProfile renders the mean arrivals per hour of each weekday (over
// the weeks of the training span), e.g. "Mon 08h 2.0, 09h 2.0, ...".
func weeklyProfile(starts []int64, loc *time.Location) []string {
	var count [7][24]int
	for _, t := range starts {
		x := time.Unix(0, t).In(loc)
		count[x.Weekday()][x.Hour()]++
	}
	first, last := time.Unix(0, starts[0]).In(loc), time.Unix(0, starts[len(starts)-1]).In(loc)
	var days [7]int
	for d := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc); !d.After(last); d = d.AddDate(0, 0, 1) {
		days[d.Weekday()]++
	}
	var out []string
	for _, wd := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		var parts []string
		for h := 0; h < 24; h++ {
			if count[wd][h] > 0 && days[wd] > 0 {
				parts = append(parts, fmt.Sprintf("%02dh %.2g", h, float64(count[wd][h])/float64(days[wd])))
			}
		}
		if len(parts) > 0 {
			out = append(out, wd.String()[:3]+": "+strings.Join(parts, ", "))
		}
	}
	return out
}

// workingGaps are the times between consecutive starts, in the working
// time of wcal (elapsed when nil).
func workingGaps(starts []int64, wcal *waitcause.Calendar) []float64 {
	gaps := make([]float64, 0, len(starts))
	for i := 1; i < len(starts); i++ {
		g := float64(starts[i]-starts[i-1]) / 1e9
		if wcal != nil {
			g = float64(wcal.Working(starts[i-1], starts[i])) / 1e9
		}
		gaps = append(gaps, g)
	}
	return gaps
}

// extendArrivalCalendar extends the end of each working period of the
// arrival calendar by 0 to 60 minutes, whichever makes the interarrival
// times most regular (smallest coefficient of variation): a calendar
// discovered from arrival instants ends at the granule of the last
// arrival, while the process that generated them runs until the next one
// would have come. It returns the calendar and the extension in seconds.
func extendArrivalCalendar(c *mapping.Calendar, starts []int64, loc *time.Location) (*mapping.Calendar, int) {
	best, bestExt, bestCV := c, 0, math.Inf(1)
	for ext := 0; ext <= 3600; ext += 900 {
		var week [7][]mapping.Interval
		for d, ivs := range c.Week {
			for _, iv := range ivs {
				week[d] = append(week[d], mapping.Interval{From: iv.From, To: min(iv.To+ext, 86400)})
			}
		}
		cal, err := mapping.ParseCalendar(calendars.Format(mergeDays(week)))
		if err != nil {
			continue
		}
		mean, sd := moments(workingGaps(starts, waitcause.NewCalendar(cal, loc)))
		if cv := sd / mean; mean > 0 && cv < bestCV-1e-9 {
			best, bestExt, bestCV = cal, ext, cv
		}
	}
	return best, bestExt
}

// mergeDays merges overlapping intervals of each day.
func mergeDays(week [7][]mapping.Interval) [7][]mapping.Interval {
	for d, ivs := range week {
		var out []mapping.Interval
		for _, iv := range ivs {
			if n := len(out); n > 0 && iv.From <= out[n-1].To {
				out[n-1].To = max(out[n-1].To, iv.To)
				continue
			}
			out = append(out, iv)
		}
		week[d] = out
	}
	return week
}
