package bpmn

import (
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Layout node ids of the gateways the export inserts. Step ids cannot hold
// ":", so they never collide with a step (nor with swimlane's events).
const startSplitNode = "flowmap:startsplit"

func splitNode(step string) string { return "flowmap:split:" + step }

// gatewayText is the stand-in name of an inserted gateway in the layout: a
// decision diamond around one line of it is about BPMN's 50×50, so the
// layout leaves the room the gateway takes. It is never written to the file.
const gatewayText = "XXX"

// layoutMap returns the map the export lays out: a copy of m in which every
// gateway the export inserts is a decision step of its own (in its step's
// lane, between the step and its next steps; before the start steps when
// there are several), so that it gets a column, a place and routed edges
// like any other node. m is not changed.
func layoutMap(m *mapping.Map) *mapping.Map {
	c := &mapping.Map{File: m.File, Process: m.Process,
		Owners: append([]mapping.Owner(nil), m.Owners...), Systems: append([]mapping.System(nil), m.Systems...)}
	starts := m.Starts()
	if len(starts) > 1 {
		first, _ := m.Step(starts[0])
		g := mapping.Step{ID: startSplitNode, Name: gatewayText, Owner: first.Owner, Decision: true, Automated: true, Start: true}
		for _, id := range starts {
			g.Next = append(g.Next, mapping.Edge{From: g.ID, To: id, P: 1 / float64(len(starts))})
		}
		c.Steps = append(c.Steps, g)
	}
	for i := range m.Steps {
		s := m.Steps[i]
		s.Next = append([]mapping.Edge(nil), s.Next...)
		s.Start = s.Start && len(starts) == 1
		if !splits(&s) {
			c.Steps = append(c.Steps, s)
			continue
		}
		g := mapping.Step{ID: splitNode(s.ID), Name: gatewayText, Owner: s.Owner, Decision: true, Automated: true, Next: s.Next}
		for j := range g.Next {
			g.Next[j].From = g.ID
		}
		s.Next = []mapping.Edge{{From: s.ID, To: g.ID, P: 1}}
		c.Steps = append(c.Steps, s, g)
	}
	_ = c.Validate() // indexes the copy; its ids with ":" are flowmap's own, the rest was validated with m
	return c
}

// layOut places the export: the swimlane layout of layoutMap(m), left to
// right in one band per owner, scaled to BPMN's shape sizes.
func (x *export) layOut() {
	g := swimlane.Layout(layoutMap(x.m), swimlane.Options{Lanes: swimlane.ByOwner, Direction: swimlane.Right})
	x.place(g)
}
