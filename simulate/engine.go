package simulate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/flowmap/flowmap/mapping"
)

// caseSlot is one case in the system. Slots are reused through a free
// list, so memory follows the cases in the system, not simulated time.
type caseSlot struct {
	arrive  float64 // when the case entered the process
	enabled float64 // when it entered its current step (ready to be served)
	start   float64 // when service of the current step began
	id      int64   // arrival number, 1-based
	step    int32
	server  int32 // server number in the step's pool (1-based), 0 = unlimited
	counted bool  // arrived in the statistics window
	// parent is 1 + the slot of the case a parallel branch belongs to
	// (0 = not a branch); pending counts a case's branches still running.
	parent, pending int32
}

// ring is a FIFO queue of case slots that grows to the longest queue seen.
type ring struct {
	buf  []int32
	head int
	n    int
}

func (r *ring) push(c int32) {
	if r.n == len(r.buf) {
		nb := make([]int32, max(16, 2*len(r.buf)))
		for i := 0; i < r.n; i++ {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = c
	r.n++
}

func (r *ring) pop() int32 {
	c := r.buf[r.head]
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
	return c
}

// level integrates a piecewise-constant quantity (cases in the system,
// queue length) over the statistics window [w0, w1], lazily: the area of
// the previous value is added when the value changes.
type level struct {
	area, last float64
	v          int32
}

func (l *level) set(now, w0, w1 float64, v int32) {
	if lo, hi := math.Max(l.last, w0), math.Min(now, w1); hi > lo {
		l.area += float64(l.v) * (hi - lo)
	}
	l.last, l.v = now, v
}

type poolState struct {
	busy        int32
	free        []int32 // free server numbers (stack)
	q           ring
	openPending bool // an evOpen is scheduled
}

type stepState struct {
	dur     sampler
	delay   sampler // when the step has a delay
	br      *rand.Rand
	waiting int32
	queue   level
	qmax    int32
	busy    float64 // working seconds of service in the window

	visits, waited, completed, blocked int64
	waitSum                            float64
	closedSum                          float64 // the part of waitSum that fell in the pool's closed hours
	wait                               hist
	slaN, slaOK                        int64
}

type peakState struct {
	wipStart, wipEnd, queueEnd int32
	clear                      float64 // NaN until WIP is back to wipStart
	watching                   bool
}

// sim is one replication.
type sim struct {
	m     *model
	now   float64
	h     eventHeap
	cases []caseSlot
	free  []int32
	pools []poolState
	steps []stepState
	peaks []peakState
	arr   *rand.Rand
	entry *rand.Rand
	inter sampler
	log   *eventLog
	ctx   context.Context // checked every few thousand events; nil = none

	w0, w1   float64 // statistics window; w1 = +Inf until known
	nArr     int64
	stopped  bool
	wip      level
	waiting  int32 // cases waiting, all steps
	watching int

	arrived, completed, blocked, throughputN int64
	ctSum                                    float64
	ct                                       hist
	slaN, slaOK                              int64
}

func newSim(m *model, seed uint64, rep int, log *eventLog) (*sim, error) {
	s := &sim{m: m, log: log, w0: m.warmup, w1: math.Inf(1)}
	if !math.IsInf(m.horizon, 1) {
		s.w1 = m.horizon
	}
	s.arr = stream(seed, rep, "arrivals")
	s.entry = stream(seed, rep, "entry")
	if m.inter != nil {
		var err error
		if s.inter, err = newSampler(*m.inter, s.arr); err != nil {
			return nil, err
		}
	}
	s.pools = make([]poolState, len(m.pools))
	for i, p := range m.pools {
		for k := p.cap; k >= 1; k-- {
			s.pools[i].free = append(s.pools[i].free, k)
		}
	}
	s.steps = make([]stepState, len(m.steps))
	for i := range m.steps {
		st := &s.steps[i]
		d, err := newSampler(m.steps[i].dist, stream(seed, rep, "duration:"+m.steps[i].id))
		if err != nil {
			return nil, err
		}
		st.dur = d
		if dl := m.steps[i].delay; dl != nil {
			if st.delay, err = newSampler(*dl, stream(seed, rep, "delay:"+m.steps[i].id)); err != nil {
				return nil, err
			}
		}
		st.br = stream(seed, rep, "branch:"+m.steps[i].id)
		st.wait = newHist()
	}
	s.ct = newHist()
	s.peaks = make([]peakState, len(m.peaks))
	for i := range s.peaks {
		s.peaks[i].clear = math.NaN()
	}
	return s, nil
}

// stream returns the random stream of one purpose of one replication. The
// purpose ("arrivals", "duration:STEP", "branch:STEP") is hashed, so a
// step's stream depends only on its id: adding or changing a step does not
// reshuffle the others, and what-if variants share their numbers (common
// random numbers).
func stream(seed uint64, rep int, purpose string) *rand.Rand {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(purpose); i++ {
		h ^= uint64(purpose[i])
		h *= 1099511628211
	}
	return rand.New(rand.NewPCG(splitmix(seed^splitmix(uint64(rep)+0x9e3779b97f4a7c15)), splitmix(h)))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func (s *sim) inWindow() bool { return s.now >= s.w0 && s.now <= s.w1 }

// nextArrival returns the next arrival time after t. A Poisson process with
// a time-varying rate is generated by thinning: candidates at the maximum
// rate, each kept with probability rate(t)/max, which is exact at the edges
// of peaks and profile periods.
func (s *sim) nextArrival(t float64) float64 {
	m := s.m
	if m.inter != nil {
		if m.arrCal != nil { // an arrival due at the closing time comes at the next opening
			return m.arrCal.nextOpen(m.arrCal.advance(t, s.inter.draw()))
		}
		return t + s.inter.draw()
	}
	for {
		t += s.arr.ExpFloat64() / m.lmax
		if !m.varying || t >= m.horizon {
			return t
		}
		if s.arr.Float64()*m.lmax < m.rateAt(t, s) {
			return t
		}
	}
}

func (m *model) rateAt(t float64, s *sim) float64 {
	r := m.rate
	if m.profile != nil {
		_, sec := m.clock.at(t)
		i := int(sec / 60)
		if i >= len(m.profile) {
			i = len(m.profile) - 1
		}
		r *= m.profile[i]
	}
	if len(m.peaks) > 0 {
		r *= peakFactor(m.peaks, t)
	}
	return r
}

// run simulates until every admitted case has finished.
func (s *sim) run() error {
	m := s.m
	if s.w0 > 0 {
		s.h.push(s.w0, evMark, -1)
	}
	for i, p := range m.peaks {
		s.h.push(p.Start, evMark, int32(2*i))
		s.h.push(p.Start+p.Duration, evMark, int32(2*i+1))
	}
	first := 0.0
	if m.arrCal != nil { // the first case arrives when the arrival calendar first opens
		first = m.arrCal.nextOpen(0)
	} else {
		first = s.nextArrival(0)
	}
	if t := first; t < m.horizon {
		s.h.push(t, evArrival, 0)
	} else {
		s.stopArrivals()
	}
	limit := m.sc.maxEvents()
	var events int64
	for len(s.h.ev) > 0 {
		events++
		if events&4095 == 0 {
			if events > limit {
				return mapping.ErrorList{{File: m.sc.File, Pos: m.sc.Arrivals.Pos, Msg: fmt.Sprintf(
					"a replication stopped after %s events, the limit; shorten the horizon, lower the rate or the cases, or raise the limit with max_events (or --max-events)", count(float64(limit)))}}
			}
			if s.ctx != nil {
				if err := s.ctx.Err(); err != nil {
					return err
				}
			}
		}
		e := s.h.pop()
		s.now = e.t
		switch e.kind {
		case evDone:
			s.done(e.id)
		case evArrival:
			s.arrive()
		case evOpen:
			s.pools[e.id].openPending = false
			s.tryStart(e.id)
		case evMark:
			s.mark(e.id)
		case evDelayed:
			s.join(e.id)
		}
	}
	// Close the time averages at the window's end.
	end := s.w1
	if math.IsInf(end, 1) {
		end = s.now
	}
	t := math.Max(end, s.now)
	s.wip.set(t, s.w0, s.w1, s.wip.v)
	for i := range s.steps {
		st := &s.steps[i]
		st.queue.set(t, s.w0, s.w1, st.queue.v)
	}
	if s.log != nil {
		return s.log.flush()
	}
	return nil
}

func (s *sim) stopArrivals() {
	s.stopped = true
	if math.IsInf(s.w1, 1) {
		s.w1 = s.now
	}
}

func (s *sim) mark(id int32) {
	if id < 0 { // warm-up over: the queues' maxima start from their current length
		for i := range s.steps {
			s.steps[i].qmax = s.steps[i].waiting
		}
		return
	}
	p := &s.peaks[id/2]
	wip := s.wip.v
	if id%2 == 0 {
		p.wipStart = wip
		return
	}
	p.wipEnd, p.queueEnd = wip, s.waiting
	if wip <= p.wipStart {
		p.clear = 0
		return
	}
	p.watching = true
	s.watching++
}

func (s *sim) arrive() {
	m := s.m
	s.nArr++
	var c int32
	if n := len(s.free); n > 0 {
		c = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		c = int32(len(s.cases))
		s.cases = append(s.cases, caseSlot{})
	}
	cs := &s.cases[c]
	*cs = caseSlot{arrive: s.now, id: s.nArr, counted: s.now >= s.w0 && s.now <= s.w1}
	if cs.counted {
		s.arrived++
	}
	s.wip.set(s.now, s.w0, s.w1, s.wip.v+1)
	if m.cases == 0 || s.nArr < m.cases {
		if t := s.nextArrival(s.now); t < m.horizon {
			s.h.push(t, evArrival, 0)
		} else {
			s.stopArrivals()
		}
	} else {
		s.stopArrivals()
	}
	first := m.starts[0]
	if len(m.starts) > 1 {
		first = m.starts[s.entry.IntN(len(m.starts))]
	}
	s.enter(c, first)
}

// enter puts case c at step st: after the step's delay, if it has one,
// it joins the step (see join).
func (s *sim) enter(c, st int32) {
	cs := &s.cases[c]
	cs.step, cs.enabled = st, s.now
	sm := &s.m.steps[st]
	if sm.delay == nil {
		s.join(c)
		return
	}
	end := s.now + s.steps[st].delay.draw()
	if pm := &s.m.pools[sm.pool]; pm.cal != nil {
		end = pm.cal.advance(s.now, end-s.now)
	}
	s.h.push(end, evDelayed, c)
}

// join puts case c at its step: served at once when a server is free and
// working, else queued — or blocked when the step's queue is full.
func (s *sim) join(c int32) {
	cs := &s.cases[c]
	st := cs.step
	sm := &s.m.steps[st]
	pi := sm.pool
	pm := &s.m.pools[pi]
	p := &s.pools[pi]
	if (pm.cap == 0 || p.busy < pm.cap) && p.q.n == 0 && (pm.cal == nil || pm.cal.open(s.now)) {
		s.start(c, cs, st, p, pm)
		return
	}
	ss := &s.steps[st]
	if sm.qlimit > 0 && ss.waiting >= sm.qlimit {
		if cs.counted {
			ss.blocked++
			s.blocked++
		}
		if cs.parent != 0 { // a blocked branch is over
			s.branchDone(c)
			return
		}
		s.leave(c)
		return
	}
	ss.waiting++
	ss.queue.set(s.now, s.w0, s.w1, ss.waiting)
	if ss.waiting > ss.qmax && s.inWindow() {
		ss.qmax = ss.waiting
	}
	s.waiting++
	p.q.push(c)
	if pm.cal != nil && !p.openPending && !pm.cal.open(s.now) {
		p.openPending = true
		s.h.push(pm.cal.nextOpen(s.now), evOpen, pi)
	}
}

// start begins service of case c at step st.
func (s *sim) start(c int32, cs *caseSlot, st int32, p *poolState, pm *poolModel) {
	ss := &s.steps[st]
	if cs.counted {
		w := s.now - cs.enabled
		ss.visits++
		ss.waitSum += w
		if w > 0 {
			ss.waited++
			if pm.cal != nil {
				ss.closedSum += max(w-pm.cal.working(cs.enabled, s.now), 0)
			}
		}
		ss.wait.add(w)
	}
	cs.server = 0
	if pm.cap > 0 {
		p.busy++
		n := len(p.free) - 1
		cs.server = p.free[n]
		p.free = p.free[:n]
	}
	cs.start = s.now
	d := ss.dur.draw()
	end := s.now + d
	if pm.cal != nil {
		end = pm.cal.advance(s.now, d)
	}
	s.h.push(end, evDone, c)
}

// tryStart serves queued cases of pool pi while servers are free and the
// pool is working.
func (s *sim) tryStart(pi int32) {
	pm := &s.m.pools[pi]
	p := &s.pools[pi]
	for p.q.n > 0 && (pm.cap == 0 || p.busy < pm.cap) {
		if pm.cal != nil && !pm.cal.open(s.now) {
			if !p.openPending {
				p.openPending = true
				s.h.push(pm.cal.nextOpen(s.now), evOpen, pi)
			}
			return
		}
		c := p.q.pop()
		cs := &s.cases[c]
		ss := &s.steps[cs.step]
		ss.waiting--
		ss.queue.set(s.now, s.w0, s.w1, ss.waiting)
		s.waiting--
		s.start(c, cs, cs.step, p, pm)
	}
}

// done completes the service of case c at its step and routes it on.
func (s *sim) done(c int32) {
	cs := &s.cases[c]
	st := cs.step
	sm := &s.m.steps[st]
	ss := &s.steps[st]
	pi := sm.pool
	pm := &s.m.pools[pi]
	if lo, hi := math.Max(cs.start, s.w0), math.Min(s.now, s.w1); hi > lo {
		if pm.cal != nil {
			ss.busy += pm.cal.working(lo, hi)
		} else {
			ss.busy += hi - lo
		}
	}
	if cs.counted {
		ss.completed++
		if sm.sla > 0 {
			ss.slaN++
			if s.now-cs.enabled <= sm.sla {
				ss.slaOK++
			}
		}
	}
	if s.log != nil && !sm.silent {
		s.log.write(cs.id, sm, pm, cs.server, cs.start, s.now)
	}
	if pm.cap > 0 {
		p := &s.pools[pi]
		p.busy--
		p.free = append(p.free, cs.server)
		if p.q.n > 0 {
			s.tryStart(pi)
		}
	}
	if len(sm.parallel) > 0 {
		s.fork(c, st)
		return
	}
	s.route(c, st)
}

// route moves case c on from step st along one of its branches, or ends
// it (a parallel branch ends by joining its case).
func (s *sim) route(c, st int32) {
	sm := &s.m.steps[st]
	switch len(sm.next) {
	case 0:
		if cs := &s.cases[c]; cs.parent != 0 {
			s.branchDone(c)
		} else {
			s.finish(c, cs)
		}
	case 1:
		s.enter(c, sm.next[0].to)
	default:
		u := s.steps[st].br.Float64()
		for _, b := range sm.next {
			if u < b.cum {
				s.enter(c, b.to)
				break
			}
		}
	}
}

// fork starts the parallel branches of step st for case c, each in a slot
// of its own; the case waits at st until all have joined.
func (s *sim) fork(c, st int32) {
	branches := s.m.steps[st].parallel
	s.cases[c].pending = int32(len(branches))
	for _, b := range branches {
		var k int32
		if n := len(s.free); n > 0 {
			k = s.free[n-1]
			s.free = s.free[:n-1]
		} else {
			k = int32(len(s.cases))
			s.cases = append(s.cases, caseSlot{})
		}
		cs := &s.cases[c]
		s.cases[k] = caseSlot{arrive: cs.arrive, id: cs.id, counted: cs.counted, parent: c + 1}
		s.enter(k, b)
	}
}

// branchDone ends parallel branch k; the last branch to end moves its case
// on from the split step.
func (s *sim) branchDone(k int32) {
	p := s.cases[k].parent - 1
	s.free = append(s.free, k)
	ps := &s.cases[p]
	if ps.pending--; ps.pending == 0 {
		s.route(p, ps.step)
	}
}

// finish records a case that reached an end step.
func (s *sim) finish(c int32, cs *caseSlot) {
	if s.inWindow() {
		s.throughputN++
	}
	if cs.counted {
		s.completed++
		ct := s.now - cs.arrive
		s.ctSum += ct
		s.ct.add(ct)
		if s.m.sla > 0 {
			s.slaN++
			if ct <= s.m.sla {
				s.slaOK++
			}
		}
	}
	s.leave(c)
}

// leave removes case c from the system.
func (s *sim) leave(c int32) {
	s.free = append(s.free, c)
	wip := s.wip.v - 1
	s.wip.set(s.now, s.w0, s.w1, wip)
	if s.watching > 0 {
		for i := range s.peaks {
			p := &s.peaks[i]
			if !p.watching {
				continue
			}
			if s.now > s.w1 { // not back before the window closed
				p.watching = false
				s.watching--
				continue
			}
			if wip <= p.wipStart {
				p.clear = s.now - (s.m.peaks[i].Start + s.m.peaks[i].Duration)
				p.watching = false
				s.watching--
			}
		}
	}
}
