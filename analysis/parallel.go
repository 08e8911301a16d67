package analysis

import (
	"sync"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// parallelMinInstances is the log size from which Analyze splits the cases
// between workers; below it the goroutines cost more than they save.
const parallelMinInstances = 50_000

// analyzeParallel splits the cases into contiguous ranges, analyses each on
// its own core and merges the partial results in case order, so the result
// is the same whatever the number of workers. Logs of fewer than
// minInstances activity instances are analysed on one core.
func analyzeParallel(l *eventlog.Log, opt Options, workers, minInstances int) *Result {
	n := len(l.Cases)
	if workers < 2 || l.Events() < minInstances {
		a := newAnalyzer(l, opt)
		a.run(0, n)
		return a.result()
	}
	parts := make([]*analyzer, workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = newAnalyzer(l, opt)
		from, to := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func(a *analyzer) {
			defer wg.Done()
			a.run(from, to)
		}(parts[w])
	}
	wg.Wait()
	a := parts[0]
	for _, b := range parts[1:] {
		a.merge(b)
	}
	return a.result()
}

// merge adds b's cases (which come after a's) into a.
func (a *analyzer) merge(b *analyzer) {
	for i := range a.acts {
		x, y := &a.acts[i], &b.acts[i]
		x.events += y.events
		x.cases += y.cases
		x.rework += y.rework
		x.wait = append(x.wait, y.wait...)
		x.service = append(x.service, y.service...)
		x.sojourn = append(x.sojourn, y.sojourn...)
		x.qFrom = append(x.qFrom, y.qFrom...)
		x.qTo = append(x.qTo, y.qTo...)
		a.starts[i] += b.starts[i]
		a.ends[i] += b.ends[i]
	}
	for _, e := range b.edges {
		k := uint64(uint32(e.from))<<32 | uint64(uint32(e.to))
		ei, ok := a.edgeIndex[k]
		if !ok {
			a.edgeIndex[k] = len(a.edges)
			a.edges = append(a.edges, e)
			continue
		}
		a.edges[ei].durs = append(a.edges[ei].durs, e.durs...)
		a.edges[ei].handoffs += e.handoffs
	}
	for k, n := range b.variants {
		a.variants[k] += n
	}
	a.cycle = append(a.cycle, b.cycle...)
	a.caseWait = append(a.caseWait, b.caseWait...)
	a.caseHand = append(a.caseHand, b.caseHand...)
	a.first = min(a.first, b.first)
	a.last = max(a.last, b.last)
	a.res.merge(&b.res)
	if a.owner != nil {
		a.owner.merge(b.owner)
	}
	if a.system != nil {
		a.system.merge(b.system)
	}
	if a.conf != nil {
		a.conf.merge(b.conf)
	}
	if a.sla != nil {
		a.sla.merge(b.sla)
	}
}

func (h *handoffAcc) merge(o *handoffAcc) {
	h.total += o.total
	h.known += o.known
	h.unknown += o.unknown
	for k, n := range o.pairs {
		h.pairs[k] += n
	}
	h.perCase = append(h.perCase, o.perCase...)
	h.at = append(h.at, o.at...)
	h.no = append(h.no, o.no...)
}

func (c *confAcc) merge(o *confAcc) {
	c.cases += o.cases
	c.fitting += o.fitting
	for k, n := range o.seen {
		c.seen[k] += n
		c.durs[k] = append(c.durs[k], o.durs[k]...)
	}
	for i, v := range o.visited {
		c.visited[i] = c.visited[i] || v
	}
	for k, n := range o.reasons {
		c.reasons[k] += n
	}
	for k, n := range o.unmapped {
		c.unmapped[k] += n
	}
}

func (s *slaAcc) merge(o *slaAcc) {
	if s.process != nil {
		s.process.mergeFigure(o.process)
	}
	for i, f := range s.steps {
		f.mergeFigure(o.steps[i])
	}
}

func (f *SLAFigure) mergeFigure(o *SLAFigure) {
	f.Measured += o.Measured
	f.Within += o.Within
	f.Breaches += o.Breaches
	if f.Measured > 0 {
		f.Share = float64(f.Within) / float64(f.Measured)
	}
}
