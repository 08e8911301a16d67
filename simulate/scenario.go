package simulate

import (
	"fmt"
	"math"
	"time"

	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
)

// Limits of a scenario, generous for real processes; they keep a typo or
// hostile input from hanging a run or exhausting memory.
const (
	// MaxRate bounds the arrival rate: 1,000,000 per second (an
	// interarrival mean of at least 1µs).
	MaxRate = 1e6
	// MaxFactor bounds a peak's or a profile period's rate multiplier.
	MaxFactor = 1000
	// DefaultMaxEvents bounds the events one replication may simulate
	// (arrivals and step completions) unless the scenario's max_events
	// raises it: 50 million, several seconds of simulation.
	DefaultMaxEvents = 50_000_000
)

// DefaultStart is the simulated calendar start when a scenario gives none:
// a Monday, 00:00 UTC.
var DefaultStart = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// Scenario is a simulation experiment: a process map, how cases arrive,
// how long to run, how often, and the what-if variants to compare.
// Durations and times are seconds since Start.
type Scenario struct {
	File string       // scenario file, for messages; "" when built in code
	Map  *mapping.Map // a validated map
	// Start is the simulated calendar start (calendars, profiles, dated
	// peaks, event-log timestamps); zero means DefaultStart.
	Start    time.Time
	Arrivals Arrivals
	// Horizon stops arrivals this many seconds after Start (warm-up
	// included); 0 = none, then Cases must be set.
	Horizon float64
	// Cases stops arrivals after this many cases; 0 = none.
	Cases int64
	// Warmup is the start of the statistics window (seconds after Start).
	Warmup       float64
	Replications int // default 10
	Seed         uint64
	// MaxEvents bounds the events one replication may simulate; 0 means
	// DefaultMaxEvents. Run refuses a scenario whose expected events
	// exceed it and stops a replication that reaches it.
	MaxEvents int64
	Variants  []Variant // what-if variants; the base (no settings) is implicit
}

// Arrivals describe when cases enter the process: a Poisson process with a
// Rate (per second) modulated by a weekly Profile and dated Peaks, or a
// renewal process with the Interarrival distribution. With a Calendar, the
// interarrival times count only the calendar's working time: no case
// arrives while it is closed, and the first case arrives at its first
// working moment.
type Arrivals struct {
	Rate         float64
	Interarrival *mapping.Dist
	Calendar     *mapping.Calendar // interarrival only; nil = around the clock
	Profile      []ProfileFactor
	Peaks        []Peak
	Pos          mapping.Pos // where arrivals were written, for messages
}

// ProfileFactor multiplies the arrival rate during part of every week, e.g.
// "mon-fri 09:00-17:00" → 1.5. Times not covered by any factor have 1.
type ProfileFactor struct {
	Spec     string
	Calendar *mapping.Calendar
	Factor   float64
	Pos      mapping.Pos
}

// Peak multiplies the arrival rate by Factor in [Start, Start+Duration)
// (seconds after the scenario start), e.g. a flash sale.
type Peak struct {
	Start, Duration, Factor float64
	Pos                     mapping.Pos
}

// Variant is a named set of changes to the base scenario.
type Variant struct {
	Name string
	Set  []Setting
	Pos  mapping.Pos
}

// Setting is one what-if change, PATH=VALUE (see Paths).
type Setting struct {
	Path  string
	Value string // the value as written
	File  string // where it was written ("" for the command line)
	Pos   mapping.Pos
	node  yamlpos.Node // the value, parsed
	flag  string       // the flag it came from on the command line ("" = --set)
}

// origin names where a command-line setting came from: "--set PATH=VALUE"
// or "--sweep PATH=VALUE".
func (s Setting) origin() string {
	if s.flag != "" {
		return s.flag + " " + s.String()
	}
	return "--set " + s.String()
}

// String renders the setting as PATH=VALUE.
func (s Setting) String() string { return s.Path + "=" + s.Value }

func (sc *Scenario) start() time.Time {
	if sc.Start.IsZero() {
		return DefaultStart
	}
	return sc.Start
}

func (sc *Scenario) maxEvents() int64 {
	if sc.MaxEvents <= 0 {
		return DefaultMaxEvents
	}
	return sc.MaxEvents
}

func (sc *Scenario) replications() int {
	if sc.Replications <= 0 {
		return 10
	}
	return sc.Replications
}

// check reports scenario problems that are not tied to a file position.
func (sc *Scenario) check() mapping.ErrorList {
	var errs mapping.ErrorList
	bad := func(p mapping.Pos, format string, args ...any) {
		errs = append(errs, &mapping.Error{File: sc.File, Pos: p, Msg: fmt.Sprintf(format, args...)})
	}
	if sc.Map == nil {
		bad(mapping.Pos{}, "scenario has no process map")
		return errs
	}
	a := &sc.Arrivals
	switch {
	case a.Interarrival != nil && a.Rate != 0:
		bad(a.Pos, "arrivals: give rate or interarrival, not both")
	case a.Interarrival == nil && !(a.Rate > 0) || math.IsInf(a.Rate, 0):
		bad(a.Pos, "arrivals: rate must be a positive rate such as 6/min (got %v per second)", a.Rate)
	case a.Interarrival != nil && (len(a.Profile) > 0 || len(a.Peaks) > 0):
		bad(a.Pos, "arrivals: profile and peaks need a Poisson rate (rate: 6/min), not interarrival")
	case a.Calendar != nil && a.Interarrival == nil:
		bad(a.Pos, "arrivals: calendar needs interarrival (the time between cases in the calendar's working time)")
	case a.Calendar != nil && a.Calendar.HoursPerWeek() == 0:
		bad(a.Pos, "arrivals: calendar %q has no working time", a.Calendar.Text)
	case a.Interarrival != nil && !(a.Interarrival.MeanSeconds() >= 1/MaxRate):
		bad(a.Pos, "arrivals: interarrival must have a mean of at least 1µs (at most 1,000,000 arrivals per second)")
	case a.Interarrival == nil && a.Rate > MaxRate:
		bad(a.Pos, "arrivals: rate must be at most 1,000,000 per second")
	}
	for _, f := range a.Profile {
		if !(f.Factor >= 0 && f.Factor <= MaxFactor) {
			bad(f.Pos, "arrivals profile %q: factor must be from 0 to 1,000 (got %v)", f.Spec, f.Factor)
		}
	}
	if _, err := profileMinutes(a.Profile); err != nil {
		bad(a.Pos, "arrivals profile: %v", err)
	}
	for i, p := range a.Peaks {
		if !(p.Factor >= 0 && p.Factor <= MaxFactor) {
			bad(p.Pos, "arrivals peaks[%d]: factor must be from 0 to 1,000 (got %v)", i, p.Factor)
		}
		if !(p.Duration > 0 && p.Duration <= mapping.MaxDurationSeconds) {
			bad(p.Pos, "arrivals peaks[%d]: duration must be longer than 0s and at most 100 years", i)
		}
		switch {
		case p.Start < 0:
			bad(p.Pos, "arrivals peaks[%d]: starts before the scenario start", i)
		case sc.Horizon > 0 && p.Start+p.Duration > sc.Horizon:
			bad(p.Pos, "arrivals peaks[%d]: ends at %s, after the horizon %s; peaks must lie inside the horizon", i,
				mapping.FormatSeconds(p.Start+p.Duration), mapping.FormatSeconds(sc.Horizon))
		case !(p.Start <= mapping.MaxDurationSeconds):
			bad(p.Pos, "arrivals peaks[%d]: starts more than 100 years after the scenario start", i)
		}
	}
	if sc.Horizon < 0 || sc.Warmup < 0 || sc.Cases < 0 || sc.MaxEvents < 0 {
		bad(mapping.Pos{}, "horizon, warmup, cases and max_events must not be negative")
	}
	if !(sc.Horizon <= mapping.MaxDurationSeconds) || !(sc.Warmup <= mapping.MaxDurationSeconds) {
		bad(mapping.Pos{}, "horizon and warmup must be at most 100 years")
	}
	if sc.Horizon == 0 && sc.Cases == 0 {
		bad(mapping.Pos{}, "give horizon (e.g. horizon: 30d) or cases (e.g. cases: 10000) so the run ends")
	}
	if sc.Horizon > 0 && sc.Warmup >= sc.Horizon {
		bad(mapping.Pos{}, "warmup %s must be shorter than horizon %s", mapping.FormatSeconds(sc.Warmup), mapping.FormatSeconds(sc.Horizon))
	}
	if sc.Replications < 0 || sc.Replications > 10000 {
		bad(mapping.Pos{}, "replications must be between 1 and 10000")
	}
	for _, o := range sc.Map.Owners {
		if o.Calendar != nil && o.Calendar.HoursPerWeek() == 0 {
			bad(o.Pos, "owner %s: calendar %q has no working time", o.ID, o.Calendar.Text)
		}
	}
	return errs
}

// profileMinutes turns profile factors into one multiplier per minute of the
// week (Sunday 00:00 first), or nil when there is no profile. Factors may
// not overlap.
func profileMinutes(p []ProfileFactor) ([]float64, error) {
	if len(p) == 0 {
		return nil, nil
	}
	out := make([]float64, 7*24*60)
	owner := make([]int, len(out))
	for i := range out {
		out[i], owner[i] = 1, -1
	}
	for k, f := range p {
		if f.Calendar == nil {
			continue
		}
		for d := 0; d < 7; d++ {
			for _, iv := range f.Calendar.Week[d] {
				for m := (d*86400 + iv.From) / 60; m < (d*86400+iv.To)/60; m++ {
					if owner[m] >= 0 {
						return nil, fmt.Errorf("%q overlaps %q (%s %02d:%02d); give each time one factor", f.Spec, p[owner[m]].Spec,
							time.Weekday(d).String()[:3], m%1440/60, m%60)
					}
					owner[m], out[m] = k, f.Factor
				}
			}
		}
	}
	return out, nil
}

func secondsDuration(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }
