package swimlane

// Colours of the drawing.
const (
	ColLaneFill   = "#f4f6f8"
	ColLaneAlt    = "#eaeef2" // every other lane, so neighbouring bands read apart
	ColLaneBorder = "#9aa5b1"
	ColHeaderFill = "#dde3ea"
	ColStep       = "#ffffff"
	ColAutomated  = "#e3f0fb"
	ColAutoBorder = "#4a90c2"
	ColDecision   = "#fff4d6"
	ColEdge       = "#52606d"
	ColHandoff    = "#d9480f"
	ColText       = "#1f2933"
	ColMuted      = "#616e7c"
	ColStartEnd   = "#2f9e44"
)

// defaultNodeStyle is how a map's node is painted.
func defaultNodeStyle(n *lnode) Style {
	switch n.kind {
	case Start:
		return Style{Fill: ColStartEnd, Stroke: ColStartEnd, Text: "#ffffff"}
	case End:
		return Style{Fill: ColText, Stroke: ColText, Text: "#ffffff", Width: 2}
	}
	st := Style{Fill: ColStep, Stroke: ColEdge, Text: ColText, Sub: ColMuted}
	if n.kind == Decision {
		st.Fill = ColDecision
	}
	if n.step.Automated {
		st.Fill, st.Stroke = ColAutomated, ColAutoBorder
	}
	if n.step.Start {
		st.Stroke, st.Width = ColStartEnd, 2
	}
	return st
}
