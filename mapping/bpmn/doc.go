// Package bpmn writes a process map as a BPMN 2.0 file with diagram
// interchange, and reads BPMN 2.0 files from modelling tools (bpmn.io and
// Camunda Modeler, SAP Signavio, ARIS) as process maps.
//
// Export (Encode): one collaboration with one pool whose process has a lane
// per owner; steps are user or service tasks, decisions exclusive gateways,
// a step with several next steps goes through an exclusive gateway; start
// and end events around. What BPMN has no element for (probabilities,
// durations, capacities, calendars, log names...) is written in flowmap's
// extension namespace urn:flowmap:bpmn:1, so that reading the file back
// gives the same map. Ids are derived from flowmap ids (Task_pick,
// Lane_warehouse, Flow_pick_1), so the same map always gives the same file.
//
// The diagram is the swimlane layout (render/swimlane) of a copy of the
// map in which each inserted gateway is a decision node of its own, so it
// gets a column and routed flows; the layout is then stretched axis by axis
// (piecewise linearly, never shrinking, so nothing that was apart touches)
// until tasks are at least 100×80, gateways 50×50 and events 36×36, and
// the flows end on the shapes' borders. The pool is the lanes plus its
// name strip. A system's data store is drawn in a strip at the bottom of
// each lane whose tasks use it, under short runs of neighbouring tasks, so
// that associations are short drops; every such reference names the one
// dataStore of the system.
//
// Prosimos writes the simulation parameters in the Prosimos/Simod JSON
// shape, keyed by the same ids.
//
// Import (Decode): namespaces are bound by URI, never by prefix. Lanes
// become owners (nested lanes "Parent / Child", a pool without lanes one
// owner), tasks steps (service, script, business-rule, send and receive
// tasks automated), exclusive gateways decisions (a gateway that only
// merges is passed through), sequence flows edges, intermediate events
// steps of their lane; a collapsed sub-process is one step, an expanded one
// is flattened; every end event ends the case. A message flow hands the
// case to the other pool when its sender does nothing else afterwards;
// otherwise it only informs and is left out with a warning. Probabilities
// come from the flowmap extension, else from a Prosimos file, else equal
// shares with a warning. What a Markov map cannot mean (parallel, inclusive
// and complex gateways, implicit parallel splits, boundary events, event
// sub-processes) is refused with file:elementId: message.
//
// Every message of Decode is placed as file:elementId: (only what lies in
// no element with an id, such as an XML syntax error, keeps
// file:line:col:) and names elements by their
// exact BPMN id and name (a step as `step Task_pick "Pick"`, unless the
// flowmap extension gave it its flowmap id). A reference to an id no
// element has (sourceRef, targetRef, processRef, flowNodeRef,
// attachedToRef...) is reported first and alone, with the closest
// existing id, since everything else would only be its knock-on; a stale
// diagram bpmnElement or incoming/outgoing, which flowmap does not read,
// is only warned about.
// Unnamed lanes, tasks, events and gateways get readable names ("Lane 1",
// "Task 2", "Decision after Check"), listed in one warning. Importing the
// package registers ".bpmn" with mapping.RegisterFormat, so every command
// that reads a map reads BPMN.
package bpmn
