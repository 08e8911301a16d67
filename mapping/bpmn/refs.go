package bpmn

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// index knows every element with an id, and which element with an id
// each element position lies in, so that every message names a BPMN id.
type index struct {
	byID  map[string]*node
	ids   []string          // sorted, for did-you-mean
	posID map[[2]int]string // element position → its own or nearest enclosing id
}

func newIndex(root *node) *index {
	ix := &index{byID: map[string]*node{}, posID: map[[2]int]string{}}
	var walk func(n *node, in string)
	walk = func(n *node, in string) {
		if id := n.attr("id"); id != "" {
			if _, dup := ix.byID[id]; !dup {
				ix.byID[id] = n
				ix.ids = append(ix.ids, id)
			}
			in = id
		}
		if in != "" {
			ix.posID[[2]int{n.line, n.col}] = in
		}
		for _, c := range n.children {
			walk(c, in)
		}
	}
	walk(root, "")
	sort.Strings(ix.ids)
	return ix
}

// attrRefs are the attributes that name another element, by element.
var attrRefs = map[string][]string{
	"sequenceFlow": {"sourceRef", "targetRef"}, "messageFlow": {"sourceRef", "targetRef"},
	"association": {"sourceRef", "targetRef"}, "participant": {"processRef"},
	"boundaryEvent": {"attachedToRef"}, "dataStoreReference": {"dataStoreRef"},
	"exclusiveGateway": {"default"}, "inclusiveGateway": {"default"}, "complexGateway": {"default"},
	"BPMNShape": {"bpmnElement"}, "BPMNEdge": {"bpmnElement"}, "BPMNPlane": {"bpmnElement"},
}

// textRefs are the child elements whose text names another element.
var textRefs = map[string]bool{"flowNodeRef": true, "incoming": true, "outgoing": true}

// harmless are the references flowmap does not read (the diagram's, and
// the flows a node lists, which the flows themselves say): a stale one
// is only warned about.
var harmless = map[string]bool{"bpmnElement": true, "incoming": true, "outgoing": true}

// dangling reports every reference to an id no element has, as
// file:elementId: attr "X" names no element, with the closest existing id
// (a warning for the harmless ones).
func (d *decoder) dangling(root *node) mapping.ErrorList {
	var errs mapping.ErrorList
	report := func(owner, what, ref string) {
		msg := fmt.Sprintf("%s %q names no element%s", what, ref, mapping.Suggest(ref, d.ix.ids))
		if harmless[what] {
			d.warnf(owner, "%s; ignored", msg)
			return
		}
		errs = append(errs, &mapping.Error{File: d.file + ":" + owner, Msg: msg})
	}
	var walk func(n *node, in string)
	walk = func(n *node, in string) {
		if id := n.attr("id"); id != "" {
			in = id
		}
		for _, a := range attrRefs[n.name.Local] {
			if v := n.attr(a); v != "" && d.ix.byID[v] == nil {
				report(in, a, v)
			}
		}
		if (textRefs[n.name.Local] && n.name.Space == nsModel ||
			(n.name.Local == "sourceRef" || n.name.Local == "targetRef") && n.name.Space == nsModel) &&
			n.text != "" && d.ix.byID[n.text] == nil {
			report(in, n.name.Local, n.text)
		}
		for _, c := range n.children {
			walk(c, in)
		}
	}
	walk(root, "")
	return errs
}

// byID names every message's element by its BPMN id: a position inside an
// element with an id becomes file:elementId:, and a step, written by its
// flowmap id, is named by its BPMN id and name.
func (d *decoder) byID(errs []*mapping.Error) {
	steps := map[string]string{}
	for _, b := range d.order {
		if b.step != "" && (b.ext == nil || b.ext.attr("id") != b.step) { // a flowmap id stays
			steps[b.step] = ref(b)
		}
	}
	for _, e := range errs {
		if e.Pos.Line != 0 && e.File == d.file {
			if id, ok := d.ix.posID[[2]int{e.Pos.Line, e.Pos.Col}]; ok {
				e.File, e.Pos = d.file+":"+id, mapping.Pos{}
			}
		}
		for _, r := range []struct {
			word string
			refs map[string]string
		}{{"step ", steps}, {"decision ", steps}, {"owner ", d.ownerRefs}, {"system ", d.sysRefs}} {
			e.Msg = rename(e.Msg, r.word, r.refs)
		}
	}
}

// ref names a flow node in messages by its exact BPMN id, and its name
// when it has one: Task_pick "Pick".
func ref(b *bnode) string {
	if b.name == "" {
		return b.id
	}
	return fmt.Sprintf("%s %q", b.id, b.name)
}

// rename replaces word+id (a flowmap id: "step pick") by word and the
// BPMN id and name refs gives for it ("step Task_pick "Pick"").
func rename(msg, word string, refs map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		if !strings.HasPrefix(msg[i:], word) || i > 0 && isIDByte(msg[i-1]) {
			b.WriteByte(msg[i])
			i++
			continue
		}
		j := i + len(word)
		for j < len(msg) && isIDByte(msg[j]) {
			j++
		}
		b.WriteString(word)
		if r, ok := refs[msg[i+len(word):j]]; ok {
			b.WriteString(r)
		} else {
			b.WriteString(msg[i+len(word) : j])
		}
		i = j
	}
	return b.String()
}

func isIDByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
