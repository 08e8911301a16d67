package pushdown

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/flowmap/flowmap/analysis"
)

// queues: per activity, the cases waiting for it over time (previous
// instance done, this one not started; without start times, not done),
// sampled at WIPPoints instants over the log's span, and its peak. The
// engine returns, per activity, how many waiting intervals begin and end
// between consecutive samples, and the peak from a sweep; the series is
// their running sum.
func (j *job) queues(ctx context.Context) error {
	r := j.r
	r.Queues = []analysis.QueueSeries{}
	n := int64(j.opt.WIPPoints)
	if n <= 0 {
		n = 100
	}
	ns := 1_000_000_000 / j.b.perSecond
	first, last := j.first*ns, j.last*ns
	step := (last - first) / max(n-1, 1)
	iv := fmt.Sprintf("SELECT act, prev_end AS t_from, t_start AS t_to FROM (%s) AS s WHERE pos > 1 AND t_start > prev_end", j.steps)
	// sample is the first sample index at or after the time t (ticks): an
	// interval [from, to) counts at the samples [sample(from), sample(to)).
	sample := func(t string) string {
		if step == 0 {
			return fmt.Sprintf("CASE WHEN %s * %d <= %d THEN 0 ELSE %d END", t, ns, first, n)
		}
		return fmt.Sprintf("least(%d, %s)", n, j.dl.intDiv(fmt.Sprintf("%s * %d - %d + %d", t, ns, first, step-1), fmt.Sprint(step)))
	}
	dl := j.dl
	rel := fmt.Sprintf("SELECT act, %s AS kf, %s AS kt FROM (%s) AS iv", dl.int(sample("t_from")), dl.int(sample("t_to")), iv)
	deltas := map[string][]int{}
	q := &query{from: rel, groupBy: []string{"act", "kf", "kt"}, cols: []string{dl.countIf("")}}
	err := j.run.run(ctx, q, func(scan func(...any) error) error {
		var act string
		var kf, kt, c int64
		if err := scan(&act, &kf, &kt, &c); err != nil {
			return err
		}
		d := deltas[act]
		if d == nil {
			d = make([]int, n+1)
			deltas[act] = d
		}
		d[min(kf, n)] += int(c)
		d[min(kt, n)] -= int(c)
		return nil
	})
	if err != nil {
		return err
	}
	times := make([]string, n)
	for k := range n {
		times[k] = time.Unix(0, first+k*step).UTC().Format(time.RFC3339Nano)
	}
	err = j.run.run(ctx, &query{from: dl.peaks(iv), cols: []string{"*"}}, func(scan func(...any) error) error {
		var act string
		var peak, at int64
		if err := scan(&act, &peak, &at); err != nil {
			return err
		}
		s := analysis.QueueSeries{Activity: act, Peak: int(peak), PeakAt: j.formatTicks(at), Times: times, Values: make([]int, n)}
		cur := 0
		for k := range s.Values {
			cur += deltas[act][k]
			s.Values[k] = cur
		}
		r.Queues = append(r.Queues, s)
		return nil
	})
	slices.SortFunc(r.Queues, func(x, y analysis.QueueSeries) int { return cmp.Compare(x.Activity, y.Activity) })
	return err
}
