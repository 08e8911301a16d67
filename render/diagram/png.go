package diagram

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// PNG geometry. Graphviz works in points (1/72 inch) with y pointing up.
const (
	pngScale   = 2.0    // pixels per point: 144 dpi, crisp on high-DPI screens
	pngMaxSide = 6000.0 // cap on the longest image side, in pixels
	pngPad     = 4.0    // margin in points, as Graphviz's own SVG output has
)

// jsonFilledBezier is the op name Graphviz 12's json writer uses for a
// FILLED Bézier. Its json output swaps the two letters (xdot text says "b"
// for filled and "B" for unfilled; json says the opposite), which
// TestJSONBezierLetters pins down.
const jsonFilledBezier = "B"

// renderPNG lays dot out with Graphviz, takes its json output (every
// object's xdot drawing operations) and paints them.
func renderPNG(ctx context.Context, dot []byte, w io.Writer) error {
	js, err := layout(ctx, dot, formatJSON)
	if err != nil {
		return err
	}
	img, err := paintJSON(js)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}

// xGraph is the part of Graphviz's json output that we draw.
type xGraph struct {
	BB          string    `json:"bb"`
	SubgraphCnt int       `json:"_subgraph_cnt"`
	Objects     []xObject `json:"objects"`
	Edges       []xObject `json:"edges"`
	xDraw
}

// xObject is a subgraph, node or edge of the json output.
type xObject struct {
	xDraw
}

// xDraw holds the xdot drawing operations of one object.
type xDraw struct {
	Draw   []xOp `json:"_draw_"`
	LDraw  []xOp `json:"_ldraw_"`
	HDraw  []xOp `json:"_hdraw_"`
	TDraw  []xOp `json:"_tdraw_"`
	HLDraw []xOp `json:"_hldraw_"`
	TLDraw []xOp `json:"_tldraw_"`
}

// xOp is one xdot operation as Graphviz's json writer emits it.
type xOp struct {
	Op       string      `json:"op"`
	Grad     string      `json:"grad"`
	Color    string      `json:"color"`
	P0       []float64   `json:"p0"`
	P1       []float64   `json:"p1"`
	Stops    []xStop     `json:"stops"`
	Points   [][]float64 `json:"points"`
	Rect     []float64   `json:"rect"`
	Size     float64     `json:"size"`
	Face     string      `json:"face"`
	Pt       []float64   `json:"pt"`
	Align    string      `json:"align"`
	Width    float64     `json:"width"`
	Text     string      `json:"text"`
	Style    string      `json:"style"`
	Fontchar int         `json:"fontchar"`
}

type xStop struct {
	Frac  float64 `json:"frac"`
	Color string  `json:"color"`
}

// paintJSON paints Graphviz json output (with xdot ops) into an image.
func paintJSON(js []byte) (*image.RGBA, error) {
	var g xGraph
	if err := json.Unmarshal(js, &g); err != nil {
		return nil, fmt.Errorf("diagram: reading graphviz layout: %w", err)
	}
	bb, err := parseBB(g.BB)
	if err != nil {
		return nil, err
	}
	wPt := bb[2] - bb[0] + 2*pngPad
	hPt := bb[3] - bb[1] + 2*pngPad
	s := pngScale
	if longest := math.Max(wPt, hPt) * s; longest > pngMaxSide {
		s = pngMaxSide / math.Max(wPt, hPt)
	}
	wPx := max(1, int(math.Ceil(wPt*s)))
	hPx := max(1, int(math.Ceil(hPt*s)))

	dc := gg.NewContext(wPx, hPx)
	img, ok := dc.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("diagram: unexpected gg image type %T", dc.Image())
	}
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)

	p := &painter{
		dc:    dc,
		img:   img,
		s:     s,
		x0:    bb[0],
		y1:    bb[3],
		faces: map[faceKey]font.Face{},
	}
	defer p.close()

	// Graphviz's order: graph, clusters (parents first), nodes, edges. We
	// draw edge labels after all edge lines so that no line crosses a label.
	p.run(g.Draw)
	p.run(g.LDraw)
	for _, o := range g.Objects {
		p.run(o.Draw)
		p.run(o.LDraw)
	}
	for _, e := range g.Edges {
		p.run(e.Draw)
		p.run(e.TDraw)
		p.run(e.HDraw)
	}
	for _, e := range g.Edges {
		p.run(e.LDraw)
		p.run(e.TLDraw)
		p.run(e.HLDraw)
	}
	return img, nil
}

func parseBB(s string) ([4]float64, error) {
	var bb [4]float64
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return bb, fmt.Errorf("diagram: graphviz layout has no bounding box (bb=%q)", s)
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return bb, fmt.Errorf("diagram: bad graphviz bounding box %q", s)
		}
		bb[i] = v
	}
	if bb[2] < bb[0] || bb[3] < bb[1] {
		return bb, fmt.Errorf("diagram: bad graphviz bounding box %q", s)
	}
	return bb, nil
}

// painter draws xdot operations onto an image with gg. It is used by one
// goroutine only (font faces are not safe for concurrent use).
type painter struct {
	dc     *gg.Context
	img    *image.RGBA
	s      float64 // pixels per point
	x0, y1 float64 // left and top of the Graphviz bounding box
	faces  map[faceKey]font.Face
	st     penState
}

// penState is the xdot drawing state; every op list starts from the default.
type penState struct {
	pen      color.NRGBA
	penGrad  gg.Pattern
	fill     color.NRGBA
	fillGrad gg.Pattern
	width    float64 // points
	dash     int     // solid, dashed, dotted
	fontSize float64 // points
	fontName string
	fontChar int // xdot "t" flags: 1 bold, 2 italic, 4 underline, 32 strike-through, 64 overline
}

const (
	dashSolid = iota
	dashDashed
	dashDotted
)

func defaultPenState() penState {
	black := color.NRGBA{A: 255}
	return penState{pen: black, fill: black, width: 1, fontSize: 14, fontName: "Times-Roman"}
}

// pt converts Graphviz coordinates to pixel coordinates.
func (p *painter) pt(x, y float64) (float64, float64) {
	return (x - p.x0 + pngPad) * p.s, (p.y1 - y + pngPad) * p.s
}

func (p *painter) close() {
	for _, f := range p.faces {
		f.Close()
	}
}

func (p *painter) run(ops []xOp) {
	if len(ops) == 0 {
		return
	}
	p.st = defaultPenState()
	for i := range ops {
		op := &ops[i]
		switch op.Op {
		case "c":
			p.st.pen, p.st.penGrad = p.paint(op)
		case "C":
			p.st.fill, p.st.fillGrad = p.paint(op)
		case "S":
			p.style(op.Style)
		case "F":
			if op.Size > 0 {
				p.st.fontSize = op.Size
			}
			p.st.fontName = op.Face
		case "t":
			p.st.fontChar = op.Fontchar
		case "P", "p":
			p.polygon(op.Points, true, op.Op == "P")
		case "L":
			p.polygon(op.Points, false, false)
		case "B", "b":
			p.bezier(op.Points, op.Op == jsonFilledBezier)
		case "E", "e":
			p.ellipse(op.Rect, op.Op == "E")
		case "T":
			p.text(op)
		}
		// "I" (images) and unknown ops are ignored.
	}
}

// style applies an xdot "S" op.
func (p *painter) style(s string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "solid":
		p.st.dash = dashSolid
	case s == "dashed":
		p.st.dash = dashDashed
	case s == "dotted":
		p.st.dash = dashDotted
	case s == "bold":
		p.st.width = 2
	case strings.HasPrefix(s, "setlinewidth("):
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(s, "setlinewidth("), ")"), 64)
		if err == nil && v >= 0 && v < 1000 {
			p.st.width = v
		}
	}
	// "invis", "filled", "rounded" etc. are not pen styles: Graphviz has
	// already turned them into drawing operations (or none).
}

// paint turns a "c"/"C" op into a colour and, for gradients, a pattern.
func (p *painter) paint(op *xOp) (color.NRGBA, gg.Pattern) {
	switch op.Grad {
	case "linear", "radial":
		if len(op.Stops) == 0 {
			return color.NRGBA{A: 255}, nil
		}
		first := parseColor(op.Stops[0].Color)
		var g gg.Gradient
		switch {
		case op.Grad == "linear" && len(op.P0) >= 2 && len(op.P1) >= 2:
			x0, y0 := p.pt(op.P0[0], op.P0[1])
			x1, y1 := p.pt(op.P1[0], op.P1[1])
			if x0 == x1 && y0 == y1 {
				return first, nil
			}
			g = gg.NewLinearGradient(x0, y0, x1, y1)
		case op.Grad == "radial" && len(op.P0) >= 3 && len(op.P1) >= 3:
			x0, y0 := p.pt(op.P0[0], op.P0[1])
			x1, y1 := p.pt(op.P1[0], op.P1[1])
			g = gg.NewRadialGradient(x0, y0, op.P0[2]*p.s, x1, y1, op.P1[2]*p.s)
		default:
			return first, nil
		}
		for _, st := range op.Stops {
			g.AddColorStop(st.Frac, parseColor(st.Color))
		}
		return first, g
	default:
		return parseColor(op.Color), nil
	}
}

func (p *painter) fillPattern() gg.Pattern {
	if p.st.fillGrad != nil {
		return p.st.fillGrad
	}
	return gg.NewSolidPattern(p.st.fill)
}

// finish fills (if filled) and strokes the current path, then clears it.
// In xdot a filled shape is drawn with an outline in the pen colour.
func (p *painter) finish(filled bool) {
	dc := p.dc
	if filled && (p.st.fillGrad != nil || p.st.fill.A > 0) {
		dc.SetFillStyle(p.fillPattern())
		dc.FillPreserve()
	}
	if (p.st.penGrad != nil || p.st.pen.A > 0) && p.st.width > 0 {
		if p.st.penGrad != nil {
			dc.SetStrokeStyle(p.st.penGrad)
		} else {
			dc.SetStrokeStyle(gg.NewSolidPattern(p.st.pen))
		}
		lw := p.st.width * p.s
		dc.SetLineWidth(lw)
		unit := p.s * math.Max(1, p.st.width/2) // longer dashes for thick lines
		switch p.st.dash {
		case dashDashed:
			dc.SetLineCap(gg.LineCapButt)
			dc.SetDash(6*unit, 4*unit)
		case dashDotted:
			dc.SetLineCap(gg.LineCapRound)
			dc.SetDash(1*unit, 3*unit)
		default:
			dc.SetLineCap(gg.LineCapButt)
			dc.SetDash()
		}
		dc.SetLineJoin(gg.LineJoinRound)
		dc.StrokePreserve()
	}
	dc.ClearPath()
}

func (p *painter) polygon(pts [][]float64, closed, filled bool) {
	n := 0
	for _, q := range pts {
		if len(q) < 2 {
			continue
		}
		x, y := p.pt(q[0], q[1])
		if n == 0 {
			p.dc.MoveTo(x, y)
		} else {
			p.dc.LineTo(x, y)
		}
		n++
	}
	if n < 2 {
		p.dc.ClearPath()
		return
	}
	if closed {
		p.dc.ClosePath()
	}
	p.finish(filled && closed)
}

// bezier draws a cubic B-spline as Graphviz gives it: a start point followed
// by groups of three points (two controls and an end point).
func (p *painter) bezier(pts [][]float64, filled bool) {
	var xy [][2]float64
	for _, q := range pts {
		if len(q) >= 2 {
			x, y := p.pt(q[0], q[1])
			xy = append(xy, [2]float64{x, y})
		}
	}
	if len(xy) < 4 {
		p.dc.ClearPath()
		return
	}
	p.dc.MoveTo(xy[0][0], xy[0][1])
	i := 1
	for ; i+2 < len(xy); i += 3 {
		if straight(xy[i-1], xy[i], xy[i+1], xy[i+2]) {
			// Graphviz writes straight pieces as cubics with the controls
			// on the end points; gg's dasher leaves gaps on those.
			p.dc.LineTo(xy[i+2][0], xy[i+2][1])
			continue
		}
		p.dc.CubicTo(xy[i][0], xy[i][1], xy[i+1][0], xy[i+1][1], xy[i+2][0], xy[i+2][1])
	}
	for ; i < len(xy); i++ { // malformed tail: finish with straight lines
		p.dc.LineTo(xy[i][0], xy[i][1])
	}
	if filled {
		p.dc.ClosePath()
	}
	p.finish(filled)
}

// straight reports whether the cubic a-b-c-d is a straight segment from a
// to d: both controls lie on the segment (within 0.05 px).
func straight(a, b, c, d [2]float64) bool {
	dx, dy := d[0]-a[0], d[1]-a[1]
	l2 := dx*dx + dy*dy
	on := func(q [2]float64) bool {
		qx, qy := q[0]-a[0], q[1]-a[1]
		if l2 == 0 {
			return qx*qx+qy*qy < 0.0025
		}
		t := (qx*dx + qy*dy) / l2
		cross := qx*dy - qy*dx
		return t >= 0 && t <= 1 && cross*cross < 0.0025*l2
	}
	return on(b) && on(c)
}

// ellipse draws an "E"/"e" op: rect is centre x, y and radii rx, ry.
func (p *painter) ellipse(rect []float64, filled bool) {
	if len(rect) < 4 || rect[2] <= 0 || rect[3] <= 0 {
		return
	}
	x, y := p.pt(rect[0], rect[1])
	p.dc.NewSubPath()
	p.dc.DrawEllipse(x, y, rect[2]*p.s, rect[3]*p.s)
	p.dc.ClosePath()
	p.finish(filled)
}

// jsonText undoes the extra escaping of Graphviz's json writer: it copies
// the DOT-escaped xdot text, so a backslash arrives as two backslashes.
func jsonText(s string) string {
	if strings.Contains(s, `\\`) {
		s = strings.ReplaceAll(s, `\\`, `\`)
	}
	return s
}

// text draws a "T" op: pt is the baseline point, align says whether it is
// the left end, centre or right end of the text, width is the width
// Graphviz estimated. Our fonts differ from the ones Graphviz measured with,
// so text wider than Graphviz's estimate is scaled down to fit its box.
func (p *painter) text(op *xOp) {
	text := jsonText(op.Text)
	if strings.TrimSpace(text) == "" || len(op.Pt) < 2 || (p.st.pen.A == 0 && p.st.penGrad == nil) {
		return
	}
	bold, italic, mono := fontStyle(p.st.fontName, p.st.fontChar)
	f := builtinFont(bold, italic, mono)
	size := p.st.fontSize * p.s
	if size < 1 {
		return
	}
	size = math.Min(size, 1000)
	w := p.walkText(f, size, text, 0, 0, false)
	if limit := op.Width * p.s; op.Width > 0 && w > limit*1.01 {
		size *= limit / w
		w = p.walkText(f, size, text, 0, 0, false)
	}
	x, y := p.pt(op.Pt[0], op.Pt[1])
	switch op.Align {
	case "l":
	case "r":
		x -= w
	default:
		x -= w / 2
	}
	p.walkText(f, size, text, x, y, true)

	lineAt := func(dy float64) {
		p.dc.SetStrokeStyle(gg.NewSolidPattern(p.st.pen))
		p.dc.SetLineWidth(math.Max(1, size/14))
		p.dc.SetDash()
		p.dc.DrawLine(x, y+dy, x+w, y+dy)
		p.dc.Stroke()
	}
	if p.st.fontChar&4 != 0 {
		lineAt(size * 0.12)
	}
	if p.st.fontChar&32 != 0 {
		lineAt(-size * 0.3)
	}
	if p.st.fontChar&64 != 0 {
		lineAt(-size * 0.8)
	}
}

// walkText measures text at (x, y) (baseline start) and, if draw is set,
// draws it. Runes missing from the Go fonts are taken from a system font
// if one has them, else check marks and crosses are drawn as strokes and
// anything else as an empty box ("tofu"). It returns the advance width.
func (p *painter) walkText(f *sfnt.Font, size float64, text string, x, y float64, draw bool) float64 {
	face := p.face(f, size)
	var src image.Image
	if draw {
		src = image.NewUniform(p.st.pen)
	}
	start := x
	prev := rune(-1)
	var prevFace font.Face
	for _, r := range text {
		if r == '\t' {
			r = ' '
		}
		if unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' {
			continue
		}
		cur := face
		adv, ok := cur.GlyphAdvance(r)
		if !ok {
			cur = nil
			for _, fb := range fallbackFonts() {
				fc := p.face(fb, size)
				if a, ok := fc.GlyphAdvance(r); ok {
					cur, adv = fc, a
					break
				}
			}
		}
		if cur == nil {
			w := p.vectorGlyph(r, size, x, y, draw)
			x += w
			prev, prevFace = -1, nil
			continue
		}
		if prevFace == cur && prev >= 0 {
			x += float64(cur.Kern(prev, r)) / 64
		}
		if draw {
			dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
			if dr, mask, maskp, _, ok := cur.Glyph(dot, r); ok && mask != nil {
				drawMask(p.img, dr, src, mask, maskp)
			}
		}
		x += float64(adv) / 64
		prev, prevFace = r, cur
	}
	return x - start
}

func drawMask(dst *image.RGBA, dr image.Rectangle, src image.Image, mask image.Image, maskp image.Point) {
	draw.DrawMask(dst, dr, src, image.Point{}, mask, maskp, draw.Over)
}

// vectorGlyph draws a rune that no font has: check marks and crosses as
// strokes, other runes as an empty box. It returns the advance width.
func (p *painter) vectorGlyph(r rune, size, x, y float64, draw bool) float64 {
	adv := 0.6 * size
	var strokes [][][2]float64 // in em units: x right, y up from the baseline
	weight := 0.09
	switch r {
	case '✓', '✔', '☑', '🗸':
		adv = 0.8 * size
		strokes = [][][2]float64{{{0.12, 0.36}, {0.32, 0.08}, {0.72, 0.68}}}
		if r == '✔' {
			weight = 0.14
		}
	case '✗', '✘', '×', '☒', '✕', '✖':
		adv = 0.7 * size
		strokes = [][][2]float64{{{0.14, 0.06}, {0.56, 0.58}}, {{0.14, 0.58}, {0.56, 0.06}}}
		if r == '✘' || r == '✖' {
			weight = 0.14
		}
	default:
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) {
			return 0 // combining mark or format char: nothing sensible to draw
		}
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
			unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || r >= 0xFF00 && r <= 0xFFEF) {
			adv = size // CJK is full width
		}
		strokes = [][][2]float64{{{0.1, 0}, {0.1, 0.72}, {adv/size - 0.1, 0.72}, {adv/size - 0.1, 0}, {0.1, 0}}}
		weight = 0.05
	}
	if !draw {
		return adv
	}
	dc := p.dc
	dc.SetStrokeStyle(gg.NewSolidPattern(p.st.pen))
	dc.SetLineWidth(math.Max(1, weight*size))
	dc.SetDash()
	dc.SetLineCap(gg.LineCapRound)
	dc.SetLineJoin(gg.LineJoinRound)
	for _, s := range strokes {
		for i, q := range s {
			px, py := x+q[0]*size, y-q[1]*size
			if i == 0 {
				dc.MoveTo(px, py)
			} else {
				dc.LineTo(px, py)
			}
		}
		dc.Stroke()
	}
	return adv
}

// fontStyle derives bold/italic/monospace from a Graphviz font name
// (e.g. "Helvetica-Bold", "Courier", "Arial Italic") and xdot "t" flags.
func fontStyle(name string, flags int) (bold, italic, mono bool) {
	n := strings.ToLower(name)
	bold = flags&1 != 0 || strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy")
	italic = flags&2 != 0 || strings.Contains(n, "italic") || strings.Contains(n, "oblique")
	for _, m := range []string{"courier", "mono", "consol", "menlo", "code", "fixed", "typewriter"} {
		if strings.Contains(n, m) {
			mono = true
		}
	}
	return bold, italic, mono
}

type faceKey struct {
	f    *sfnt.Font
	size int // quarter pixels
}

// face returns a (cached) face of f at size pixels.
func (p *painter) face(f *sfnt.Font, size float64) font.Face {
	k := faceKey{f, int(math.Round(size * 4))}
	if fc, ok := p.faces[k]; ok {
		return fc
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(k.size) / 4, DPI: 72, Hinting: font.HintingNone})
	if err != nil { // cannot happen for a parsed font and a positive size
		panic(fmt.Sprintf("diagram: font face: %v", err))
	}
	p.faces[k] = fc
	return fc
}

var (
	goFontsOnce sync.Once
	goFonts     struct {
		regular, bold, italic, boldItalic, mono, monoBold *sfnt.Font
	}
)

func mustParseFont(b []byte) *sfnt.Font {
	f, err := opentype.Parse(b)
	if err != nil {
		panic(fmt.Sprintf("diagram: parsing embedded Go font: %v", err))
	}
	return f
}

// builtinFont returns the embedded Go font for a style. A *sfnt.Font is safe
// for concurrent use; the faces built from it are not.
func builtinFont(bold, italic, mono bool) *sfnt.Font {
	goFontsOnce.Do(func() {
		goFonts.regular = mustParseFont(goregular.TTF)
		goFonts.bold = mustParseFont(gobold.TTF)
		goFonts.italic = mustParseFont(goitalic.TTF)
		goFonts.boldItalic = mustParseFont(gobolditalic.TTF)
		goFonts.mono = mustParseFont(gomono.TTF)
		goFonts.monoBold = mustParseFont(gomonobold.TTF)
	})
	switch {
	case mono && bold:
		return goFonts.monoBold
	case mono:
		return goFonts.mono
	case bold && italic:
		return goFonts.boldItalic
	case bold:
		return goFonts.bold
	case italic:
		return goFonts.italic
	default:
		return goFonts.regular
	}
}

// fallbackFontPaths are system fonts tried, in order, for runes the Go fonts
// lack (CJK, symbols). Only used when such a rune appears; missing files are
// skipped. Output for those runes therefore depends on the machine.
var fallbackFontPaths = []string{
	// Linux
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	// macOS
	"/System/Library/Fonts/Hiragino Sans GB.ttc",
	"/Library/Fonts/Arial Unicode.ttf",
	"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
	"/System/Library/Fonts/Apple Symbols.ttf",
	// Windows
	`C:\Windows\Fonts\msyh.ttc`,
	`C:\Windows\Fonts\msgothic.ttc`,
	`C:\Windows\Fonts\seguisym.ttf`,
}

var (
	fallbackOnce sync.Once
	fallbacks    []*sfnt.Font
)

// fallbackFonts loads the available fallback fonts once.
func fallbackFonts() []*sfnt.Font {
	fallbackOnce.Do(func() {
		for _, path := range fallbackFontPaths {
			b, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			if f, err := opentype.Parse(b); err == nil {
				fallbacks = append(fallbacks, f)
				continue
			}
			if c, err := opentype.ParseCollection(b); err == nil && c.NumFonts() > 0 {
				if f, err := c.Font(0); err == nil {
					fallbacks = append(fallbacks, f)
				}
			}
		}
	})
	return fallbacks
}

// parseColor parses the colours Graphviz writes in xdot ("#rrggbb",
// "#rrggbbaa", occasionally a name). Unknown colours are black, as in
// Graphviz.
func parseColor(s string) color.NRGBA {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) == 6 {
			h += "ff"
		}
		if len(h) == 8 {
			if v, err := strconv.ParseUint(h, 16, 32); err == nil {
				return color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}
			}
		}
		return color.NRGBA{A: 255}
	}
	if c, ok := namedColors[strings.ReplaceAll(s, " ", "")]; ok {
		return c
	}
	return color.NRGBA{A: 255}
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// namedColors holds common X11 colour names (Graphviz's default scheme).
var namedColors = map[string]color.NRGBA{
	"none": {}, "transparent": {R: 255, G: 255, B: 254},
	"black": rgb(0x000000), "white": rgb(0xffffff),
	"red": rgb(0xff0000), "green": rgb(0x00ff00), "blue": rgb(0x0000ff),
	"yellow": rgb(0xffff00), "cyan": rgb(0x00ffff), "magenta": rgb(0xff00ff),
	"gray": rgb(0xc0c0c0), "grey": rgb(0xc0c0c0),
	"lightgray": rgb(0xd3d3d3), "lightgrey": rgb(0xd3d3d3),
	"darkgray": rgb(0xa9a9a9), "darkgrey": rgb(0xa9a9a9),
	"dimgray": rgb(0x696969), "dimgrey": rgb(0x696969),
	"whitesmoke": rgb(0xf5f5f5), "gainsboro": rgb(0xdcdcdc),
	"orange": rgb(0xffa500), "darkorange": rgb(0xff8c00),
	"purple": rgb(0xa020f0), "brown": rgb(0xa52a2a), "pink": rgb(0xffc0cb),
	"gold": rgb(0xffd700), "navy": rgb(0x000080), "navyblue": rgb(0x000080),
	"darkgreen": rgb(0x006400), "forestgreen": rgb(0x228b22),
	"lightblue": rgb(0xadd8e6), "lightyellow": rgb(0xffffe0),
	"lightgreen": rgb(0x90ee90), "lightpink": rgb(0xffb6c1),
	"steelblue": rgb(0x4682b4), "royalblue": rgb(0x4169e1),
	"darkred": rgb(0x8b0000), "firebrick": rgb(0xb22222), "crimson": rgb(0xdc143c),
	"tomato": rgb(0xff6347), "salmon": rgb(0xfa8072), "khaki": rgb(0xf0e68c),
	"beige": rgb(0xf5f5dc), "ivory": rgb(0xfffff0), "lavender": rgb(0xe6e6fa),
	"aliceblue": rgb(0xf0f8ff), "honeydew": rgb(0xf0fff0), "mintcream": rgb(0xf5fffa),
	"lemonchiffon": rgb(0xfffacd), "palegreen": rgb(0x98fb98),
	"skyblue": rgb(0x87ceeb), "lightskyblue": rgb(0x87cefa),
	"slategray": rgb(0x708090), "slategrey": rgb(0x708090),
	"darkslategray": rgb(0x2f4f4f), "darkslategrey": rgb(0x2f4f4f),
}
