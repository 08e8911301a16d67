package bpmn

import (
	"math"
	"sort"
	"strconv"

	"github.com/flowmap/flowmap/render/swimlane"
)

func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func bounds(w *xmlWriter, r swimlane.Rect) {
	w.empty("dc:Bounds", "x", num(r.X), "y", num(r.Y), "width", num(r.W), "height", num(r.H))
}

// writeDI writes the diagram: pool, lanes, every flow node and data store
// with its bounds, every flow with its waypoints.
func (x *export) writeDI(w *xmlWriter) {
	w.open("bpmndi:BPMNDiagram", "id", "Diagram")
	w.open("bpmndi:BPMNPlane", "id", "Plane", "bpmnElement", idCollaboration)
	pool := swimlane.Rect{X: 0, Y: 0, W: x.g.Width + poolLabelW, H: x.g.Height}
	w.open("bpmndi:BPMNShape", "id", diID(idPool), "bpmnElement", idPool, "isHorizontal", "true")
	bounds(w, pool)
	w.end("bpmndi:BPMNShape")
	for i, o := range x.m.Owners {
		band := swimlane.Rect{X: 0, Y: float64(i) * x.g.Height / float64(len(x.m.Owners)), W: x.g.Width, H: x.g.Height / float64(len(x.m.Owners))}
		if i < len(x.g.Lanes) && x.g.Lanes[i].ID == o.ID {
			band = x.g.Lanes[i].Band
		}
		w.open("bpmndi:BPMNShape", "id", diID(laneID(o.ID)), "bpmnElement", laneID(o.ID), "isHorizontal", "true")
		bounds(w, shiftRect(band))
		w.end("bpmndi:BPMNShape")
	}
	for _, e := range x.elems {
		w.open("bpmndi:BPMNShape", "id", diID(e.id), "bpmnElement", e.id)
		bounds(w, e.box)
		w.end("bpmndi:BPMNShape")
	}
	stores := x.placeStores(pool)
	for _, s := range x.m.Systems {
		w.open("bpmndi:BPMNShape", "id", diID(storeRefID(s.ID)), "bpmnElement", storeRefID(s.ID))
		bounds(w, stores[s.ID])
		w.end("bpmndi:BPMNShape")
	}
	for _, f := range x.flows {
		w.open("bpmndi:BPMNEdge", "id", diID(f.id), "bpmnElement", f.id)
		for _, p := range x.waypoints(f) {
			w.empty("di:waypoint", "x", num(p.X), "y", num(p.Y))
		}
		if ge := x.geometryEdge(f.gFrom, f.gTo); f.edge != nil && f.edge.Label != "" && ge != nil && ge.LabelAt.W > 0 {
			w.open("bpmndi:BPMNLabel")
			bounds(w, shiftRect(ge.LabelAt))
			w.end("bpmndi:BPMNLabel")
		}
		w.end("bpmndi:BPMNEdge")
	}
	for _, e := range x.elems {
		if s := e.step; s != nil && !s.Decision && s.System != "" {
			st := stores[s.System]
			w.open("bpmndi:BPMNEdge", "id", diID(assocID(s.ID)), "bpmnElement", assocID(s.ID))
			// Down from the task, along a line under the pool, down into the store.
			busY := pool.Y + pool.H + storeGap/2
			for _, p := range []swimlane.Point{{X: e.box.X + e.box.W/2, Y: e.box.Y + e.box.H}, {X: e.box.X + e.box.W/2, Y: busY},
				{X: st.X + st.W/2, Y: busY}, {X: st.X + st.W/2, Y: st.Y}} {
				w.empty("di:waypoint", "x", num(p.X), "y", num(p.Y))
			}
			w.end("bpmndi:BPMNEdge")
		}
	}
	w.end("bpmndi:BPMNPlane")
	w.end("bpmndi:BPMNDiagram")
}

// placeStores puts the data stores in a row under the pool, each near the
// middle of the tasks that use it, without overlaps.
func (x *export) placeStores(pool swimlane.Rect) map[string]swimlane.Rect {
	type want struct {
		id string
		x  float64
	}
	var ws []want
	for i, s := range x.m.Systems {
		sum, n := 0.0, 0
		for _, e := range x.elems {
			if e.step != nil && !e.step.Decision && e.step.System == s.ID {
				sum += e.box.X + e.box.W/2
				n++
			}
		}
		cx := pool.X + poolLabelW + 60 + float64(i)*(storeSize+30)
		if n > 0 {
			cx = sum / float64(n)
		}
		ws = append(ws, want{s.ID, cx})
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].x < ws[j].x })
	out := map[string]swimlane.Rect{}
	next := math.Inf(-1)
	for _, v := range ws {
		cx := math.Max(v.x, next)
		out[v.id] = swimlane.Rect{X: cx - storeSize/2, Y: pool.Y + pool.H + storeGap, W: storeSize, H: storeSize}
		next = cx + storeSize + 40
	}
	return out
}
