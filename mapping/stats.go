package mapping

import (
	"errors"
	"fmt"
)

// Stats are the structural figures of a map (`flowmap map stats`).
type Stats struct {
	Process        string         `json:"process"`
	Steps          int            `json:"steps"`
	Owners         int            `json:"owners"`
	Systems        int            `json:"systems"`
	Automated      int            `json:"automated"`
	Manual         int            `json:"manual"`
	Decisions      int            `json:"decisions"`
	Edges          int            `json:"edges"`
	Handoffs       int            `json:"handoffs"`        // edges whose steps have different owners
	SystemSwitches int            `json:"system_switches"` // edges between two different systems
	HappyPath      Path           `json:"happy_path"`
	Expected       Expected       `json:"expected_per_case"`
	StepsPerOwner  map[string]int `json:"steps_per_owner"`
}

// Path is one route through the map with its figures.
type Path struct {
	Steps            []string `json:"steps"`
	Handoffs         int      `json:"handoffs"`
	SystemSwitches   int      `json:"system_switches"`
	TouchTimeSeconds float64  `json:"touch_time_seconds"`
	Probability      float64  `json:"probability"` // product of the branch probabilities along it
}

// Expected holds per-case expectations over all paths, weighted by branch
// probabilities with loops included: the fundamental matrix of the
// absorbing Markov chain whose transient states are the steps.
type Expected struct {
	Handoffs               float64 `json:"handoffs"`
	SystemSwitches         float64 `json:"system_switches"`
	TouchTimeSeconds       float64 `json:"touch_time_seconds"`        // expected work time of all steps
	ManualTouchTimeSeconds float64 `json:"manual_touch_time_seconds"` // of the steps that are not automated
	// StaffedTouchTimeSeconds is the hands-on work of the organisation's
	// staff: steps that are not automated and are served by a pool with a
	// capacity (excluding external parties such as the customer or the carrier).
	StaffedTouchTimeSeconds float64            `json:"staffed_touch_time_seconds"`
	Steps                   float64            `json:"steps"`  // expected step visits
	Visits                  map[string]float64 `json:"visits"` // expected visits per step
}

// ErrSingular is returned when the expected figures cannot be computed
// because cases can loop forever; Validate reports the cause.
var ErrSingular = errors.New("the map has a loop with no way out; expected figures are infinite")

// ComputeStats returns the figures of a valid map.
func ComputeStats(m *Map) (*Stats, error) {
	st := &Stats{
		Process:       m.Process,
		Steps:         len(m.Steps),
		Owners:        len(m.Owners),
		Systems:       len(m.Systems),
		StepsPerOwner: map[string]int{},
	}
	for _, o := range m.Owners {
		st.StepsPerOwner[o.ID] = 0
	}
	for _, s := range m.Steps {
		if s.Automated {
			st.Automated++
		} else {
			st.Manual++
		}
		if s.Decision {
			st.Decisions++
		}
		st.StepsPerOwner[s.Owner]++
		for _, e := range s.Next {
			st.Edges++
			if m.IsHandoff(e) {
				st.Handoffs++
			}
			if m.IsSystemSwitch(e) {
				st.SystemSwitches++
			}
		}
	}
	st.HappyPath = HappyPath(m)
	exp, err := ExpectedPerCase(m)
	if err != nil {
		return nil, err
	}
	st.Expected = *exp
	return st, nil
}

// HappyPath follows, from the most likely start, the most likely branch
// at every step (the first listed on ties) without visiting a step twice,
// until it reaches an end.
func HappyPath(m *Map) Path {
	starts := m.Starts()
	if len(starts) == 0 {
		return Path{}
	}
	p := Path{Probability: 1 / float64(len(starts))}
	seen := map[string]bool{}
	cur, ok := m.Step(starts[0])
	for ok && !seen[cur.ID] {
		seen[cur.ID] = true
		p.Steps = append(p.Steps, cur.ID)
		p.TouchTimeSeconds += cur.Duration.MeanSeconds()
		var best *Edge
		for i := range cur.Next {
			e := &cur.Next[i]
			if !seen[e.To] && (best == nil || e.P > best.P) {
				best = e
			}
		}
		if best == nil {
			break
		}
		if m.IsHandoff(*best) {
			p.Handoffs++
		}
		if m.IsSystemSwitch(*best) {
			p.SystemSwitches++
		}
		p.Probability *= best.P
		cur, ok = m.Step(best.To)
	}
	return p
}

// ExpectedPerCase solves the absorbing Markov chain of the map: with P the
// step-to-step branch probabilities and a the start distribution (equal
// shares over the start steps), the expected visits are v = a (I - P)^-1,
// solved loop by loop (see expectedVisits).
// Expected handoffs weight each edge by the visits of its source step.
func ExpectedPerCase(m *Map) (*Expected, error) {
	n := len(m.Steps)
	starts := m.Starts()
	if n == 0 || len(starts) == 0 {
		return nil, fmt.Errorf("the map has no steps or no start step")
	}
	alpha := make([]float64, n)
	for _, id := range starts {
		alpha[m.StepIndex(id)] = 1 / float64(len(starts))
	}
	v, err := expectedVisits(m, alpha)
	if err != nil {
		return nil, err
	}
	for i, s := range m.Steps { // parallel branches: one visit per visit of their split
		for _, id := range s.Parallel {
			if j := m.StepIndex(id); j >= 0 {
				v[j] += v[i]
			}
		}
	}
	exp := &Expected{Visits: make(map[string]float64, n)}
	for i, s := range m.Steps {
		visits := v[i]
		if visits < 0 && visits > -1e-12 {
			visits = 0
		}
		exp.Visits[s.ID] = visits
		exp.Steps += visits
		mean := s.Duration.MeanSeconds()
		exp.TouchTimeSeconds += visits * mean
		if !s.Automated {
			exp.ManualTouchTimeSeconds += visits * mean
			if o, ok := m.Owner(s.Owner); s.Capacity > 0 || ok && o.Capacity > 0 {
				exp.StaffedTouchTimeSeconds += visits * mean
			}
		}
		for _, e := range s.Next {
			if m.IsHandoff(e) {
				exp.Handoffs += visits * e.P
			}
			if m.IsSystemSwitch(e) {
				exp.SystemSwitches += visits * e.P
			}
		}
	}
	return exp, nil
}
