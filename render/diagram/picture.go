package diagram

import (
	"context"
	"fmt"
	"image/png"
	"io"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Picture is a diagram ready to write in any Format: Graphviz DOT text for
// .dot (and, without a swimlane geometry, for SVG and PNG through
// Graphviz), and a swimlane geometry that SVG and PNG are drawn from.
type Picture struct {
	dot  []byte
	geom *swimlane.Geometry
}

// DOT is the picture's Graphviz DOT text.
func (p *Picture) DOT() []byte { return p.dot }

// Geometry is the swimlane layout SVG and PNG are drawn from; nil when
// they go through Graphviz (a process discovered without a map).
func (p *Picture) Geometry() *swimlane.Geometry { return p.geom }

// Render writes the picture in format f: DOT as text, SVG and PNG from the
// swimlane geometry (or through Graphviz when there is none).
func (p *Picture) Render(ctx context.Context, f Format, w io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if p.geom == nil || f == FormatDOT {
		return Render(ctx, p.dot, f, w)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	switch f {
	case FormatSVG:
		return swimlane.WriteSVG(w, p.geom)
	case FormatPNG:
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		return enc.Encode(w, paintSwimlane(p.geom))
	}
	return fmt.Errorf("diagram: unsupported format %q; use one of %q, %q, %q", f, FormatDOT, FormatSVG, FormatPNG)
}

// ParseDirection accepts "right" (lanes are rows, the flow runs left to
// right) or "down" (lanes are columns, the flow runs top to bottom).
func ParseDirection(s string) (swimlane.Direction, error) {
	switch swimlane.Direction(strings.ToLower(s)) {
	case swimlane.Right, "":
		return swimlane.Right, nil
	case swimlane.Down:
		return swimlane.Down, nil
	}
	return "", fmt.Errorf("unknown direction %q: use right or down", s)
}

// MapOptions tune a map's picture.
type MapOptions struct {
	Lanes     Lanes              // owner (default) or system
	Direction swimlane.Direction // right (default) or down
}

// MapPicture draws a process map as swimlanes (see swimlane.Layout), with
// each step's system (or owner) and duration under its name, branch
// probabilities on edges, lane changes in orange and automated steps
// tinted. Its DOT is MapDOT's.
func MapPicture(m *mapping.Map, opt MapOptions) *Picture {
	lanes := opt.Lanes
	if lanes == "" {
		lanes = LanesOwner
	}
	so := swimlane.Options{Lanes: swimlane.ByOwner, Direction: opt.Direction, Wrap: swimlane.WrapAuto, Legend: mapLegend(lanes),
		Sub: func(s *mapping.Step) []string {
			sub := stepSub(m, s, lanes)
			if s.Decision || len(sub) == 0 {
				return nil // a diamond holds its question; its figures are in the map
			}
			return []string{strings.Join(sub, " · ")}
		},
		EdgeText: func(s *mapping.Step, e *mapping.Edge) string { return edgeLabel(*s, *e) }}
	if lanes == LanesSystem {
		so.Lanes = swimlane.BySystem
	}
	return &Picture{dot: MapDOT(m, lanes), geom: swimlane.Layout(m, so)}
}

// mapLegend says what the colours of a map picture mean. With lanes by
// system an orange edge is a change of system, not a handoff.
func mapLegend(lanes Lanes) []swimlane.LegendItem {
	orange, small := "handoff: the next step is another owner's", "under each step: its system and work time (≈ mean)"
	if lanes == LanesSystem {
		orange, small = "change of system (re-keying, an interface)", "under each step: its owner and work time (≈ mean)"
	}
	return []swimlane.LegendItem{
		{Kind: "line", Style: swimlane.Style{Stroke: colHandoff, Width: 2}, Text: orange},
		{Kind: "swatch", Style: swimlane.Style{Fill: colAutomated, Stroke: "#4a90c2"}, Text: "automated step"},
		{Kind: "swatch", Style: swimlane.Style{Fill: colDecision, Stroke: colEdge}, Text: "decision"},
		{Kind: "text", Text: small},
	}
}

// stepSub is the small print of a step: its system (or owner, with lanes by
// system), its work time and whether it is automated.
func stepSub(m *mapping.Map, s *mapping.Step, lanes Lanes) []string {
	var sub []string
	if lanes == LanesSystem {
		if o, ok := m.Owner(s.Owner); ok {
			sub = append(sub, o.Name)
		}
	} else if s.System != "" {
		if sys, ok := m.System(s.System); ok && sys.Name != "" {
			sub = append(sub, sys.Name)
		} else {
			sub = append(sub, s.System)
		}
	}
	if d := s.Duration; d.Kind == mapping.DistConstant && d.Value > 0 {
		sub = append(sub, nbsp(format.Duration(d.Value)))
	} else if d.Kind != "" && d.Kind != mapping.DistConstant {
		sub = append(sub, "≈"+nbsp(format.Duration(d.MeanSeconds()))) // the mean; the spread is in the map
	}
	return sub
}

// nbsp keeps "6 min" on one line when the small print wraps.
func nbsp(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }
