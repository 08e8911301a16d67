package swimlane

import "fmt"

// Text is one text element of the drawing, positioned: SVG and PNG draw
// exactly these.
type Text struct {
	Role   string   // "title", "note", "legend", "lane", "step", "sub", "event" or "edge"
	ID     string   // the lane's, node's or edge's ("from->to") id; "" otherwise
	Lines  []string // one element, several lines
	X      float64  // left end (Anchor "start") or centre ("middle")
	Y      float64  // baseline of the first line
	LineH  float64
	Size   float64 // px
	Bold   bool
	Color  string
	Anchor string // "start" or "middle"
	// Rotate turns the element 90° counter-clockwise about (PX, PY)
	// (lane names of left-to-right lanes, read bottom to top).
	Rotate bool
	PX, PY float64
}

// block returns a text element of lines centred vertically on cy.
func block(role, id string, lines []string, cx, cy, size float64, bold bool, color string) Text {
	lh := size * lineGap
	first := cy - float64(len(lines))*lh/2 + lh/2 + size*0.35
	return Text{Role: role, ID: id, Lines: lines, X: cx, Y: first, LineH: lh, Size: size, Bold: bold, Color: color, Anchor: "middle"}
}

// texts fills g.Texts: title, notes, legend, lane names (one element per
// lane and tier), step names and small lines, events, edge labels.
func (g *Geometry) texts(headers [][]string) {
	var ts []Text
	y := pad + TitleSize
	if g.Title != "" {
		ts = append(ts, Text{Role: "title", Lines: []string{g.Title}, X: pad, Y: y, LineH: TitleSize * lineGap, Size: TitleSize, Bold: true, Color: ColText, Anchor: "start"})
		y += TitleSize*(lineGap-1) + NoteSize*lineGap
	} else {
		y = pad + NoteSize
	}
	if len(g.Notes) > 0 {
		ts = append(ts, Text{Role: "note", Lines: g.Notes, X: pad, Y: y, LineH: NoteSize * lineGap, Size: NoteSize, Color: ColMuted, Anchor: "start"})
	}
	for _, it := range g.Legend {
		x := it.At.X
		if it.Kind != "text" {
			x += legendSampleW + 5
		}
		ts = append(ts, Text{Role: "legend", Lines: []string{it.Text}, X: x, Y: it.At.Y + it.At.H/2 + NoteSize*0.35, LineH: NoteSize * lineGap, Size: NoteSize, Color: ColText, Anchor: "start"})
	}
	for l, ln := range g.Lanes {
		for _, h := range ln.Headers {
			cx, cy := h.X+h.W/2, h.Y+h.H/2
			t := block("lane", ln.ID, headers[l], cx, cy, HeaderSize, true, ColText)
			if g.Direction != Down {
				t.Rotate, t.PX, t.PY = true, cx, cy
			}
			ts = append(ts, t)
		}
	}
	for _, n := range g.Nodes {
		cx, cy := n.Box.X+n.Box.W/2, n.Box.Y+n.Box.H/2
		if n.Kind == Start || n.Kind == End {
			word := "start"
			if n.Kind == End {
				word = "end"
			}
			ts = append(ts, block("event", n.ID, []string{word}, cx, cy, EventSize, false, colorOr(n.Style.Text, "#ffffff")))
			continue
		}
		nameH := float64(len(n.Label)) * NameSize * lineGap
		subH := float64(len(n.Sub)) * SubSize * lineGap
		topY := cy - (nameH+subH)/2
		ts = append(ts, block("step", n.ID, n.Label, cx, topY+nameH/2, NameSize, false, colorOr(n.Style.Text, ColText)))
		if len(n.Sub) > 0 {
			ts = append(ts, block("sub", n.ID, n.Sub, cx, topY+nameH+subH/2, SubSize, false, colorOr(n.Style.Sub, ColMuted)))
		}
	}
	for _, e := range g.Edges {
		if len(e.Text) == 0 {
			continue
		}
		r := e.LabelAt
		color := ColMuted
		if e.Style.Stroke != "" && e.Style.Stroke != ColEdge && e.Style.Stroke != ColText {
			color = e.Style.Stroke
		}
		ts = append(ts, block("edge", fmt.Sprintf("%s->%s", e.From, e.To), e.Text, r.X+r.W/2, r.Y+r.H/2, LabelSize, false, color))
	}
	g.Texts = ts
}

func colorOr(c, def string) string {
	if c != "" {
		return c
	}
	return def
}
