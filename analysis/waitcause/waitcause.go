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
	cal := func(r int32) *Calendar {
		if calendarOf == nil {
			return nil
		}
		return calendarOf(r)
	}
	a.findBatches(cal)
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
				a.resource(r)
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
	res   [][]ref      // instances with a start time, per resource
	batch []batchOf    // per batch
	none  []ref        // instances with a start time and no resource
	tls   []*timeline  // merged work of each resource, with its calendar
	work  [][]Interval // work of each resource, sorted by start
	items [][]ref      // a.res sorted by start, end
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
// order, as pix-framework's discover_batches (minimum size 2, no gap), and
// keeps a candidate only when the data show cases held back for each other
// (see released). It also builds each resource's merged work timeline.
func (a *analyzer) findBatches(cal func(int32) *Calendar) {
	a.tls = make([]*timeline, len(a.res))
	a.work = make([][]Interval, len(a.res))
	a.items = make([][]ref, len(a.res))
	var items []ref
	for r, list := range a.res {
		if len(list) == 0 {
			continue
		}
		a.timeline(int32(r), cal(int32(r)))
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
				a.keepBatches(items[lo:hi], a.tls[r])
			}
			lo = hi
		}
	}
}

// timeline sorts the work of resource r and merges it.
func (a *analyzer) timeline(r int32, cal *Calendar) {
	items := slices.Clone(a.res[r])
	slices.SortFunc(items, func(x, y ref) int {
		p, q := a.in(x), a.in(y)
		return cmp.Compare(p.Start, q.Start)
	})
	work := make([]Interval, len(items))
	for k, x := range items {
		in := a.in(x)
		work[k] = Interval{in.Start, end(in)}
	}
	a.items[r], a.work[r], a.tls[r] = items, work, newTimeline(work, cal)
}

// keepBatches turns a candidate batch (members in start order) into
// batches: the whole candidate when it was released as a batch, else each
// run of two or more members started together.
func (a *analyzer) keepBatches(members []ref, tl *timeline) {
	tol := a.tolerance(members)
	if a.released(members, tol, tl) {
		a.addBatch(members)
		return
	}
	for lo := 0; lo < len(members); {
		hi := lo + 1
		for hi < len(members) && a.in(members[hi]).Start-a.in(members[lo]).Start <= tol {
			hi++
		}
		if hi-lo >= 2 {
			a.addBatch(members[lo:hi])
		}
		lo = hi
	}
}

func (a *analyzer) addBatch(members []ref) {
	b := batchOf{enabled: math.MinInt64, members: slices.Clone(members)}
	for _, x := range b.members {
		a.r(x).Batch = int32(len(a.batch))
		b.enabled = max(b.enabled, a.r(x).Enabled)
	}
	a.batch = append(a.batch, b)
}

// tolerance is how close two starts must be to count as "started
// together": a tenth of the members' median processing time.
func (a *analyzer) tolerance(members []ref) int64 {
	d := make([]int64, len(members))
	for k, x := range members {
		in := a.in(x)
		d[k] = end(in) - in.Start
	}
	slices.Sort(d)
	return d[len(d)/2] / 10
}

// released reports whether a candidate batch (members in start order) was
// released as a batch rather than served as a queue: its members started
// together (within tol), or the resource took a member before an older
// one (it had the cases in hand and picked among them), or it stood idle
// in working time while the first member waited for the others (it held
// the cases back). A backlog served one after another in the order the
// cases arrived, from the moment the resource could work (its opening
// time, or the end of other work), is a queue: its waits are
// unavailability and contention, not batching.
func (a *analyzer) released(members []ref, tol int64, tl *timeline) bool {
	first := a.in(members[0]).Start
	if a.in(members[len(members)-1]).Start-first <= tol {
		return true
	}
	oldest, newest, seen := int64(math.MaxInt64), int64(math.MinInt64), int64(math.MinInt64)
	for _, x := range members {
		e := a.r(x).Enabled
		if seen > e+tol {
			return true // out of arrival order
		}
		seen = max(seen, e)
		oldest, newest = min(oldest, e), max(newest, e)
	}
	lo, hi := oldest, min(newest, first)
	if hi <= lo {
		return false
	}
	busy, idleNW := tl.split(lo, hi)
	return hi-lo-busy-idleNW > tol
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
func (a *analyzer) resource(res int32) {
	items, tl := a.items[res], a.tls[res]
	xs := make([]int64, 0, 2*len(items))
	for _, iv := range a.work[res] {
		xs = append(xs, iv.From, iv.To)
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
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
// t: in [r.Enabled, t] it is batching but where the resource is off work
// and idle (unavailability: no batch forms while nobody works); in [t,
// start] the resource's work is contention where tree covers it,
// prioritization elsewhere; idle time is unavailability when non-working.
func (a *analyzer) split(r *Result, start, t int64, tree *coverTree, tl *timeline) {
	t = max(t, r.Enabled)
	_, offB := tl.split(r.Enabled, t)
	r.Batching = t - r.Enabled - offB
	r.Contention = tree.covered(t, start)
	busy, idleNW := tl.split(t, start)
	r.Prioritization = busy - r.Contention
	r.Unavailability = offB + idleNW
	r.Extraneous = r.Wait - r.Batching - r.Contention - r.Prioritization - r.Unavailability
}
