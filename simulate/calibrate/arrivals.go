package calibrate

import (
	"fmt"
	"math"
	"sort"
	"strconv"
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
	// poisson: without an arrival calendar, a Poisson process at rate
	// (per hour) with the weekly profile's factors (weekday, hour) when the
	// hourly rates vary; why says why.
	poisson bool
	rate    float64
	factors [7][24]float64
	why     string
	first   int64 // first and last case start, ns
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
	if d.Enough && d.Calendar != nil && d.Calendar.HoursPerWeek() < 168 && !d.Calendar.Fragmented() {
		a.cal, wcal = d.Calendar, waitcause.NewCalendar(d.Calendar, loc)
		a.calNote = fmt.Sprintf("arrival calendar discovered from %d case starts in %d weeks (confidence %.2f, support %.2f); interarrival times count its working time only",
			len(starts), d.Weeks, d.Confidence, d.Support)
	} else {
		a.calNote = "arrivals around the clock"
		switch {
		case !d.Enough:
			a.calNote += " (" + d.Reason + ")"
		case d.Calendar.Fragmented():
			a.calNote += fmt.Sprintf(" (the calendar of the case starts, %q, has more than %d periods a day: no schedule)", short(d.Calendar.Text), mapping.MaxPeriodsPerDay)
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
	gaps := workingGaps(starts, wcal)
	a.inter = FitDist(gaps)
	if a.inter.Dist.MeanSeconds() <= 0 { // a single case, or all at once
		a.inter.Dist = mapping.Constant(1)
	}
	var rates [7][24]float64
	a.profile, rates = weeklyProfile(starts, loc)
	if mean, sd := moments(gaps); a.cal == nil && len(gaps) > 1 && sd > maxRegularCV*mean {
		a.choosePoisson(rates, len(starts))
	}
	return a
}

// maxRegularCV is the coefficient of variation of the interarrival times
// up to which arrivals without a calendar stay a renewal process (regular
// arrivals, such as one a day, that a profile would blur).
const maxRegularCV = 0.5

// minProfileWeeks is the training span, in weeks, from which the weekly
// profile (168 hourly rates) is estimated well enough to drive arrivals.
const minProfileWeeks = 6

// minProfileCV is the coefficient of variation of the 168 hourly arrival
// rates from which arrivals without a calendar follow the weekly profile.
const minProfileCV = 0.3

// choosePoisson makes the arrivals a Poisson process with the weekly
// profile when the hourly rates of the week vary (coefficient of variation
// at least minProfileCV): a renewal process around the clock would spread
// the arrivals evenly over day and night.
func (a *arrivals) choosePoisson(rates [7][24]float64, n int) {
	hours := float64(a.last-a.first) / 3.6e12
	if n < 2 || hours < minProfileWeeks*168 {
		return // too few weeks to estimate each hour of the week
	}
	a.rate = float64(n-1) / hours
	var xs []float64
	for d := range rates {
		for h := range rates[d] {
			a.factors[d][h] = rates[d][h] / a.rate
			xs = append(xs, a.factors[d][h])
		}
	}
	mean, sd := moments(xs)
	if mean <= 0 || sd/mean < minProfileCV {
		return
	}
	a.poisson = true
	a.why = fmt.Sprintf("the hourly arrival rates of the week vary (coefficient of variation %.2f): Poisson arrivals at the mean rate, %.3g an hour over the training span, times the weekly profile's factor (the hour's mean arrivals ÷ the mean rate)", sd/mean, a.rate)
}

// weeklyProfile renders the mean arrivals per hour of each weekday (over
// the weeks of the training span), e.g. "Mon 08h 2.0, 09h 2.0, ...".
func weeklyProfile(starts []int64, loc *time.Location) ([]string, [7][24]float64) {
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
	var rates [7][24]float64
	for _, wd := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		var parts []string
		for h := 0; h < 24; h++ {
			if count[wd][h] > 0 && days[wd] > 0 {
				rates[wd][h] = float64(count[wd][h]) / float64(days[wd])
				parts = append(parts, fmt.Sprintf("%02dh %.2g", h, rates[wd][h]))
			}
		}
		if len(parts) > 0 {
			out = append(out, wd.String()[:3]+": "+strings.Join(parts, ", "))
		}
	}
	return out, rates
}

// profileLines writes the factors as profile entries, "mon 08:00-11:00":
// 1.25, consecutive hours with the same factor (2 decimals) merged, hours
// with factor 1 left out (they have 1).
func (a *arrivals) profileLines() []string {
	var out []string
	for _, wd := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		day := strings.ToLower(wd.String()[:3])
		for h := 0; h < 24; {
			f := math.Round(a.factors[wd][h]*100) / 100
			k := h + 1
			for k < 24 && math.Round(a.factors[wd][k]*100)/100 == f {
				k++
			}
			if f != 1 {
				out = append(out, fmt.Sprintf("%q: %s", fmt.Sprintf("%s %02d:00-%02d:00", day, h, k), strconv.FormatFloat(f, 'f', -1, 64)))
			}
			h = k
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
