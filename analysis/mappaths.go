package analysis

import "github.com/flowmap/flowmap/mapping"

// mapPaths is what replay needs of the map's paths once silent steps are
// passed through. A step is silent when no activity of the log maps to it
// (its log_names, or without them its id and name, match no activity): the
// workshop drew it, the systems do not log it. A case's sequence of logged
// steps is a path of the map when
//
//   - its first step can start a case: it is a start step, or a start step
//     reaches it through silent steps only;
//   - each move a → b is allowed: the map has a path a → s1 → … → sk → b
//     whose steps s1 … sk (k ≥ 0) are all silent;
//   - its last step can end a case: it has no next step, or it reaches a
//     step without next steps through silent steps only.
//
// Built once per analysis (the workers share it) in O(L·(S+E)) for L logged
// steps, S silent steps and E edges: from each logged step a search that
// only crosses silent steps, so silent loops are visited once.
type mapPaths struct {
	silent   []bool
	canStart []bool          // by step: may be a case's first logged step
	canEnd   []bool          // by step: may be a case's last logged step
	moves    map[[2]int]bool // logged step pairs connected through silent steps only
	edges    map[[2]int]bool // the map's edges (direct)
	// onEveryPath lists the silent steps every path from a start to an end
	// passes through, in map order.
	onEveryPath []int
}

func newMapPaths(m *mapping.Map, stepOf []int) *mapPaths {
	n := len(m.Steps)
	p := &mapPaths{silent: make([]bool, n), canStart: make([]bool, n), canEnd: make([]bool, n), moves: map[[2]int]bool{}, edges: map[[2]int]bool{}}
	for i := range p.silent {
		p.silent[i] = true
	}
	for _, st := range stepOf {
		if st >= 0 {
			p.silent[st] = false
		}
	}
	next := make([][]int, n)
	for i, s := range m.Steps {
		for _, e := range s.Next {
			if j := m.StepIndex(e.To); j >= 0 {
				next[i] = append(next[i], j)
				p.edges[[2]int{i, j}] = true
			}
		}
	}

	// reach calls found for every logged step reachable from the successors
	// of from through silent steps only (each once per call).
	mark := make([]int, n) // search stamp: mark[j] == stamp when seen
	stamp := 0
	var stack []int
	reach := func(from int, found func(j int)) {
		stamp++
		stack = append(stack[:0], next[from]...)
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if mark[j] == stamp {
				continue
			}
			mark[j] = stamp
			if !p.silent[j] {
				found(j)
				continue
			}
			stack = append(stack, next[j]...)
		}
	}
	for i, s := range m.Steps {
		if p.silent[i] {
			if s.Start {
				reach(i, func(j int) { p.canStart[j] = true })
			}
			continue
		}
		if s.Start {
			p.canStart[i] = true
		}
		reach(i, func(j int) { p.moves[[2]int{i, j}] = true })
	}

	// A silent step ends silently when it has no next step or a silent
	// successor ends silently: a backward search from the silent end steps
	// over silent predecessors.
	prev := make([][]int, n)
	for i := range next {
		for _, j := range next[i] {
			prev[j] = append(prev[j], i)
		}
	}
	endsSilently := make([]bool, n)
	stack = stack[:0]
	for i, s := range m.Steps {
		if p.silent[i] && len(s.Next) == 0 {
			endsSilently[i] = true
			stack = append(stack, i)
		}
	}
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, i := range prev[j] {
			if p.silent[i] && !endsSilently[i] {
				endsSilently[i] = true
				stack = append(stack, i)
			}
		}
	}
	for i, s := range m.Steps {
		if p.silent[i] {
			continue
		}
		p.canEnd[i] = len(s.Next) == 0
		for _, j := range next[i] {
			if endsSilently[j] {
				p.canEnd[i] = true
			}
		}
	}

	// A silent step lies on every path when no end can be reached from the
	// starts without it.
	endReachable := func(without int) bool {
		stamp++
		stack = stack[:0]
		for i, s := range m.Steps {
			if s.Start && i != without {
				stack = append(stack, i)
			}
		}
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if mark[j] == stamp || j == without {
				continue
			}
			mark[j] = stamp
			if len(m.Steps[j].Next) == 0 {
				return true
			}
			stack = append(stack, next[j]...)
		}
		return false
	}
	if endReachable(-1) {
		for i := range m.Steps {
			if p.silent[i] && !endReachable(i) {
				p.onEveryPath = append(p.onEveryPath, i)
			}
		}
	}
	return p
}
