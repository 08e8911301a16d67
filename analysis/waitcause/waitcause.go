package waitcause

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
)

// NoTime marks an unknown timestamp (the value of eventlog.NoTime).
const NoTime int64 = math.MinInt64

// Instance is one activity instance of a case. Times are Unix nanoseconds.
type Instance struct {
	Activity int32 // activity index (any numbering the caller likes)
	Resource int32 // resource index; -1 when unknown
	Enabled  int64 // schedule time when the log records one, else NoTime
	Start    int64 // NoTime when unknown: such an instance has no wait and is no one's work
	End      int64
}

// Parts are the five causes of one wait (or of the waits of a group), in
// nanoseconds. They are ≥ 0 and sum to Wait exactly.
type Parts struct {
	Wait, Batching, Prioritization, Contention, Unavailability, Extraneous int64
}

// Add adds the parts of q to p.
func (p *Parts) Add(q Parts) {
	p.Wait += q.Wait
	p.Batching += q.Batching
	p.Prioritization += q.Prioritization
	p.Contention += q.Contention
	p.Unavailability += q.Unavailability
	p.Extraneous += q.Extraneous
}

// Cause names one of the five parts.
type Cause int

// The five causes, in the order overlaps are resolved (extraneous last).
const (
	Batching Cause = iota
	Contention
	Prioritization
	Unavailability
	Extraneous
)

// Causes lists the five causes in order.
var Causes = [...]Cause{Batching, Contention, Prioritization, Unavailability, Extraneous}

func (c Cause) String() string {
	return [...]string{"batching", "contention", "prioritization", "unavailability", "extraneous"}[c]
}

// Of returns the part of cause c.
func (p Parts) Of(c Cause) int64 {
	switch c {
	case Batching:
		return p.Batching
	case Contention:
		return p.Contention
	case Prioritization:
		return p.Prioritization
	case Unavailability:
		return p.Unavailability
	}
	return p.Extraneous
}

// Result is the analysis of one instance.
type Result struct {
	// Source is the index within the case of the instance whose end enabled
	// this one (the source of the transition), or -1.
	Source int32
	// Batch numbers the batch the instance belongs to (0, 1, ...), or -1.
	Batch int32
	// Enabled is when the instance was enabled; NoTime without a start time.
	Enabled int64
	Parts
}

// Analyze splits the wait of every instance with a start time into its
// causes. cases holds the instances of each case in trace order (by start,
// else end); calendarOf gives the working calendar of a resource (also asked
// for resource -1); it may be nil, and may return nil, for around the clock.
// It is called from several goroutines, once per resource.
// The result has one Result per instance, shaped like cases; the instances
// and calendars are only read.
func Analyze(cases [][]Instance, calendarOf func(resource int32) *Calendar) [][]Result {
	a := &analyzer{cases: cases}
	a.enable()
	a.byResource()
	a.findBatches()
	cal := func(r int32) *Calendar {
		if calendarOf == nil {
			return nil
		}
		return calendarOf(r)
	}
	a.unknownResource(cal(-1))
	// The resources are independent: split them over the cores.
	workers := min(runtime.GOMAXPROCS(0), len(a.res))
	var wg sync.WaitGroup
	next := make(chan int32, len(a.res))
	for r := range a.res {
		if len(a.res[r]) > 0 {
			next <- int32(r)
		}
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				a.resource(r, cal(r))
			}
		}()
	}
	wg.Wait()
	return a.out
}

// ref locates an instance: case and position in the case.
type ref struct{ c, i int32 }

type analyzer struct {
	cases [][]Instance
	out   [][]Result
	res   [][]ref   // instances with a start time, per resource
	batch []batchOf // per batch
	none  []ref     // instances with a start time and no resource
}

type batchOf struct {
	enabled int64 // when the last member was enabled
	members []ref
}

func (a *analyzer) in(x ref) *Instance { return &a.cases[x.c][x.i] }
func (a *analyzer) r(x ref) *Result    { return &a.out[x.c][x.i] }

// enable finds the source and enabled time of every instance.
func (a *analyzer) enable() {
	n := 0
	for _, c := range a.cases {
		n += len(c)
	}
	flat := make([]Result, n)
	a.out = make([][]Result, len(a.cases))
	type endAt struct {
		end int64
		i   int32
	}
	var ends []endAt // ends of earlier instances, sorted by end
	for ci, c := range a.cases {
		out := flat[:len(c):len(c)]
		flat = flat[len(c):]
		a.out[ci] = out
		ends = ends[:0]
		for i := range c {
			in := &c[i]
			r := &out[i]
			r.Source, r.Batch, r.Enabled = -1, -1, NoTime
			if in.Start != NoTime {
				// latest end at or before start; among equal ends the latest instance
				k, _ := slices.BinarySearchFunc(ends, in.Start, func(e endAt, t int64) int {
					if e.end <= t {
						return -1
					}
					return 1
				})
				r.Enabled = in.Start
				if k > 0 {
					r.Source = ends[k-1].i
					r.Enabled = ends[k-1].end
				}
				if in.Enabled != NoTime {
					r.Enabled = min(in.Enabled, in.Start)
				}
				r.Wait = in.Start - r.Enabled
			}
			// insert after equal ends so the latest instance wins ties
			k, _ := slices.BinarySearchFunc(ends, in.End, func(e endAt, t int64) int {
				if e.end <= t {
					return -1
				}
				return 1
			})
			ends = slices.Insert(ends, k, endAt{in.End, int32(i)})
		}
	}
}

// end is the end of an instance's work, never before its start.
func end(in *Instance) int64 { return max(in.End, in.Start) }

func (a *analyzer) byResource() {
	for ci, c := range a.cases {
		for i := range c {
			in := &c[i]
			if in.Start == NoTime {
				continue
			}
			x := ref{int32(ci), int32(i)}
			if in.Resource < 0 {
				a.none = append(a.none, x)
				continue
			}
			for int(in.Resource) >= len(a.res) {
				a.res = append(a.res, nil)
			}
			a.res[in.Resource] = append(a.res[in.Resource], x)
		}
	}
}

// findBatches sweeps the instances of each (resource, activity) in start
// order, as pix-framework's discover_batches (minimum size 2, no gap).
func (a *analyzer) findBatches() {
	var items []ref
	for _, list := range a.res {
		items = append(items[:0], list...)
		slices.SortFunc(items, func(x, y ref) int {
			p, q := a.in(x), a.in(y)
			return cmp.Or(cmp.Compare(p.Activity, q.Activity), cmp.Compare(p.Start, q.Start),
				cmp.Compare(p.End, q.End), cmp.Compare(x.c, y.c), cmp.Compare(x.i, y.i))
		})
		for lo := 0; lo < len(items); {
			first := a.in(items[lo])
			start, stop := first.Start, end(first)
			hi := lo + 1
			for ; hi < len(items); hi++ {
				in := a.in(items[hi])
				if in.Activity != first.Activity || a.r(items[hi]).Enabled > start || in.Start > stop {
					break
				}
				stop = max(stop, end(in))
			}
			if hi-lo >= 2 {
				b := batchOf{enabled: math.MinInt64, members: slices.Clone(items[lo:hi])}
				for _, x := range b.members {
					a.r(x).Batch = int32(len(a.batch))
					b.enabled = max(b.enabled, a.r(x).Enabled)
				}
				a.batch = append(a.batch, b)
			}
			lo = hi
		}
	}
}

// unknownResource splits the waits of instances without a resource: only
// the calendar (of resource -1) applies.
func (a *analyzer) unknownResource(cal *Calendar) {
	for _, x := range a.none {
		r := a.r(x)
		if r.Wait > 0 {
			r.Unavailability = cal.NonWorking(r.Enabled, r.Enabled+r.Wait)
			r.Extraneous = r.Wait - r.Unavailability
		}
	}
}

// resource splits the waits of the instances of one resource.
func (a *analyzer) resource(res int32, cal *Calendar) {
	items := slices.Clone(a.res[res])
	slices.SortFunc(items, func(x, y ref) int {
		p, q := a.in(x), a.in(y)
		return cmp.Or(cmp.Compare(p.Start, q.Start), cmp.Compare(p.End, q.End))
	})
	work := make([]Interval, len(items))
	xs := make([]int64, 0, 2*len(items))
	for k, x := range items {
		in := a.in(x)
		work[k] = Interval{in.Start, end(in)}
		xs = append(xs, in.Start, end(in))
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	tl := newTimeline(work, cal)
	tree := newCoverTree(xs)

	// Events in order of time; at equal times work is added before waits
	// are judged (enabled at or before the threshold is older work).
	const (
		insert = iota
		judge  // a wait outside batches, threshold enabled(e)
		judgeB // the waits of a batch, threshold batch enabled
	)
	type event struct {
		at   int64
		kind int8
		x    ref   // insert, judge
		b    int32 // judgeB
	}
	events := make([]event, 0, 2*len(items))
	seen := map[int32]bool{}
	for _, x := range items {
		r := a.r(x)
		events = append(events, event{at: r.Enabled, kind: insert, x: x})
		if r.Wait <= 0 {
			continue
		}
		if r.Batch < 0 {
			events = append(events, event{at: r.Enabled, kind: judge, x: x})
		} else if !seen[r.Batch] {
			seen[r.Batch] = true
			events = append(events, event{at: a.batch[r.Batch].enabled, kind: judgeB, b: r.Batch})
		}
	}
	slices.SortFunc(events, func(p, q event) int {
		return cmp.Or(cmp.Compare(p.at, q.at), cmp.Compare(p.kind, q.kind))
	})
	var members []ref
	for _, ev := range events {
		switch ev.kind {
		case insert:
			in := a.in(ev.x)
			tree.add(in.Start, end(in), +1)
		case judge:
			r := a.r(ev.x)
			a.split(r, a.in(ev.x).Start, r.Enabled, tree, tl)
		case judgeB:
			// Own batch: older = enabled at or before e. Take the members
			// out, then put them back in order of enabled time, judging
			// each wait once its elders are in.
			b := &a.batch[ev.b]
			members = append(members[:0], b.members...)
			for _, x := range members {
				in := a.in(x)
				tree.add(in.Start, end(in), -1)
			}
			slices.SortFunc(members, func(x, y ref) int { return cmp.Compare(a.r(x).Enabled, a.r(y).Enabled) })
			for lo := 0; lo < len(members); {
				hi := lo
				for hi < len(members) && a.r(members[hi]).Enabled == a.r(members[lo]).Enabled {
					in := a.in(members[hi])
					tree.add(in.Start, end(in), +1)
					hi++
				}
				for _, x := range members[lo:hi] {
					if r := a.r(x); r.Wait > 0 {
						a.split(r, a.in(x).Start, min(b.enabled, a.in(x).Start), tree, tl)
					}
				}
				lo = hi
			}
		}
	}
}

// split fills the parts of a wait [r.Enabled, start] whose batching ends at
// t: in [t, start] the resource's work is contention where tree covers it,
// prioritization elsewhere; idle time is unavailability when non-working.
func (a *analyzer) split(r *Result, start, t int64, tree *coverTree, tl *timeline) {
	t = max(t, r.Enabled)
	r.Batching = t - r.Enabled
	r.Contention = tree.covered(t, start)
	busy, idleNW := tl.split(t, start)
	r.Prioritization = busy - r.Contention
	r.Unavailability = idleNW
	r.Extraneous = r.Wait - r.Batching - r.Contention - r.Prioritization - r.Unavailability
}
