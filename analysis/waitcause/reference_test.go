package waitcause

import (
	"cmp"
	"slices"
)

// This file holds a literal, quadratic implementation of the contract's
// rules, interval set by interval set, to check the sweep of Analyze against.

// merge returns the union of intervals as sorted disjoint intervals.
func merge(ivs []Interval) []Interval {
	ivs = slices.Clone(ivs)
	slices.SortFunc(ivs, func(a, b Interval) int { return cmp.Compare(a.From, b.From) })
	var out []Interval
	for _, iv := range ivs {
		if iv.To <= iv.From {
			continue
		}
		if n := len(out); n > 0 && iv.From <= out[n-1].To {
			out[n-1].To = max(out[n-1].To, iv.To)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// subtract returns a \ b for sorted disjoint sets.
func subtract(a, b []Interval) []Interval {
	var out []Interval
	for _, iv := range a {
		cur := iv.From
		for _, x := range b {
			if x.To <= cur || x.From >= iv.To {
				continue
			}
			if x.From > cur {
				out = append(out, Interval{cur, x.From})
			}
			cur = max(cur, x.To)
		}
		if cur < iv.To {
			out = append(out, Interval{cur, iv.To})
		}
	}
	return out
}

func length(ivs []Interval) (n int64) {
	for _, iv := range ivs {
		n += iv.To - iv.From
	}
	return n
}

// referenceAnalyze applies the rules of why-waiting.md literally.
func referenceAnalyze(cases [][]Instance, calendarOf func(int32) *Calendar) [][]Result {
	type item struct {
		c, i int
		in   Instance
	}
	out := make([][]Result, len(cases))
	var all []item
	// enabled time and source
	for ci, c := range cases {
		out[ci] = make([]Result, len(c))
		for i, in := range c {
			r := &out[ci][i]
			r.Source, r.Batch, r.Enabled = -1, -1, NoTime
			if in.Start == NoTime {
				continue
			}
			r.Enabled = in.Start
			best := int64(NoTime)
			for j := 0; j < i; j++ {
				if c[j].End <= in.Start && c[j].End >= best {
					best, r.Source = c[j].End, int32(j)
				}
			}
			if r.Source >= 0 {
				r.Enabled = best
			}
			if in.Enabled != NoTime {
				r.Enabled = min(in.Enabled, in.Start)
			}
			r.Wait = in.Start - r.Enabled
			all = append(all, item{ci, i, in})
		}
	}
	res := func(it item) *Result { return &out[it.c][it.i] }
	// batches per (resource, activity), in start order
	byRA := map[[2]int32][]item{}
	for _, it := range all {
		if it.in.Resource >= 0 {
			k := [2]int32{it.in.Resource, it.in.Activity}
			byRA[k] = append(byRA[k], it)
		}
	}
	// busy is the merged work of a resource.
	busy := map[int32][]Interval{}
	for _, it := range all {
		if it.in.Resource >= 0 {
			busy[it.in.Resource] = append(busy[it.in.Resource], Interval{it.in.Start, max(it.in.End, it.in.Start)})
		}
	}
	for r, ivs := range busy {
		busy[r] = merge(ivs)
	}
	clip := func(ivs []Interval, lo, hi int64) []Interval {
		var out []Interval
		for _, iv := range ivs {
			if f, t := max(iv.From, lo), min(iv.To, hi); f < t {
				out = append(out, Interval{f, t})
			}
		}
		return out
	}
	batchEnabled := map[int32]int64{}
	nb := int32(0)
	addBatch := func(members []item) {
		be := int64(NoTime)
		for _, it := range members {
			res(it).Batch = nb
			be = max(be, res(it).Enabled)
		}
		batchEnabled[nb] = be
		nb++
	}
	// released: started together, taken out of arrival order, or held while
	// the resource stood idle in working time.
	released := func(m []item, tol int64) bool {
		if m[len(m)-1].in.Start-m[0].in.Start <= tol {
			return true
		}
		for i := range m {
			for j := i + 1; j < len(m); j++ {
				if res(m[i]).Enabled > res(m[j]).Enabled+tol {
					return true
				}
			}
		}
		oldest, newest := res(m[0]).Enabled, res(m[0]).Enabled
		for _, it := range m {
			oldest, newest = min(oldest, res(it).Enabled), max(newest, res(it).Enabled)
		}
		lo, hi := oldest, min(newest, m[0].in.Start)
		if hi <= lo {
			return false
		}
		r := m[0].in.Resource
		idle := subtract([]Interval{{lo, hi}}, clip(busy[r], lo, hi))
		return length(subtract(idle, calendarOf(r).NonWorkingIntervals(lo, hi, nil))) > tol
	}
	for _, list := range byRA {
		slices.SortStableFunc(list, func(a, b item) int {
			return cmp.Or(cmp.Compare(a.in.Start, b.in.Start), cmp.Compare(a.in.End, b.in.End),
				cmp.Compare(a.c, b.c), cmp.Compare(a.i, b.i))
		})
		for lo := 0; lo < len(list); {
			start, stop := list[lo].in.Start, max(list[lo].in.End, list[lo].in.Start)
			hi := lo + 1
			for ; hi < len(list) && res(list[hi]).Enabled <= start && list[hi].in.Start <= stop; hi++ {
				stop = max(stop, list[hi].in.End)
			}
			if hi-lo >= 2 {
				m := list[lo:hi]
				var d []int64
				for _, it := range m {
					d = append(d, max(it.in.End, it.in.Start)-it.in.Start)
				}
				slices.Sort(d)
				tol := d[len(d)/2] / 10
				if released(m, tol) {
					addBatch(m)
				} else {
					for a := 0; a < len(m); {
						b := a + 1
						for b < len(m) && m[b].in.Start-m[a].in.Start <= tol {
							b++
						}
						if b-a >= 2 {
							addBatch(m[a:b])
						}
						a = b
					}
				}
			}
			lo = hi
		}
	}
	for _, e := range all {
		r := res(e)
		if r.Wait <= 0 {
			continue
		}
		a, s := r.Enabled, e.in.Start
		var batching, contention, prio []Interval
		t := a
		if r.Batch >= 0 {
			t = max(a, min(batchEnabled[r.Batch], s))
			// no batch forms while the resource is off work and idle
			off := subtract(calendarOf(e.in.Resource).NonWorkingIntervals(a, t, nil), clip(busy[e.in.Resource], a, t))
			batching = subtract([]Interval{{a, t}}, off)
		}
		if e.in.Resource >= 0 {
			for _, x := range all {
				if x.in.Resource != e.in.Resource || (x.c == e.c && x.i == e.i) {
					continue
				}
				xe := max(x.in.End, x.in.Start)
				if !(x.in.Start < s && xe > a) {
					continue
				}
				th := t
				if r.Batch >= 0 && res(x).Batch == r.Batch {
					th = a
				}
				iv := Interval{max(th, x.in.Start), min(s, xe)}
				if res(x).Enabled <= th {
					contention = append(contention, iv)
				} else {
					prio = append(prio, iv)
				}
			}
		}
		batching, contention, prio = merge(batching), merge(contention), merge(prio)
		contention = subtract(contention, batching)
		prio = subtract(subtract(prio, batching), contention)
		cal := calendarOf(e.in.Resource)
		unav := cal.NonWorkingIntervals(a, s, nil)
		unav = subtract(subtract(subtract(unav, batching), contention), prio)
		r.Batching, r.Contention, r.Prioritization, r.Unavailability = length(batching), length(contention), length(prio), length(unav)
		r.Extraneous = r.Wait - r.Batching - r.Contention - r.Prioritization - r.Unavailability
	}
	return out
}
