package swimlane

// Spacing (px).
const (
	gapMin    = 16.0 // between columns
	gapEdge   = 8.0  // before the first and after the last column
	trackSp   = 7.0  // between parallel lines in a gap or channel
	chMin     = 12.0 // a channel between rows (or at a lane's edge)
	rowMin    = 40.0 // an empty row (Right); Down uses laneMinW
	laneMinW  = 110.0
	tierGap   = 22.0
	pad       = 12.0 // around the title block
	headerPad = 5.0
	maxGrow   = 14 // label-room iterations
)

// place lays the graph out in T tiers, growing gaps and channels until
// every label has room.
func (gr *graph) place(T int) *Geometry {
	p := newPlacer(gr, T)
	p.routeAll()
	shaped := false
	for iter := 0; ; iter++ {
		g, fails := p.geometry(iter)
		if len(fails) == 0 && !shaped && gr.opt.Direction != Down {
			shaped = true
			if p.shape(g) {
				continue
			}
		}
		if len(fails) == 0 || iter == maxGrow {
			return g
		}
		grown := map[[2]int]bool{}
		for _, f := range fails {
			p.grow(f, grown)
		}
	}
}

// Slide shapes: a left-to-right picture is kept between 16:9 and 3:1.
const (
	minAspect = 16.0 / 9
	maxAspect = 3.0
)

// shape widens the gaps of a picture taller than 16:9, or heightens the
// channels of one wider than 3:1, so it fills a slide's shape; it reports
// whether it changed anything. The fit on a slide stays the same: a narrow
// picture is fitted by its height, a wide one by its width.
func (p *placer) shape(g *Geometry) bool {
	switch {
	case g.Width < minAspect*g.Height:
		d := (minAspect*g.Height - g.Width + 1) / float64(len(p.extraGap))
		for i := range p.extraGap {
			p.extraGap[i] += d
		}
	case g.Width > maxAspect*g.Height:
		d := (g.Width/maxAspect - g.Height + 1) / float64(len(p.extraCh))
		for i := range p.extraCh {
			p.extraCh[i] += d
		}
	default:
		return false
	}
	return true
}

// frame is the abstract layout: along the flow (a) and across the lanes (c).
type frame struct {
	colA, colW []float64 // per local column
	gapA, gapW []float64 // per gap
	chTop, chH []float64 // per channel
	rowTop     [][][]float64
	rowH       [][][]float64
	laneTop    [][]float64
	laneH      [][]float64
	headerA    float64
	headers    [][]string
	totalA     float64
	totalC     float64
}

func (p *placer) along(n *lnode) float64 {
	if p.gr.opt.Direction == Down {
		return n.h
	}
	return n.w
}

func (p *placer) across(n *lnode) float64 {
	if p.gr.opt.Direction == Down {
		return n.w
	}
	return n.h
}

// acrossFrame stacks tiers, lanes, channels and rows.
func (p *placer) acrossFrame(f *frame) {
	gr := p.gr
	cell := map[[3]int]float64{}
	for _, n := range gr.nodes {
		k := [3]int{p.tier(n), n.lane, n.row}
		cell[k] = max(cell[k], p.across(n))
	}
	minRow := rowMin
	if gr.opt.Direction == Down {
		minRow = laneMinW - 2*chMin
	}
	f.chTop = make([]float64, len(p.chans))
	f.chH = make([]float64, len(p.chans))
	f.rowTop, f.rowH = make([][][]float64, p.T), make([][][]float64, p.T)
	f.laneTop, f.laneH = make([][]float64, p.T), make([][]float64, p.T)
	y := 0.0
	for t := 0; t < p.T; t++ {
		if t > 0 {
			y += tierGap
		}
		f.rowTop[t], f.rowH[t] = make([][]float64, len(gr.rows)), make([][]float64, len(gr.rows))
		f.laneTop[t], f.laneH[t] = make([]float64, len(gr.rows)), make([]float64, len(gr.rows))
		for l, R := range gr.rows {
			f.laneTop[t][l] = y
			for j := 0; j <= R; j++ {
				ci := p.chIdx[t][l][j]
				h := max(chMin, float64(p.chN[ci]+1)*trackSp) + p.extraCh[ci]
				f.chTop[ci], f.chH[ci] = y, h
				y += h
				if j < R {
					rh := max(minRow, cell[[3]int{t, l, j}])
					f.rowTop[t][l] = append(f.rowTop[t][l], y)
					f.rowH[t][l] = append(f.rowH[t][l], rh)
					y += rh
				}
			}
			f.laneH[t][l] = y - f.laneTop[t][l]
		}
	}
	f.totalC = y
}

// alongFrame sizes the lane headers, columns and gaps.
func (p *placer) alongFrame(f *frame) {
	gr := p.gr
	lh := HeaderSize * lineGap
	f.headers = make([][]string, len(gr.rows))
	lines := 1
	for l := range gr.rows {
		room := 1e9
		for t := 0; t < p.T; t++ {
			room = min(room, f.laneH[t][l]-2*headerPad)
		}
		f.headers[l] = wrapText(gr.base.Lanes[l].Name, HeaderSize, true, room)
		lines = max(lines, len(f.headers[l]))
	}
	f.headerA = float64(lines)*lh + 2*headerPad
	f.colW = make([]float64, p.K)
	for _, n := range gr.nodes {
		f.colW[p.lcol(n)] = max(f.colW[p.lcol(n)], p.along(n))
	}
	f.gapW = make([]float64, p.K+1)
	f.gapA = make([]float64, p.K+1)
	f.colA = make([]float64, p.K)
	a := f.headerA
	for g := 0; g <= p.K; g++ {
		w := gapMin
		if g == 0 || g == p.K {
			w = gapEdge
		}
		f.gapW[g] = max(w, float64(p.gapN[g]+1)*trackSp) + p.extraGap[g]
		f.gapA[g] = a
		a += f.gapW[g]
		if g < p.K {
			f.colW[g] = max(f.colW[g], 20)
			f.colA[g] = a
			a += f.colW[g]
		}
	}
	f.totalA = a
}

func (f *frame) gapTrack(g, k, n int) float64 {
	return f.gapA[g] + f.gapW[g]*float64(k+1)/float64(n+1)
}

func (f *frame) chTrack(c, k, n int) float64 {
	return f.chTop[c] + f.chH[c]*float64(k+1)/float64(n+1)
}

// centre is a node's centre in the abstract frame.
func (p *placer) centre(f *frame, n *lnode) (a, c float64) {
	t := p.tier(n)
	return f.colA[p.lcol(n)] + f.colW[p.lcol(n)]/2, f.rowTop[t][n.lane][n.row] + f.rowH[t][n.lane][n.row]/2
}

// points routes edge i in the abstract frame.
func (p *placer) points(f *frame, i int) []Point {
	e, r := p.gr.edges[i], p.routes[i]
	u, v := p.gr.nodes[e.from], p.gr.nodes[e.to]
	ua, uc := p.centre(f, u)
	va, vc := p.centre(f, v)
	uR, vL := ua+p.along(u)/2, va-p.along(v)/2
	var pts []Point
	switch r.kind {
	case rStraight:
		pts = []Point{{uR, uc}, {vL, vc}}
	case rDirect:
		x := f.gapTrack(r.gapOut, r.tOut, p.gapN[r.gapOut])
		pts = []Point{{uR, uc}, {x, uc}, {x, vc}, {vL, vc}}
	default:
		yc := f.chTrack(r.ch, r.tCh, p.chN[r.ch])
		switch r.exitSide {
		case -1:
			pts = []Point{{ua, uc - p.across(u)/2}, {ua, yc}}
		case 1:
			pts = []Point{{ua, uc + p.across(u)/2}, {ua, yc}}
		default:
			x := f.gapTrack(r.gapOut, r.tOut, p.gapN[r.gapOut])
			pts = []Point{{uR, uc}, {x, uc}, {x, yc}}
		}
		xin := f.gapTrack(r.gapIn, r.tIn, p.gapN[r.gapIn])
		pts = append(pts, Point{xin, yc}, Point{xin, vc}, Point{vL, vc})
	}
	return simplify(pts)
}

// simplify drops repeated points and points in the middle of a straight run.
func simplify(pts []Point) []Point {
	out := pts[:0:0]
	for _, q := range pts {
		if n := len(out); n > 0 && out[n-1] == q {
			continue
		}
		if n := len(out); n >= 2 {
			a, b := out[n-2], out[n-1]
			if a.X == b.X && b.X == q.X || a.Y == b.Y && b.Y == q.Y {
				if (b.X-a.X)*(q.X-b.X) >= 0 && (b.Y-a.Y)*(q.Y-b.Y) >= 0 {
					out[n-1] = q
					continue
				}
			}
		}
		out = append(out, q)
	}
	return out
}

// grow makes room for the label of edge i that found none: a taller
// channel, or a wider gap.
func (p *placer) grow(i int, grown map[[2]int]bool) {
	r := p.routes[i]
	e := p.gr.edges[i]
	w, h := labelSize(e.text)
	down := p.gr.opt.Direction == Down
	key := [2]int{0, r.gapOut}
	if r.kind == rChannel {
		key = [2]int{1, r.ch}
	}
	if grown[key] { // once per iteration: the room may suffice for all
		return
	}
	grown[key] = true
	switch {
	case r.kind == rChannel && !down:
		p.extraCh[r.ch] += h + 3
	case r.kind == rChannel:
		p.extraCh[r.ch] += w/2 + 4
	case !down:
		p.extraGap[r.gapOut] += max(10, w/2)
	default:
		p.extraGap[r.gapOut] += h + 3
	}
}

// labelSize is the size of an edge label's box.
func labelSize(lines []string) (w, h float64) {
	return widest(lines, LabelSize, false) + 4, float64(len(lines))*LabelSize*lineGap + 2
}
