package bpmn

import (
	"github.com/flowmap/flowmap/mapping"
)

// pool is one participant with its process (nil for a black-box pool).
type pool struct {
	id, name    string
	proc        *node
	participant bool // drawn as a pool (a collaboration's participant), not a bare process
}

// readPools reads every pool's lanes and flow elements, in document order:
// the collaboration's participants first, then processes no participant
// refers to.
func (d *decoder) readPools(root *node) {
	procs := map[string]*node{}
	for _, p := range root.kids(nsModel, "process") {
		procs[p.attr("id")] = p
	}
	var pools []pool
	used := map[string]bool{}
	for _, c := range root.kids(nsModel, "collaboration") {
		for _, p := range c.kids(nsModel, "participant") {
			ref := p.attr("processRef")
			pools = append(pools, pool{id: p.attr("id"), name: nameOf(p), proc: procs[ref], participant: true})
			used[ref] = true
		}
	}
	for _, p := range root.kids(nsModel, "process") {
		if !used[p.attr("id")] {
			pools = append(pools, pool{id: p.attr("id"), name: nameOf(p), proc: p})
		}
	}
	for _, pl := range pools {
		if pl.proc == nil {
			continue // a black-box pool: an owner once a message flow reaches it
		}
		if d.m.Process == "" {
			d.m.Process = firstNonEmpty(nameOf(pl.proc), pl.name)
			d.readMapExt(pl.proc)
		}
		laneOf := map[string]string{}
		for _, ls := range pl.proc.kids(nsModel, "laneSet") {
			d.readLanes(ls, "", laneOf)
		}
		poolOwner := ""
		defOwner := func() string {
			if poolOwner == "" {
				name := firstNonEmpty(pl.name, nameOf(pl.proc), pl.id, "Process")
				if pl.participant { // a pool drawn without a name: not its raw id
					name = d.poolName(pl.id, pl.name, nameOf(pl.proc))
				}
				poolOwner = d.addOwner(nil, name, pl.id)
			}
			return poolOwner
		}
		d.readStores(pl.proc)
		d.readElements(pl.proc, laneOf, defOwner, "")
	}
	if d.m.Process == "" {
		d.m.Process = "Imported process"
	}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// readMapExt reads flowmap:map (unit, sla, holidays) of the process.
func (d *decoder) readMapExt(proc *node) {
	x := flowmapExt(proc, "map")
	if x == nil {
		return
	}
	d.m.Unit = x.attr("unit")
	if v := x.attr("sla"); v != "" {
		if sec, err := mapping.ParseSeconds(v); err != nil {
			d.errorf(x, "flowmap:map sla: %v", err)
		} else {
			d.m.SLA = secondsToDuration(sec)
		}
	}
	if v := x.attr("holidays"); v != "" {
		hs, err := parseDates(v)
		if err != nil {
			d.errorf(x, "flowmap:map %v", err)
		}
		d.m.Holidays = hs
	}
}

// flowmapExt returns the flowmap element local inside n's extensionElements.
func flowmapExt(n *node, local string) *node {
	for _, ee := range n.kids(nsModel, "extensionElements") {
		if x := ee.kid(nsFlowmap, local); x != nil {
			return x
		}
	}
	return nil
}

// readLanes makes an owner of every leaf lane ("Parent / Child" for
// nested lanes) and notes the lane of each flow node; a node listed in a
// parent lane and in its child belongs to the child.
func (d *decoder) readLanes(ls *node, prefix string, laneOf map[string]string) {
	for _, l := range ls.kids(nsModel, "lane") {
		name := d.laneName(l)
		if prefix != "" {
			name = prefix + " / " + name
		}
		var children []*node // child lane sets holding lanes (tools write empty ones)
		for _, c := range l.kids(nsModel, "childLaneSet") {
			if len(c.kids(nsModel, "lane")) > 0 {
				children = append(children, c)
			}
		}
		if len(children) > 0 {
			for _, r := range l.kids(nsModel, "flowNodeRef") {
				if _, seen := laneOf[r.text]; !seen {
					laneOf[r.text] = "" // placeholder: the child lane decides
				}
			}
			for _, c := range children {
				d.readLanes(c, name, laneOf)
			}
			for id, o := range laneOf {
				if o == "" {
					delete(laneOf, id)
				}
			}
			continue
		}
		o := d.addOwner(l, name, l.attr("id"))
		for _, r := range l.kids(nsModel, "flowNodeRef") {
			laneOf[r.text] = o
		}
	}
}

// addOwner adds an owner from a lane (or a pool when lane is nil) and
// returns its id.
func (d *decoder) addOwner(lane *node, name, bpmnID string) string {
	o := mapping.Owner{Name: name}
	var x *node
	if lane != nil {
		o.Pos = mapping.Pos{Line: lane.line, Col: lane.col}
		x = flowmapExt(lane, "owner")
	}
	want := ""
	if x != nil {
		want = x.attr("id")
		if v := x.attr("capacity"); v != "" {
			n, err := parseCount(v, mapping.MaxCapacity)
			if err != nil {
				d.errorf(x, "flowmap:owner capacity: %v", err)
			}
			o.Capacity = n
		}
		if v := x.attr("calendar"); v != "" {
			c, err := mapping.ParseCalendar(v)
			if err != nil {
				d.errorf(x, "flowmap:owner calendar: %v", err)
			}
			o.Calendar = c
		}
		if v := x.attr("holidays"); v != "" {
			hs, err := parseDates(v)
			if err != nil {
				d.errorf(x, "flowmap:owner %v", err)
			}
			o.Holidays = hs
		}
		o.External = x.attr("external") == "true"
	}
	o.ID = d.ownerIDs.take(want, name, bpmnID, "owner")
	if o.ID != want && bpmnID != "" { // a flowmap id from the extension stays
		d.ownerRefs[o.ID] = bpmnID
		if lane != nil && nameOf(lane) != "" {
			d.ownerRefs[o.ID] = ref(&bnode{id: bpmnID, name: nameOf(lane)})
		}
	}
	if o.Name == "" {
		o.Name = o.ID
	}
	d.m.Owners = append(d.m.Owners, o)
	return o.ID
}

// readStores makes a system of every data store reference.
func (d *decoder) readStores(proc *node) {
	for _, n := range proc.kids(nsModel, "dataStoreReference") {
		want := ""
		if x := flowmapExt(n, "system"); x != nil {
			want = x.attr("id")
		}
		name := firstNonEmpty(nameOf(n), n.attr("dataStoreRef"), n.attr("id"))
		storeRef := n.attr("dataStoreRef")
		if sys, ok := d.stores["ds:"+storeRef]; ok && storeRef != "" && want == "" {
			d.stores[n.attr("id")] = sys // another reference to the same store
			continue
		}
		id := d.sysIDs.take(want, name, n.attr("id"), "system")
		if id != want { // a flowmap id from the extension stays
			d.sysRefs[id] = ref(&bnode{id: n.attr("id"), name: nameOf(n)})
		}
		d.m.Systems = append(d.m.Systems, mapping.System{ID: id, Name: name, Pos: mapping.Pos{Line: n.line, Col: n.col}})
		d.stores[n.attr("id")] = id
		if storeRef != "" {
			d.stores["ds:"+storeRef] = id
		}
	}
}
