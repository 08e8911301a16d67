package swimlane

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
)

// Arrowhead size (px).
const (
	arrowLen  = 8.0
	arrowHalf = 3.6
)

// Line is the edge's polyline shortened at the target by the arrowhead.
func (e *Edge) Line() []Point {
	pts := append([]Point(nil), e.Points...)
	if n := len(pts); n >= 2 {
		a, b := pts[n-2], pts[n-1]
		d := math.Hypot(b.X-a.X, b.Y-a.Y)
		if d > arrowLen {
			pts[n-1] = Point{b.X - (b.X-a.X)/d*arrowLen, b.Y - (b.Y-a.Y)/d*arrowLen}
		}
	}
	return pts
}

// Arrow is the edge's arrowhead triangle: tip, then the two base corners.
func (e *Edge) Arrow() [3]Point {
	n := len(e.Points)
	if n < 2 {
		return [3]Point{}
	}
	a, b := e.Points[n-2], e.Points[n-1]
	d := math.Hypot(b.X-a.X, b.Y-a.Y)
	if d == 0 {
		return [3]Point{b, b, b}
	}
	ux, uy := (b.X-a.X)/d, (b.Y-a.Y)/d
	bx, by := b.X-ux*arrowLen, b.Y-uy*arrowLen
	return [3]Point{b, {bx - uy*arrowHalf, by + ux*arrowHalf}, {bx + uy*arrowHalf, by - ux*arrowHalf}}
}

// Diamond is a decision's outline: top, right, bottom, left.
func (n *Node) Diamond() [4]Point {
	b := n.Box
	return [4]Point{{b.X + b.W/2, b.Y}, {b.X + b.W, b.Y + b.H/2}, {b.X + b.W/2, b.Y + b.H}, {b.X, b.Y + b.H/2}}
}

// LaneFill is the fill of lane i's band (alternating, so bands read apart).
func LaneFill(i int) string {
	if i%2 == 1 {
		return ColLaneAlt
	}
	return ColLaneFill
}

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// WriteSVG writes the geometry as a standalone SVG document. The output is
// deterministic text: the same geometry gives the same bytes.
func WriteSVG(w io.Writer, g *Geometry) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s">`+"\n",
		num(g.Width), num(g.Height), num(g.Width), num(g.Height), FontFamily)
	p("<title>%s</title>\n", esc(g.Title))
	p(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	for i, l := range g.Lanes {
		for t := range l.Bands {
			r, h := l.Bands[t], l.Headers[t]
			p(`<rect class="lane" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`+"\n", num(r.X), num(r.Y), num(r.W), num(r.H), LaneFill(i), ColLaneBorder)
			p(`<rect class="lane-header" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`+"\n", num(h.X), num(h.Y), num(h.W), num(h.H), ColHeaderFill, ColLaneBorder)
		}
	}
	for _, it := range g.Legend {
		s := it.Sample()
		switch it.Kind {
		case "swatch":
			p(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"%s/>`+"\n", num(s.X), num(s.Y), num(s.W), num(s.H), colorOr(it.Style.Fill, ColStep), colorOr(it.Style.Stroke, ColEdge), dashAttr(it.Style))
		case "line":
			p(`<path d="M%s %sH%s" fill="none" stroke="%s" stroke-width="%s"%s/>`+"\n", num(s.X), num(s.Y+s.H/2), num(s.X+s.W), colorOr(it.Style.Stroke, ColEdge), num(width(it.Style)), dashAttr(it.Style))
		}
	}
	for i := range g.Edges {
		writeEdgeSVG(b, &g.Edges[i])
	}
	for i := range g.Nodes {
		writeNodeSVG(b, &g.Nodes[i])
	}
	for _, e := range g.Edges {
		if len(e.Text) > 0 {
			r := e.LabelAt
			p(`<rect x="%s" y="%s" width="%s" height="%s" rx="2" fill="#ffffff" fill-opacity="0.85"/>`+"\n", num(r.X), num(r.Y), num(r.W), num(r.H))
		}
	}
	for _, t := range g.Texts {
		writeTextSVG(b, t)
	}
	p("</svg>\n")
	return b.Flush()
}

func width(s Style) float64 {
	if s.Width > 0 {
		return s.Width
	}
	return 1
}

func dashAttr(s Style) string {
	switch s.Dash {
	case "dashed":
		return ` stroke-dasharray="6 4"`
	case "dotted":
		return ` stroke-dasharray="1.5 3" stroke-linecap="round"`
	}
	return ""
}

func writeEdgeSVG(b *bufio.Writer, e *Edge) {
	line := e.Line()
	if len(line) < 2 {
		return
	}
	var d strings.Builder
	for i, q := range line {
		if i == 0 {
			d.WriteString("M" + num(q.X) + " " + num(q.Y))
		} else {
			d.WriteString("L" + num(q.X) + " " + num(q.Y))
		}
	}
	stroke := colorOr(e.Style.Stroke, ColEdge)
	fmt.Fprintf(b, `<path class="edge" data-from="%s" data-to="%s" d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s/>`+"\n",
		esc(e.From), esc(e.To), d.String(), stroke, num(width(e.Style)), dashAttr(e.Style))
	a := e.Arrow()
	fmt.Fprintf(b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s"/>`+"\n", num(a[0].X), num(a[0].Y), num(a[1].X), num(a[1].Y), num(a[2].X), num(a[2].Y), stroke)
}

func writeNodeSVG(b *bufio.Writer, n *Node) {
	s := n.Style
	fill, stroke, sw := colorOr(s.Fill, ColStep), colorOr(s.Stroke, ColEdge), num(width(s))
	r := n.Box
	id := esc(n.ID)
	switch n.Kind {
	case Start, End:
		fmt.Fprintf(b, `<circle class="%s" data-id="%s" cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="%s"/>`+"\n", n.Kind, id, num(r.X+r.W/2), num(r.Y+r.H/2), num(r.W/2), fill, stroke, sw)
		if n.Kind == End {
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s" fill="none" stroke="#ffffff"/>`+"\n", num(r.X+r.W/2), num(r.Y+r.H/2), num(r.W/2-3))
		}
	case Decision:
		d := n.Diamond()
		fmt.Fprintf(b, `<path class="decision" data-id="%s" d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="%s"%s/>`+"\n", id,
			num(d[0].X), num(d[0].Y), num(d[1].X), num(d[1].Y), num(d[2].X), num(d[2].Y), num(d[3].X), num(d[3].Y), fill, stroke, sw, dashAttr(s))
	default:
		fmt.Fprintf(b, `<rect class="task" data-id="%s" x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s" stroke-width="%s"%s/>`+"\n", id,
			num(r.X), num(r.Y), num(r.W), num(r.H), fill, stroke, sw, dashAttr(s))
	}
}

func writeTextSVG(b *bufio.Writer, t Text) {
	attrs := fmt.Sprintf(`class="%s" x="%s" y="%s" font-size="%s" fill="%s"`, t.Role, num(t.X), num(t.Y), num(t.Size), t.Color)
	if t.ID != "" {
		attrs += ` data-id="` + esc(t.ID) + `"`
	}
	if t.Anchor == "middle" {
		attrs += ` text-anchor="middle"`
	}
	if t.Bold {
		attrs += ` font-weight="bold"`
	}
	if t.Rotate {
		attrs += fmt.Sprintf(` transform="rotate(-90 %s %s)"`, num(t.PX), num(t.PY))
	}
	if len(t.Lines) == 1 {
		fmt.Fprintf(b, "<text %s>%s</text>\n", attrs, esc(t.Lines[0]))
		return
	}
	fmt.Fprintf(b, "<text %s>", attrs)
	for i, l := range t.Lines {
		if i < len(t.Lines)-1 {
			l += " " // the element's text is the whole name, words apart
		}
		fmt.Fprintf(b, `<tspan x="%s" y="%s">%s</tspan>`, num(t.X), num(t.Y+float64(i)*t.LineH), esc(l))
	}
	b.WriteString("</text>\n")
}

func esc(s string) string { return html.EscapeString(s) }
