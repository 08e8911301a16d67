package swimlane

import "math"

// strictUntil is the last iteration on which a label must not lie across
// an edge's line; later ones accept the spot crossing the fewest lines
// rather than grow the picture further.
const strictUntil = 0

// placeLabels finds a spot for every edge label, beside a segment of its
// own edge, that overlaps no box, lane header or other label and crosses
// as few lines as it can. It returns the edges whose label found no spot
// (or, while strict, only spots across lines); on the last iteration every
// label is placed.
func (p *placer) placeLabels(g *Geometry, top float64, iter int) []int {
	var obstacles []Rect
	for _, n := range g.Nodes {
		obstacles = append(obstacles, inflate(n.Box, 2))
	}
	for _, l := range g.Lanes {
		obstacles = append(obstacles, l.Headers...)
	}
	var fails []int
	var placed []Rect
	for i := range g.Edges {
		e := &g.Edges[i]
		if len(e.Text) == 0 {
			continue
		}
		w, h := labelSize(e.Text)
		cost := func(r Rect) int {
			if r.X < 2 || r.Y < top || r.X+r.W > g.Width-2 || r.Y+r.H > g.Height-2 {
				return -1
			}
			for _, o := range obstacles {
				if overlaps(r, o) {
					return -1
				}
			}
			for _, o := range placed {
				if overlaps(r, inflate(o, 2)) {
					return -1
				}
			}
			n := 0
			for j := range g.Edges {
				if crosses(g.Edges[j].Points, r) {
					n++
				}
			}
			return n
		}
		r, c := p.spot(e.Points, p.preferred(i, len(e.Points)), w, h, cost)
		if (c < 0 || c > 0 && iter <= strictUntil) && iter < maxGrow {
			fails = append(fails, i)
			continue
		}
		if c < 0 {
			r = Rect{e.Points[0].X + 3, e.Points[0].Y - h - 3, w, h}
		}
		e.LabelAt = r
		placed = append(placed, r)
	}
	return fails
}

// preferred is the index of the segment a label should sit by: the channel
// run, else the gap run of a direct edge, else the only segment.
func (p *placer) preferred(i, npts int) int {
	r := p.routes[i]
	switch {
	case r.kind == rChannel && r.exitSide != 0:
		return 1
	case r.kind == rChannel:
		return min(2, npts-2)
	case r.kind == rDirect:
		return min(1, npts-2)
	}
	return 0
}

// spot tries positions beside the segments of pts, the preferred one first
// and from its source end on, and returns the one crossing the fewest
// lines (the first of those), with that count; -1 when none is free.
func (p *placer) spot(pts []Point, pref int, w, h float64, cost func(Rect) int) (Rect, int) {
	order := []int{pref}
	for s := 0; s+1 < len(pts); s++ {
		if s != pref {
			order = append(order, s)
		}
	}
	best, bestC := Rect{}, -1
	for _, s := range order {
		r, c := spotBeside(pts[s], pts[s+1], w, h, cost)
		if c >= 0 && (bestC < 0 || c < bestC) {
			best, bestC = r, c
		}
		if bestC == 0 {
			break
		}
	}
	return best, bestC
}

// spotBeside tries positions along the segment a-b, on both sides.
func spotBeside(a, b Point, w, h float64, cost func(Rect) int) (Rect, int) {
	horizontal := a.Y == b.Y
	length := math.Abs(b.X-a.X) + math.Abs(b.Y-a.Y)
	size := h
	if horizontal {
		size = w
	}
	best, bestC := Rect{}, -1
	steps := max(1, min(24, int((length-size)/8)))
	for k := 0; k <= steps; k++ {
		f := 0.5
		if length > size+8 {
			f = (4 + float64(k)*(length-size-8)/float64(steps) + size/2) / length
		}
		cx, cy := a.X+(b.X-a.X)*f, a.Y+(b.Y-a.Y)*f
		offs := 2
		if !horizontal {
			offs = 1
		}
		for off := 0; off < offs; off++ {
			var cands [2]Rect
			if horizontal {
				d := float64(off) * (h + 2)
				cands = [2]Rect{{cx - w/2, cy - 3 - h - d, w, h}, {cx - w/2, cy + 3 + d, w, h}}
			} else {
				cands = [2]Rect{{cx + 4, cy - h/2, w, h}, {cx - 4 - w, cy - h/2, w, h}}
			}
			for _, r := range cands {
				if c := cost(r); c >= 0 && (bestC < 0 || c < bestC) {
					best, bestC = r, c
					if c == 0 {
						return best, 0
					}
				}
			}
		}
	}
	return best, bestC
}

func inflate(r Rect, d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }

// overlaps reports whether two rectangles share interior.
func overlaps(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// crosses reports whether an axis-parallel polyline passes through r's interior.
func crosses(pts []Point, r Rect) bool {
	for i := 0; i+1 < len(pts); i++ {
		if SegmentCrosses(pts[i], pts[i+1], r) {
			return true
		}
	}
	return false
}

// SegmentCrosses reports whether the axis-parallel segment a-b passes
// through the interior of r. A segment that only touches r's border, within
// float rounding (crossTolerance), does not cross it.
func SegmentCrosses(a, b Point, r Rect) bool {
	const e = crossTolerance
	x0, x1 := min(a.X, b.X), max(a.X, b.X)
	y0, y1 := min(a.Y, b.Y), max(a.Y, b.Y)
	return x1 > r.X+e && x0 < r.X+r.W-e && y1 > r.Y+e && y0 < r.Y+r.H-e
}

// crossTolerance is how far (px) a segment may reach into a box before it
// counts as crossing it: coordinates computed two ways (a border from x+w,
// a waypoint from a centre ± w/2) differ in the last bits.
const crossTolerance = 1e-6
