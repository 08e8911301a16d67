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

// Options control a layout.
type Options struct {
	Lanes     LaneBy    // default ByOwner
	Direction Direction // default Right
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
	Lanes         []Lane // in declared order, empty lanes included
	Nodes         []Node // steps in map order, then the start and end events
	Edges         []Edge // every drawn flow, in map order
}

// Lane is one band.
type Lane struct {
	ID     string // owner or system id ("" for steps without a system)
	Name   string // the header text: the owner's or system's name, else its id
	Band   Rect   // the whole band, header included
	Header Rect   // the header cell holding Name
}

// Node is one step or event.
type Node struct {
	ID     string // step id, StartID or EndID
	Kind   NodeKind
	Lane   int           // index into Geometry.Lanes; -1 for events outside lanes
	Column int           // flow position (longest path from the start, loops ignored)
	Box    Rect          // the shape's bounding box
	Label  []string      // text lines inside the shape
	Step   *mapping.Step // nil for events
}

// Edge is one flow between two nodes, routed as a polyline that never
// crosses a node's box.
type Edge struct {
	From, To string        // node ids
	Points   []Point       // waypoints from the source's border to the target's border
	Label    string        // branch text or probability; "" when none
	LabelAt  Rect          // where the label is drawn (no overlap with boxes or other labels)
	Handoff  bool          // the flow changes lane
	Back     bool          // a loop's back edge (drawn around the steps)
	Edge     *mapping.Edge // nil for edges from the start or to the end event
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
