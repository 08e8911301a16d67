package simulate

import (
	"fmt"
	"math"

	"github.com/flowmap/flowmap/mapping"
)

// model is a scenario compiled for the engine: steps, pools and arrivals
// as indexes and numbers. It is read-only and shared by replications.
type model struct {
	sc        *Scenario
	steps     []stepModel
	pools     []poolModel
	ownerPool []int // owner index → pool index, -1 = no owner pool
	starts    []int32
	clock     weekClock

	rate, lmax float64
	varying    bool      // rate changes over time (profile or peaks)
	profile    []float64 // multiplier per minute of the week; nil = 1
	peaks      []Peak
	inter      *mapping.Dist
	arrCal     *calendar // interarrival in its working time; nil = none

	horizon float64 // +Inf when none
	cases   int64   // 0 = none
	warmup  float64
	sla     float64 // process SLA (cycle time), 0 = none
}

type stepModel struct {
	id       string
	activity string // event-log activity: first log name, else the name
	owner    int
	pool     int32
	dist     mapping.Dist
	delay    *mapping.Dist // wait before joining the queue; nil = none
	next     []branch
	qlimit   int32
	sla      float64
	resource string  // for unlimited steps: the owner id
	silent   bool    // log_names: []: not written to the event log
	parallel []int32 // steps started together when this one is done
}

type branch struct {
	cum float64 // cumulative probability; the last is +Inf
	to  int32
}

type poolModel struct {
	id    string
	cap   int32 // servers; 0 = unlimited
	cal   *calendar
	owner int // owner index when an owner's pool, else -1
}

func compile(sc *Scenario) (*model, error) {
	md := &model{sc: sc, clock: newWeekClock(sc.start()), horizon: math.Inf(1), cases: sc.Cases, warmup: sc.Warmup}
	if sc.Horizon > 0 {
		md.horizon = sc.Horizon
	}
	md.sla = sc.Map.SLA.Seconds()
	cals := md.compileOwners()
	if err := md.compileSteps(cals); err != nil {
		return nil, err
	}
	if len(md.starts) == 0 {
		return nil, fmt.Errorf("the map has no start step")
	}
	if err := md.compileArrivals(); err != nil {
		return nil, err
	}
	return md, nil
}

// compileOwners makes a pool of every staffed owner and returns each
// owner's calendar (nil = always working).
func (md *model) compileOwners() []*calendar {
	m := md.sc.Map
	cals := make([]*calendar, len(m.Owners))
	md.ownerPool = make([]int, len(m.Owners))
	for i, o := range m.Owners {
		if o.Calendar != nil {
			cals[i] = newCalendar(o.Calendar, md.clock)
		}
		md.ownerPool[i] = -1
		if o.Capacity > 0 {
			md.ownerPool[i] = len(md.pools)
			md.pools = append(md.pools, poolModel{id: o.ID, cap: int32(o.Capacity), cal: cals[i], owner: i})
		}
	}
	return cals
}

// compileSteps makes the step models: their pool, delay, parallel
// branches and cumulative branch probabilities.
func (md *model) compileSteps(cals []*calendar) error {
	m := md.sc.Map
	ownerIdx := map[string]int{}
	for i, o := range m.Owners {
		ownerIdx[o.ID] = i
	}
	for i := range m.Steps {
		st := &m.Steps[i]
		oi, ok := ownerIdx[st.Owner]
		if !ok {
			return fmt.Errorf("step %s: unknown owner %q", st.ID, st.Owner)
		}
		sm := stepModel{id: st.ID, activity: st.Name, owner: oi, dist: st.Duration, qlimit: int32(st.QueueLimit),
			sla: st.SLA.Seconds(), resource: unlimitedResource(*st)}
		if len(st.LogNames) > 0 {
			sm.activity = st.LogNames[0]
		}
		sm.silent = st.Silent()
		for _, id := range st.Parallel {
			j := m.StepIndex(id)
			if j < 0 {
				return fmt.Errorf("step %s: unknown parallel step %q", st.ID, id)
			}
			sm.parallel = append(sm.parallel, int32(j))
		}
		if st.Delay.Kind != "" {
			d := st.Delay
			sm.delay = &d
		}
		sm.pool = md.stepPool(st, oi, cals[oi])
		if err := md.branches(st, &sm); err != nil {
			return err
		}
		md.steps = append(md.steps, sm)
		if st.Start {
			md.starts = append(md.starts, int32(i))
		}
	}
	return nil
}

// stepPool returns the pool serving st, adding one when the step has its own.
func (md *model) stepPool(st *mapping.Step, oi int, cal *calendar) int32 {
	switch {
	case st.Automated: // a system: unlimited, always on
		md.pools = append(md.pools, poolModel{id: st.ID, owner: -1})
	case st.Capacity > 0:
		md.pools = append(md.pools, poolModel{id: st.ID, cap: int32(st.Capacity), cal: cal, owner: -1})
	case md.ownerPool[oi] >= 0:
		return int32(md.ownerPool[oi])
	default: // unlimited people (customer, carrier): a delay, in working time if the owner has a calendar
		md.pools = append(md.pools, poolModel{id: st.ID, cal: cal, owner: -1})
	}
	return int32(len(md.pools) - 1)
}

// branches sets sm's cumulative branch probabilities from st's edges.
func (md *model) branches(st *mapping.Step, sm *stepModel) error {
	sum := 0.0
	for _, e := range st.Next {
		j := md.sc.Map.StepIndex(e.To)
		if j < 0 {
			return fmt.Errorf("step %s: unknown next step %q", st.ID, e.To)
		}
		sum += e.P
		sm.next = append(sm.next, branch{cum: sum, to: int32(j)})
	}
	if n := len(sm.next); n > 0 {
		if math.Abs(sum-1) > mapping.ProbabilityTolerance {
			return fmt.Errorf("step %s: branch probabilities sum to %v, not 1", st.ID, sum)
		}
		sm.next[n-1].cum = math.Inf(1)
	}
	return nil
}

// compileArrivals sets the arrival process: interarrival distribution (and
// its calendar), or the Poisson rate with its profile and peaks, and the
// largest rate thinning draws against.
func (md *model) compileArrivals() error {
	a := &md.sc.Arrivals
	md.inter = a.Interarrival
	if a.Calendar != nil && a.Interarrival != nil {
		md.arrCal = newCalendar(a.Calendar, md.clock)
	}
	md.rate = a.Rate
	prof, err := profileMinutes(a.Profile)
	if err != nil {
		return err
	}
	md.profile = prof
	md.peaks = a.Peaks
	md.varying = prof != nil || len(a.Peaks) > 0
	maxProf := 1.0
	if prof != nil {
		maxProf = 0
		for _, f := range prof {
			maxProf = math.Max(maxProf, f)
		}
	}
	// The largest product of overlapping peak factors: the product only
	// changes where a peak starts, so checking those instants suffices.
	maxPeak := 1.0
	for _, p := range a.Peaks {
		maxPeak = math.Max(maxPeak, peakFactor(a.Peaks, p.Start))
	}
	md.lmax = md.rate * maxProf * maxPeak
	if md.inter == nil && !(md.lmax > 0) {
		return fmt.Errorf("the arrival rate is 0 at all times")
	}
	return nil
}

func peakFactor(peaks []Peak, t float64) float64 {
	f := 1.0
	for _, p := range peaks {
		if t >= p.Start && t < p.Start+p.Duration {
			f *= p.Factor
		}
	}
	return f
}

// unlimitedResource names who does an unlimited step in the event log: the
// system for automated steps ("shopify (automated)"), else the owner.
func unlimitedResource(st mapping.Step) string {
	if st.Automated {
		who := st.System
		if who == "" {
			who = st.Owner
		}
		return who + " (automated)"
	}
	return st.Owner
}
