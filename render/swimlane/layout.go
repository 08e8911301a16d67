package swimlane

import (
	"sort"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// lnode is a node while it is laid out.
type lnode struct {
	id         string
	kind       NodeKind
	lane, col  int // col: global flow position (0 = start event)
	row        int
	step       *mapping.Step
	label, sub []string
	w, h       float64 // box size
	outs, ins  []int   // edge indices
}

// ledge is an edge while it is laid out.
type ledge struct {
	from, to int
	label    string
	raw      string   // the drawn text, unwrapped
	text     []string // raw wrapped
	style    Style
	edge     *mapping.Edge
	back     bool
	handoff  bool
	flowIdx  int // order of drawing
}

// graph is the map turned into nodes and edges with columns and rows.
type graph struct {
	opt   Options
	base  *Geometry // title, lanes (without positions)
	nodes []*lnode
	byID  map[string]int
	edges []*ledge
	ncols int   // flow positions, events included
	rows  []int // rows per lane
}

// Layout lays a validated map out as a swimlane diagram: one band per lane
// in declared order (empty lanes included), steps in columns by flow
// position and in rows within their lane, edges routed orthogonally in the
// gaps between columns and the channels between rows so that no segment
// crosses a box, loops around the rows, labels where they overlap no box
// and no other label.
func Layout(m *mapping.Map, opt Options) *Geometry {
	if opt.Lanes == "" {
		opt.Lanes = ByOwner
	}
	if opt.Direction != Down {
		opt.Direction = Right
	}
	gr := buildGraph(m, opt)
	gr.assignRows()
	if opt.Wrap != WrapAuto {
		return gr.place(max(1, min(opt.Wrap, gr.ncols/2)))
	}
	best := gr.place(1)
	for t := 2; t <= 3 && gr.ncols >= 4*t; t++ {
		g := gr.place(t)
		if g.SlideTextPt() > best.SlideTextPt()+0.05 {
			best = g
		}
	}
	return best
}

// SlideTextPt is the size in points of step names when the picture is
// fitted into a 16:9 slide (13.33 × 7.5 in).
func (g *Geometry) SlideTextPt() float64 {
	if g.Width <= 0 || g.Height <= 0 {
		return 0
	}
	const slideW, slideH = 960.0, 540.0 // points
	s := min(slideW/(g.Width*0.75), slideH/(g.Height*0.75))
	return NameSize * 0.75 * s
}

func buildGraph(m *mapping.Map, opt Options) *graph {
	title := opt.Title
	if title == "" {
		title = m.Process
	}
	gr := &graph{opt: opt, byID: map[string]int{},
		base: &Geometry{Direction: opt.Direction, Title: Printable(title), Notes: opt.Notes, Legend: opt.Legend}}
	laneOf := lanes(m, opt.Lanes, gr.base)
	cols := Columns(m)
	maxCol := 0
	for _, c := range cols {
		maxCol = max(maxCol, c)
	}
	for i := range m.Steps {
		s := &m.Steps[i]
		kind := Task
		if s.Decision {
			kind = Decision
		}
		gr.addNode(&lnode{id: s.ID, kind: kind, lane: laneOf[s.ID], col: cols[s.ID] + 1, step: s})
	}
	startLane, endLane, endCol := 0, 0, 0
	if st := m.Starts(); len(st) > 0 {
		startLane = laneOf[st[0]]
	}
	for _, s := range m.Steps {
		if len(s.Next) == 0 && cols[s.ID] >= endCol {
			endLane, endCol = laneOf[s.ID], cols[s.ID]
		}
	}
	// Flows may start at StartID or end at EndID (a measured process's
	// start and end moves, with their counts): they replace the map's.
	fromStart, toEnd := map[string]bool{}, map[string]bool{}
	for _, f := range opt.Flows {
		if f.From == StartID {
			fromStart[f.To] = true
		}
		if f.To == EndID {
			toEnd[f.From] = true
		}
		if f.To == EndID && (len(toEnd) == 1 || cols[f.From] >= endCol) {
			endLane, endCol = laneOf[f.From], cols[f.From]
		}
	}
	cols[StartID], cols[EndID] = -1, maxCol+1
	gr.addNode(&lnode{id: StartID, kind: Start, lane: startLane, col: 0})
	gr.addNode(&lnode{id: EndID, kind: End, lane: endLane, col: maxCol + 2})
	gr.ncols = maxCol + 3
	for _, id := range m.Starts() {
		if !fromStart[id] && !opt.FlowsOnly {
			gr.addEdge(&ledge{from: gr.byID[StartID], to: gr.byID[id], style: Style{Stroke: ColStartEnd, Width: 1.5}})
		}
	}
	gr.addFlows(m, opt, laneOf, cols)
	for i := range m.Steps {
		if len(m.Steps[i].Next) == 0 && !toEnd[m.Steps[i].ID] && !opt.FlowsOnly {
			gr.addEdge(&ledge{from: gr.byID[m.Steps[i].ID], to: gr.byID[EndID], style: Style{Stroke: ColText}})
		}
	}
	for _, n := range gr.nodes {
		gr.sizeNode(n, opt)
	}
	return gr
}

func (gr *graph) addNode(n *lnode) {
	gr.byID[n.id] = len(gr.nodes)
	gr.nodes = append(gr.nodes, n)
}

func (gr *graph) addEdge(e *ledge) {
	e.flowIdx = len(gr.edges)
	gr.nodes[e.from].outs = append(gr.nodes[e.from].outs, len(gr.edges))
	gr.nodes[e.to].ins = append(gr.nodes[e.to].ins, len(gr.edges))
	if e.raw == "" {
		e.raw = e.label
	}
	if e.raw != "" {
		e.text = wrapText(Printable(e.raw), LabelSize, false, labelW)
	}
	gr.edges = append(gr.edges, e)
}

// addFlows adds the step-to-step edges: the map's, or opt.Flows.
func (gr *graph) addFlows(m *mapping.Map, opt Options, laneOf, cols map[string]int) {
	flows := opt.Flows
	if flows == nil {
		for i := range m.Steps {
			s := &m.Steps[i]
			for j := range s.Next {
				e := &s.Next[j]
				text := e.Label
				if opt.EdgeText != nil {
					text = opt.EdgeText(s, e)
				}
				flows = append(flows, Flow{From: e.From, To: e.To, Text: text, Edge: e})
			}
		}
	}
	for _, f := range flows {
		from, ok1 := gr.byID[f.From]
		to, ok2 := gr.byID[f.To]
		if !ok1 || !ok2 {
			continue
		}
		e := &ledge{from: from, to: to, edge: f.Edge, style: f.Style, handoff: gr.nodes[from].lane != gr.nodes[to].lane,
			back: cols[f.To] <= cols[f.From]}
		e.label = f.Text
		if opt.Flows == nil && f.Edge != nil {
			e.label = f.Edge.Label
			e.raw = f.Text
		}
		if e.style == (Style{}) {
			e.style = Style{Stroke: ColEdge}
			if e.handoff {
				e.style = Style{Stroke: ColHandoff, Width: 2}
			}
			if f.Edge != nil && f.Edge.PGiven && f.Edge.P == 0 {
				e.style.Dash = "dotted"
			}
		}
		gr.addEdge(e)
	}
}

// Label widths (px): edge labels wrap at labelW, and at labelNarrowW on a
// straight edge, whose label widens the gap it sits in.
const (
	labelW       = 120.0
	labelNarrowW = 50.0
)

// Box text widths (px): step names wrap at these widths.
const (
	taskTextW     = 70.0
	decisionTextW = 58.0
	boxPadX       = 5.0
	boxPadY       = 5.0
	eventD        = 24.0
)

// sizeNode wraps a node's text and sizes its box.
func (gr *graph) sizeNode(n *lnode, opt Options) {
	switch n.kind {
	case Start, End:
		n.w, n.h = eventD, eventD
		return
	}
	tw := taskTextW
	if n.kind == Decision {
		tw = decisionTextW
	}
	n.label = wrapText(Printable(n.step.Name), NameSize, false, tw)
	if opt.Sub != nil {
		for _, s := range opt.Sub(n.step) {
			if strings.TrimSpace(s) == "" {
				continue
			}
			n.sub = append(n.sub, wrapText(Printable(s), SubSize, false, tw+8)...)
		}
	}
	w := max(widest(n.label, NameSize, false), widest(n.sub, SubSize, false))
	h := float64(len(n.label))*NameSize*lineGap + float64(len(n.sub))*SubSize*lineGap
	if n.kind == Decision {
		// The text rectangle fits the diamond when w/W + h/H <= 1.
		n.w, n.h = (w+4)/0.6, (h+2)/0.4
		return
	}
	n.w, n.h = max(w+2*boxPadX, 70), h+2*boxPadY
}

// assignRows gives every node a row in its lane: a lane has as many rows as
// its fullest column, and nodes of one column are ordered (and single ones
// placed) by the barycentre of their neighbours, in a few sweeps.
func (gr *graph) assignRows() {
	gr.rows = make([]int, len(gr.base.Lanes))
	cells := map[[2]int][]int{} // (lane, col) -> nodes
	for i, n := range gr.nodes {
		k := [2]int{n.lane, n.col}
		cells[k] = append(cells[k], i)
	}
	for l := range gr.rows {
		gr.rows[l] = 1
	}
	for k, ns := range cells {
		gr.rows[k[0]] = max(gr.rows[k[0]], len(ns))
		for r, i := range ns {
			gr.nodes[i].row = r
		}
	}
	keys := make([][2]int, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][1] != keys[j][1] {
			return keys[i][1] < keys[j][1]
		}
		return keys[i][0] < keys[j][0]
	})
	for sweep := 0; sweep < 4; sweep++ {
		down := sweep%2 == 0
		for i := range keys {
			k := keys[i]
			if !down {
				k = keys[len(keys)-1-i]
			}
			gr.orderCell(cells[k], down)
		}
	}
}

// pos is a node's position across the lanes, in rows.
func (gr *graph) pos(n *lnode) float64 {
	p := 0
	for l := 0; l < n.lane; l++ {
		p += gr.rows[l] + 1
	}
	return float64(p + n.row)
}

// orderCell orders the nodes of one (lane, column) cell by the barycentre
// of their predecessors (forward) or successors (backward) and spreads
// them over the lane's rows.
func (gr *graph) orderCell(ns []int, forward bool) {
	R := gr.rows[gr.nodes[ns[0]].lane]
	if R == 1 {
		return
	}
	bary := map[int]float64{}
	for _, i := range ns {
		n := gr.nodes[i]
		sum, cnt := 0.0, 0
		nb := n.ins
		if !forward {
			nb = n.outs
		}
		for _, ei := range nb {
			e := gr.edges[ei]
			o := gr.nodes[e.from]
			if !forward {
				o = gr.nodes[e.to]
			}
			if o != n {
				sum += gr.pos(o) - gr.pos(&lnode{lane: n.lane})
				cnt++
			}
		}
		bary[i] = float64(n.row)
		if cnt > 0 {
			bary[i] = sum / float64(cnt)
		}
	}
	sort.SliceStable(ns, func(a, b int) bool { return bary[ns[a]] < bary[ns[b]] })
	prev := -1
	for k, i := range ns {
		r := int(bary[i] + 0.5)
		r = max(r, prev+1)
		r = min(r, R-(len(ns)-k))
		gr.nodes[i].row = r
		prev = r
	}
}

// lanes fills g.Lanes in declared order and returns each step's lane index.
func lanes(m *mapping.Map, by LaneBy, g *Geometry) map[string]int {
	laneOf := map[string]int{}
	idx := map[string]int{}
	if by == BySystem {
		for _, s := range m.Systems {
			idx[s.ID] = len(g.Lanes)
			g.Lanes = append(g.Lanes, Lane{ID: s.ID, Name: Printable(nameOr(s.Name, s.ID))})
		}
		for _, s := range m.Steps {
			if _, ok := idx[s.System]; !ok {
				name := s.System
				if name == "" {
					name = "No system (manual)"
				}
				idx[s.System] = len(g.Lanes)
				g.Lanes = append(g.Lanes, Lane{ID: s.System, Name: name})
			}
			laneOf[s.ID] = idx[s.System]
		}
		return laneOf
	}
	for _, o := range m.Owners {
		idx[o.ID] = len(g.Lanes)
		g.Lanes = append(g.Lanes, Lane{ID: o.ID, Name: Printable(nameOr(o.Name, o.ID))})
	}
	for _, s := range m.Steps {
		if _, ok := idx[s.Owner]; !ok {
			idx[s.Owner] = len(g.Lanes)
			g.Lanes = append(g.Lanes, Lane{ID: s.Owner, Name: s.Owner})
		}
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
