package calibrate

import (
	"strconv"
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

// FindPools is the part of FindTeams that groups resources into pools by
// the activities they do and gives each activity the pool that does most
// of it, without calendars, capacities or durations: the lanes a process
// discovered from l is drawn in. Owners have an id and a name only: the
// pool's name, or, when its resources share none, its first resource and
// how many more ("10188 and 12 more").
func FindPools(l *eventlog.Log) (owners []mapping.Owner, ownerOf map[string]string, err error) {
	cases, _, err := split(l, 0, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	m := &model{l: l, cases: cases}
	m.pools, m.poolOf = discoverPools(l, cases, ids{"unassigned": true, "start": true, "end": true})
	m.assignActivities()
	ownerOf = map[string]string{}
	names := map[string]int{}
	for _, p := range m.pools {
		names[p.name]++
	}
	for _, p := range m.pools {
		name := p.name
		if (name == "pool" || names[name] > 1) && len(p.resources) > 0 {
			// No common name: say who is in it ("10188 +12").
			name = resName(l, p.resources[0])
			if n := len(p.resources) - 1; n > 0 {
				name += " and " + strconv.Itoa(n) + " more"
			}
		}
		owners = append(owners, mapping.Owner{ID: p.id, Name: name})
	}
	for a, p := range m.actOf {
		if p != nil {
			ownerOf[l.Activities[a]] = p.id
		}
	}
	return owners, ownerOf, nil
}
