package simulate

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Result is the outcome of a simulation: the scenario and one entry per
// variant (the base first). Its JSON form is the stable contract of
// `flowmap simulate --json` (DESIGN.md): extend, don't rename.
type Result struct {
	Scenario ScenarioInfo    `json:"scenario"`
	Variants []VariantResult `json:"variants"`
	// Sweep is the table of a --sweep run (absent otherwise).
	Sweep *SweepResult `json:"sweep,omitempty"`
}

// ScenarioInfo describes the experiment that produced a Result.
type ScenarioInfo struct {
	File    string `json:"file,omitempty"`
	Process string `json:"process"`
	// Unit is what one case is, in the singular: the map's unit, else "case".
	Unit         string   `json:"unit"`
	Start        string   `json:"start"` // RFC 3339
	Seed         uint64   `json:"seed"`
	Replications int      `json:"replications"`
	Horizon      *float64 `json:"horizon"` // seconds after start; null when the run is bounded by cases
	Cases        *int64   `json:"cases"`   // null when bounded by horizon only
	Warmup       float64  `json:"warmup"`
	// ArrivalRatePerHour is the base Poisson rate (before profile and
	// peaks), or 3600 / mean interarrival time.
	ArrivalRatePerHour float64  `json:"arrival_rate_per_hour"`
	SLA                *float64 `json:"sla"` // the map's cycle-time target in seconds, null when none
}

// VariantResult is the figures of one variant. Every number is an
// estimate over replications; DifferenceFromBase holds, for what-if
// variants, the paired differences variant − base per replication with
// their own intervals (common random numbers make them tight).
type VariantResult struct {
	Name string   `json:"name"`
	Set  []string `json:"set"` // PATH=VALUE changes from the base
	Figures
	DifferenceFromBase *Figures `json:"difference_from_base,omitempty"`
	// Load is the offered load of each staffed pool, computed before the
	// run from the scenario alone (see PoolLoad); [] when no pool has a
	// limited capacity.
	Load []PoolLoad `json:"load"`
}

// Figures are the estimates of one variant (or differences between two).
// Durations are seconds. Time averages (wip, queue_length, utilization) and
// throughput cover the statistics window; per-case figures (cycle time,
// waits, SLA) cover the cases that arrived in the window, followed to
// their end. Counts are per replication: cases.arrived (blocked ones
// included) = completed + blocked.
type Figures struct {
	Cases      CaseFigures  `json:"cases"`
	Throughput *Est         `json:"throughput_per_hour"` // completions in the window per hour
	CycleTime  CycleFigures `json:"cycle_time"`
	WIP        WIPFigures   `json:"wip"`
	// SLAAttainment is the share of completed cases whose cycle time met
	// the map's sla; SLAMissed the number that did not. Null without sla.
	SLAAttainment *Est `json:"sla_attainment"`
	SLAMissed     *Est `json:"sla_missed"`
	// WindowSeconds is the length of the statistics window.
	WindowSeconds *Est           `json:"window_seconds"`
	Steps         []StepFigures  `json:"steps"`
	Owners        []OwnerFigures `json:"owners"`
	Peaks         []PeakFigures  `json:"peaks"`
}

// CaseFigures count cases that arrived in the statistics window.
type CaseFigures struct {
	Arrived   *Est `json:"arrived"`
	Completed *Est `json:"completed"`
	Blocked   *Est `json:"blocked"`
}

// CycleFigures are cycle-time statistics (arrival to end) in seconds.
type CycleFigures struct {
	Mean *Est `json:"mean"`
	P50  *Est `json:"p50"`
	P90  *Est `json:"p90"`
}

// WIPFigures hold the time-average number of cases in the system (L).
type WIPFigures struct {
	Mean *Est `json:"mean"`
}

// StepFigures are one step's figures. Wait is per visit (zeros included),
// PWait the share of visits that waited; QueueLength counts waiting cases
// only; Utilization is busy servers / the pool's servers over the pool's
// working time (null for unlimited steps); SLAAttainment is the share of
// visits done within the step's sla, from ready to done (null without sla).
type StepFigures struct {
	ID            string       `json:"id"`
	Name          string       `json:"name"`
	Pool          string       `json:"pool,omitempty"` // the pool serving the step; "" = unlimited
	Wait          WaitFigures  `json:"wait"`
	PWait         *Est         `json:"p_wait"`
	QueueLength   QueueFigures `json:"queue_length"`
	Utilization   *Est         `json:"utilization"`
	Completed     *Est         `json:"completed"`
	Blocked       *Est         `json:"blocked"`
	SLAAttainment *Est         `json:"sla_attainment"`
}

// WaitFigures are waiting-time statistics in seconds.
// Mean = Busy + ClosedHours: the part of a wait that fell in the pool's
// closed hours (its calendar, holidays included) is waiting for the pool
// to open; the rest is waiting for a busy resource (or, at an unlimited
// pool, nothing). Both are per visit, like Mean.
type WaitFigures struct {
	Mean        *Est `json:"mean"`
	P90         *Est `json:"p90"`
	Busy        *Est `json:"busy_mean"`
	ClosedHours *Est `json:"closed_hours_mean"`
}

// QueueFigures are the time-average and the largest queue length.
type QueueFigures struct {
	Mean *Est `json:"mean"`
	Max  *Est `json:"max"`
}

// OwnerFigures hold an owner's pool utilization (null when the owner has
// no capacity, i.e. is unlimited).
type OwnerFigures struct {
	ID          string `json:"id"`
	Utilization *Est   `json:"utilization"`
}

// PeakFigures describe the backlog around one arrival peak. Start and End
// are seconds after the scenario start. WIPAtEnd counts cases waiting or in
// service when the peak ends, QueueAtEnd those waiting; ClearSeconds is the
// time from the end until WIP first returns to its level at the peak's
// start, over the replications where it did so within the statistics
// window (Cleared of them); null when it never did.
type PeakFigures struct {
	Start        float64 `json:"start"`
	End          float64 `json:"end"`
	StartTime    string  `json:"start_time"`
	EndTime      string  `json:"end_time"`
	WIPAtStart   *Est    `json:"wip_at_start"`
	WIPAtEnd     *Est    `json:"wip_at_end"`
	QueueAtEnd   *Est    `json:"queue_at_end"`
	ClearSeconds *Est    `json:"clear_seconds"`
	Cleared      int     `json:"cleared_replications"`
}

// Est is an estimate over replications: the mean and its 95% confidence
// interval mean ± t(0.975, n−1)·s/√n (nil with one replication).
type Est struct {
	Mean float64     `json:"mean"`
	CI95 *[2]float64 `json:"ci95"`
	N    int         `json:"-"` // replications that had a value
}

// HalfWidth is the half width of the interval (0 without one).
func (e *Est) HalfWidth() float64 {
	if e == nil || e.CI95 == nil {
		return 0
	}
	return (e.CI95[1] - e.CI95[0]) / 2
}

// boundShares cuts the intervals of the shares among the figures (SLA
// attainment, utilization, the share of visits that wait) to [0, 1]: with
// few replications mean ± t·s/√n can pass 100%, which no share can. Only
// for a variant's own figures; its differences from the base may be
// negative.
func (f *Figures) boundShares() {
	f.SLAAttainment.within(0, 1)
	for i := range f.Steps {
		s := &f.Steps[i]
		s.PWait.within(0, 1)
		s.Utilization.within(0, 1)
		s.SLAAttainment.within(0, 1)
	}
	for i := range f.Owners {
		f.Owners[i].Utilization.within(0, 1)
	}
}

// within cuts the interval to [lo, hi], the range the quantity can take.
func (e *Est) within(lo, hi float64) {
	if e != nil && e.CI95 != nil {
		e.CI95[0], e.CI95[1] = max(e.CI95[0], lo), min(e.CI95[1], hi)
	}
}

// estimate summarises per-replication values; NaN marks "no value" (e.g.
// no sample); nil when no replication has a value.
func estimate(xs []float64) *Est {
	n, sum := 0, 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return nil
	}
	mean := sum / float64(n)
	e := &Est{Mean: mean, N: n}
	if n == 1 {
		return e
	}
	ss := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			ss += (x - mean) * (x - mean)
		}
	}
	sd := math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	h := t * sd / math.Sqrt(float64(n))
	e.CI95 = &[2]float64{mean - h, mean + h}
	return e
}
