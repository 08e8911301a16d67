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
	cat := newCatalog(l, opt)
	// The waiting causes need the whole log (a resource's work spans
	// cases): they are computed beside the per-case metrics, and so is
	// what the recommendations read from the log.
	var wc *WaitCauses
	var cals map[string]CalendarInfo
	var scan *recScan
	var beside sync.WaitGroup
	beside.Go(func() { wc, cals = waitCauses(cat) })
	beside.Go(func() { scan = scanForRecommend(l) })
	finish := func(r *Result) *Result {
		beside.Wait()
		r.WaitCauses, r.Calendars = wc, cals
		r.Recommendations = recommend(r, cat, scan)
		return r
	}
	if workers < 2 || l.Events() < minInstances {
		a := newAnalyzer(cat)
		a.run(0, n)
		return finish(a.result())
	}
	parts := make([]*analyzer, workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = newAnalyzer(cat)
		from, to := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func(a *analyzer) {
			defer wg.Done()
			a.run(from, to)
		}(parts[w])
	}
	wg.Wait()
	a := parts[0]
	for i, b := range parts[1:] {
		a.merge(b)
		parts[i+1] = nil
	}
	return finish(a.result())
}
