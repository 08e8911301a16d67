package simulate

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// Options control how a scenario is run; they do not change its results.
type Options struct {
	// Workers is the number of replications simulated in parallel
	// (0 = GOMAXPROCS). Results are identical for any value.
	Workers int
	// Events, when set, receives the event log (CSV) of the first
	// replication of the base variant.
	Events io.Writer
	// Progress, when set, is called after each replication with the number
	// done and the total. It may be called from several goroutines, one at
	// a time.
	Progress func(done, total int)
}

// Per-replication figures are a flat vector of float64 (NaN = no value) so
// that variants and their paired differences are summarised alike.
const (
	fArrived = iota
	fCompleted
	fBlocked
	fThroughput
	fCtMean
	fCtP50
	fCtP90
	fWIP
	fSLA
	fSLAMissed
	fWindow
	nFixed
)

const (
	sWaitMean = iota
	sWaitP90
	sWaitBusy
	sWaitClosed
	sPWait
	sQMean
	sQMax
	sUtil
	sCompleted
	sBlocked
	sSLA
	nStep
)

const (
	pWIPStart = iota
	pWIPEnd
	pQueueEnd
	pClear
	nPeak
)

type layout struct{ steps, owners, peaks int }

func (l layout) size() int         { return nFixed + l.steps*nStep + l.owners + l.peaks*nPeak }
func (l layout) step(i, f int) int { return nFixed + i*nStep + f }
func (l layout) owner(i int) int   { return nFixed + l.steps*nStep + i }
func (l layout) peak(i, f int) int { return nFixed + l.steps*nStep + l.owners + i*nPeak + f }
func layoutOf(m *model) layout     { return layout{len(m.steps), len(m.sc.Map.Owners), len(m.peaks)} }
func ratio(a, b float64) float64   { return nanIf(b <= 0, a/b) }
func nanIf(c bool, v float64) float64 {
	if c {
		return math.NaN()
	}
	return v
}

// figures extracts one replication's vector.
func (s *sim) figures() []float64 {
	m := s.m
	l := layoutOf(m)
	v := make([]float64, l.size())
	win := s.w1 - s.w0
	v[fArrived] = float64(s.arrived)
	v[fCompleted] = float64(s.completed)
	v[fBlocked] = float64(s.blocked)
	v[fThroughput] = ratio(float64(s.throughputN)*3600, win)
	v[fCtMean] = ratio(s.ctSum, float64(s.completed))
	v[fCtP50] = s.ct.quantile(0.5)
	v[fCtP90] = s.ct.quantile(0.9)
	v[fWIP] = ratio(s.wip.area, win)
	v[fSLA] = ratio(float64(s.slaOK), float64(s.slaN))
	v[fSLAMissed] = nanIf(m.sla == 0, float64(s.slaN-s.slaOK))
	v[fWindow] = win
	// Pool capacity-time in the window, and busy time per pool.
	capTime := make([]float64, len(m.pools))
	busy := make([]float64, len(m.pools))
	for i, p := range m.pools {
		open := win
		if p.cal != nil {
			open = p.cal.working(s.w0, s.w1)
		}
		capTime[i] = float64(p.cap) * open
	}
	for i := range m.steps {
		st := &s.steps[i]
		busy[m.steps[i].pool] += st.busy
		v[l.step(i, sWaitMean)] = ratio(st.waitSum, float64(st.visits))
		v[l.step(i, sWaitP90)] = st.wait.quantile(0.9)
		v[l.step(i, sWaitBusy)] = ratio(st.waitSum-st.closedSum, float64(st.visits))
		v[l.step(i, sWaitClosed)] = ratio(st.closedSum, float64(st.visits))
		v[l.step(i, sPWait)] = ratio(float64(st.waited), float64(st.visits))
		v[l.step(i, sQMean)] = ratio(st.queue.area, win)
		v[l.step(i, sQMax)] = float64(st.qmax)
		v[l.step(i, sUtil)] = ratio(st.busy, capTime[m.steps[i].pool])
		v[l.step(i, sCompleted)] = float64(st.completed)
		v[l.step(i, sBlocked)] = float64(st.blocked)
		v[l.step(i, sSLA)] = ratio(float64(st.slaOK), float64(st.slaN))
	}
	for i := range m.sc.Map.Owners {
		v[l.owner(i)] = math.NaN()
		if p := m.ownerPool[i]; p >= 0 {
			v[l.owner(i)] = ratio(busy[p], capTime[p])
		}
	}
	for i, p := range s.peaks {
		v[l.peak(i, pWIPStart)] = float64(p.wipStart)
		v[l.peak(i, pWIPEnd)] = float64(p.wipEnd)
		v[l.peak(i, pQueueEnd)] = float64(p.queueEnd)
		v[l.peak(i, pClear)] = p.clear
	}
	return v
}

// replicate runs one replication of a compiled model.
func replicate(ctx context.Context, m *model, seed uint64, rep int, events io.Writer) ([]float64, error) {
	var log *eventLog
	if events != nil {
		log = newEventLog(events, m.sc.start())
	}
	s, err := newSim(m, seed, rep, log)
	if err != nil {
		return nil, err
	}
	s.ctx = ctx
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.figures(), nil
}

// ExpectedEvents estimates the events one replication of the scenario's
// base simulates: the expected arrivals (rate, profile and peaks over the
// horizon, or the cases) times one arrival and one completion per expected
// step visit.
func ExpectedEvents(sc *Scenario) (events, arrivals, perCase float64, err error) {
	m, err := compile(sc)
	if err != nil {
		return 0, 0, 0, err
	}
	return m.expectedEvents()
}

func (m *model) expectedEvents() (events, arrivals, perCase float64, err error) {
	exp, err := mapping.ExpectedPerCase(m.sc.Map)
	if err != nil {
		return 0, 0, 0, err
	}
	perCase = 1 + exp.Steps
	arrivals = math.Inf(1)
	switch {
	case m.inter != nil:
		if !math.IsInf(m.horizon, 1) {
			arrivals = m.horizon / m.inter.MeanSeconds()
			if m.arrCal != nil {
				arrivals = m.horizon * m.meanRate()
			}
		}
	case !math.IsInf(m.horizon, 1):
		prof := 1.0
		if m.profile != nil {
			prof = 0
			for _, f := range m.profile {
				prof += f
			}
			prof /= float64(len(m.profile))
		}
		arrivals = m.rate * prof * m.horizon
		for _, p := range m.peaks {
			arrivals += m.rate * prof * (p.Factor - 1) * math.Min(p.Duration, m.horizon-p.Start)
		}
		arrivals = math.Max(arrivals, 0)
	}
	if m.cases > 0 {
		arrivals = math.Min(arrivals, float64(m.cases))
	}
	return arrivals * perCase, arrivals, perCase, nil
}

// checkEvents refuses a model whose expected events exceed the bound.
func checkEvents(m *model, prefix string) *mapping.Error {
	events, arrivals, perCase, err := m.expectedEvents()
	if err != nil {
		return &mapping.Error{File: m.sc.File, Msg: prefix + err.Error()}
	}
	if limit := m.sc.maxEvents(); events > float64(limit) {
		return &mapping.Error{File: m.sc.File, Pos: m.sc.Arrivals.Pos, Msg: fmt.Sprintf(
			"%sa replication would simulate about %s events (%s cases × %s events each), more than the limit of %s; "+
				"shorten the horizon, lower the rate or the cases, or raise the limit with max_events (or --max-events)",
			prefix, count(events), count(arrivals), strconv.FormatFloat(perCase, 'g', 3, 64), count(float64(limit)))}
	}
	return nil
}

// count writes a large number readably: 1,234,567 or 3.2e+15.
func count(v float64) string {
	if math.IsInf(v, 0) || v >= 1e15 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Run simulates every variant of the scenario (the base first) for the
// scenario's replications, in parallel, and summarises them. Errors in the
// scenario or its variants come back as a mapping.ErrorList
// (errors.Is(err, mapping.ErrInvalid)).
func Run(ctx context.Context, sc *Scenario, opt Options) (*Result, error) {
	models, names, sets, err := prepare(sc)
	if err != nil {
		return nil, err
	}
	var errs mapping.ErrorList
	for v, m := range models {
		prefix := ""
		if v > 0 && !strings.HasPrefix(names[v], "--set ") {
			prefix = fmt.Sprintf("variant %q: ", names[v])
		}
		if e := checkEvents(m, prefix); e != nil {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	reps := sc.replications()
	vecs, err := runAll(ctx, models, sc.Seed, reps, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Scenario: info(sc, reps)}
	for v := range models {
		vr := VariantResult{Name: names[v], Set: sets[v], Figures: summarize(models[v], vecs[v])}
		vr.Figures.boundShares()
		if vr.Load, err = models[v].load(); err != nil {
			return nil, err
		}
		if v > 0 {
			diff := make([][]float64, reps)
			for r := range diff {
				diff[r] = make([]float64, len(vecs[v][r]))
				for i := range diff[r] {
					diff[r][i] = vecs[v][r][i] - vecs[0][r][i]
				}
			}
			d := summarize(models[v], diff)
			for i := range d.Peaks { // the peak windows themselves do not differ
				d.Peaks[i].Cleared = 0
			}
			vr.DifferenceFromBase = &d
		}
		res.Variants = append(res.Variants, vr)
	}
	return res, nil
}

// prepare checks the scenario and compiles the base and each variant.
func prepare(sc *Scenario) ([]*model, []string, [][]string, error) {
	if errs := sc.check(); len(errs) > 0 {
		return nil, nil, nil, errs.Err()
	}
	var models []*model
	names := []string{"base"}
	sets := [][]string{{}}
	base, err := compile(sc)
	if err != nil {
		return nil, nil, nil, mapping.ErrorList{{File: sc.File, Msg: err.Error()}}
	}
	models = append(models, base)
	var errs mapping.ErrorList
	for _, v := range sc.Variants {
		prefix := fmt.Sprintf("variant %q: ", v.Name)
		if strings.HasPrefix(v.Name, "--set ") || fromSweep(v) { // the messages name the flags
			prefix = ""
		}
		vs, err := sc.With(v.Set)
		if err != nil {
			errs = append(errs, prefixErrors(err, prefix)...)
			continue
		}
		if e := vs.check(); len(e) > 0 {
			errs = append(errs, prefixErrors(e, prefix)...)
			continue
		}
		m, err := compile(vs)
		if err != nil {
			errs = append(errs, &mapping.Error{File: sc.File, Pos: v.Pos, Msg: fmt.Sprintf("variant %q: %v", v.Name, err)})
			continue
		}
		models = append(models, m)
		names = append(names, v.Name)
		var ss []string
		for _, s := range v.Set {
			ss = append(ss, s.String())
		}
		sets = append(sets, ss)
	}
	if len(errs) > 0 {
		return nil, nil, nil, errs.Err()
	}
	return models, names, sets, nil
}

// runAll runs every (variant, replication) job on a pool of workers and
// stores the results by index, so the output does not depend on the number
// of workers or their timing.
func runAll(ctx context.Context, models []*model, seed uint64, reps int, opt Options) ([][][]float64, error) {
	type job struct{ v, r int }
	out := make([][][]float64, len(models))
	for v := range out {
		out[v] = make([][]float64, reps)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := len(models) * reps
	workers = min(workers, total)
	jobs := make(chan job)
	errs := make([]error, total)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var events io.Writer
				if j.v == 0 && j.r == 0 {
					events = opt.Events
				}
				vec, err := replicate(ctx, models[j.v], seed, j.r, events)
				out[j.v][j.r] = vec
				errs[j.v*reps+j.r] = err
				if opt.Progress != nil {
					mu.Lock()
					done++
					opt.Progress(done, total)
					mu.Unlock()
				}
			}
		}()
	}
	var ctxErr error
feed:
	for r := 0; r < reps; r++ {
		for v := range models {
			select {
			case jobs <- job{v, r}:
			case <-ctx.Done():
				ctxErr = ctx.Err()
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	if ctxErr != nil {
		return nil, ctxErr
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func info(sc *Scenario, reps int) ScenarioInfo {
	unit := sc.Map.Unit
	if unit == "" {
		unit = "case"
	}
	in := ScenarioInfo{File: sc.File, Process: sc.Map.Process, Unit: unit, Start: sc.start().Format(time.RFC3339),
		Seed: sc.Seed, Replications: reps, Warmup: sc.Warmup, ArrivalRatePerHour: sc.Arrivals.Rate * 3600}
	if sc.Horizon > 0 {
		h := sc.Horizon
		in.Horizon = &h
	}
	if sc.Cases > 0 {
		c := sc.Cases
		in.Cases = &c
	}
	if sc.Arrivals.Interarrival != nil {
		in.ArrivalRatePerHour = 3600 / sc.Arrivals.Interarrival.MeanSeconds()
	}
	if sc.Map.SLA > 0 {
		s := sc.Map.SLA.Seconds()
		in.SLA = &s
	}
	return in
}

// summarize turns per-replication vectors into estimates.
func summarize(m *model, vecs [][]float64) Figures {
	l := layoutOf(m)
	col := make([]float64, len(vecs))
	est := func(i int) *Est {
		for r, v := range vecs {
			col[r] = v[i]
		}
		return estimate(col)
	}
	f := Figures{
		Cases:         CaseFigures{Arrived: est(fArrived), Completed: est(fCompleted), Blocked: est(fBlocked)},
		Throughput:    est(fThroughput),
		CycleTime:     CycleFigures{Mean: est(fCtMean), P50: est(fCtP50), P90: est(fCtP90)},
		WIP:           WIPFigures{Mean: est(fWIP)},
		SLAAttainment: est(fSLA),
		SLAMissed:     est(fSLAMissed),
		WindowSeconds: est(fWindow),
		Steps:         []StepFigures{},
		Owners:        []OwnerFigures{},
		Peaks:         []PeakFigures{},
	}
	mp := m.sc.Map
	for i, sm := range m.steps {
		pool := m.pools[sm.pool]
		sf := StepFigures{ID: sm.id, Name: mp.Steps[i].Name,
			Wait: WaitFigures{Mean: est(l.step(i, sWaitMean)), P90: est(l.step(i, sWaitP90)),
				Busy: est(l.step(i, sWaitBusy)), ClosedHours: est(l.step(i, sWaitClosed))},
			PWait:         est(l.step(i, sPWait)),
			QueueLength:   QueueFigures{Mean: est(l.step(i, sQMean)), Max: est(l.step(i, sQMax))},
			Utilization:   est(l.step(i, sUtil)),
			Completed:     est(l.step(i, sCompleted)),
			Blocked:       est(l.step(i, sBlocked)),
			SLAAttainment: est(l.step(i, sSLA)),
		}
		if pool.cap > 0 {
			sf.Pool = pool.id
		}
		f.Steps = append(f.Steps, sf)
	}
	for i, o := range mp.Owners {
		f.Owners = append(f.Owners, OwnerFigures{ID: o.ID, Utilization: est(l.owner(i))})
	}
	start := m.sc.start()
	for i, p := range m.peaks {
		pf := PeakFigures{Start: p.Start, End: p.Start + p.Duration,
			StartTime:    start.Add(time.Duration(p.Start * 1e9)).Format(time.RFC3339),
			EndTime:      start.Add(time.Duration((p.Start + p.Duration) * 1e9)).Format(time.RFC3339),
			WIPAtStart:   est(l.peak(i, pWIPStart)),
			WIPAtEnd:     est(l.peak(i, pWIPEnd)),
			QueueAtEnd:   est(l.peak(i, pQueueEnd)),
			ClearSeconds: est(l.peak(i, pClear)),
		}
		if pf.ClearSeconds != nil {
			pf.Cleared = pf.ClearSeconds.N
		}
		f.Peaks = append(f.Peaks, pf)
	}
	return f
}

// prefixErrors returns the problems of err, each prefixed.
func prefixErrors(err error, prefix string) mapping.ErrorList {
	var out mapping.ErrorList
	if list, ok := err.(mapping.ErrorList); ok {
		for _, e := range list {
			c := *e
			c.Msg = prefix + c.Msg
			out = append(out, &c)
		}
		return out
	}
	return mapping.ErrorList{{Msg: prefix + err.Error()}}
}

// fromSweep reports whether the variant is a value of a --sweep.
func fromSweep(v Variant) bool {
	for _, s := range v.Set {
		if s.flag == "--sweep" {
			return true
		}
	}
	return false
}
