package bpmn

import (
	"sort"

	"github.com/flowmap/flowmap/render/swimlane"
)

// scale maps one axis of the layout onto the diagram: piecewise linear,
// increasing, and nowhere shrinking outside the lane headers, so that what
// was apart in the layout stays apart and right angles stay right. jumps
// insert room at a place (the data store strip at a lane's bottom).
type scale struct {
	in, out []float64 // breakpoints, increasing
	jumps   []jump
}

type jump struct{ at, by float64 }

// piece is an interval of the layout that becomes `to` long in the diagram.
type piece struct{ a, b, to float64 }

// newScale maps origin to 0 and each piece to its length; the room between
// pieces (and up to end) is stretched by between.
func newScale(origin, end float64, pieces []piece, between func(float64) float64) *scale {
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].a < pieces[j].a })
	var merged []piece
	for _, p := range pieces {
		if n := len(merged); n > 0 && p.a < merged[n-1].b {
			q := &merged[n-1]
			q.to = max(q.to+p.to, p.b-q.a)
			q.b = max(q.b, p.b)
			continue
		}
		merged = append(merged, p)
	}
	s := &scale{in: []float64{origin}, out: []float64{0}}
	at, v := origin, 0.0
	for _, p := range merged {
		if p.a > at {
			v += between(p.a - at)
			s.in, s.out = append(s.in, p.a), append(s.out, v)
		}
		v += p.to
		s.in, s.out = append(s.in, p.b), append(s.out, v)
		at = p.b
	}
	if end > at {
		s.in, s.out = append(s.in, end), append(s.out, v+between(end-at))
	}
	return s
}

// at maps a layout coordinate.
func (s *scale) at(v float64) float64 {
	n := len(s.in)
	i := sort.SearchFloat64s(s.in, v)
	var out float64
	switch {
	case i == 0:
		out = s.out[0] - (s.in[0] - v)
	case i == n:
		out = s.out[n-1] + (v - s.in[n-1])
	case s.in[i] == v:
		out = s.out[i]
	default:
		f := (v - s.in[i-1]) / (s.in[i] - s.in[i-1])
		out = s.out[i-1] + f*(s.out[i]-s.out[i-1])
	}
	for _, j := range s.jumps {
		if v >= j.at {
			out += j.by
		}
	}
	return out
}

// Room the layout's gaps and channels get in the diagram: half as much
// again, and at least this much more, so arrows have room between shapes.
const (
	gapMoreX = 30.0
	gapMoreY = 16.0
)

func stretchX(d float64) float64 { return max(1.5*d, d+gapMoreX) }
func stretchY(d float64) float64 { return max(1.5*d, d+gapMoreY) }

// axes returns the scales of the layout g: every column becomes as wide
// as its widest BPMN shape, every row of a lane as tall as its tallest,
// lane headers laneLabelW, and each lane with data stores gets their strip
// at its bottom.
func (x *export) axes(g *swimlane.Geometry, size map[string][2]float64) (fx, fy *scale) {
	cols, rows := map[int]*piece{}, map[[2]int]*piece{}
	grow := func(p *piece, a, b, to float64) *piece {
		if p == nil {
			return &piece{a, b, max(b-a, to)}
		}
		p.a, p.b = min(p.a, a), max(p.b, b)
		p.to = max(p.to, to, p.b-p.a)
		return p
	}
	for _, n := range g.Nodes {
		sz := size[n.ID]
		cols[n.Column] = grow(cols[n.Column], n.Box.X, n.Box.X+n.Box.W, sz[0])
		k := [2]int{n.Lane, n.Row}
		rows[k] = grow(rows[k], n.Box.Y, n.Box.Y+n.Box.H, sz[1])
	}
	xs := []piece{{0, g.Lanes[0].Header.W, laneLabelW}}
	for _, p := range cols {
		xs = append(xs, *p)
	}
	var ys []piece
	for _, p := range rows {
		ys = append(ys, *p)
	}
	last := g.Lanes[len(g.Lanes)-1].Band
	fx = newScale(0, g.Width, xs, stretchX)
	fy = newScale(g.Lanes[0].Band.Y, last.Y+last.H, ys, stretchY)
	for i, l := range g.Lanes {
		if x.laneHasStores(i) {
			fy.jumps = append(fy.jumps, jump{l.Band.Y + l.Band.H, storeStrip})
		}
	}
	return fx, fy
}
