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
	g := &stepGraph{steps: m.Steps, silent: p.silent, next: make([][]int, n), mark: make([]int, n)}
	for i, s := range m.Steps {
		for _, e := range s.Next {
			if j := m.StepIndex(e.To); j >= 0 {
				g.next[i] = append(g.next[i], j)
				p.edges[[2]int{i, j}] = true
			}
		}
	}
	p.findStartsAndMoves(g)
	p.findEnds(g)
	p.findOnEveryPath(g)
	return p
}

// stepGraph is the map's steps as a graph (next holds the indices of the
// steps each step's edges lead to) with the scratch space its searches
// share: a search stamp (mark[j] == stamp when seen) and a stack.
type stepGraph struct {
	steps  []mapping.Step
	silent []bool
	next   [][]int
	mark   []int
	stamp  int
	stack  []int
}

// reachLogged calls found for every logged step reachable from the
// successors of from through silent steps only (each once per call).
func (g *stepGraph) reachLogged(from int, found func(j int)) {
	g.stamp++
	g.stack = append(g.stack[:0], g.next[from]...)
	for len(g.stack) > 0 {
		j := g.stack[len(g.stack)-1]
		g.stack = g.stack[:len(g.stack)-1]
		if g.mark[j] == g.stamp {
			continue
		}
		g.mark[j] = g.stamp
		if !g.silent[j] {
			found(j)
			continue
		}
		g.stack = append(g.stack, g.next[j]...)
	}
}

// endReachable reports whether a step without next steps can be reached
// from the start steps without passing through step without (-1: none).
func (g *stepGraph) endReachable(without int) bool {
	g.stamp++
	g.stack = g.stack[:0]
	for i, s := range g.steps {
		if s.Start && i != without {
			g.stack = append(g.stack, i)
		}
	}
	for len(g.stack) > 0 {
		j := g.stack[len(g.stack)-1]
		g.stack = g.stack[:len(g.stack)-1]
		if g.mark[j] == g.stamp || j == without {
			continue
		}
		g.mark[j] = g.stamp
		if len(g.steps[j].Next) == 0 {
			return true
		}
		g.stack = append(g.stack, g.next[j]...)
	}
	return false
}

// findStartsAndMoves fills canStart and moves: a logged step can start a
// case when it is a start step or a silent start step reaches it, and a
// move between logged steps is allowed when only silent steps lie between.
func (p *mapPaths) findStartsAndMoves(g *stepGraph) {
	for i, s := range g.steps {
		if p.silent[i] {
			if s.Start {
				g.reachLogged(i, func(j int) { p.canStart[j] = true })
			}
			continue
		}
		if s.Start {
			p.canStart[i] = true
		}
		g.reachLogged(i, func(j int) { p.moves[[2]int{i, j}] = true })
	}
}

// findEnds fills canEnd: a logged step can end a case when it has no next
// step or one of its successors is a silent step that ends silently.
func (p *mapPaths) findEnds(g *stepGraph) {
	endsSilently := p.silentEnds(g)
	for i, s := range g.steps {
		if p.silent[i] {
			continue
		}
		p.canEnd[i] = len(s.Next) == 0
		for _, j := range g.next[i] {
			if endsSilently[j] {
				p.canEnd[i] = true
			}
		}
	}
}

// silentEnds marks, by step, the silent steps that end silently: a silent
// step ends silently when it has no next step or a silent successor ends
// silently. A backward search from the silent end steps over silent
// predecessors.
func (p *mapPaths) silentEnds(g *stepGraph) []bool {
	n := len(g.steps)
	prev := make([][]int, n)
	for i := range g.next {
		for _, j := range g.next[i] {
			prev[j] = append(prev[j], i)
		}
	}
	endsSilently := make([]bool, n)
	g.stack = g.stack[:0]
	for i, s := range g.steps {
		if p.silent[i] && len(s.Next) == 0 {
			endsSilently[i] = true
			g.stack = append(g.stack, i)
		}
	}
	for len(g.stack) > 0 {
		j := g.stack[len(g.stack)-1]
		g.stack = g.stack[:len(g.stack)-1]
		for _, i := range prev[j] {
			if p.silent[i] && !endsSilently[i] {
				endsSilently[i] = true
				g.stack = append(g.stack, i)
			}
		}
	}
	return endsSilently
}

// findOnEveryPath fills onEveryPath: a silent step lies on every path when
// no end can be reached from the starts without it.
func (p *mapPaths) findOnEveryPath(g *stepGraph) {
	if !g.endReachable(-1) {
		return
	}
	for i := range g.steps {
		if p.silent[i] && !g.endReachable(i) {
			p.onEveryPath = append(p.onEveryPath, i)
		}
	}
}
