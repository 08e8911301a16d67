package analysis

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// Options tune an analysis.
type Options struct {
	// Map, when set, maps activities to steps (log_names, else name or id),
	// and enables owner handoffs, system switches, SLA and conformance.
	Map *mapping.Map
	// Roster maps resources to owners for owner handoffs without a map.
	Roster map[string]string
	// WIPPoints is the number of samples of the queue-length series per
	// activity (default 100).
	WIPPoints int
}

// Result is everything an analysis computes. Its JSON form is the stable
// contract of `flowmap analyze --json` (DESIGN.md): extend, don't rename.
type Result struct {
	Log             LogInfo         `json:"log"`
	Activities      []Activity      `json:"activities"`
	Transitions     []Transition    `json:"transitions"`
	StartActivities map[string]int  `json:"start_activities"`
	EndActivities   map[string]int  `json:"end_activities"`
	Handoffs        HandoffReport   `json:"handoffs"`
	CycleTime       Stats           `json:"cycle_time"`
	Variants        []Variant       `json:"variants"`
	Bottlenecks     []Bottleneck    `json:"bottlenecks"`
	Steps           []StepFigure    `json:"steps,omitempty"` // with a map: figures per map step
	Conformance     *Conformance    `json:"conformance"`
	SLA             *SLAReport      `json:"sla"`
	WaitByHandoffs  []HandoffBucket `json:"wait_by_handoffs"`
	Queues          []QueueSeries   `json:"queues"`
	DataQuality     DataQuality     `json:"data_quality"`
}

// LogInfo describes the log that was analysed.
type LogInfo struct {
	Source        string           `json:"source"`
	Format        string           `json:"format"`
	Cases         int              `json:"cases"`
	Events        int              `json:"events"`    // events read from the file (lifecycle events counted one by one)
	Instances     int              `json:"instances"` // activity instances (start and complete paired into one)
	Activities    int              `json:"activities"`
	Variants      int              `json:"variants"`
	FirstEvent    string           `json:"first_event"`
	LastEvent     string           `json:"last_event"`
	HasStartTimes bool             `json:"has_start_times"`
	HasEnabled    bool             `json:"has_enabled_times"`
	TimeBasis     string           `json:"time_basis"` // "wait" when start times are known, else "sojourn"
	Columns       eventlog.Columns `json:"columns"`
	SkippedRows   int              `json:"skipped_rows"`
}

// Activity holds per-activity figures. Wait and Service are known only when
// the log has start times; otherwise only Sojourn (previous end → end).
type Activity struct {
	Name        string `json:"name"`
	Step        string `json:"step,omitempty"`
	Events      int    `json:"events"`
	Cases       int    `json:"cases"`
	Wait        *Stats `json:"wait"`
	Service     *Stats `json:"service"`
	Sojourn     *Stats `json:"sojourn"`
	ReworkCases int    `json:"rework_cases"`
}

// Transition is a directly-follows edge with its frequency and durations:
// end(a) → start(b) clamped at 0 when start times are known (queue time),
// else end(a) → end(b).
type Transition struct {
	From     string `json:"from"`
	To       string `json:"to"`
	FromStep string `json:"from_step,omitempty"`
	ToStep   string `json:"to_step,omitempty"`
	Count    int    `json:"count"`
	Duration Stats  `json:"duration"`
	Handoffs int    `json:"handoffs"` // of Count, pairs whose resources differ
}

// HandoffReport holds resource handoffs and, with a map or roster, owner
// handoffs and system switches.
type HandoffReport struct {
	Resource       HandoffSet  `json:"resource"`
	Owner          *HandoffSet `json:"owner"`
	SystemSwitches *HandoffSet `json:"system_switches,omitempty"`
}

// HandoffSet counts consecutive instance pairs in a case whose performers
// (resources, owners or systems) differ. Pairs where either side is unknown
// are not handoffs; they are counted in UnknownPairs.
type HandoffSet struct {
	Total        int     `json:"total"`
	Pairs        []Pair  `json:"pairs"`
	PerCase      Stats   `json:"per_case"`
	KnownPairs   int     `json:"known_pairs"` // consecutive pairs with both sides known
	UnknownPairs int     `json:"unknown_pairs"`
	Share        float64 `json:"share"` // Total / KnownPairs
	// Transition duration (wait or sojourn) at handoffs versus without.
	DurationAtHandoff Stats `json:"duration_at_handoff"`
	DurationNoHandoff Stats `json:"duration_no_handoff"`
}

// Pair is one from → to cell of a handoff matrix.
type Pair struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// Variant is a distinct sequence of activities and the cases that follow it.
type Variant struct {
	Activities []string `json:"activities"`
	Cases      int      `json:"cases"`
	Share      float64  `json:"share"`
}

// Bottleneck is an activity ranked by the total time cases spend waiting
// for it (or, without start times, the sojourn time before it ends).
type Bottleneck struct {
	Activity    string  `json:"activity"`
	Step        string  `json:"step,omitempty"`
	Basis       string  `json:"basis"` // "wait" or "sojourn"
	TotalWait   float64 `json:"total_wait"`
	ShareOfWait float64 `json:"share_of_wait"`
	MedianWait  float64 `json:"median_wait"`
	P90Wait     float64 `json:"p90_wait"`
	PeakQueue   int     `json:"peak_queue"`
	PeakAt      string  `json:"peak_at,omitempty"`
	Reason      string  `json:"reason"`
}

// HandoffBucket answers "does waiting grow with handoffs?": cases grouped by
// their number of resource handoffs, with their total wait (or sojourn).
type HandoffBucket struct {
	Handoffs    string  `json:"handoffs"` // "0", "1", ..., "5+"
	Cases       int     `json:"cases"`
	MedianWait  float64 `json:"median_wait"`
	MeanWait    float64 `json:"mean_wait"`
	MedianCycle float64 `json:"median_cycle_time"`
}

// QueueSeries is the number of cases waiting for an activity over time:
// previous instance done (or enabled), this one not started — or, without
// start times, not yet done.
type QueueSeries struct {
	Activity string   `json:"activity"`
	Peak     int      `json:"peak"`
	PeakAt   string   `json:"peak_at"`
	Times    []string `json:"times"`
	Values   []int    `json:"values"`
}

// DataQuality is the reader's report plus what the analysis noticed.
type DataQuality struct {
	BadRows  int               `json:"bad_rows"`
	Samples  []eventlog.BadRow `json:"samples"`
	Warnings []string          `json:"warnings"`
	Details  eventlog.Quality  `json:"details"`
}

// Analyze computes every metric of the log.
func Analyze(l *eventlog.Log, opt Options) *Result {
	if opt.WIPPoints <= 0 {
		opt.WIPPoints = 100
	}
	return analyzeParallel(l, opt, runtime.GOMAXPROCS(0), parallelMinInstances)
}

type edgeAcc struct {
	from, to int32
	durs     []float64
	handoffs int
}

type actAcc struct {
	events, cases, rework  int
	lastCase               int
	inCase                 int
	wait, service, sojourn []float64
	qFrom, qTo             []int64 // waiting intervals for queue length
}

type analyzer struct {
	l     *eventlog.Log
	opt   Options
	basis string

	acts      []actAcc
	edges     []edgeAcc
	edgeIndex map[uint64]int
	starts    []int
	ends      []int
	variants  map[string]int
	cycle     []float64
	first     int64
	last      int64

	res      handoffAcc
	owner    *handoffAcc
	system   *handoffAcc
	caseWait []float64
	caseHand []int

	// map lookups per activity
	stepOf   []int // activity → step index in the map, -1 when unmapped
	ownerOf  []string
	systemOf []string

	conf *confAcc
	sla  *slaAcc
}

type handoffAcc struct {
	total, known, unknown int
	pairs                 map[[2]string]int
	perCase               []float64
	at, no                []float64
}

func newHandoffAcc() *handoffAcc { return &handoffAcc{pairs: map[[2]string]int{}} }

func newAnalyzer(l *eventlog.Log, opt Options) *analyzer {
	a := &analyzer{
		l:         l,
		opt:       opt,
		basis:     "sojourn",
		acts:      make([]actAcc, len(l.Activities)),
		edgeIndex: map[uint64]int{},
		starts:    make([]int, len(l.Activities)),
		ends:      make([]int, len(l.Activities)),
		variants:  map[string]int{},
		first:     1<<63 - 1,
		last:      -1 << 63,
		res:       handoffAcc{pairs: map[[2]string]int{}},
	}
	if l.HasStartTimes {
		a.basis = "wait"
	}
	for i := range a.acts {
		a.acts[i].lastCase = -1
	}
	if opt.Map != nil || opt.Roster != nil {
		a.owner = newHandoffAcc()
	}
	a.stepOf = make([]int, len(l.Activities))
	a.ownerOf = make([]string, len(l.Activities))
	a.systemOf = make([]string, len(l.Activities))
	for i, name := range l.Activities {
		a.stepOf[i] = -1
		if opt.Map != nil {
			if s, ok := opt.Map.StepForActivity(name); ok {
				a.stepOf[i] = opt.Map.StepIndex(s.ID)
				a.ownerOf[i] = s.Owner
				a.systemOf[i] = s.System
			}
		}
	}
	if opt.Map != nil {
		a.system = newHandoffAcc()
		a.conf = newConfAcc(opt.Map)
		a.sla = newSLAAcc(opt.Map)
	}
	return a
}

func seconds(ns int64) float64 { return float64(ns) / 1e9 }

// effStart is when work on an instance began: its start when known, else
// its end (an instant activity), as PM4Py's interval conversion does.
func effStart(in *eventlog.Instance) int64 {
	if in.Start != eventlog.NoTime {
		return in.Start
	}
	return in.End
}

// run analyses the cases [from, to).
func (a *analyzer) run(from, to int) {
	l := a.l
	var key []byte
	for ci := from; ci < to; ci++ {
		c := &l.Cases[ci]
		ins := c.Instances
		if len(ins) == 0 {
			continue
		}
		key = key[:0]
		caseWait := 0.0
		caseHandoffs, ownerHandoffs, switches := 0, 0, 0
		firstT, lastT := int64(1<<63-1), int64(-1<<63)
		for i := range ins {
			in := &ins[i]
			act := &a.acts[in.Activity]
			act.events++
			if act.lastCase != ci {
				act.lastCase = ci
				act.cases++
				act.inCase = 0
			}
			act.inCase++
			if act.inCase == 2 {
				act.rework++
			}
			key = append(key, byte(in.Activity), byte(in.Activity>>8), byte(in.Activity>>16), byte(in.Activity>>24))
			s := effStart(in)
			firstT = min(firstT, s)
			if in.Enabled != eventlog.NoTime { // the case existed once work was queued
				firstT = min(firstT, in.Enabled)
			}
			lastT = max(lastT, in.End)

			// Waiting, service and sojourn times, and the queue interval.
			var enabled int64 = eventlog.NoTime
			if in.Enabled != eventlog.NoTime {
				enabled = in.Enabled
			} else if i > 0 {
				enabled = ins[i-1].End
			}
			if l.HasStartTimes {
				if in.Start != eventlog.NoTime {
					act.service = append(act.service, seconds(in.End-in.Start))
				} else {
					act.service = append(act.service, 0)
				}
				if enabled != eventlog.NoTime {
					w := max(0, seconds(s-enabled))
					act.wait = append(act.wait, w)
					caseWait += w
					if s > enabled {
						act.qFrom = append(act.qFrom, enabled)
						act.qTo = append(act.qTo, s)
					}
				}
			} else if i > 0 {
				so := seconds(in.End - ins[i-1].End)
				act.sojourn = append(act.sojourn, so)
				caseWait += so
				if in.End > ins[i-1].End {
					act.qFrom = append(act.qFrom, ins[i-1].End)
					act.qTo = append(act.qTo, in.End)
				}
			}
			if a.sla != nil {
				a.sla.instance(a, in, enabled)
			}
			if i == 0 {
				continue
			}

			// The directly-follows edge prev → in.
			prev := &ins[i-1]
			d := a.transitionSeconds(prev, in)
			ek := uint64(uint32(prev.Activity))<<32 | uint64(uint32(in.Activity))
			ei, ok := a.edgeIndex[ek]
			if !ok {
				ei = len(a.edges)
				a.edgeIndex[ek] = ei
				a.edges = append(a.edges, edgeAcc{from: prev.Activity, to: in.Activity})
			}
			e := &a.edges[ei]
			e.durs = append(e.durs, d)

			// Resource handoffs.
			if prev.Resource >= 0 && in.Resource >= 0 {
				a.res.known++
				if prev.Resource != in.Resource {
					a.res.total++
					caseHandoffs++
					e.handoffs++
					a.res.pairs[[2]string{l.Resources[prev.Resource], l.Resources[in.Resource]}]++
					a.res.at = append(a.res.at, d)
				} else {
					a.res.no = append(a.res.no, d)
				}
			} else {
				a.res.unknown++
			}
			// Owner handoffs and system switches.
			if a.owner != nil {
				po, no := a.ownerOfInstance(prev), a.ownerOfInstance(in)
				if po != "" && no != "" {
					a.owner.known++
					if po != no {
						a.owner.total++
						ownerHandoffs++
						a.owner.pairs[[2]string{po, no}]++
						a.owner.at = append(a.owner.at, d)
					} else {
						a.owner.no = append(a.owner.no, d)
					}
				} else {
					a.owner.unknown++
				}
			}
			if a.system != nil {
				ps, ns := a.systemOf[prev.Activity], a.systemOf[in.Activity]
				if ps != "" && ns != "" {
					a.system.known++
					if ps != ns {
						a.system.total++
						switches++
						a.system.pairs[[2]string{ps, ns}]++
						a.system.at = append(a.system.at, d)
					} else {
						a.system.no = append(a.system.no, d)
					}
				} else {
					a.system.unknown++
				}
			}
		}
		a.starts[ins[0].Activity]++
		a.ends[ins[len(ins)-1].Activity]++
		k := string(key)
		a.variants[k]++
		ct := seconds(lastT - firstT)
		a.cycle = append(a.cycle, ct)
		a.first = min(a.first, firstT)
		a.last = max(a.last, lastT)
		a.res.perCase = append(a.res.perCase, float64(caseHandoffs))
		if a.owner != nil {
			a.owner.perCase = append(a.owner.perCase, float64(ownerHandoffs))
		}
		if a.system != nil {
			a.system.perCase = append(a.system.perCase, float64(switches))
		}
		a.caseWait = append(a.caseWait, caseWait)
		a.caseHand = append(a.caseHand, caseHandoffs)
		if a.conf != nil {
			a.conf.trace(a, ins)
		}
		if a.sla != nil {
			a.sla.cycle(ct)
		}
	}
}

// transitionSeconds is the duration of the edge prev → in: the queue time
// end(prev) → start(in) clamped at 0 when the log has start times, else
// end(prev) → end(in).
func (a *analyzer) transitionSeconds(prev, in *eventlog.Instance) float64 {
	if a.l.HasStartTimes {
		return max(0, seconds(effStart(in)-prev.End))
	}
	return seconds(in.End - prev.End)
}

func (a *analyzer) ownerOfInstance(in *eventlog.Instance) string {
	if o := a.ownerOf[in.Activity]; o != "" {
		return o
	}
	if a.opt.Roster != nil && in.Resource >= 0 {
		return a.opt.Roster[a.l.Resources[in.Resource]]
	}
	return ""
}

func (a *analyzer) stepID(act int32) string {
	if a.opt.Map == nil || a.stepOf[act] < 0 {
		return ""
	}
	return a.opt.Map.Steps[a.stepOf[act]].ID
}

func formatTime(ns int64) string {
	return time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
}

func statsPtr(xs []float64) *Stats {
	if xs == nil {
		return nil
	}
	s := Summarize(xs)
	return &s
}

func (a *analyzer) result() *Result {
	l := a.l
	r := &Result{
		StartActivities: map[string]int{},
		EndActivities:   map[string]int{},
	}
	instances := l.Events()
	r.Log = LogInfo{
		Source:        l.Source,
		Format:        l.Format,
		Cases:         len(a.cycle),
		Events:        l.Quality.Rows - l.Quality.BadRows,
		Instances:     instances,
		Variants:      len(a.variants),
		HasStartTimes: l.HasStartTimes,
		HasEnabled:    l.HasEnabledTimes,
		TimeBasis:     a.basis,
		Columns:       l.Columns,
		SkippedRows:   l.Quality.BadRows,
	}
	if r.Log.Events < instances {
		r.Log.Events = instances
	}
	if len(a.cycle) > 0 {
		r.Log.FirstEvent = formatTime(a.first)
		r.Log.LastEvent = formatTime(a.last)
	}
	// Transitions and queues are summarised on other cores while this one
	// does the activities; each touches only its own data.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range a.edges {
			e := &a.edges[i]
			r.Transitions = append(r.Transitions, Transition{
				From: l.Activities[e.from], To: l.Activities[e.to],
				FromStep: a.stepID(e.from), ToStep: a.stepID(e.to),
				Count: len(e.durs), Duration: Summarize(e.durs), Handoffs: e.handoffs,
			})
		}
		slices.SortFunc(r.Transitions, func(x, y Transition) int {
			if c := cmp.Compare(y.Count, x.Count); c != 0 {
				return c
			}
			if c := cmp.Compare(x.From, y.From); c != 0 {
				return c
			}
			return cmp.Compare(x.To, y.To)
		})
	}()
	go func() {
		defer wg.Done()
		r.Queues = a.queues()
	}()
	for i, name := range l.Activities {
		acc := &a.acts[i]
		if acc.events == 0 {
			continue
		}
		r.Log.Activities++
		r.Activities = append(r.Activities, Activity{
			Name: name, Step: a.stepID(int32(i)), Events: acc.events, Cases: acc.cases,
			Wait: statsPtr(acc.wait), Service: statsPtr(acc.service), Sojourn: statsPtr(acc.sojourn),
			ReworkCases: acc.rework,
		})
		if a.starts[i] > 0 {
			r.StartActivities[name] = a.starts[i]
		}
		if a.ends[i] > 0 {
			r.EndActivities[name] = a.ends[i]
		}
	}
	slices.SortFunc(r.Activities, func(x, y Activity) int { return cmp.Compare(x.Name, y.Name) })
	wg.Wait()
	r.Handoffs.Resource = a.res.set()
	if a.owner != nil {
		s := a.owner.set()
		r.Handoffs.Owner = &s
	}
	if a.system != nil {
		s := a.system.set()
		r.Handoffs.SystemSwitches = &s
	}
	r.CycleTime = Summarize(append([]float64(nil), a.cycle...))
	r.Variants = a.variantList()
	r.Bottlenecks = a.bottlenecks(r)
	r.WaitByHandoffs = a.waitByHandoffs()
	if a.conf != nil {
		r.Conformance = a.conf.result(a)
		r.Steps = a.stepFigures()
	}
	if a.sla != nil {
		r.SLA = a.sla.result()
	}
	q := l.Quality
	r.DataQuality = DataQuality{BadRows: q.BadRows, Samples: q.Samples, Warnings: q.Warnings, Details: q}
	if r.DataQuality.Samples == nil {
		r.DataQuality.Samples = []eventlog.BadRow{}
	}
	if r.DataQuality.Warnings == nil {
		r.DataQuality.Warnings = []string{}
	}
	return r
}

func (h *handoffAcc) set() HandoffSet {
	s := HandoffSet{Total: h.total, KnownPairs: h.known, UnknownPairs: h.unknown, Pairs: []Pair{}}
	if h.known > 0 {
		s.Share = float64(h.total) / float64(h.known)
	}
	for k, n := range h.pairs {
		s.Pairs = append(s.Pairs, Pair{From: k[0], To: k[1], Count: n})
	}
	slices.SortFunc(s.Pairs, func(x, y Pair) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	s.PerCase = Summarize(append([]float64(nil), h.perCase...))
	s.DurationAtHandoff = Summarize(h.at)
	s.DurationNoHandoff = Summarize(h.no)
	return s
}

func (a *analyzer) variantList() []Variant {
	out := make([]Variant, 0, len(a.variants))
	total := float64(len(a.cycle))
	for k := range a.variants { // the sort below is total: distinct variants differ in activities
		n := len(k) / 4
		acts := make([]string, n)
		for i := 0; i < n; i++ {
			id := int32(uint32(k[4*i]) | uint32(k[4*i+1])<<8 | uint32(k[4*i+2])<<16 | uint32(k[4*i+3])<<24)
			acts[i] = a.l.Activities[id]
		}
		out = append(out, Variant{Activities: acts, Cases: a.variants[k], Share: float64(a.variants[k]) / total})
	}
	slices.SortFunc(out, func(x, y Variant) int {
		if c := cmp.Compare(y.Cases, x.Cases); c != 0 {
			return c
		}
		return slices.Compare(x.Activities, y.Activities)
	})
	return out
}

// waitByHandoffs groups cases by their number of resource handoffs in six
// groups around the median count: "≤ m-2", m-1, m, m+1, m+2, "≥ m+3" (or
// 0..4 and "5+" when the median is small).
func (a *analyzer) waitByHandoffs() []HandoffBucket {
	const groups = 6
	if len(a.caseHand) == 0 {
		return []HandoffBucket{}
	}
	sorted := slices.Clone(a.caseHand)
	slices.Sort(sorted)
	lo := max(sorted[0], sorted[len(sorted)/2]-2)
	waits := make([][]float64, groups)
	cycles := make([][]float64, groups)
	for i, h := range a.caseHand {
		b := min(max(h-lo, 0), groups-1)
		waits[b] = append(waits[b], a.caseWait[i])
		cycles[b] = append(cycles[b], a.cycle[i])
	}
	out := []HandoffBucket{}
	for b := 0; b < groups; b++ {
		if len(waits[b]) == 0 {
			continue
		}
		label := strconv.Itoa(lo + b)
		switch {
		case b == groups-1:
			label += "+"
		case b == 0 && lo > sorted[0]:
			label = "≤" + label
		}
		s := Summarize(waits[b])
		out = append(out, HandoffBucket{Handoffs: label, Cases: s.Count, MedianWait: s.Median, MeanWait: s.Mean, MedianCycle: Summarize(cycles[b]).Median})
	}
	return out
}
