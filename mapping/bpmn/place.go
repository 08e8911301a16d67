package bpmn

import (
	"math"
	"strings"

	"github.com/flowmap/flowmap/render/swimlane"
)

// Diagram sizes (px) beyond the swimlane geometry.
const (
	poolLabelW = 30.0 // the pool's name strip at its left
	laneLabelW = 30.0 // each lane's name strip at its left
	taskW      = 100.0
	taskH      = 80.0
	gateSize   = 50.0
	eventSize  = 36.0
	storeSize  = 50.0
	storeGap   = 40.0 // between the pool's bottom and the stores no task uses
)

// bpmn.io writes a task's name in 12 px Arial, 14.4 px a line, inside the
// box less 5 px each side; its type icon takes the top left corner.
const (
	bpmnFont   = 12.0
	bpmnLine   = 14.4
	bpmnTextIn = 10.0 // box width less the text's width
	iconRoom   = 24.0 // above and below the text, so the icon stays clear
)

// taskSize is the box a task's name fits in as bpmn.io draws it: 100×80,
// wider when three lines would not do, taller when the lines need it.
func taskSize(name string, layout swimlane.Rect) (w, h float64) {
	w = max(taskW, layout.W)
	lines := textLines(name, w-bpmnTextIn)
	if lines > 2 {
		w = max(w, taskW+20)
		lines = textLines(name, w-bpmnTextIn)
	}
	return w, max(taskH, layout.H, float64(lines)*bpmnLine+2*iconRoom)
}

// textLines counts the lines of s wrapped at width w in bpmn.io's font,
// measured with the Go font, which is at least as wide as Arial.
func textLines(s string, w float64) int {
	lines, cur := 0, ""
	for _, word := range strings.Fields(s) {
		try := strings.TrimSpace(cur + " " + word)
		if cur != "" && swimlane.TextWidth(try, bpmnFont, false) > w {
			lines++
			try = word
		}
		cur = try
	}
	if cur != "" {
		lines++
	}
	return max(lines, 1)
}

func centre(r swimlane.Rect) swimlane.Point { return swimlane.Point{X: r.X + r.W/2, Y: r.Y + r.H/2} }

func sized(c swimlane.Point, w, h float64) swimlane.Rect {
	return swimlane.Rect{X: c.X - w/2, Y: c.Y - h/2, W: w, H: h}
}

func overlaps(a, b swimlane.Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// place turns the layout g of layoutMap into the diagram: BPMN's shape
// sizes centred where the layout put each node, the layout's routes
// stretched with them and ended on the shapes' borders, lanes full width
// inside the pool, and the data stores.
func (x *export) place(g *swimlane.Geometry) {
	size := map[string][2]float64{}
	for _, e := range x.elems {
		n, ok := g.Node(e.node)
		if !ok {
			continue
		}
		w, h := gateSize, gateSize
		switch e.kind {
		case kindStart, kindEnd:
			w, h = eventSize, eventSize
		case kindUser, kindService:
			w, h = taskSize(e.name, n.Box)
		}
		size[e.node] = [2]float64{w, h}
	}
	fx, fy := x.axes(g, size)
	at := func(p swimlane.Point) swimlane.Point {
		return swimlane.Point{X: poolLabelW + fx.at(p.X), Y: fy.at(p.Y)}
	}
	for _, e := range x.elems {
		if n, ok := g.Node(e.node); ok {
			sz := size[e.node]
			e.box = sized(at(centre(n.Box)), sz[0], sz[1])
			e.lane = n.Lane
		}
	}
	for i, l := range g.Lanes {
		if i < len(x.m.Owners) {
			top, bottom := fy.at(l.Band.Y), fy.at(l.Band.Y+l.Band.H)
			x.lanes = append(x.lanes, swimlane.Rect{X: poolLabelW, Y: top, W: fx.at(g.Width), H: bottom - top})
		}
	}
	first, last := x.lanes[0], x.lanes[len(x.lanes)-1]
	x.pool = swimlane.Rect{X: 0, Y: first.Y, W: poolLabelW + first.W, H: last.Y + last.H - first.Y}
	for _, f := range x.flows {
		x.route(f, g, at)
	}
	x.placeStores()
	x.placeLabels()
}

// route gives a flow the waypoints of its layout edge, mapped into the
// diagram, with its ends moved onto the borders of the BPMN shapes; and
// its name's place.
func (x *export) route(f *flow, g *swimlane.Geometry, at func(swimlane.Point) swimlane.Point) {
	src, tgt := x.byID[f.src], x.byID[f.tgt]
	ge := geometryEdge(g, f.gFrom, f.gTo)
	un, ok1 := g.Node(f.gFrom)
	vn, ok2 := g.Node(f.gTo)
	if ge == nil || len(ge.Points) < 2 || !ok1 || !ok2 {
		f.points = []swimlane.Point{exitPoint(src.box, centre(tgt.box)), exitPoint(tgt.box, centre(src.box))}
		return
	}
	pts := make([]swimlane.Point, len(ge.Points))
	for i, p := range ge.Points {
		pts[i] = at(p)
	}
	n := len(pts) - 1
	pts[0] = onBorder(ge.Points[0], un.Box, src.box, pts[0])
	pts[n] = onBorder(ge.Points[n], vn.Box, tgt.box, pts[n])
	f.points = pts
	if f.edge != nil && f.edge.Label != "" && ge.LabelAt.W > 0 {
		// Beside the same point of its line as in the layout.
		c := centre(ge.LabelAt)
		near := nearest(ge.Points, c)
		q := at(near)
		f.label = sized(swimlane.Point{X: q.X + c.X - near.X, Y: q.Y + c.Y - near.Y}, ge.LabelAt.W, ge.LabelAt.H)
	}
}

// nearest returns the point of the polyline pts closest to c.
func nearest(pts []swimlane.Point, c swimlane.Point) swimlane.Point {
	best, bestD := pts[0], math.Inf(1)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		q := swimlane.Point{X: min(max(c.X, min(a.X, b.X)), max(a.X, b.X)), Y: min(max(c.Y, min(a.Y, b.Y)), max(a.Y, b.Y))}
		if d := math.Hypot(q.X-c.X, q.Y-c.Y); d < bestD {
			best, bestD = q, d
		}
	}
	return best
}

// onBorder moves q, the mapped p on the layout box from's border, onto the
// same side of the diagram box to.
func onBorder(p swimlane.Point, from, to swimlane.Rect, q swimlane.Point) swimlane.Point {
	const eps = 0.01
	switch {
	case math.Abs(p.X-from.X) < eps:
		q.X = to.X
	case math.Abs(p.X-(from.X+from.W)) < eps:
		q.X = to.X + to.W
	case math.Abs(p.Y-from.Y) < eps:
		q.Y = to.Y
	case math.Abs(p.Y-(from.Y+from.H)) < eps:
		q.Y = to.Y + to.H
	}
	return q
}

// exitPoint is where a flow leaves box r towards p: the middle of the side
// facing p.
func exitPoint(r swimlane.Rect, p swimlane.Point) swimlane.Point {
	c := centre(r)
	dx, dy := p.X-c.X, p.Y-c.Y
	if math.Abs(dx)*r.H >= math.Abs(dy)*r.W {
		if dx >= 0 {
			return swimlane.Point{X: r.X + r.W, Y: c.Y}
		}
		return swimlane.Point{X: r.X, Y: c.Y}
	}
	if dy >= 0 {
		return swimlane.Point{X: c.X, Y: r.Y + r.H}
	}
	return swimlane.Point{X: c.X, Y: r.Y}
}

func geometryEdge(g *swimlane.Geometry, from, to string) *swimlane.Edge {
	for i := range g.Edges {
		if e := &g.Edges[i]; e.From == from && e.To == to {
			return e
		}
	}
	return nil
}
