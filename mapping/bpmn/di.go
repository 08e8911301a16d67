package bpmn

import (
	"math"
	"strconv"

	"github.com/flowmap/flowmap/render/swimlane"
)

func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func bounds(w *xmlWriter, r swimlane.Rect) {
	w.empty("dc:Bounds", "x", num(r.X), "y", num(r.Y), "width", num(r.W), "height", num(r.H))
}

func shape(w *xmlWriter, elem string, r, label swimlane.Rect, attrs ...string) {
	w.open("bpmndi:BPMNShape", append([]string{"id", diID(elem), "bpmnElement", elem}, attrs...)...)
	bounds(w, r)
	if label.W > 0 {
		w.open("bpmndi:BPMNLabel")
		bounds(w, label)
		w.end("bpmndi:BPMNLabel")
	}
	w.end("bpmndi:BPMNShape")
}

func edge(w *xmlWriter, elem string, pts []swimlane.Point, label swimlane.Rect) {
	w.open("bpmndi:BPMNEdge", "id", diID(elem), "bpmnElement", elem)
	for _, p := range pts {
		w.empty("di:waypoint", "x", num(p.X), "y", num(p.Y))
	}
	if label.W > 0 {
		w.open("bpmndi:BPMNLabel")
		bounds(w, label)
		w.end("bpmndi:BPMNLabel")
	}
	w.end("bpmndi:BPMNEdge")
}

// writeDI writes the diagram: pool, lanes, every flow node and data store
// with its bounds, every flow and data association with its waypoints.
func (x *export) writeDI(w *xmlWriter) {
	w.open("bpmndi:BPMNDiagram", "id", "Diagram")
	w.open("bpmndi:BPMNPlane", "id", "Plane", "bpmnElement", idCollaboration)
	shape(w, idPool, x.pool, swimlane.Rect{}, "isHorizontal", "true")
	for i, o := range x.m.Owners {
		shape(w, laneID(o.ID), x.lanes[i], swimlane.Rect{}, "isHorizontal", "true")
	}
	for _, e := range x.elems {
		shape(w, e.id, e.box, e.label)
	}
	for _, st := range x.stores {
		shape(w, st.id, st.box, swimlane.Rect{})
	}
	for _, f := range x.flows {
		edge(w, f.id, f.points, f.label)
	}
	for _, e := range x.elems {
		if st := x.storeOf(e); st != nil {
			edge(w, assocID(e.step.ID), x.assocPoints(e, st), swimlane.Rect{})
		}
	}
	w.end("bpmndi:BPMNPlane")
	w.end("bpmndi:BPMNDiagram")
}
