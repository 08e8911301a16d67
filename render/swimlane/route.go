package swimlane

import "sort"

// Route kinds.
const (
	rStraight = iota // same row, next column: one segment
	rDirect          // next column, another row: right, along the gap, right
	rChannel         // through a channel between rows
)

// route is how an edge runs: out of its source (right side, or top or
// bottom into a channel next to the source's row), along a channel between
// rows, down or up the gap before the target, into the target's left side.
type route struct {
	kind          int
	exitSide      int // 0 right; -1 into the channel above the source, +1 below
	gapOut, gapIn int
	ch            int // channel index (rChannel)
	// tracks: position within the gap or channel, 0-based, and the count
	tOut, tIn, tCh int
}

// chanRef is a channel: the space above row j of a lane in a tier (j ==
// rows: below the last row). pos is its place in the across order.
type chanRef struct{ t, l, j, pos int }

// placer lays a graph out with its columns folded into T tiers of K.
type placer struct {
	gr       *graph
	T, K     int
	rowPos   [][][]int // [tier][lane][row] -> across order
	chIdx    [][][]int // [tier][lane][j] -> channel index
	chans    []chanRef
	routes   []route
	gapN     []int // tracks per gap
	chN      []int // tracks per channel
	extraGap []float64
	extraCh  []float64
}

func newPlacer(gr *graph, T int) *placer {
	K := (gr.ncols + T - 1) / T
	p := &placer{gr: gr, T: T, K: K}
	pos := 0
	p.rowPos = make([][][]int, T)
	p.chIdx = make([][][]int, T)
	for t := 0; t < T; t++ {
		p.rowPos[t] = make([][]int, len(gr.rows))
		p.chIdx[t] = make([][]int, len(gr.rows))
		for l, R := range gr.rows {
			for j := 0; j <= R; j++ {
				p.chIdx[t][l] = append(p.chIdx[t][l], len(p.chans))
				p.chans = append(p.chans, chanRef{t, l, j, pos})
				pos++
				if j < R {
					p.rowPos[t][l] = append(p.rowPos[t][l], pos)
					pos++
				}
			}
		}
	}
	p.extraGap = make([]float64, K+1)
	p.extraCh = make([]float64, len(p.chans))
	return p
}

func (p *placer) tier(n *lnode) int { return n.col / p.K }
func (p *placer) lcol(n *lnode) int { return n.col % p.K }
func (p *placer) npos(n *lnode) int { return p.rowPos[p.tier(n)][n.lane][n.row] }

// routeAll decides every edge's route and the tracks in gaps and channels.
func (p *placer) routeAll() {
	gr := p.gr
	p.routes = make([]route, len(gr.edges))
	side := map[[2]int]int{} // (node, side) -> labelled edges sent that way
	for i, e := range gr.edges {
		u, v := gr.nodes[e.from], gr.nodes[e.to]
		tu, tv, cu, cv := p.tier(u), p.tier(v), p.lcol(u), p.lcol(v)
		pu, pv := p.npos(u), p.npos(v)
		adjacent := tu == tv && cv == cu+1
		labelled := e.raw != ""
		if labelled {
			e.text = wrapText(Printable(e.raw), LabelSize, false, labelW)
		}
		r := route{gapOut: cu + 1, gapIn: cv}
		switch {
		case adjacent && pu == pv && !(labelled && len(u.outs) > 1):
			r.kind = rStraight
			if labelled {
				e.text = wrapText(Printable(e.raw), LabelSize, false, labelNarrowW)
			}
		case adjacent && !labelled:
			r.kind = rDirect
		default:
			r.kind = rChannel
			above, below := p.chIdx[tu][u.lane][u.row], p.chIdx[tu][u.lane][u.row+1]
			if labelled {
				switch {
				case pv < pu:
					r.ch = above
				case pv > pu:
					r.ch = below
				case side[[2]int{e.from, 1}] < side[[2]int{e.from, -1}]:
					r.ch = below
				default:
					r.ch = above
				}
			} else {
				r.ch = p.bestChannel(pu, pv, above, below, cv <= cu || tv < tu || u == v)
			}
			switch r.ch {
			case above:
				r.exitSide = -1
			case below:
				r.exitSide = 1
			}
			side[[2]int{e.from, r.exitSide}]++
		}
		p.routes[i] = r
	}
	p.allocTracks()
}

// bestChannel picks the channel an edge between across positions pu and pv
// runs along: the one making the shortest detour, preferring the source's
// own channels, then the highest (forward edges) or lowest (loops).
func (p *placer) bestChannel(pu, pv, above, below int, back bool) int {
	best, bestCost := -1, 0
	for ci, c := range p.chans {
		cost := 4 * (abs(c.pos-pu) + abs(c.pos-pv))
		if ci != above && ci != below {
			cost++
		}
		if best < 0 || cost < bestCost || cost == bestCost && back {
			best, bestCost = ci, cost
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// span is an interval a segment occupies, for track allocation.
type span struct {
	edge, part int // part: 0 gap out, 1 gap in, 2 channel
	lo, hi     int
	cat        int // order within a gap: exits, direct, entries
}

// allocTracks gives each vertical segment a track in its gap and each
// horizontal one a track in its channel, so that no two overlap.
func (p *placer) allocTracks() {
	gaps := make([][]span, p.K+1)
	chs := make([][]span, len(p.chans))
	for i, r := range p.routes {
		e := p.gr.edges[i]
		u, v := p.gr.nodes[e.from], p.gr.nodes[e.to]
		pu, pv := p.npos(u), p.npos(v)
		switch r.kind {
		case rDirect:
			gaps[r.gapOut] = append(gaps[r.gapOut], span{i, 0, min(pu, pv), max(pu, pv), 1})
		case rChannel:
			pc := p.chans[r.ch].pos
			start := 2 * r.gapOut
			if r.exitSide != 0 {
				start = 2*p.lcol(u) + 1
			} else {
				gaps[r.gapOut] = append(gaps[r.gapOut], span{i, 0, min(pu, pc), max(pu, pc), 0})
			}
			gaps[r.gapIn] = append(gaps[r.gapIn], span{i, 1, min(pc, pv), max(pc, pv), 2})
			end := 2 * r.gapIn
			chs[r.ch] = append(chs[r.ch], span{i, 2, min(start, end), max(start, end), 0})
		}
	}
	p.gapN = make([]int, len(gaps))
	for g, ss := range gaps {
		p.gapN[g] = p.assign(ss)
	}
	p.chN = make([]int, len(chs))
	for c, ss := range chs {
		p.chN[c] = p.assign(ss)
	}
}

// assign colours intervals greedily (by category, then start) and stores
// each one's track in its route; it returns the number of tracks.
func (p *placer) assign(ss []span) int {
	sort.SliceStable(ss, func(a, b int) bool {
		if ss[a].cat != ss[b].cat {
			return ss[a].cat < ss[b].cat
		}
		return ss[a].lo < ss[b].lo
	})
	total := 0
	for cat := 0; cat < 3; cat++ {
		var ends []int // last hi per track of this category
		for _, s := range ss {
			if s.cat != cat {
				continue
			}
			k := -1
			for t, hi := range ends {
				if hi < s.lo {
					k = t
					break
				}
			}
			if k < 0 {
				k = len(ends)
				ends = append(ends, 0)
			}
			ends[k] = s.hi
			r := &p.routes[s.edge]
			switch s.part {
			case 0:
				r.tOut = total + k
			case 1:
				r.tIn = total + k
			case 2:
				r.tCh = total + k
			}
		}
		total += len(ends)
	}
	return total
}
