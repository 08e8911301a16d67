package calibrate

import (
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// Teams are the owners and durations calibration finds in a whole log, for
// a discovered map (analyze --discover) that agrees with calibrate.
type Teams struct {
	Owners    []mapping.Owner         // pools with capacity and calendar
	OwnerOf   map[string]string       // activity → owner id
	Durations map[string]mapping.Dist // activity → fitted duration
}

// FindTeams runs the resource, calendar and duration parts of calibration
// on the whole log l (calendars in loc, nil = UTC).
func FindTeams(l *eventlog.Log, loc *time.Location) (*Teams, error) {
	if loc == nil {
		loc = time.UTC
	}
	cases, _, err := split(l, 0, time.Time{})
	if err != nil {
		return nil, err
	}
	m := &model{l: l, cases: cases, basis: "processing"}
	if !l.HasStartTimes {
		m.basis = "sojourn"
	}
	m.pools, m.poolOf = discoverPools(l, cases, ids{"unassigned": true, "start": true, "end": true})
	calibratePools(m.pools, cases, m.poolOf, loc)
	m.assignActivities()
	m.fitDurations()
	if m.basis == "sojourn" {
		m.unlimited()
	} else {
		m.raiseCapacities()
	}
	t := &Teams{OwnerOf: map[string]string{}, Durations: map[string]mapping.Dist{}}
	for _, p := range m.pools {
		t.Owners = append(t.Owners, m.owner(p))
	}
	for a, p := range m.actOf {
		if p != nil {
			t.OwnerOf[l.Activities[a]] = p.id
		}
	}
	for a, f := range m.durs {
		if f.N > 0 {
			t.Durations[l.Activities[a]] = f.Dist
		}
	}
	return t, nil
}
