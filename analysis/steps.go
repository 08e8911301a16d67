package analysis

import "slices"

// StepFigure holds the measured figures of one map step: the activities that
// map to it pooled together, and the step-level moves out of it.
type StepFigure struct {
	Step       string     `json:"step"`
	Name       string     `json:"name"`
	Owner      string     `json:"owner"`
	System     string     `json:"system,omitempty"`
	Activities []string   `json:"activities"`
	Events     int        `json:"events"`
	Wait       *Stats     `json:"wait"`    // with start times
	Sojourn    *Stats     `json:"sojourn"` // without
	Service    *Stats     `json:"service"`
	Out        []StepMove `json:"out"`
}

// StepMove is an observed move between two steps, with whether the map has
// it as an edge (a move through silent steps is not one, although
// conformance allows it: see mapPaths).
type StepMove struct {
	To       string `json:"to"`
	Count    int    `json:"count"`
	Duration Stats  `json:"duration"`
	InMap    bool   `json:"in_map"`
}

// stepFigures pools the activities' times by step (after waits has
// summarised them) and lists the step moves conformance observed.
func stepFigures(cat *catalog, occ *rework, w *waits, conf *conformance) []StepFigure {
	m := cat.m
	out := make([]StepFigure, len(m.Steps))
	on := cat.working
	waits := make([]durations, len(m.Steps))
	sojourns := make([]durations, len(m.Steps))
	services := make([]durations, len(m.Steps))
	for i, s := range m.Steps {
		out[i] = StepFigure{Step: s.ID, Name: s.Name, Owner: s.Owner, System: s.System, Activities: []string{}, Out: []StepMove{}}
	}
	for act, st := range cat.stepOf {
		if st < 0 || occ.acts[act].events == 0 {
			continue
		}
		acc := &w.acts[act]
		f := &out[st]
		f.Activities = append(f.Activities, cat.l.Activities[act])
		f.Events += occ.acts[act].events
		waits[st].addAll(&acc.wait)
		sojourns[st].addAll(&acc.sojourn)
		services[st].addAll(&acc.service)
	}
	for i := range out {
		slices.Sort(out[i].Activities)
		if cat.l.HasStartTimes {
			out[i].Wait = waits[i].statsPtr(on)
			out[i].Service = services[i].statsPtr(on)
		} else {
			out[i].Sojourn = sojourns[i].statsPtr(on)
		}
	}
	for k, n := range conf.seen {
		d := conf.durs[k]
		out[k[0]].Out = append(out[k[0]].Out, StepMove{To: m.Steps[k[1]].ID, Count: n, Duration: d.stats(on), InMap: conf.paths.edges[k]})
	}
	for i := range out {
		slices.SortFunc(out[i].Out, func(x, y StepMove) int {
			if x.Count != y.Count {
				return y.Count - x.Count
			}
			if x.To < y.To {
				return -1
			}
			return 1
		})
	}
	return out
}
