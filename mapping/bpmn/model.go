package bpmn

import (
	"fmt"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Element ids of an export, derived from flowmap ids. Step, owner and
// system ids hold only letters, digits, _ and -, so every prefixed id is
// an XML name, and prefixes keep the kinds apart.
const (
	idDefinitions   = "Definitions_flowmap"
	idCollaboration = "Collaboration"
	idPool          = "Pool"
	idProcess       = "Process"
	idLaneSet       = "LaneSet"
	idStart         = "StartEvent"
	idStartSplit    = "StartSplit"
	idEnd           = "EndEvent"
)

func stepElemID(s *mapping.Step) string {
	if s.Decision {
		return "Gateway_" + s.ID
	}
	return "Task_" + s.ID
}

func splitID(step string) string       { return "Split_" + step }
func flowID(step string, i int) string { return fmt.Sprintf("Flow_%s_%d", step, i+1) }
func splitFlowID(step string) string   { return "Flow_" + step + "_split" }
func startFlowID(i int) string         { return fmt.Sprintf("StartFlow_%d", i+1) }
func endFlowID(step string) string     { return "EndFlow_" + step }
func laneID(owner string) string       { return "Lane_" + owner }
func storeRefID(system string) string  { return "Store_" + system }
func dataStoreID(system string) string { return "DataStore_" + system }
func assocID(step string) string       { return "Assoc_" + step }
func diID(elem string) string          { return "DI_" + elem }

// elemKind is the BPMN element an exported node is written as.
type elemKind string

const (
	kindStart   elemKind = "startEvent"
	kindEnd     elemKind = "endEvent"
	kindUser    elemKind = "userTask"
	kindService elemKind = "serviceTask"
	kindGateway elemKind = "exclusiveGateway"
)

// elem is one flow node of the export.
type elem struct {
	id    string
	kind  elemKind
	name  string
	lane  int           // index into the map's owners
	step  *mapping.Step // nil for events and inserted gateways
	split string        // for an inserted gateway: the step it splits ("" for the start's)
	node  string        // the node that stands for it in the layout (see layoutMap)
	box   swimlane.Rect // diagram bounds
	label swimlane.Rect // where the name of a gateway or event is drawn (beside it); zero for tasks
}

// flow is one sequence flow of the export. Every flow is one edge of the
// layout, from node gFrom to node gTo.
type flow struct {
	id, src, tgt string // element ids
	edge         *mapping.Edge
	gFrom, gTo   string // layout node ids
	points       []swimlane.Point
	label        swimlane.Rect // where its name is drawn; zero when none
}

// export is the model of an exported map: its flow nodes and flows in
// document order, and once laid out its lanes and data stores.
type export struct {
	m      *mapping.Map
	elems  []*elem
	byID   map[string]*elem
	flows  []*flow
	lanes  []swimlane.Rect // per owner
	pool   swimlane.Rect
	stores []*store
}

func (x *export) add(e *elem) {
	x.elems = append(x.elems, e)
	x.byID[e.id] = e
}

// build makes the elements and flows of m; lay them out with layout.
func build(m *mapping.Map) *export {
	x := &export{m: m, byID: map[string]*elem{}}
	laneOf := map[string]int{}
	for i, o := range m.Owners {
		laneOf[o.ID] = i
	}
	starts := m.Starts()
	startLane := 0
	if len(starts) > 0 {
		if s, ok := m.Step(starts[0]); ok {
			startLane = laneOf[s.Owner]
		}
	}
	x.add(&elem{id: idStart, kind: kindStart, name: "Start", lane: startLane, node: swimlane.StartID})
	first := swimlane.StartID
	if len(starts) > 1 {
		x.add(&elem{id: idStartSplit, kind: kindGateway, lane: startLane, node: startSplitNode})
		x.flows = append(x.flows, &flow{id: "StartFlow_split", src: idStart, tgt: idStartSplit, gFrom: swimlane.StartID, gTo: startSplitNode})
		first = startSplitNode
	}
	for i, id := range starts {
		s, _ := m.Step(id)
		src := idStart
		if len(starts) > 1 {
			src = idStartSplit
		}
		x.flows = append(x.flows, &flow{id: startFlowID(i), src: src, tgt: stepElemID(s), gFrom: first, gTo: id})
	}
	endLane := -1
	for i := range m.Steps {
		s := &m.Steps[i]
		kind := kindUser
		switch {
		case s.Decision:
			kind = kindGateway
		case s.Automated:
			kind = kindService
		}
		x.add(&elem{id: stepElemID(s), kind: kind, name: s.Name, lane: laneOf[s.Owner], step: s, node: s.ID})
		src, gsrc := stepElemID(s), s.ID
		if splits(s) {
			x.add(&elem{id: splitID(s.ID), kind: kindGateway, lane: laneOf[s.Owner], split: s.ID, node: splitNode(s.ID)})
			x.flows = append(x.flows, &flow{id: splitFlowID(s.ID), src: src, tgt: splitID(s.ID), gFrom: s.ID, gTo: splitNode(s.ID)})
			src, gsrc = splitID(s.ID), splitNode(s.ID)
		}
		for j := range s.Next {
			e := &s.Next[j]
			to, _ := m.Step(e.To)
			x.flows = append(x.flows, &flow{id: flowID(s.ID, j), src: src, tgt: stepElemID(to), edge: e, gFrom: gsrc, gTo: e.To})
		}
		if len(s.Next) == 0 {
			if endLane < 0 {
				endLane = laneOf[s.Owner]
			}
			x.flows = append(x.flows, &flow{id: endFlowID(s.ID), src: src, tgt: idEnd, gFrom: gsrc, gTo: swimlane.EndID})
		}
	}
	x.add(&elem{id: idEnd, kind: kindEnd, name: "End", lane: max(endLane, 0), node: swimlane.EndID})
	return x
}

// splits reports whether a step goes through an inserted gateway: several
// plain outgoing flows would mean a parallel split in BPMN.
func splits(s *mapping.Step) bool { return !s.Decision && len(s.Next) >= 2 }
