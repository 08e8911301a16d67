package analysis

import (
	"runtime"
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
	// Calendars, when set, is a --calendar file: working calendars by
	// resource or owner for the waiting causes (calendars.go).
	Calendars *CalendarFile
	// Location is the zone working calendars are read in: the log's zone
	// (--tz). nil: the zone the log was read in (Columns.TimeZone), else UTC.
	Location *time.Location
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
	// WaitCauses splits waiting into its causes (waitcauses.go); computed
	// from the whole log, not case by case.
	WaitCauses *WaitCauses `json:"wait_causes"`
	// Calendars is the working calendar used for each resource.
	Calendars map[string]CalendarInfo `json:"calendars"`
	// Recommendations is what to fix first, ranked (recommend.go).
	Recommendations []Recommendation `json:"recommendations"`
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

// metric accumulates one figure of the result case by case. Each has its own
// file: transitions.go, waits.go, handoffs.go, rework.go, variants.go,
// cycletime.go, queues.go, startend.go, waitbyhandoffs.go, sla.go and
// conformance.go.
type metric interface {
	// add counts one case (never an empty one).
	add(v *caseView)
	// merge adds other's cases, which come after this metric's in the log.
	// other is a metric of the same type built from the same catalog.
	merge(other metric)
	// fill writes the metric's fields of r. It may reorder the metric's
	// samples, so it is called once, after the last add or merge.
	fill(r *Result)
}

// analyzer runs the metrics over a range of cases.
type analyzer struct {
	cat     *catalog
	view    caseView
	metrics []metric // in the order they see a case

	// The metrics that result fills concurrently or derives from.
	transitions *transitions
	queues      *queues
	rework      *rework
	waits       *waits
	conf        *conformance // nil without a map
}

func newAnalyzer(cat *catalog) *analyzer {
	a := &analyzer{
		cat:         cat,
		view:        caseView{startTimes: cat.l.HasStartTimes, working: cat.working, cals: cat.cals},
		transitions: newTransitions(cat),
		queues:      newQueues(cat),
		rework:      newRework(cat),
		waits:       newWaits(cat),
	}
	a.metrics = []metric{
		// First: it marks the view's resource handoffs, which transitions
		// and wait-by-handoffs read.
		newHandoffs(resourceHandoffs, cat.resources, cat.working),
		a.transitions, a.rework, a.waits, a.queues,
		newStartEnd(cat), newVariants(cat), newCycleTime(cat), newWaitByHandoffs(),
	}
	if cat.owners != nil {
		a.metrics = append(a.metrics, newHandoffs(ownerHandoffs, cat.owners, cat.working))
	}
	if cat.m != nil {
		a.conf = newConformance(cat)
		a.metrics = append(a.metrics, newHandoffs(systemSwitches, cat.systems, cat.working), a.conf, newSLA(cat))
	}
	return a
}

// run analyses the cases [from, to).
func (a *analyzer) run(from, to int) {
	for ci := from; ci < to; ci++ {
		ins := a.cat.l.Cases[ci].Instances
		if len(ins) == 0 {
			continue
		}
		a.view.load(ci, ins)
		for _, m := range a.metrics {
			m.add(&a.view)
		}
	}
}

// merge adds b's cases (which come after a's) into a. It drops b's
// metrics one by one as they are merged, so that their samples can be
// freed before the next metric's are copied: b is empty afterwards.
func (a *analyzer) merge(b *analyzer) {
	b.transitions, b.queues, b.rework, b.waits, b.conf = nil, nil, nil, nil, nil
	for i, m := range a.metrics {
		m.merge(b.metrics[i])
		b.metrics[i] = nil
	}
}

func (a *analyzer) result() *Result {
	r := newResult(a.cat.l)
	// Transitions and queues, the largest summaries, are filled on other
	// cores while this one fills the rest; each metric writes only its own
	// fields of r. The activity rows (rework) come before their times (waits).
	var wg sync.WaitGroup
	wg.Go(func() { a.transitions.fill(r) })
	wg.Go(func() { a.queues.fill(r) })
	for _, m := range a.metrics {
		if m != metric(a.transitions) && m != metric(a.queues) {
			m.fill(r)
		}
	}
	wg.Wait()
	if a.conf != nil {
		r.Steps = stepFigures(a.cat, a.rework, a.waits, a.conf)
	}
	r.Bottlenecks = bottlenecks(r)
	return r
}

// newResult holds what the log itself tells; the metrics fill the rest.
func newResult(l *eventlog.Log) *Result {
	r := &Result{StartActivities: map[string]int{}, EndActivities: map[string]int{}}
	instances := l.Events()
	r.Log = LogInfo{
		Source:        l.Source,
		Format:        l.Format,
		Events:        max(l.Quality.Rows-l.Quality.BadRows, instances),
		Instances:     instances,
		HasStartTimes: l.HasStartTimes,
		HasEnabled:    l.HasEnabledTimes,
		TimeBasis:     timeBasis(l),
		Columns:       l.Columns,
		SkippedRows:   l.Quality.BadRows,
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

// timeBasis is "wait" when the log has start times, else "sojourn".
func timeBasis(l *eventlog.Log) string {
	if l.HasStartTimes {
		return "wait"
	}
	return "sojourn"
}

func seconds(ns int64) float64 { return float64(ns) / 1e9 }

func formatTime(ns int64) string {
	return time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
}
