package swimlane

import (
	"fmt"
	"math"
	"strings"
)

// Check lists what breaks the drawing's promises: a lane band that is not
// full width or out of the declared order, a box outside its band or on
// another box, an edge segment that is not axis-parallel or passes through
// a box, a label on a box or on another label, a lane header that is not
// one text element holding the lane's name. Nil means none.
func (g *Geometry) Check() []string {
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	g.checkLanes(add)
	for i, n := range g.Nodes {
		if n.Lane >= 0 && n.Lane < len(g.Lanes) && n.Tier < len(g.Lanes[n.Lane].Bands) && !inside(n.Box, g.Lanes[n.Lane].Bands[n.Tier]) {
			add("node %s is outside its lane %q", n.ID, g.Lanes[n.Lane].Name)
		}
		for _, o := range g.Nodes[i+1:] {
			if overlaps(n.Box, o.Box) {
				add("nodes %s and %s overlap", n.ID, o.ID)
			}
		}
	}
	var labels []Rect
	var owners []string
	for _, e := range g.Edges {
		name := e.From + "->" + e.To
		for k := 0; k+1 < len(e.Points); k++ {
			a, b := e.Points[k], e.Points[k+1]
			if a.X != b.X && a.Y != b.Y {
				add("edge %s: segment %d is not horizontal or vertical", name, k)
			}
			for _, n := range g.Nodes {
				if SegmentCrosses(a, b, n.Box) {
					add("edge %s: segment %d passes through %s", name, k, n.ID)
				}
			}
		}
		if len(e.Text) == 0 {
			continue
		}
		for _, n := range g.Nodes {
			if overlaps(e.LabelAt, n.Box) {
				add("label of %s lies on %s", name, n.ID)
			}
		}
		for j, l := range labels {
			if overlaps(e.LabelAt, l) {
				add("labels of %s and %s overlap", name, owners[j])
			}
		}
		labels, owners = append(labels, e.LabelAt), append(owners, name)
	}
	return bad
}

func (g *Geometry) checkLanes(add func(string, ...any)) {
	headers := map[string]int{}
	for _, t := range g.Texts {
		if t.Role == "lane" {
			headers[t.ID+"\x00"+strings.Join(t.Lines, " ")]++
		}
	}
	for i, l := range g.Lanes {
		if headers[l.ID+"\x00"+l.Name] != len(l.Bands) {
			add("lane %q: %d header texts holding its name, want %d", l.Name, headers[l.ID+"\x00"+l.Name], len(l.Bands))
		}
		for t, b := range l.Bands {
			full := b.X == 0 && math.Abs(b.W-g.Width) < 0.01
			if g.Direction == Down {
				full = math.Abs(b.H-(g.Height-b.Y-pad/2)) < 0.01
			}
			if !full {
				add("lane %q (tier %d) is not full width", l.Name, t)
			}
			if i > 0 {
				prev := g.Lanes[i-1].Bands[t]
				if g.Direction == Down && math.Abs(prev.X+prev.W-b.X) > 0.01 || g.Direction != Down && math.Abs(prev.Y+prev.H-b.Y) > 0.01 {
					add("lane %q (tier %d) does not follow lane %q", l.Name, t, g.Lanes[i-1].Name)
				}
			}
		}
	}
}

func inside(r, band Rect) bool {
	return r.X >= band.X-0.01 && r.Y >= band.Y-0.01 && r.X+r.W <= band.X+band.W+0.01 && r.Y+r.H <= band.Y+band.H+0.01
}
