package bpmn

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
	"github.com/flowmap/flowmap/simulate"
)

// exampleMaps reads the maps of examples/ (and scenarios' inline maps) and
// testdata/every-feature.yaml, by file name without .yaml.
func exampleMaps(t *testing.T) map[string]*mapping.Map {
	t.Helper()
	files, _ := filepath.Glob("../../examples/*.yaml")
	files = append(files, "testdata/every-feature.yaml")
	out := map[string]*mapping.Map{}
	for _, f := range files {
		m, err := mapping.ReadFile(f)
		if err != nil {
			sc, serr := simulate.ReadScenario(f)
			if serr != nil {
				t.Fatalf("%s: neither a map (%v) nor a scenario (%v)", f, err, serr)
			}
			if src, _ := os.ReadFile(f); strings.Contains(string(src), "\nmap:") {
				continue
			}
			m = sc.Map
		}
		out[strings.TrimSuffix(filepath.Base(f), ".yaml")] = m
	}
	if len(out) < 6 {
		t.Fatalf("only %d maps", len(out))
	}
	return out
}

// The diagram of every example keeps BPMN's promises: shapes of BPMN's
// sizes, none on another; lanes full width inside the pool, which is their
// bounding box plus its header; every flow axis-parallel from its source's
// border to its target's, through no shape; names of flows, gateways and
// events on no shape and no other name; every association through no shape.
func TestDiagramOfEveryExample(t *testing.T) {
	for name, m := range exampleMaps(t) {
		x := build(m)
		x.layOut()
		for _, p := range x.diagramProblems() {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// The layout gives every inserted gateway a column of its own, after its
// step and before the steps it leads to.
func TestInsertedGatewaysAreLaidOut(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := swimlane.Layout(layoutMap(m), swimlane.Options{})
	if bad := g.Check(); len(bad) > 0 {
		t.Errorf("layout of the export: %q", bad)
	}
	for _, step := range []string{"manual_review", "pick_pack", "stock_out"} {
		s, _ := g.Node(step)
		gw, ok := g.Node(splitNode(step))
		if !ok {
			t.Fatalf("no layout node for the gateway after %s", step)
		}
		if gw.Column != s.Column+1 || gw.Lane != s.Lane || gw.Kind != swimlane.Decision {
			t.Errorf("gateway after %s: column %d lane %d kind %s, want column %d lane %d decision", step, gw.Column, gw.Lane, gw.Kind, s.Column+1, s.Lane)
		}
		if gw.Box.W < 40 || gw.Box.W > 60 || gw.Box.H < 40 || gw.Box.H > 60 {
			t.Errorf("gateway after %s is %.0f×%.0f in the layout, want about BPMN's 50×50", step, gw.Box.W, gw.Box.H)
		}
	}
	if _, ok := g.Node("value_check"); !ok || len(m.Steps) != 14 || len(layoutMap(m).Steps) != 17 {
		t.Errorf("layout map: %d steps from %d, want 17 from 14", len(layoutMap(m).Steps), len(m.Steps))
	}
}

func (x *export) diagramProblems() []string {
	var bad []string
	add := func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) }
	want := map[elemKind][2]float64{kindStart: {36, 36}, kindEnd: {36, 36}, kindGateway: {50, 50}}
	var shapes []swimlane.Rect
	for i, e := range x.elems {
		if w, ok := want[e.kind]; ok && (e.box.W != w[0] || e.box.H != w[1]) {
			add("%s is %.1f×%.1f, want %v", e.id, e.box.W, e.box.H, w)
		}
		if (e.kind == kindUser || e.kind == kindService) && (e.box.W < 100 || e.box.H < 80) {
			add("task %s is %.1f×%.1f, smaller than 100×80", e.id, e.box.W, e.box.H)
		}
		if l := x.lanes[e.lane]; !inside(e.box, l) {
			add("%s lies outside its lane %s", e.id, x.m.Owners[e.lane].ID)
		}
		for _, o := range x.elems[i+1:] {
			if overlaps(e.box, o.box) {
				add("%s and %s overlap", e.id, o.id)
			}
		}
		shapes = append(shapes, e.box)
	}
	for _, st := range x.stores {
		for _, s := range shapes {
			if overlaps(st.box, s) {
				add("data store %s lies on a shape", st.id)
			}
		}
		shapes = append(shapes, st.box)
	}
	x.checkPool(add)
	var labels []swimlane.Rect
	for _, e := range x.elems {
		if e.label.W == 0 {
			continue
		}
		for _, s := range shapes {
			if overlaps(e.label, s) {
				add("name of %s lies on a shape", e.id)
			}
		}
		labels = append(labels, e.label)
	}
	for _, f := range x.flows {
		src, tgt := x.byID[f.src], x.byID[f.tgt]
		n := len(f.points) - 1
		if !onSide(f.points[0], src.box) || !onSide(f.points[n], tgt.box) {
			add("flow %s does not run from %s's border to %s's: %v", f.id, f.src, f.tgt, f.points)
		}
		checkLine(add, "flow "+f.id, f.points, shapes)
		if f.label.W > 0 {
			for _, s := range shapes {
				if overlaps(f.label, s) {
					add("name of flow %s lies on a shape", f.id)
				}
			}
			for _, l := range labels {
				if overlaps(f.label, l) {
					add("name of flow %s lies on another name", f.id)
				}
			}
			if d := distance(f.points, f.label); d > labelNear {
				add("name of flow %s lies %.0f px from its line", f.id, d)
			}
			labels = append(labels, f.label)
		}
	}
	for _, e := range x.elems {
		if st := x.storeOf(e); st != nil {
			pts := x.assocPoints(e, st)
			checkLine(add, "association of "+e.id, pts, shapes)
			if l := length(pts); l > 2*storeReach+storeStrip+2*taskH {
				add("association of %s is %.0f px long", e.id, l)
			}
		}
	}
	return bad
}

func (x *export) checkPool(add func(string, ...any)) {
	for i, l := range x.lanes {
		if l.X != x.pool.X+poolLabelW || math.Abs(l.X+l.W-(x.pool.X+x.pool.W)) > 0.01 {
			add("lane %d is not the pool's full width", i)
		}
		top := x.pool.Y
		if i > 0 {
			top = x.lanes[i-1].Y + x.lanes[i-1].H
		}
		if math.Abs(l.Y-top) > 0.01 {
			add("lane %d does not follow the one above it", i)
		}
	}
	last := x.lanes[len(x.lanes)-1]
	if math.Abs(last.Y+last.H-(x.pool.Y+x.pool.H)) > 0.01 {
		add("the pool's bottom is not the last lane's")
	}
}

// checkLine reports segments that are not axis-parallel or pass through a
// shape.
func checkLine(add func(string, ...any), what string, pts []swimlane.Point, shapes []swimlane.Rect) {
	for k := 0; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		if a.X != b.X && a.Y != b.Y {
			add("%s: segment %d is not horizontal or vertical", what, k)
		}
		for _, s := range shapes {
			if swimlane.SegmentCrosses(a, b, s) {
				add("%s: segment %d passes through a shape at %v", what, k, s)
			}
		}
	}
}

func onSide(p swimlane.Point, r swimlane.Rect) bool {
	const eps = 0.01
	c := centre(r)
	return (math.Abs(p.X-r.X) < eps || math.Abs(p.X-r.X-r.W) < eps) && math.Abs(p.Y-c.Y) < eps ||
		(math.Abs(p.Y-r.Y) < eps || math.Abs(p.Y-r.Y-r.H) < eps) && math.Abs(p.X-c.X) < eps
}

func inside(r, o swimlane.Rect) bool {
	return r.X >= o.X && r.Y >= o.Y && r.X+r.W <= o.X+o.W && r.Y+r.H <= o.Y+o.H
}

func length(pts []swimlane.Point) float64 {
	l := 0.0
	for i := 0; i+1 < len(pts); i++ {
		l += math.Abs(pts[i+1].X-pts[i].X) + math.Abs(pts[i+1].Y-pts[i].Y)
	}
	return l
}
