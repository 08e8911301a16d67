package analysis

import (
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// catalog holds the lookups every metric shares, built once per analysis
// and only read afterwards (the parallel workers share it).
type catalog struct {
	l   *eventlog.Log
	m   *mapping.Map // nil without a map
	opt Options

	stepOf []int     // activity → step index in the map, -1 when unmapped
	paths  *mapPaths // the map's paths through silent steps; nil without a map

	// How the performer of an instance is found, for each kind of handoff.
	resources *performers
	owners    *performers // nil without a map or roster
	systems   *performers // nil without a map

	// cals is the working calendar of each resource (calendars.go),
	// resolved once: the per-case metrics read it for working time and the
	// waiting causes for unavailability.
	cals *calendars
	// working: some calendar is not around the clock, so durations get
	// working-time twins (caseView.load computes them only then).
	working bool
	// started: by activity, some instance has a start time from a start
	// time column or attribute (Columns.StartTime): waits tells instant
	// activities from missing starts by it. Lifecycle logs leave it false:
	// a complete without a start event is instant there, as in PM4Py.
	started []bool
	// offset: by case, the position of its first instance among all the
	// log's instances (case order), and their total at the end: an
	// instance's global position is offset[ci] + i (queues keep those).
	offset []int32
}

func newCatalog(l *eventlog.Log, opt Options) *catalog {
	c := &catalog{l: l, m: opt.Map, opt: opt, stepOf: make([]int, len(l.Activities))}
	c.started = make([]bool, len(l.Activities))
	c.offset = make([]int32, len(l.Cases)+1)
	for ci := range l.Cases {
		c.offset[ci+1] = c.offset[ci] + int32(len(l.Cases[ci].Instances))
	}
	if l.HasStartTimes && l.Columns.StartTime != "" {
		for ci := range l.Cases {
			for _, in := range l.Cases[ci].Instances {
				if in.Start != eventlog.NoTime {
					c.started[in.Activity] = true
				}
			}
		}
	}
	ownerOf := make([]string, len(l.Activities))
	systemOf := make([]string, len(l.Activities))
	for i, name := range l.Activities {
		c.stepOf[i] = -1
		if opt.Map != nil {
			if s, ok := opt.Map.StepForActivity(name); ok {
				c.stepOf[i] = opt.Map.StepIndex(s.ID)
				ownerOf[i] = s.Owner
				systemOf[i] = s.System
			}
		}
	}
	c.resources = resourcePerformers(l)
	if opt.Map != nil || opt.Roster != nil {
		c.owners = ownerPerformers(l, opt, ownerOf)
	}
	if opt.Map != nil {
		c.systems = systemPerformers(systemOf)
		c.paths = newMapPaths(opt.Map, c.stepOf)
	}
	c.cals = resolveCalendars(c, logLocation(l, opt))
	c.working = c.cals.known
	return c
}

// stepID is the id of the step an activity maps to, or "".
func (c *catalog) stepID(act int32) string {
	if c.m == nil || c.stepOf[act] < 0 {
		return ""
	}
	return c.m.Steps[c.stepOf[act]].ID
}
