package bpmn

import (
	"sort"
	"strconv"

	"github.com/flowmap/flowmap/render/swimlane"
)

// A system's data store is drawn where its tasks are: in a strip at the
// bottom of each lane whose tasks use it, under the middle one of a run of
// at most storeRun neighbouring tasks that use it (each at most storeReach
// from the one before), so every association is a short drop from its task
// (and along the strip). One store under the
// pool with a line from every task that uses it would run the lines of the
// whole process into one bundle.
const (
	storeRun   = 3
	storeReach = 260.0
	busGap     = 12.0                               // the strip's top to the line the associations run along
	storeStrip = busGap*2 + storeSize + 32.0 + 10.0 // line, store, its name under it
)

// store is one dataStoreReference of a system.
type store struct {
	id, system string
	first      bool // the system's first reference: it carries flowmap:system
	box        swimlane.Rect
	busY       float64
	tasks      []*elem
}

// usesStore reports whether an element has a data association.
func usesStore(e *elem) bool { return e.step != nil && !e.step.Decision && e.step.System != "" }

func (x *export) laneHasStores(lane int) bool {
	for _, e := range x.elems {
		if usesStore(e) && e.lane == lane {
			return true
		}
	}
	return false
}

// placeStores makes the data store references: per lane, runs of
// neighbouring tasks of one system share one; a system no task uses gets
// one under the pool.
func (x *export) placeStores() {
	bySys := map[string][]*store{}
	for i, lane := range x.lanes {
		var tasks []*elem
		for _, e := range x.elems {
			if usesStore(e) && e.lane == i {
				tasks = append(tasks, e)
			}
		}
		sort.SliceStable(tasks, func(a, b int) bool { return centre(tasks[a].box).X < centre(tasks[b].box).X })
		top := lane.Y + lane.H - storeStrip
		for j := 0; j < len(tasks); {
			k := j + 1
			for k < len(tasks) && k-j < storeRun && tasks[k].step.System == tasks[j].step.System &&
				centre(tasks[k].box).X-centre(tasks[k-1].box).X <= storeReach {
				k++
			}
			run := tasks[j:k]
			cx := centre(run[(len(run)-1)/2].box).X
			sys := run[0].step.System
			st := &store{system: sys, tasks: run, busY: top + busGap,
				box: swimlane.Rect{X: cx - storeSize/2, Y: top + 2*busGap, W: storeSize, H: storeSize}}
			bySys[sys] = append(bySys[sys], st)
			j = k
		}
	}
	unused := 0
	for _, s := range x.m.Systems {
		list := bySys[s.ID]
		if len(list) == 0 {
			cx := poolLabelW + laneLabelW + 40 + float64(unused)*(storeSize+70)
			list = []*store{{system: s.ID, box: swimlane.Rect{X: cx, Y: x.pool.Y + x.pool.H + storeGap, W: storeSize, H: storeSize}}}
			unused++
		}
		for i, st := range list {
			st.id, st.first = storeRefID(s.ID), i == 0
			if i > 0 {
				st.id += "." + strconv.Itoa(i+1)
			}
			x.stores = append(x.stores, st)
		}
	}
}

// storeOf returns the data store reference a task writes to.
func (x *export) storeOf(e *elem) *store {
	for _, st := range x.stores {
		for _, t := range st.tasks {
			if t == e {
				return st
			}
		}
	}
	return nil
}

// assocPoints runs an association down from its task's bottom to the
// strip's line, along it, and down into the store. When a shape of the
// lane sits below the task, the line steps aside past it first.
func (x *export) assocPoints(t *elem, st *store) []swimlane.Point {
	tx, sx := centre(t.box).X, centre(st.box).X
	pts := []swimlane.Point{{X: tx, Y: t.box.Y + t.box.H}}
	if below := x.shapesBelow(t, st.busY); len(below) > 0 {
		right, top := below[0].X+below[0].W, below[0].Y
		for _, b := range below {
			right, top = max(right, b.X+b.W), min(top, b.Y)
		}
		y := (t.box.Y + t.box.H + top) / 2
		tx = right + busGap
		pts = append(pts, swimlane.Point{X: centre(t.box).X, Y: y}, swimlane.Point{X: tx, Y: y})
	}
	if tx != sx {
		pts = append(pts, swimlane.Point{X: tx, Y: st.busY}, swimlane.Point{X: sx, Y: st.busY})
	}
	return append(pts, swimlane.Point{X: sx, Y: st.box.Y})
}

// shapesBelow returns the shapes a line straight down from t's bottom to y
// would pass through.
func (x *export) shapesBelow(t *elem, y float64) []swimlane.Rect {
	cx := centre(t.box).X
	var out []swimlane.Rect
	for _, e := range x.elems {
		if e != t && e.box.X < cx && cx < e.box.X+e.box.W && e.box.Y >= t.box.Y+t.box.H && e.box.Y < y {
			out = append(out, e.box)
		}
	}
	return out
}
