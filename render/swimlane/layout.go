package swimlane

import (
	"github.com/flowmap/flowmap/mapping"
)

// Grid sizes of the first layout (px).
const (
	headerW = 120.0
	colW    = 160.0
	rowH    = 120.0
	taskW   = 100.0
	taskH   = 80.0
	gateW   = 50.0
	eventW  = 36.0
)

// Layout places a validated map on a grid: one band per lane in declared
// order, one column per flow position. Edges are straight segments between
// box centres' borders. (First cut: no routing around boxes yet.)
func Layout(m *mapping.Map, opt Options) *Geometry {
	if opt.Lanes == "" {
		opt.Lanes = ByOwner
	}
	if opt.Direction == "" {
		opt.Direction = Right
	}
	g := &Geometry{Direction: opt.Direction, Title: m.Process}
	laneOf := lanes(m, opt.Lanes, g)
	cols := Columns(m)
	maxCol := 0
	for _, c := range cols {
		maxCol = max(maxCol, c)
	}
	width := headerW + float64(maxCol+3)*colW
	for i := range g.Lanes {
		g.Lanes[i].Band = Rect{0, float64(i) * rowH, width, rowH}
		g.Lanes[i].Header = Rect{0, float64(i) * rowH, headerW, rowH}
	}
	g.Width, g.Height = width, float64(len(g.Lanes))*rowH
	place := func(id string, kind NodeKind, lane, col int, step *mapping.Step) {
		w, h := taskW, taskH
		switch kind {
		case Decision:
			w, h = gateW, gateW
		case Start, End:
			w, h = eventW, eventW
		}
		cx := headerW + (float64(col)+0.5)*colW
		cy := (float64(max(lane, 0)) + 0.5) * rowH
		n := Node{ID: id, Kind: kind, Lane: lane, Column: col, Box: Rect{cx - w/2, cy - h/2, w, h}, Step: step}
		if step != nil {
			n.Label = []string{step.Name}
		}
		g.Nodes = append(g.Nodes, n)
	}
	for i := range m.Steps {
		s := &m.Steps[i]
		kind := Task
		if s.Decision {
			kind = Decision
		}
		place(s.ID, kind, laneOf[s.ID], cols[s.ID]+1, s)
	}
	firstLane := 0
	if st := m.Starts(); len(st) > 0 {
		firstLane = laneOf[st[0]]
	}
	place(StartID, Start, firstLane, 0, nil)
	place(EndID, End, firstLane, maxCol+2, nil)
	for _, id := range m.Starts() {
		g.addEdge(StartID, id, nil, laneOf)
	}
	for i := range m.Steps {
		s := &m.Steps[i]
		if len(s.Next) == 0 {
			g.addEdge(s.ID, EndID, nil, laneOf)
		}
		for j := range s.Next {
			e := &s.Next[j]
			g.addEdge(e.From, e.To, e, laneOf)
			if cols[e.To] <= cols[e.From] {
				g.Edges[len(g.Edges)-1].Back = true
			}
		}
	}
	return g
}

func (g *Geometry) addEdge(from, to string, e *mapping.Edge, laneOf map[string]int) {
	a, _ := g.Node(from)
	b, _ := g.Node(to)
	ed := Edge{From: from, To: to, Edge: e,
		Points: []Point{{a.Box.X + a.Box.W, a.Box.Y + a.Box.H/2}, {b.Box.X, b.Box.Y + b.Box.H/2}}}
	if e != nil {
		ed.Handoff = laneOf[from] != laneOf[to]
		ed.Label = e.Label
	}
	g.Edges = append(g.Edges, ed)
}

// lanes fills g.Lanes in declared order and returns each step's lane index.
func lanes(m *mapping.Map, by LaneBy, g *Geometry) map[string]int {
	laneOf := map[string]int{}
	idx := map[string]int{}
	if by == BySystem {
		for _, s := range m.Systems {
			idx[s.ID] = len(g.Lanes)
			g.Lanes = append(g.Lanes, Lane{ID: s.ID, Name: nameOr(s.Name, s.ID)})
		}
		for _, s := range m.Steps {
			if s.System == "" {
				if _, ok := idx[""]; !ok {
					idx[""] = len(g.Lanes)
					g.Lanes = append(g.Lanes, Lane{ID: "", Name: "No system"})
				}
			}
			laneOf[s.ID] = idx[s.System]
		}
		return laneOf
	}
	for _, o := range m.Owners {
		idx[o.ID] = len(g.Lanes)
		g.Lanes = append(g.Lanes, Lane{ID: o.ID, Name: nameOr(o.Name, o.ID)})
	}
	for _, s := range m.Steps {
		laneOf[s.ID] = idx[s.Owner]
	}
	return laneOf
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// Columns returns each step's flow position: the longest path from a start
// step, with the back edges of loops (edges to a step on the current DFS
// path) ignored. Steps unreachable from a start are placed after their
// deepest predecessor, or in column 0.
func Columns(m *mapping.Map) map[string]int {
	const (
		white = iota
		grey
		black
	)
	state := map[string]int{}
	var order []string // reverse postorder = topological order of the DAG without back edges
	back := map[[2]string]bool{}
	var visit func(id string)
	visit = func(id string) {
		state[id] = grey
		s, _ := m.Step(id)
		for _, e := range s.Next {
			switch state[e.To] {
			case white:
				visit(e.To)
			case grey:
				back[[2]string{e.From, e.To}] = true
			}
		}
		state[id] = black
		order = append(order, id)
	}
	for _, id := range m.Starts() {
		if state[id] == white {
			visit(id)
		}
	}
	for _, s := range m.Steps {
		if state[s.ID] == white {
			visit(s.ID)
		}
	}
	col := map[string]int{}
	for i := len(order) - 1; i >= 0; i-- {
		id := order[i]
		s, _ := m.Step(id)
		for _, e := range s.Next {
			if !back[[2]string{e.From, e.To}] && col[e.To] < col[id]+1 {
				col[e.To] = col[id] + 1
			}
		}
	}
	return col
}
