package bpmn

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/flowmap/flowmap/mapping"
)

// Options control Decode. The zero value is ready to use.
type Options struct {
	// Prosimos is a Prosimos/Simod parameters file (JSON) for the BPMN
	// file: its gateway_branching_probabilities give the branch
	// probabilities the flowmap extension does not. ProsimosFile names it
	// in messages.
	Prosimos     []byte
	ProsimosFile string
}

// nodeKind is what a BPMN flow node becomes in the map.
type nodeKind int

const (
	kStep     nodeKind = iota // a task, sub-process, call activity or intermediate event
	kDecision                 // an exclusive or event-based gateway with several ways out
	kPass                     // passed through: a merging gateway, an expanded sub-process
	kStart
	kEnd
)

// bnode is one flow node of the BPMN file.
type bnode struct {
	x         *node
	id, name  string
	kind      nodeKind
	automated bool
	eventGate bool   // an event-based gateway
	ext       *node  // flowmap:step
	split     bool   // a gateway flowmap inserted after a step (flowmap:split)
	parent    string // the expanded sub-process it is drawn in, "" at the top
	msgIn     bool   // a start event a message flow reaches: no case starts there
	owner     string // owner id
	system    string // system id from a data association
	outs      []*seqFlow
	step      string // step id, once made a step
	display   string // the name flowmap gave it when it has none
}

// seqFlow is a sequence flow, a message flow followed as a handoff, or a
// link flowmap adds to flatten an expanded sub-process.
type seqFlow struct {
	x        *node // nil for links flowmap adds
	id, name string
	src, tgt string
	p        float64
	pGiven   bool
	message  bool
	cond     bool // has a conditionExpression
}

// decoder holds the state of one Decode.
type decoder struct {
	file      string
	ix        *index
	unnamed   unnamed
	ownerRefs map[string]string // owner id → BPMN id and name, for messages
	sysRefs   map[string]string // system id → BPMN id and name, for messages
	nodes     map[string]*bnode
	order     []*bnode
	flows     []*seqFlow
	messages  []*seqFlow
	expanded  map[string]bool // isExpanded of the sub-process shapes
	m         *mapping.Map
	ownerIDs  idSet
	stepIDs   idSet
	sysIDs    idSet
	stores    map[string]string // dataStoreReference id → system id
	stepIndex map[string]int    // step id → index in m.Steps
	errs      mapping.ErrorList
	warns     []*mapping.Error
}

// refuse reports what a map cannot mean, as file:elementId: message.
func (d *decoder) refuse(id, format string, args ...any) {
	d.errs = append(d.errs, &mapping.Error{File: d.file + ":" + id, Msg: fmt.Sprintf(format, args...)})
}

// errorf reports a bad value at an element's position.
func (d *decoder) errorf(n *node, format string, args ...any) {
	d.errs = append(d.errs, &mapping.Error{File: d.file, Pos: mapping.Pos{Line: n.line, Col: n.col}, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) warnf(id, format string, args ...any) {
	d.warns = append(d.warns, &mapping.Error{File: d.file + ":" + id, Msg: "warning: " + fmt.Sprintf(format, args...)})
}

// ReadFile reads a BPMN file as a map (the reader registered for ".bpmn").
func ReadFile(path string) (*mapping.Map, error) {
	src, err := mapping.ReadSource(path)
	if err != nil {
		return nil, err
	}
	m, _, err := Decode(path, src, Options{})
	return m, err
}

func init() { mapping.RegisterFormat(".bpmn", ReadFile) }

// Decode reads a BPMN 2.0 file as a validated map. file names the source in
// messages. The warnings (also in the map's Warnings) say what was assumed:
// equal branch shares, an event-based gateway read as a decision, message
// flows not followed, unnamed elements. The error lists every refusal as
// file:elementId: message (dangling references alone when there are
// any), and every problem of the resulting map; the map is returned with
// validation errors when it could be built.
func Decode(file string, src []byte, opt Options) (*mapping.Map, []*mapping.Error, error) {
	if len(src) > mapping.MaxFileSize {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes: %w", file, mapping.MaxFileSize, mapping.ErrInvalid)
	}
	root, err := parseXML(file, src)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", mapping.ErrInvalid, err)
	}
	if !root.is(nsModel, "definitions") {
		return nil, nil, mapping.ErrorList{{File: file, Pos: mapping.Pos{Line: root.line, Col: root.col},
			Msg: fmt.Sprintf("not a BPMN 2.0 file: the root element is {%s}%s, expected definitions in namespace %s", root.name.Space, root.name.Local, nsModel)}}
	}
	d := &decoder{file: file, nodes: map[string]*bnode{}, expanded: map[string]bool{},
		ownerIDs: idSet{}, ownerRefs: map[string]string{}, sysRefs: map[string]string{}, stepIDs: idSet{}, sysIDs: idSet{}, stores: map[string]string{},
		m: &mapping.Map{File: file, Pos: mapping.Pos{Line: root.line, Col: root.col}}}
	d.ix = newIndex(root)
	if errs := d.dangling(root); len(errs) > 0 {
		return nil, nil, errs // everything else would be knock-on errors of these
	}
	d.readDI(root)
	d.readPools(root)
	d.readMessageFlows(root)
	if len(opt.Prosimos) > 0 {
		if err := d.prosimosProbabilities(opt.ProsimosFile, opt.Prosimos); err != nil {
			return nil, nil, err
		}
	}
	d.makeSteps()
	d.warnUnnamed()
	if len(d.errs) == 0 && len(d.m.Steps) == 0 {
		d.errs = append(d.errs, &mapping.Error{File: file, Msg: "no steps: the file has no task, sub-process, gateway or intermediate event to read as a step"})
	}
	if len(d.errs) > 0 {
		d.byID(d.errs)
		d.byID(d.warns)
		return nil, d.warns, d.errs
	}
	d.m.ApplyHolidays()
	err = d.m.Validate()
	d.m.Warnings = append(d.warns, d.m.Warnings...)
	d.byID(d.m.Warnings)
	var list mapping.ErrorList
	if errors.As(err, &list) {
		d.byID(list)
	}
	if err != nil {
		return d.m, d.m.Warnings, err
	}
	return d.m, d.m.Warnings, nil
}

// readDI notes which sub-processes are drawn expanded.
func (d *decoder) readDI(root *node) {
	var walk func(n *node)
	walk = func(n *node) {
		if n.is(nsDI, "BPMNShape") && n.attr("isExpanded") == "true" {
			d.expanded[n.attr("bpmnElement")] = true
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
}

func parseP(s string) (float64, error) {
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || p < 0 || p > 1 {
		return 0, fmt.Errorf("flowmap:branch p %q: expected a number from 0 to 1", s)
	}
	return p, nil
}
