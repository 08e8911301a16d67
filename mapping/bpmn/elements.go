package bpmn

import (
	"math"
	"strconv"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// Task kinds that run without a person: they become automated steps.
var automatedTasks = map[string]bool{
	"serviceTask": true, "scriptTask": true, "businessRuleTask": true, "sendTask": true, "receiveTask": true,
}

var activities = map[string]bool{
	"task": true, "userTask": true, "manualTask": true, "callActivity": true,
	"serviceTask": true, "scriptTask": true, "businessRuleTask": true, "sendTask": true, "receiveTask": true,
}

var gatewayWords = map[string]string{
	"parallelGateway": "parallel gateway", "inclusiveGateway": "inclusive gateway", "complexGateway": "complex gateway",
}

// called names an element in messages: `task "Pick"`, or `task` when it
// has no name.
func called(what, name string) string {
	if name == "" {
		return what
	}
	return what + " " + strconv.Quote(name)
}

var subProcesses = map[string]bool{"subProcess": true, "transaction": true, "adHocSubProcess": true}

// readElements reads the flow nodes and sequence flows of a process or an
// expanded sub-process.
// laneOf gives the owner of the nodes a lane lists; the others belong to
// defOwner (the pool's owner, or the expanded sub-process's).
func (d *decoder) readElements(c *node, laneOf map[string]string, defOwner func() string, parent string) {
	for _, n := range c.kids(nsModel, "") {
		id, tag := n.attr("id"), n.name.Local
		b := &bnode{x: n, id: id, name: nameOf(n), parent: parent, kind: kStep}
		ownerOf := func() string {
			if o, ok := laneOf[id]; ok {
				return o
			}
			return defOwner()
		}
		switch {
		case tag == "sequenceFlow":
			d.readFlow(n)
			continue
		case activities[tag]:
			b.automated = automatedTasks[tag]
		case subProcesses[tag]:
			if n.attr("triggeredByEvent") == "true" {
				d.refuse(id, "%s: it interrupts or runs beside the process, which a map cannot express", called("event sub-process", b.name))
				continue
			}
			if d.expanded[id] && len(n.kids(nsModel, "startEvent")) > 0 {
				b.kind = kPass // flattened: its inner flow replaces it
				d.readElements(n, laneOf, ownerOf, id)
			}
		case tag == "exclusiveGateway" || tag == "eventBasedGateway":
			b.kind, b.automated, b.eventGate = kDecision, true, tag == "eventBasedGateway"
			b.split = flowmapExt(n, "split") != nil
		case tag == "parallelGateway" || tag == "inclusiveGateway" || tag == "complexGateway":
			d.refuse(id, "%s: a map follows one path per case, so it cannot split a case into parallel paths or join them",
				called(gatewayWords[tag], b.name))
			continue
		case tag == "boundaryEvent":
			d.refuse(id, "boundary event %s on %s: a map cannot interrupt a step or branch off while it runs",
				ref(b), d.hostOf(n))
			continue
		case tag == "startEvent":
			b.kind = kStart
		case tag == "endEvent":
			b.kind = kEnd
		case tag == "intermediateCatchEvent" || tag == "intermediateThrowEvent":
			b.automated = true // a wait for a message or a timer: no one works on it
		default:
			continue // data, annotations, associations...
		}
		b.ext = flowmapExt(n, "step")
		b.owner = ownerOf()
		b.system = d.association(n)
		d.nodes[id] = b
		d.order = append(d.order, b)
	}
}

// association returns the system of the first data store an activity
// reads or writes, "" when none.
func (d *decoder) association(n *node) string {
	for _, a := range n.kids(nsModel, "dataOutputAssociation") {
		for _, t := range a.kids(nsModel, "targetRef") {
			if s, ok := d.stores[t.text]; ok {
				return s
			}
		}
	}
	for _, a := range n.kids(nsModel, "dataInputAssociation") {
		for _, t := range a.kids(nsModel, "sourceRef") {
			if s, ok := d.stores[t.text]; ok {
				return s
			}
		}
	}
	return ""
}

func (d *decoder) readFlow(n *node) {
	f := &seqFlow{x: n, id: n.attr("id"), name: nameOf(n), src: n.attr("sourceRef"), tgt: n.attr("targetRef"),
		cond: n.kid(nsModel, "conditionExpression") != nil}
	if x := flowmapExt(n, "branch"); x != nil {
		p, err := parseP(x.attr("p"))
		if err != nil {
			d.errorf(x, "%v", err)
		}
		f.p, f.pGiven = p, err == nil
	}
	d.flows = append(d.flows, f)
}

// readStepExt fills a step's flowmap values from flowmap:step.
func (d *decoder) readStepExt(s *mapping.Step, x *node) {
	if x == nil {
		return
	}
	if v := x.attr("system"); v != "" {
		s.System = v
	}
	if v := x.attr("automated"); v != "" {
		s.Automated = v == "true"
	}
	var err error
	if v := x.attr("capacity"); v != "" {
		if s.Capacity, err = parseCount(v, mapping.MaxCapacity); err != nil {
			d.errorf(x, "flowmap:step capacity: %v", err)
		}
	}
	if v := x.attr("queueLimit"); v != "" {
		if s.QueueLimit, err = parseCount(v, mapping.MaxQueueLimit); err != nil {
			d.errorf(x, "flowmap:step queueLimit: %v", err)
		}
	}
	if v := x.attr("sla"); v != "" {
		sec, err := mapping.ParseSeconds(v)
		if err != nil {
			d.errorf(x, "flowmap:step sla: %v", err)
		}
		s.SLA = secondsToDuration(sec)
	}
	if dn := x.kid(nsFlowmap, "duration"); dn != nil {
		if s.Duration, err = parseDist(dn); err != nil {
			d.errorf(dn, "flowmap:%v", err)
		}
	}
	if dn := x.kid(nsFlowmap, "delay"); dn != nil {
		if s.Delay, err = parseDist(dn); err != nil {
			d.errorf(dn, "flowmap:delay %v", err)
		}
	}
	for _, ln := range x.kids(nsFlowmap, "logName") {
		s.LogNames = append(s.LogNames, ln.raw) // verbatim: activity names of the event log
	}
	if x.attr("silent") == "true" && s.LogNames == nil {
		s.LogNames = []string{} // a silent step: the event log never records it
	}
}

func parseCount(s string, limit int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > limit {
		return 0, &rangeError{s, limit}
	}
	return n, nil
}

type rangeError struct {
	value string
	limit int
}

func (e *rangeError) Error() string {
	return "expected a whole number from 0 to " + strconv.Itoa(e.limit) + ", found " + strconv.Quote(e.value)
}

func secondsToDuration(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }

// hostOf names the activity a boundary event is attached to by its kind,
// BPMN id and name: userTask Task_pick "Pick".
func (d *decoder) hostOf(n *node) string {
	id := n.attr("attachedToRef")
	h := d.ix.byID[id]
	if h == nil {
		return strconv.Quote(id) // reported as dangling before
	}
	return h.name.Local + " " + ref(&bnode{id: id, name: nameOf(h)})
}
