package waitcause

// Group is the total of the waits of a group of instances (a step, a
// transition, a resource, the whole log).
type Group struct {
	Count      int   // instances with a start time
	Processing int64 // their processing time Σ(end − start), nanoseconds
	Parts            // their waits, split
}

// CTE is the cycle-time efficiency of the group, PT / (PT + WT); 1 when the
// group has neither processing nor waiting time.
func (g Group) CTE() float64 { return cte(g.Processing, g.Wait) }

// CTEWithout is the group's cycle-time efficiency if the waiting time of
// cause c were removed, PT / (PT + WT − WT_c).
func (g Group) CTEWithout(c Cause) float64 { return cte(g.Processing, g.Wait-g.Of(c)) }

// Impact is Kronos' CTE impact of the waiting time of cause c in group g on
// the whole process: PT / (PT + WT − WT_c(g)) with PT and WT of total.
func Impact(total, g Group, c Cause) float64 {
	return cte(total.Processing, total.Wait-g.Of(c))
}

func cte(pt, wt int64) float64 {
	if pt+wt <= 0 {
		return 1
	}
	return float64(pt) / float64(pt+wt)
}

// Transition is a group key: source activity and resource → target activity
// and resource (resources −1 when unknown).
type Transition struct {
	SourceActivity, SourceResource, TargetActivity, TargetResource int32
}

// Summary aggregates the results of Analyze.
type Summary struct {
	Total Group
	// ByActivity groups instances by their activity (the step waited for).
	ByActivity map[int32]Group
	// ByResource groups instances by their resource (−1: unknown).
	ByResource map[int32]Group
	// ByTransition groups the instances that have a source, as Kronos'
	// report does; waits of instances without a source are in the other
	// groups only.
	ByTransition map[Transition]Group
}

// Summarize sums the results of Analyze per activity, resource and
// transition, and in total. Instances without a start time are left out.
// The sums are int64 nanoseconds, which hold 292 years: enough for the
// small logs it serves (tests, a step of a log), not for a whole large log
// (bpic2012 waits 283 years in total) — analysis sums in float64 seconds
// instead (analysis/waitcauses.go).
func Summarize(cases [][]Instance, results [][]Result) Summary {
	s := Summary{ByActivity: map[int32]Group{}, ByResource: map[int32]Group{}, ByTransition: map[Transition]Group{}}
	add := func(g Group, in *Instance, r *Result) Group {
		g.Count++
		g.Processing += max(in.End-in.Start, 0)
		g.Parts.Add(r.Parts)
		return g
	}
	for ci, c := range cases {
		for i := range c {
			in, r := &c[i], &results[ci][i]
			if in.Start == NoTime {
				continue
			}
			s.Total = add(s.Total, in, r)
			s.ByActivity[in.Activity] = add(s.ByActivity[in.Activity], in, r)
			s.ByResource[in.Resource] = add(s.ByResource[in.Resource], in, r)
			if r.Source >= 0 {
				src := &c[r.Source]
				k := Transition{src.Activity, src.Resource, in.Activity, in.Resource}
				s.ByTransition[k] = add(s.ByTransition[k], in, r)
			}
		}
	}
	return s
}
