// Package swimlane lays a process map out as a swimlane diagram: one
// full-width band per lane in declared order, steps in columns by their
// position in the flow. The geometry is flowmap's own; SVG, PNG and the BPMN
// export's diagram interchange are all drawn from the same Geometry.
package swimlane

import "github.com/flowmap/flowmap/mapping"

// Units are pixels at 96 dpi (1 px = 0.75 pt), origin at the top left, y down.

// Direction is the reading direction of the flow.
type Direction string

// Directions.
const (
	Right Direction = "right" // lanes are horizontal bands, flow left to right
	Down  Direction = "down"  // lanes are vertical bands, flow top to bottom
)

// LaneBy chooses what a lane stands for.
type LaneBy string

// Lane kinds.
const (
	ByOwner  LaneBy = "owner"
	BySystem LaneBy = "system"
)

// WrapAuto lets the layout choose how many tiers to fold the flow into.
const WrapAuto = -1

// Options control a layout.
type Options struct {
	Lanes     LaneBy    // default ByOwner
	Direction Direction // default Right
	// Wrap is how many tiers the columns are folded into (the lanes drawn
	// again below the first copy, the flow continuing there): 0 or 1 never
	// wraps (one band per lane, as BPMN needs); WrapAuto chooses the count,
	// 1 to 3, that shows the step text largest on a 16:9 slide.
	Wrap int
	// Title is the heading; "" = the map's process name.
	Title string
	// Notes are small lines under the title (what the colours mean).
	Notes []string
	// Legend items are drawn in a row under the notes.
	Legend []LegendItem
	// NodeStyle, when set, paints a step (a zero Style keeps the map's).
	NodeStyle func(s *mapping.Step) Style
	// Sub gives the small lines under a step's name; nil = none.
	Sub func(s *mapping.Step) []string
	// EdgeText gives the text drawn on a map edge; nil = its label.
	EdgeText func(s *mapping.Step, e *mapping.Edge) string
	// Flows, when non-nil, are the step-to-step edges to draw instead of
	// the map's (a measured process); the start and end edges are always
	// the map's. Columns still come from the map's edges only.
	Flows []Flow
	// FlowsOnly draws no edge but the Flows: no start edges to the map's
	// start steps, no end edges from steps without a next (a discovered
	// process's flows from StartID and to EndID carry its own).
	FlowsOnly bool
}

// Flow is an edge to draw when Options.Flows replaces the map's edges.
type Flow struct {
	From, To string        // step ids
	Text     string        // drawn on the edge; "" = none
	Style    Style         // zero = the map style (orange when it changes lane)
	Edge     *mapping.Edge // the map's edge it stands for; nil for moves the map lacks
}

// Style is how a shape, line or text is painted. Colours are "#rrggbb";
// "" means the drawing's default.
type Style struct {
	Fill, Stroke string
	Text, Sub    string  // colours of the name and of the small lines
	Width        float64 // line width in px; 0 = 1
	Dash         string  // "", "dashed" or "dotted"
}

// LegendItem is one entry of the legend: a swatch (a filled box), a line
// sample, or text alone.
type LegendItem struct {
	Kind  string // "swatch", "line" or "text"
	Style Style
	Text  string
	At    Rect // set by the layout: the sample and its text
}

// NodeKind is what a node stands for.
type NodeKind string

// Node kinds.
const (
	Task     NodeKind = "task"     // a step (100×80 in BPMN terms)
	Decision NodeKind = "decision" // a decision step (diamond)
	Start    NodeKind = "start"    // the start event (circle)
	End      NodeKind = "end"      // the end event (circle)
)

// Node ids of the start and end events; step ids cannot hold ":", so these
// never collide with a step.
const (
	StartID = "flowmap:start"
	EndID   = "flowmap:end"
)

// Rect is an axis-aligned rectangle.
type Rect struct{ X, Y, W, H float64 }

// Point is a position.
type Point struct{ X, Y float64 }

// Geometry is a laid-out swimlane diagram.
type Geometry struct {
	Width, Height float64
	Direction     Direction
	Title         string
	Notes         []string     // small lines under the title
	Legend        []LegendItem // with their positions
	Tiers         int          // how many times the lanes are drawn (wrapped flow)
	Lanes         []Lane       // in declared order, empty lanes included; Band and Header are the first tier's
	Nodes         []Node       // steps in map order, then the start and end events
	Edges         []Edge       // every drawn flow, in map order
	Texts         []Text       // every text element, positioned (see Text)
}

// Lane is one band.
type Lane struct {
	ID     string // owner or system id ("" for steps without a system)
	Name   string // the header text: the owner's or system's name, else its id
	Band   Rect   // the whole band, header included
	Header Rect   // the header cell holding Name
	// Bands and Headers hold one entry per tier (Bands[0] == Band).
	Bands, Headers []Rect
}

// Node is one step or event.
type Node struct {
	ID     string // step id, StartID or EndID
	Kind   NodeKind
	Lane   int           // index into Geometry.Lanes; the start event sits in its first step's lane, the end event in its last step's
	Column int           // flow position (longest path from the start, loops ignored)
	Box    Rect          // the shape's bounding box
	Label  []string      // text lines inside the shape
	Step   *mapping.Step // nil for events
	Sub    []string      // small lines under the label
	Row    int           // row within the lane (a lane has several when a column holds several of its steps)
	Tier   int           // which copy of the lanes the node is drawn in
	Style  Style
}

// Edge is one flow between two nodes, routed as a polyline that never
// crosses a node's box.
type Edge struct {
	From, To string        // node ids
	Points   []Point       // waypoints from the source's border to the target's border
	Label    string        // the map edge's branch text, or a Flow's text; "" when none
	LabelAt  Rect          // where Text is drawn (no overlap with boxes or other labels); zero when no text
	Handoff  bool          // the flow changes lane
	Back     bool          // a loop's back edge (drawn around the steps)
	Edge     *mapping.Edge // nil for edges from the start or to the end event
	Text     []string      // the drawn label's lines (Label with probabilities, or a Flow's text), wrapped
	Style    Style
}

// Node returns the node with the given id.
func (g *Geometry) Node(id string) (*Node, bool) {
	for i := range g.Nodes {
		if g.Nodes[i].ID == id {
			return &g.Nodes[i], true
		}
	}
	return nil, false
}
