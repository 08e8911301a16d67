package swimlane

import "fmt"

// geometry builds the picture for the current gaps and channels and places
// the edge labels; it returns the edges whose labels found no room (none
// on the last iteration, which places them anyway).
func (p *placer) geometry(iter int) (*Geometry, []int) {
	gr := p.gr
	f := &frame{}
	p.acrossFrame(f)
	p.alongFrame(f)
	down := gr.opt.Direction == Down
	pt := func(a, c float64) Point {
		if down {
			return Point{c, a}
		}
		return Point{a, c}
	}
	rect := func(a, c, along, across float64) Rect {
		if down {
			return Rect{c, a, across, along}
		}
		return Rect{a, c, along, across}
	}
	base := gr.base
	g := &Geometry{Direction: base.Direction, Title: base.Title, Notes: base.Notes, Tiers: p.T,
		Legend: append([]LegendItem(nil), base.Legend...)}
	if p.T > 1 { // say so, or a reader takes the second copy of a lane for another team
		fold := fmt.Sprintf("folded in %d to fit a slide: the lanes are drawn again below, the flow continuing from the right end of each copy to the left of the next", p.T)
		if down {
			fold = fmt.Sprintf("folded in %d to fit a slide: the lanes are drawn again to the right, the flow continuing from the bottom of each copy to the top of the next", p.T)
		}
		g.Notes = append(append([]string(nil), base.Notes...), fold)
	}
	if down {
		g.Width, g.Height = f.totalC, f.totalA
	} else {
		g.Width, g.Height = f.totalA, f.totalC
	}
	top := p.titleBlock(g)
	shift := func(r Rect) Rect { r.Y += top; return r }
	for l, ln := range base.Lanes {
		ln.Bands, ln.Headers = nil, nil
		for t := 0; t < p.T; t++ {
			ln.Bands = append(ln.Bands, shift(rect(0, f.laneTop[t][l], f.totalA, f.laneH[t][l])))
			ln.Headers = append(ln.Headers, shift(rect(0, f.laneTop[t][l], f.headerA, f.laneH[t][l])))
		}
		ln.Band, ln.Header = ln.Bands[0], ln.Headers[0]
		g.Lanes = append(g.Lanes, ln)
	}
	for _, n := range gr.nodes {
		a, c := p.centre(f, n)
		node := Node{ID: n.id, Kind: n.kind, Lane: n.lane, Column: n.col, Row: n.row, Tier: p.tier(n),
			Box: shift(rect(a-p.along(n)/2, c-p.across(n)/2, p.along(n), p.across(n))), Label: n.label, Sub: n.sub, Step: n.step,
			Style: defaultNodeStyle(n)}
		if n.step != nil && gr.opt.NodeStyle != nil {
			if st := gr.opt.NodeStyle(n.step); st != (Style{}) {
				node.Style = st
			}
		}
		g.Nodes = append(g.Nodes, node)
	}
	for i, e := range gr.edges {
		pts := p.points(f, i)
		for k := range pts {
			pts[k] = pt(pts[k].X, pts[k].Y)
			pts[k].Y += top
		}
		g.Edges = append(g.Edges, Edge{From: gr.nodes[e.from].id, To: gr.nodes[e.to].id, Points: pts, Label: e.label,
			Handoff: e.handoff, Back: e.back, Edge: e.edge, Text: e.text, Style: e.style})
	}
	g.Height += top + pad/2
	fails := p.placeLabels(g, top, iter)
	g.texts(f.headers)
	return g, fails
}

// titleBlock places the title, notes and legend at the top, widening the
// picture if the title needs it, and returns the block's height.
func (p *placer) titleBlock(g *Geometry) float64 {
	y := pad
	if g.Title != "" {
		y += TitleSize * lineGap
	}
	var notes []string
	for _, n := range g.Notes {
		notes = append(notes, wrapText(Printable(n), NoteSize, false, g.Width-2*pad)...)
	}
	g.Notes = notes
	y += float64(len(notes)) * NoteSize * lineGap
	lh := NoteSize*lineGap + 3
	x := pad
	if len(g.Legend) > 0 {
		y += 3
	}
	for i := range g.Legend {
		it := &g.Legend[i]
		w := TextWidth(it.Text, NoteSize, false)
		if it.Kind != "text" {
			w += legendSampleW + 5
		}
		if x > pad && x+w > g.Width-pad {
			x, y = pad, y+lh
		}
		it.At = Rect{x, y, w, lh - 3}
		x += w + 16
	}
	if len(g.Legend) > 0 {
		y += lh
	}
	return y + pad/2
}

// legendSampleW is the width of a legend item's swatch or line sample.
const legendSampleW = 22.0

// Sample is where a legend item's swatch or line sample is drawn.
func (it *LegendItem) Sample() Rect {
	return Rect{it.At.X, it.At.Y + 1, legendSampleW, it.At.H - 2}
}
