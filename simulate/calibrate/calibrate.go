package calibrate

import (
	"fmt"
	"math"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
	"github.com/flowmap/flowmap/mapping"
)

// Options say what to fit and how to split the log.
type Options struct {
	// Map gives the steps, edges and owners (its roster); nil = discover
	// them from the log.
	Map *mapping.Map
	// TrainShare fits on the first share of the cases by start (0 = all);
	// Until fits on the cases that start before it (zero = no cut).
	TrainShare float64
	Until      time.Time
	// Location is the zone of calendars (nil = UTC).
	Location *time.Location
	// Process names the process when there is no map.
	Process string
	// ForHeldOut makes the scenario simulate the held-out period (start =
	// its first case's start, cases = its case count, no horizon) instead
	// of the period after the training data. Needs a split.
	ForHeldOut bool
}

// Result is a calibrated scenario.
type Result struct {
	YAML       []byte // the scenario file
	TrainCases int
	HeldOut    int
	// HeldOutCases are the cases after the split, in order of start, and
	// HeldOutStart the first one's start: a simulation of the held-out
	// period starts there with as many cases (WriteCases writes them).
	HeldOutCases []*eventlog.Case
	HeldOutStart time.Time
	Basis        string // "processing" or "sojourn"
	Steps, Pools int
}

// model holds what calibration learns before it is written.
type model struct {
	l      *eventlog.Log
	opt    Options
	cases  []*eventlog.Case
	basis  string
	pools  []*pool
	poolOf map[int32]*pool  // resource → pool
	actOf  map[int32]*pool  // activity → pool (most of its instances)
	durs   map[int32]Fit    // activity → duration fit
	delays map[int32]*Delay // activity → extraneous delay, when there is one
	arr    arrivals
	flow   *flow
	blocks []*block // groups of parallel activities (tokens len(Activities)+k)
	// held is the held-out period to simulate (Options.ForHeldOut): its
	// first case's start and its case count; heldCases 0 = none.
	heldStart time.Time
	heldCases int
	// context names the activities done before a step's state (step id →
	// text), for its comment.
	context  map[string]string
	forkNote map[string]string // split step id → its evidence
}

// Calibrate fits a scenario to the log l.
func Calibrate(l *eventlog.Log, opt Options) (*Result, error) {
	if opt.TrainShare < 0 || opt.TrainShare > 1 {
		return nil, fmt.Errorf("--train-share must be between 0 and 1 (got %v)", opt.TrainShare)
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	cases, held, err := splitCases(l, opt.TrainShare, opt.Until)
	if err != nil {
		return nil, err
	}
	m := &model{l: l, opt: opt, cases: cases, basis: "processing"}
	if !l.HasStartTimes {
		m.basis = "sojourn"
	}
	used := ids{"start": true, "end": true, "system": true}
	if opt.Map != nil {
		m.rosterPools(used)
	} else {
		m.pools, m.poolOf = discoverPools(l, cases, used)
	}
	calibratePools(m.pools, cases, m.poolOf, opt.Location)
	act := func(a int32) string { return l.Activities[a] }
	if opt.Map != nil {
		m.flow = countFlowBy(activitySeqs(cases), act, false)
	} else {
		m.blocks = findBlocks(l, cases)
		seqs := tokens(l, cases, m.blocks)
		m.flow = countFlow(seqs, func(t int32) string { return tokenName(l, m.blocks, t) }, len(l.Activities)+len(m.blocks))
	}
	m.assignActivities()
	m.fitDurations()
	if m.basis == "sojourn" {
		m.unlimited()
	} else {
		m.raiseCapacities()
	}
	m.fitDelays()
	m.arr = fitArrivals(cases, opt.Location)
	if opt.ForHeldOut {
		if len(held) == 0 {
			return nil, fmt.Errorf("no case is held out to simulate: split with --train-share or --until")
		}
		m.heldStart, m.heldCases = time.Unix(0, caseStart(held[0])).UTC(), len(held)
	}
	src, steps, err := m.write()
	if err != nil {
		return nil, err
	}
	res := &Result{YAML: src, TrainCases: len(cases), HeldOut: len(held), HeldOutCases: held, Basis: m.basis, Steps: steps, Pools: len(m.pools)}
	if len(held) > 0 {
		res.HeldOutStart = time.Unix(0, caseStart(held[0])).UTC()
	}
	return res, nil
}

// assignActivities gives each activity the pool that does most of its
// instances.
func (m *model) assignActivities() {
	n := map[int32]map[*pool]int{}
	for _, c := range m.cases {
		for i := range c.Instances {
			in := &c.Instances[i]
			if n[in.Activity] == nil {
				n[in.Activity] = map[*pool]int{}
			}
			n[in.Activity][m.poolOf[in.Resource]]++
		}
	}
	m.actOf = map[int32]*pool{}
	for a, byPool := range n {
		var best *pool
		for p, k := range byPool {
			if p == nil {
				continue
			}
			if best == nil || k > byPool[best] || k == byPool[best] && p.id < best.id {
				best = p
			}
		}
		m.actOf[a] = best
	}
}

// fitDurations fits each activity's processing times (in the working time
// of its pool's calendar), or its sojourns when the log has no start times.
func (m *model) fitDurations() {
	obs := map[int32][]float64{}
	for _, c := range m.cases {
		prevEnd := int64(0)
		for i := range c.Instances {
			in := &c.Instances[i]
			p := m.actOf[in.Activity]
			switch {
			case m.basis == "sojourn":
				d := 0.0
				if i > 0 && in.End >= prevEnd {
					d = float64(in.End-prevEnd) / 1e9
				}
				obs[in.Activity] = append(obs[in.Activity], d)
			case in.Start != eventlog.NoTime && in.Start <= in.End:
				d := float64(in.End-in.Start) / 1e9
				if p != nil && p.wcal != nil {
					d = float64(p.wcal.Working(in.Start, in.End)) / 1e9
				}
				obs[in.Activity] = append(obs[in.Activity], d)
			}
			prevEnd = max(prevEnd, in.End)
		}
	}
	m.durs = map[int32]Fit{}
	for a := range m.l.Activities {
		if len(obs[int32(a)]) > 0 {
			m.durs[int32(a)] = FitDist(obs[int32(a)])
		}
	}
}

// Delay is the extraneous wait before a step.
type Delay struct {
	Fit
	Share float64 // of the step's total wait
}

// minDelay is the mean extraneous wait (seconds) from which a step gets a delay.
const minDelay = 60

// fitDelays fits the extraneous part of the waits before each activity
// (analysis/waitcause with the pools' calendars).
func (m *model) fitDelays() {
	m.delays = map[int32]*Delay{}
	if m.basis != "processing" {
		return
	}
	in := make([][]waitcause.Instance, len(m.cases))
	for k, c := range m.cases {
		in[k] = make([]waitcause.Instance, len(c.Instances))
		for i := range c.Instances {
			x := &c.Instances[i]
			in[k][i] = waitcause.Instance{Activity: x.Activity, Resource: x.Resource, Enabled: x.Enabled, Start: x.Start, End: x.End}
		}
	}
	res := waitcause.Analyze(in, func(r int32) *waitcause.Calendar {
		if p := m.poolOf[r]; p != nil {
			return p.wcal
		}
		return nil
	})
	obs := map[int32][]float64{}
	wait, extra := map[int32]int64{}, map[int32]int64{}
	for k := range in {
		for i, x := range in[k] {
			if x.Start == waitcause.NoTime || i == 0 {
				continue
			}
			r := res[k][i]
			obs[x.Activity] = append(obs[x.Activity], float64(r.Extraneous)/1e9)
			wait[x.Activity] += r.Wait
			extra[x.Activity] += r.Extraneous
		}
	}
	for a, xs := range obs {
		if len(xs) == 0 || float64(extra[a])/1e9/float64(len(xs)) < minDelay {
			continue
		}
		m.delays[a] = &Delay{Fit: FitDist(xs), Share: float64(extra[a]) / float64(max(wait[a], 1))}
	}
}

// raiseCapacities raises a pool's capacity (up to its size) when the work
// of its steps — instances per week of the training period times the
// fitted mean duration, as simulate's load check counts it — would fill
// more than maxUtilization of the capacity's working time.
func (m *model) raiseCapacities() {
	first, last := int64(0), int64(0)
	n := map[int32]int{}
	for i, c := range m.cases {
		t := caseStart(c)
		if i == 0 || t < first {
			first = t
		}
		last = max(last, t)
		for k := range c.Instances {
			n[c.Instances[k].Activity]++
		}
	}
	weeks := float64(last-first) / float64(7*24*time.Hour)
	if weeks <= 0 {
		return
	}
	for _, p := range m.pools {
		perWeek := 0.0 // hours of work a week
		for a, k := range n {
			if m.actOf[a] == p {
				perWeek += float64(k) / weeks * m.durs[a].Dist.MeanSeconds() / 3600
			}
		}
		hours := 168.0
		if p.cal != nil {
			hours = p.cal.HoursPerWeek()
		}
		need := int(math.Ceil(perWeek / (hours * maxUtilization)))
		if need > p.capacity {
			p.capNote += fmt.Sprintf("; raised to %d: its steps' work, %.0f h a week, would fill more than %.0f%% of %d × %.0f h",
				need, perWeek, 100*maxUtilization, p.capacity, hours)
			if need > len(p.resources) {
				p.capNote += fmt.Sprintf(" (more servers than its %d resources: they worked outside the discovered calendar, or their processing times include pauses)", len(p.resources))
			}
			p.capacity = need
		}
	}
}

// unlimited makes every pool unlimited: sojourn times include the waits,
// so limited servers would count the queues twice.
func (m *model) unlimited() {
	for _, p := range m.pools {
		p.capacity = 0
		p.capNote = "capacity: unlimited (durations are sojourn times, which include the waits for busy resources)"
	}
}
