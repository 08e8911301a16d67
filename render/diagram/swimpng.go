package diagram

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"

	"github.com/flowmap/flowmap/render/swimlane"
)

// Swimlane PNG size: 2 pixels per layout pixel (a layout ~1,000–1,500 px
// wide becomes a 2,000–3,000 px image, sharp on a full-HD slide), at most
// pngMaxSide on the longest side.
const swimScale = 2.0

// paintSwimlane paints a swimlane geometry: the same shapes, lines and
// texts as its SVG, with the Go fonts the layout measured text with.
func paintSwimlane(g *swimlane.Geometry) *image.RGBA {
	s := swimScale
	if longest := math.Max(g.Width, g.Height) * s; longest > pngMaxSide {
		s = pngMaxSide / math.Max(g.Width, g.Height)
	}
	wPx, hPx := max(1, int(math.Ceil(g.Width*s))), max(1, int(math.Ceil(g.Height*s)))
	dc := gg.NewContext(wPx, hPx)
	img := dc.Image().(*image.RGBA)
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	p := &painter{dc: dc, img: img, s: s, faces: map[faceKey]font.Face{}}
	defer p.close()
	for i, l := range g.Lanes {
		for t := range l.Bands {
			p.rect(l.Bands[t], 0, swimlane.Style{Fill: swimlane.LaneFill(i), Stroke: swimlane.ColLaneBorder})
			p.rect(l.Headers[t], 0, swimlane.Style{Fill: swimlane.ColHeaderFill, Stroke: swimlane.ColLaneBorder})
		}
	}
	for i := range g.Legend {
		it := &g.Legend[i]
		r := it.Sample()
		switch it.Kind {
		case "swatch":
			p.rect(r, 0, swimlane.Style{Fill: orDefault(it.Style.Fill, swimlane.ColStep), Stroke: orDefault(it.Style.Stroke, swimlane.ColEdge), Dash: it.Style.Dash})
		case "line":
			st := it.Style
			st.Stroke = orDefault(st.Stroke, swimlane.ColEdge)
			p.polyline([]swimlane.Point{{X: r.X, Y: r.Y + r.H/2}, {X: r.X + r.W, Y: r.Y + r.H/2}}, st)
		}
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		st := e.Style
		st.Stroke = orDefault(st.Stroke, swimlane.ColEdge)
		p.polyline(e.Line(), st)
		a := e.Arrow()
		p.fillPoly(a[:], parseColor(st.Stroke))
	}
	for i := range g.Nodes {
		p.node(&g.Nodes[i])
	}
	for _, e := range g.Edges {
		if len(e.Text) > 0 {
			p.rect(e.LabelAt, 2, swimlane.Style{Fill: "#ffffffd9"})
		}
	}
	for _, t := range g.Texts {
		p.swimText(t)
	}
	return img
}

func orDefault(c, def string) string {
	if c != "" {
		return c
	}
	return def
}

func swimWidth(st swimlane.Style) float64 {
	if st.Width > 0 {
		return st.Width
	}
	return 1
}

// stroke strokes the current path with a style's pen and dashes.
func (p *painter) strokeStyle(st swimlane.Style) {
	dc := p.dc
	if st.Stroke == "" {
		dc.ClearPath()
		return
	}
	dc.SetStrokeStyle(gg.NewSolidPattern(parseColor(st.Stroke)))
	dc.SetLineWidth(swimWidth(st) * p.s)
	dc.SetLineJoin(gg.LineJoinRound)
	switch st.Dash {
	case "dashed":
		dc.SetLineCap(gg.LineCapButt)
		dc.SetDash(6*p.s, 4*p.s)
	case "dotted":
		dc.SetLineCap(gg.LineCapRound)
		dc.SetDash(1.5*p.s, 3*p.s)
	default:
		dc.SetLineCap(gg.LineCapButt)
		dc.SetDash()
	}
	dc.Stroke()
}

func (p *painter) fillStroke(st swimlane.Style) {
	if st.Fill != "" {
		p.dc.SetFillStyle(gg.NewSolidPattern(parseColor(st.Fill)))
		p.dc.FillPreserve()
	}
	p.strokeStyle(st)
}

func (p *painter) rect(r swimlane.Rect, radius float64, st swimlane.Style) {
	s := p.s
	if radius > 0 {
		p.dc.DrawRoundedRectangle(r.X*s, r.Y*s, r.W*s, r.H*s, radius*s)
	} else {
		p.dc.DrawRectangle(r.X*s, r.Y*s, r.W*s, r.H*s)
	}
	p.fillStroke(st)
}

func (p *painter) polyline(pts []swimlane.Point, st swimlane.Style) {
	for i, q := range pts {
		if i == 0 {
			p.dc.MoveTo(q.X*p.s, q.Y*p.s)
		} else {
			p.dc.LineTo(q.X*p.s, q.Y*p.s)
		}
	}
	p.strokeStyle(st)
}

func (p *painter) fillPoly(pts []swimlane.Point, c color.NRGBA) {
	for i, q := range pts {
		if i == 0 {
			p.dc.MoveTo(q.X*p.s, q.Y*p.s)
		} else {
			p.dc.LineTo(q.X*p.s, q.Y*p.s)
		}
	}
	p.dc.ClosePath()
	p.dc.SetFillStyle(gg.NewSolidPattern(c))
	p.dc.Fill()
}

func (p *painter) node(n *swimlane.Node) {
	st := n.Style
	st.Fill, st.Stroke = orDefault(st.Fill, swimlane.ColStep), orDefault(st.Stroke, swimlane.ColEdge)
	r, s := n.Box, p.s
	switch n.Kind {
	case swimlane.Start, swimlane.End:
		p.dc.DrawCircle((r.X+r.W/2)*s, (r.Y+r.H/2)*s, r.W/2*s)
		p.fillStroke(st)
		if n.Kind == swimlane.End {
			p.dc.DrawCircle((r.X+r.W/2)*s, (r.Y+r.H/2)*s, (r.W/2-3)*s)
			p.strokeStyle(swimlane.Style{Stroke: "#ffffff"})
		}
	case swimlane.Decision:
		d := n.Diamond()
		for i, q := range d {
			if i == 0 {
				p.dc.MoveTo(q.X*s, q.Y*s)
			} else {
				p.dc.LineTo(q.X*s, q.Y*s)
			}
		}
		p.dc.ClosePath()
		p.fillStroke(st)
	default:
		p.rect(r, 6, st)
	}
}

// swimText draws one text element; a rotated one is drawn upright into a
// scratch image and turned a quarter counter-clockwise onto the picture.
func (p *painter) swimText(t swimlane.Text) {
	f := builtinFont(t.Bold, false, false)
	size := t.Size * p.s
	p.st.pen = parseColor(t.Color)
	if !t.Rotate {
		for i, line := range t.Lines {
			p.swimLine(f, size, line, t.X*p.s, (t.Y+float64(i)*t.LineH)*p.s, t.Anchor)
		}
		return
	}
	// Draw upright into a scratch image centred on the pivot, then rotate.
	half := 0.0
	for _, line := range t.Lines {
		half = math.Max(half, p.walkText(f, size, line, 0, 0, false)/2)
	}
	h := float64(len(t.Lines))*t.LineH*p.s/2 + size
	w, hh := int(math.Ceil(2*half))+4, int(math.Ceil(2*h))+4
	scratch := image.NewRGBA(image.Rect(0, 0, w, hh))
	saved := p.img
	p.img = scratch
	for i, line := range t.Lines {
		y := (t.Y+float64(i)*t.LineH-t.PY)*p.s + float64(hh)/2
		p.swimLine(f, size, line, float64(w)/2, y, "middle")
	}
	p.img = saved
	cx, cy := int(math.Round(t.PX*p.s)), int(math.Round(t.PY*p.s))
	rot := image.NewRGBA(image.Rect(0, 0, hh, w))
	for y := 0; y < hh; y++ {
		for x := 0; x < w; x++ {
			rot.Set(y, w-1-x, scratch.At(x, y)) // 90° counter-clockwise
		}
	}
	dst := image.Rect(cx-hh/2, cy-w/2, cx-hh/2+hh, cy-w/2+w)
	draw.Draw(p.img, dst, rot, image.Point{}, draw.Over)
}

func (p *painter) swimLine(f *sfnt.Font, size float64, line string, x, y float64, anchor string) {
	if anchor == "middle" {
		x -= p.walkText(f, size, line, 0, 0, false) / 2
	}
	p.walkText(f, size, line, x, y, true)
}
