package bpmn

import (
	"math"
	"strings"

	"github.com/flowmap/flowmap/render/swimlane"
)

// bpmn.io writes a flow's name in 11 px, 13.2 px a line, wrapped at 90 px,
// centred on the label's bounds.
const (
	labelFont = 11.0
	labelLine = 13.2
	labelWrap = 90.0
	storeName = 32.0 // the height of a data store's name under it
)

// labelSize is the size of a flow name as bpmn.io draws it.
func labelSize(s string) (w, h float64) {
	lines := 0
	cur := ""
	flush := func() {
		if cur != "" {
			w = max(w, swimlane.TextWidth(cur, labelFont, false))
			lines++
		}
	}
	for _, word := range strings.Fields(s) {
		try := strings.TrimSpace(cur + " " + word)
		if cur != "" && swimlane.TextWidth(try, labelFont, false) > labelWrap {
			flush()
			try = word
		}
		cur = try
	}
	flush()
	return math.Ceil(w) + 4, float64(max(lines, 1))*labelLine + 2
}

// placeLabels sizes each flow's name as bpmn.io draws it, where the layout
// put it; a name that now lies on a shape, a data store or another name
// moves beside its own flow, to the free spot crossing the fewest lines.
func (x *export) placeLabels() {
	var blocked []swimlane.Rect
	for _, e := range x.elems {
		blocked = append(blocked, inflate(e.box, 2))
	}
	for _, st := range x.stores {
		c := centre(st.box)
		blocked = append(blocked, inflate(st.box, 2), swimlane.Rect{X: c.X - labelWrap/2, Y: st.box.Y + st.box.H, W: labelWrap, H: storeName})
	}
	var lines [][]swimlane.Point
	for _, f := range x.flows {
		lines = append(lines, f.points)
	}
	for _, e := range x.elems {
		if st := x.storeOf(e); st != nil {
			lines = append(lines, x.assocPoints(e, st))
		}
	}
	for _, l := range x.lanes[1:] { // a name on a lane border reads as in either lane
		lines = append(lines, []swimlane.Point{{X: l.X, Y: l.Y}, {X: l.X + l.W, Y: l.Y}})
	}
	cost := func(r swimlane.Rect) int {
		for _, b := range blocked {
			if overlaps(r, b) {
				return -1
			}
		}
		n := 0
		for _, l := range lines {
			if crosses(l, r) {
				n++
			}
		}
		return n
	}
	for _, e := range x.elems {
		if e.name == "" || e.kind == kindUser || e.kind == kindService {
			continue
		}
		w, h := labelSize(e.name)
		c, b := centre(e.box), e.box
		e.label, _ = pick([]swimlane.Rect{
			{X: c.X - w/2, Y: b.Y + b.H + 4, W: w, H: h}, {X: c.X - w/2, Y: b.Y - 4 - h, W: w, H: h},
			{X: c.X + 4, Y: b.Y + b.H + 4, W: w, H: h}, {X: c.X - 4 - w, Y: b.Y + b.H + 4, W: w, H: h},
			{X: c.X + 4, Y: b.Y - 4 - h, W: w, H: h}, {X: c.X - 4 - w, Y: b.Y - 4 - h, W: w, H: h},
			{X: b.X + b.W + 4, Y: b.Y + b.H, W: w, H: h}, {X: b.X - 4 - w, Y: b.Y + b.H, W: w, H: h},
			{X: b.X + b.W + 4, Y: b.Y - h, W: w, H: h}, {X: b.X - 4 - w, Y: b.Y - h, W: w, H: h},
		}, cost)
		blocked = append(blocked, inflate(e.label, 2))
	}
	for _, f := range x.flows {
		if f.label.W == 0 {
			continue
		}
		w, h := labelSize(f.edge.Label)
		best := sized(centre(f.label), w, h)
		bestC := cost(best)
		if bestC >= 0 && distance(f.points, best) > labelNear {
			bestC++ // as bad as one more line crossed: a spot beside the flow reads better
		}
		for k := 0; k+1 < len(f.points) && bestC != 0; k++ {
			if r, c := spotBeside(f.points[k], f.points[k+1], w, h, cost); c >= 0 && (bestC < 0 || c < bestC) {
				best, bestC = r, c
			}
		}
		f.label = best
		blocked = append(blocked, inflate(best, 2))
	}
}

// pick returns the first of rs crossing the fewest lines, or the first of
// all when none is free.
func pick(rs []swimlane.Rect, cost func(swimlane.Rect) int) (swimlane.Rect, int) {
	best, bestC := rs[0], -1
	for _, r := range rs {
		if c := cost(r); c >= 0 && (bestC < 0 || c < bestC) {
			best, bestC = r, c
		}
	}
	return best, bestC
}

// labelNear is how far a flow's name may lie from its line.
const labelNear = 10.0

// distance is the gap between a polyline and a rectangle.
func distance(pts []swimlane.Point, r swimlane.Rect) float64 {
	d := math.Inf(1)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		dx := max(0, r.X-max(a.X, b.X), min(a.X, b.X)-(r.X+r.W))
		dy := max(0, r.Y-max(a.Y, b.Y), min(a.Y, b.Y)-(r.Y+r.H))
		d = min(d, math.Hypot(dx, dy))
	}
	return d
}

// spotBeside tries places along the segment a-b, on both sides, and
// returns the first crossing the fewest lines; -1 when none is free.
func spotBeside(a, b swimlane.Point, w, h float64, cost func(swimlane.Rect) int) (swimlane.Rect, int) {
	best, bestC := swimlane.Rect{}, -1
	const steps = 12
	for k := 0; k <= steps; k++ {
		f := float64(k) / steps
		c := swimlane.Point{X: a.X + (b.X-a.X)*f, Y: a.Y + (b.Y-a.Y)*f}
		cands := []swimlane.Rect{{X: c.X + 4, Y: c.Y - h/2, W: w, H: h}, {X: c.X - 4 - w, Y: c.Y - h/2, W: w, H: h}}
		if a.Y == b.Y {
			cands = []swimlane.Rect{{X: c.X - w/2, Y: c.Y - 3 - h, W: w, H: h}, {X: c.X - w/2, Y: c.Y + 3, W: w, H: h}}
		}
		for _, r := range cands {
			if n := cost(r); n >= 0 && (bestC < 0 || n < bestC) {
				best, bestC = r, n
				if n == 0 {
					return best, 0
				}
			}
		}
	}
	return best, bestC
}

func inflate(r swimlane.Rect, d float64) swimlane.Rect {
	return swimlane.Rect{X: r.X - d, Y: r.Y - d, W: r.W + 2*d, H: r.H + 2*d}
}

// crosses reports whether an axis-parallel polyline passes through r.
func crosses(pts []swimlane.Point, r swimlane.Rect) bool {
	for i := 0; i+1 < len(pts); i++ {
		if swimlane.SegmentCrosses(pts[i], pts[i+1], r) {
			return true
		}
	}
	return false
}
