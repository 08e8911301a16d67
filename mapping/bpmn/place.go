package bpmn

import (
	"math"
	"slices"

	"github.com/flowmap/flowmap/render/swimlane"
)

// Diagram sizes (px) beyond the swimlane geometry.
const (
	poolLabelW = 30.0 // the pool's name strip at its left
	gateSize   = 50.0
	eventSize  = 36.0
	storeSize  = 50.0
	storeGap   = 40.0 // between the pool's bottom and the data stores
)

// shift moves a geometry point into the diagram: the lanes start right of
// the pool's name strip.
func shift(p swimlane.Point) swimlane.Point { return swimlane.Point{X: p.X + poolLabelW, Y: p.Y} }

func shiftRect(r swimlane.Rect) swimlane.Rect {
	return swimlane.Rect{X: r.X + poolLabelW, Y: r.Y, W: r.W, H: r.H}
}

func centre(r swimlane.Rect) swimlane.Point { return swimlane.Point{X: r.X + r.W/2, Y: r.Y + r.H/2} }

func square(c swimlane.Point, size float64) swimlane.Rect {
	return swimlane.Rect{X: c.X - size/2, Y: c.Y - size/2, W: size, H: size}
}

func overlaps(a, b swimlane.Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// place gives every element its diagram bounds: steps and events from the
// geometry, inserted gateways just after the step they split.
func (x *export) place() {
	var taken []swimlane.Rect
	for _, e := range x.elems {
		gid := swimlane.StartID
		switch {
		case e.step != nil:
			gid = e.step.ID
		case e.id == idEnd:
			gid = swimlane.EndID
		case e.id != idStart:
			continue
		}
		size := 0.0
		switch e.kind {
		case kindStart, kindEnd:
			size = eventSize
		case kindGateway:
			size = gateSize
		}
		if n, ok := x.g.Node(gid); ok {
			e.box = shiftRect(n.Box)
			if size > 0 { // BPMN's sizes, centred where the layout put the node
				e.box = square(centre(e.box), size)
			}
		}
		taken = append(taken, e.box)
	}
	for _, e := range x.elems {
		if e.kind != kindGateway || e.step != nil {
			continue
		}
		from := x.byID[idStart]
		if e.split != "" {
			s, _ := x.m.Step(e.split)
			from = x.byID[stepElemID(s)]
		}
		e.box = x.freeSpot(from.box, taken)
		taken = append(taken, e.box)
	}
}

// freeSpot returns a gateway box beside a node's box (right, then below,
// then above) that overlaps no other node.
func (x *export) freeSpot(b swimlane.Rect, taken []swimlane.Rect) swimlane.Rect {
	c := centre(b)
	spots := []swimlane.Point{
		{X: b.X + b.W + 10 + gateSize/2, Y: c.Y},
		{X: c.X, Y: b.Y + b.H + 10 + gateSize/2},
		{X: c.X, Y: b.Y - 10 - gateSize/2},
	}
	for _, p := range spots {
		r := square(p, gateSize)
		if !slices.ContainsFunc(taken, func(t swimlane.Rect) bool { return overlaps(r, t) }) {
			return r
		}
	}
	return square(spots[0], gateSize)
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

// waypoints routes a flow: the geometry's route for its edge, started at the
// inserted gateway when the flow leaves one; a straight link otherwise.
func (x *export) waypoints(f *flow) []swimlane.Point {
	src, tgt := x.byID[f.src], x.byID[f.tgt]
	if !f.toSplit {
		if ge := x.geometryEdge(f.gFrom, f.gTo); ge != nil && len(ge.Points) >= 2 {
			pts := make([]swimlane.Point, len(ge.Points))
			for i, p := range ge.Points {
				pts[i] = shift(p)
			}
			if f.fromSplit {
				pts[0] = exitPoint(src.box, pts[1])
			}
			return pts
		}
	}
	a := exitPoint(src.box, centre(tgt.box))
	b := exitPoint(tgt.box, centre(src.box))
	return []swimlane.Point{a, b}
}

func (x *export) geometryEdge(from, to string) *swimlane.Edge {
	for i := range x.g.Edges {
		if e := &x.g.Edges[i]; e.From == from && e.To == to {
			return e
		}
	}
	return nil
}
