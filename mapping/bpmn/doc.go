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
// Import (Decode): namespaces are bound by URI, never by prefix. Lanes
// become owners, tasks steps, exclusive gateways decisions, sequence flows
// edges; what a Markov map cannot mean (parallel and inclusive gateways,
// implicit parallel splits, boundary events) is refused with
// file:elementId: message. Importing the package registers ".bpmn" with
// mapping.RegisterFormat, so every command that reads a map reads BPMN.
package bpmn
