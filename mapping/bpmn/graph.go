package bpmn

import (
	"fmt"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// readMessageFlows notes the message flows between pools; link follows
// those that hand the case over.
func (d *decoder) readMessageFlows(root *node) {
	for _, c := range root.kids(nsModel, "collaboration") {
		for _, n := range c.kids(nsModel, "messageFlow") {
			d.messages = append(d.messages, &seqFlow{x: n, id: n.attr("id"), name: nameOf(n),
				src: n.attr("sourceRef"), tgt: n.attr("targetRef"), message: true})
		}
	}
}

// followMessages makes a handoff of every message flow whose sender does
// nothing else afterwards (a message end event, the last task of its
// pool): the case moves to the receiving element, or to the steps after it
// for a start event. A sender that also goes on in its own pool only
// informs the other pool: following the message too would be a parallel
// split, so the message flow is left out with a warning.
func (d *decoder) followMessages() {
	for _, f := range d.messages {
		src, tgt := d.nodes[f.src], d.nodes[f.tgt]
		switch {
		case src == nil || tgt == nil:
			d.warnf(f.id, "%s from %s to %s: one end is a pool without steps (or an element flowmap does not read); not followed",
				called("message flow", f.name), f.src, f.tgt)
		case src.kind != kEnd && len(src.outs) > 0:
			d.warnf(f.id, "%s from %s to %s: the sender goes on in its own pool, so the case does not move with the message; not followed",
				called("message flow", f.name), ref(src), ref(tgt))
		default:
			if src.kind == kEnd { // a message end event hands the case over
				src.kind = kPass
			}
			if tgt.kind == kStart {
				tgt.msgIn = true
			}
			src.outs = append(src.outs, f)
		}
	}
}

// link attaches the flows to their sources and flattens expanded
// sub-processes: a sub-process leads to its inner start events, its inner
// end events lead where the sub-process did.
func (d *decoder) link() {
	for _, f := range d.flows {
		if s := d.nodes[f.src]; s != nil {
			s.outs = append(s.outs, f)
		}
	}
	d.followMessages()
	for _, sp := range d.order {
		if sp.kind != kPass || sp.x == nil || !subProcesses[sp.x.name.Local] {
			continue
		}
		after := sp.outs
		sp.outs = nil
		for _, c := range d.order {
			switch {
			case c.parent != sp.id:
			case c.kind == kStart:
				sp.outs = append(sp.outs, &seqFlow{id: sp.id, src: sp.id, tgt: c.id})
			case c.kind == kEnd && len(after) > 0:
				c.kind, c.outs = kPass, after
			}
		}
	}
	for _, b := range d.order {
		if b.kind == kDecision && (b.split || b.ext == nil && len(b.outs) <= 1) {
			b.kind = kPass // flowmap's own split, or a gateway that only merges
		}
	}
}

// hit is where a flow leads: a step or an end, and the flow that names the
// branch (label, p).
type hit struct {
	n  *bnode
	br *seqFlow
}

func (h hit) end() bool {
	return h.n.kind == kEnd || h.n.kind != kStep && h.n.kind != kDecision && len(h.n.outs) == 0
}

func (f *seqFlow) named() bool { return f.name != "" || f.pGiven }

// resolve follows a flow through gateways that only pass on, flowmap's own
// split gateways and flattened sub-processes to the steps and ends it
// reaches.
func (d *decoder) resolve(f *seqFlow, seen map[string]bool) []hit {
	t := d.nodes[f.tgt]
	if t == nil {
		return nil // a refused element (parallel gateway, boundary event): reported there
	}
	if t.kind == kStep || t.kind == kDecision || t.kind == kEnd || len(t.outs) == 0 {
		return []hit{{t, f}}
	}
	if seen[t.id] {
		d.refuse(t.id, "%s is on a loop of gateways with no step in it", called("gateway", t.name))
		return nil
	}
	seen[t.id] = true
	defer delete(seen, t.id)
	if len(t.outs) > 1 && !t.split {
		d.refuseSplit(t, "element")
		return nil
	}
	var out []hit
	for _, o := range t.outs {
		for _, h := range d.resolve(o, seen) {
			if !h.br.named() && f.named() {
				h.br = f
			}
			out = append(out, h)
		}
	}
	return out
}

// refuseSplit reports several ways out of an element that is no gateway:
// in BPMN all of them are taken at once.
func (d *decoder) refuseSplit(b *bnode, what string) {
	var to []string
	cond := false
	for _, f := range b.outs {
		kind := "sequence flow"
		if f.message {
			kind = "message flow"
		}
		cond = cond || f.cond
		t := f.tgt
		if n := d.nodes[t]; n != nil {
			t = ref(n)
		}
		to = append(to, fmt.Sprintf("%s %s to %s", kind, f.id, t))
	}
	why := "an implicit parallel split (all of them are taken)"
	if cond {
		why = "conditional flows, an inclusive split (every flow whose condition holds is taken)"
	}
	d.refuse(b.id, "%s has %d outgoing flows (%s): %s, which a map cannot express; route them through an exclusive gateway if only one is taken",
		called(what, b.name), len(b.outs), strings.Join(to, ", "), why)
}

// makeSteps turns the flow nodes into steps and the flows into edges.
func (d *decoder) makeSteps() {
	d.link()
	d.nameSteps()
	for _, b := range d.order {
		if b.kind != kStep && b.kind != kDecision {
			continue
		}
		want := ""
		if b.ext != nil {
			want = b.ext.attr("id")
		}
		name := firstNonEmpty(b.name, b.display)
		b.step = d.stepIDs.take(want, name, b.id, "step")
		s := mapping.Step{ID: b.step, Name: name, Owner: b.owner, System: b.system,
			Automated: b.automated, Decision: b.kind == kDecision, Pos: mapping.Pos{Line: b.x.line, Col: b.x.col}}
		d.readStepExt(&s, b.ext)
		if b.eventGate && b.kind == kDecision {
			d.warnf(b.id, "%s: read as a decision with equal shares (in BPMN the first event to happen wins)", called("event-based gateway", b.name))
		}
		d.addStep(s)
	}
	for _, b := range d.order {
		switch {
		case b.kind == kStep && len(b.outs) > 1:
			d.refuseSplit(b, elemWord(b))
		case b.kind == kStep || b.kind == kDecision:
			d.edges(b)
		}
	}
	for _, b := range d.order {
		if b.kind != kStart || b.parent != "" || b.msgIn {
			continue
		}
		if len(b.outs) > 1 {
			d.refuseSplit(b, "start event")
			continue
		}
		for _, f := range b.outs {
			for _, h := range d.resolve(f, map[string]bool{}) {
				if s := d.stepOf(h.n); s != nil && !h.end() {
					s.Start = true
				}
			}
		}
	}
}

func elemWord(b *bnode) string {
	if b.x != nil && strings.HasSuffix(b.x.name.Local, "Event") {
		return "event"
	}
	return "task"
}

// edges sets a step's next steps. A step whose every way leads to an end
// ends the case; an end reached beside other ways becomes a step of its own.
func (d *decoder) edges(b *bnode) {
	var hits []hit
	for _, f := range b.outs {
		hits = append(hits, d.resolve(f, map[string]bool{})...)
	}
	allEnd := true
	for _, h := range hits {
		allEnd = allEnd && h.end()
	}
	if allEnd {
		return
	}
	if d.stepOf(b) == nil {
		return
	}
	for _, h := range hits {
		to := h.n
		if h.end() {
			to = d.endStep(h.n)
		}
		e := mapping.Edge{From: b.step, To: to.step, P: h.br.p, PGiven: h.br.pGiven, Label: h.br.name}
		if h.br.x != nil {
			e.Pos = mapping.Pos{Line: h.br.x.line, Col: h.br.x.col}
		}
		s := d.stepOf(b) // after endStep, which may grow the slice
		if i := nextIndex(s, e.To); i >= 0 {
			merge(&s.Next[i], e)
			continue
		}
		s.Next = append(s.Next, e)
	}
}

func nextIndex(s *mapping.Step, to string) int {
	for i, e := range s.Next {
		if e.To == to {
			return i
		}
	}
	return -1
}

// merge joins two ways to the same step (e.g. through two gateways).
func merge(a *mapping.Edge, b mapping.Edge) {
	a.P += b.P
	a.PGiven = a.PGiven && b.PGiven
	if b.Label != "" && a.Label != b.Label {
		a.Label = strings.TrimPrefix(a.Label+" / "+b.Label, " / ")
	}
}

// endStep makes an end event reached beside other ways a step that ends
// the case.
func (d *decoder) endStep(b *bnode) *bnode {
	if b.step == "" {
		name := d.endName(b)
		b.step = d.stepIDs.take("", name, b.id, "end")
		d.addStep(mapping.Step{ID: b.step, Name: name, Owner: b.owner,
			Automated: true, Pos: mapping.Pos{Line: b.x.line, Col: b.x.col}})
	}
	return b
}

func (d *decoder) stepOf(b *bnode) *mapping.Step {
	if i, ok := d.stepIndex[b.step]; ok && b.step != "" {
		return &d.m.Steps[i]
	}
	return nil // not made a step (cannot happen: steps are made before edges)
}

// addStep appends a step to the map.
func (d *decoder) addStep(s mapping.Step) {
	if d.stepIndex == nil {
		d.stepIndex = map[string]int{}
	}
	d.stepIndex[s.ID] = len(d.m.Steps)
	d.m.Steps = append(d.m.Steps, s)
}
