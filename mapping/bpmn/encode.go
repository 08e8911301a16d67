package bpmn

import (
	"fmt"
	"strconv"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Encode writes a validated map as a BPMN 2.0 file with diagram
// interchange. The diagram is the swimlane layout (by owner, left to right)
// of a copy of m in which every gateway the export inserts is a node of its
// own, so g, a layout of m itself, is not used: it may be nil. The output
// depends only on the map, so the same map always gives the same bytes.
func Encode(m *mapping.Map, _ *swimlane.Geometry) ([]byte, error) {
	if len(m.Steps) == 0 || len(m.Owners) == 0 {
		return nil, fmt.Errorf("%s: a map needs owners and steps to export", m.File)
	}
	for i := range m.Steps {
		if _, ok := ownerIndex(m, m.Steps[i].Owner); !ok {
			return nil, fmt.Errorf("%s: step %s: unknown owner %q (validate the map first)", m.File, m.Steps[i].ID, m.Steps[i].Owner)
		}
		if len(m.Steps[i].Parallel) > 0 {
			return nil, fmt.Errorf("%s: step %s: parallel branches (parallel:) are not exported to BPMN yet; flowmap's BPMN holds one path per case", m.File, m.Steps[i].ID)
		}
		for _, e := range m.Steps[i].Next {
			if _, ok := m.Step(e.To); !ok {
				return nil, fmt.Errorf("%s: step %s: next step %q does not exist (validate the map first)", m.File, m.Steps[i].ID, e.To)
			}
		}
	}
	x := build(m)
	x.layOut()
	w := &xmlWriter{}
	w.buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open("definitions", "xmlns", nsModel, "xmlns:bpmndi", nsDI, "xmlns:dc", nsDC, "xmlns:di", nsDDI,
		"xmlns:flowmap", nsFlowmap, "id", idDefinitions, "targetNamespace", "urn:flowmap:process",
		"exporter", "flowmap", "exporterVersion", "1")
	for _, s := range m.Systems {
		w.empty("dataStore", "id", dataStoreID(s.ID), "name", s.Name)
	}
	w.open("collaboration", "id", idCollaboration)
	w.empty("participant", "id", idPool, "name", m.Process, "processRef", idProcess)
	w.end("collaboration")
	x.writeProcess(w)
	x.writeDI(w)
	w.end("definitions")
	return w.buf.Bytes(), nil
}

func ownerIndex(m *mapping.Map, id string) (int, bool) {
	for i, o := range m.Owners {
		if o.ID == id {
			return i, true
		}
	}
	return 0, false
}

func (x *export) writeProcess(w *xmlWriter) {
	m := x.m
	w.open("process", "id", idProcess, "name", m.Process, "isExecutable", "false")
	if m.SLA > 0 || len(m.Holidays) > 0 || m.Unit != "" {
		w.open("extensionElements")
		w.empty("flowmap:map", "unit", m.Unit, "sla", secondsAttr(m.SLA.Seconds()), "holidays", datesText(m.Holidays))
		w.end("extensionElements")
	}
	w.open("laneSet", "id", idLaneSet)
	for i, o := range m.Owners {
		w.open("lane", "id", laneID(o.ID), "name", o.Name)
		cal := ""
		if o.Calendar != nil && !o.Calendar.Implied() {
			cal = o.Calendar.Text
		}
		w.open("extensionElements")
		w.empty("flowmap:owner", "id", o.ID, "capacity", itoaPos(o.Capacity), "calendar", cal,
			"holidays", datesText(o.Holidays), "external", boolAttr(o.External))
		w.end("extensionElements")
		for _, e := range x.elems {
			if e.lane == i {
				w.leaf("flowNodeRef", e.id)
			}
		}
		w.end("lane")
	}
	w.end("laneSet")
	for _, e := range x.elems {
		x.writeElem(w, e)
	}
	for _, st := range x.stores {
		s, _ := m.System(st.system)
		if !st.first {
			w.empty("dataStoreReference", "id", st.id, "name", s.Name, "dataStoreRef", dataStoreID(s.ID))
			continue
		}
		w.open("dataStoreReference", "id", st.id, "name", s.Name, "dataStoreRef", dataStoreID(s.ID))
		w.open("extensionElements")
		w.empty("flowmap:system", "id", s.ID)
		w.end("extensionElements")
		w.end("dataStoreReference")
	}
	for _, f := range x.flows {
		name := ""
		if f.edge != nil {
			name = f.edge.Label
		}
		if f.edge == nil || !f.edge.PGiven {
			w.empty("sequenceFlow", "id", f.id, "name", name, "sourceRef", f.src, "targetRef", f.tgt)
			continue
		}
		w.open("sequenceFlow", "id", f.id, "name", name, "sourceRef", f.src, "targetRef", f.tgt)
		w.open("extensionElements")
		w.empty("flowmap:branch", "p", strconv.FormatFloat(f.edge.P, 'g', -1, 64))
		w.end("extensionElements")
		w.end("sequenceFlow")
	}
	w.end("process")
}

// writeElem writes one flow node with its flowmap values and flows.
func (x *export) writeElem(w *xmlWriter, e *elem) {
	w.open(string(e.kind), "id", e.id, "name", e.name)
	switch {
	case e.step != nil:
		writeStepExt(w, e.step)
	case e.kind == kindGateway:
		w.open("extensionElements")
		w.empty("flowmap:split", "step", e.split)
		w.end("extensionElements")
	}
	for _, f := range x.flows {
		if f.tgt == e.id {
			w.leaf("incoming", f.id)
		}
	}
	for _, f := range x.flows {
		if f.src == e.id {
			w.leaf("outgoing", f.id)
		}
	}
	if st := x.storeOf(e); st != nil {
		w.open("dataOutputAssociation", "id", assocID(e.step.ID))
		w.leaf("targetRef", st.id)
		w.end("dataOutputAssociation")
	}
	w.end(string(e.kind))
}

func writeStepExt(w *xmlWriter, s *mapping.Step) {
	w.open("extensionElements")
	attrs := []string{"id", s.ID, "system", s.System, "capacity", itoaPos(s.Capacity),
		"queueLimit", itoaPos(s.QueueLimit), "sla", secondsAttr(s.SLA.Seconds())}
	if s.Decision {
		attrs = append(attrs, "automated", strconv.FormatBool(s.Automated)) // a foreign gateway reads as automated
	}
	if s.Silent() {
		attrs = append(attrs, "silent", "true") // log_names: [] — the event log never records it
	}
	if s.Duration.Kind == "" && s.Delay.Kind == "" && len(s.LogNames) == 0 {
		w.empty("flowmap:step", attrs...)
	} else {
		w.open("flowmap:step", attrs...)
		if s.Duration.Kind != "" {
			w.empty("flowmap:duration", distAttrs(s.Duration)...)
		}
		if s.Delay.Kind != "" {
			w.empty("flowmap:delay", distAttrs(s.Delay)...)
		}
		for _, n := range s.LogNames {
			w.leaf("flowmap:logName", n)
		}
		w.end("flowmap:step")
	}
	w.end("extensionElements")
}
