package swimlane

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
)

func TestColumnsLongestPathIgnoresLoops(t *testing.T) {
	src := []byte(`process: t
owners: [{id: a}, {id: b}]
steps:
  - {id: s1, name: S1, owner: a, start: true, next: [s2]}
  - {id: s2, name: S2, owner: b, next: [{to: s3, p: 0.5}, {to: s4, p: 0.5}]}
  - {id: s3, name: S3, owner: a, next: [s4]}
  - {id: s4, name: S4, owner: b, next: [{to: s2, p: 0.2}, {to: s5, p: 0.8}]}
  - {id: s5, name: S5, owner: a}
`)
	m, err := mapping.Parse("t.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"s1": 0, "s2": 1, "s3": 2, "s4": 3, "s5": 4}
	got := Columns(m)
	for id, c := range want {
		if got[id] != c {
			t.Errorf("column of %s = %d, want %d", id, got[id], c)
		}
	}
	g := Layout(m, Options{})
	if len(g.Lanes) != 2 || g.Lanes[0].ID != "a" || g.Lanes[1].ID != "b" {
		t.Fatalf("lanes = %+v", g.Lanes)
	}
	back := 0
	for _, e := range g.Edges {
		if e.Back {
			back++
			if e.From != "s4" || e.To != "s2" {
				t.Errorf("back edge %s→%s, want s4→s2", e.From, e.To)
			}
		}
	}
	if back != 1 {
		t.Errorf("%d back edges, want 1", back)
	}
}

// readExample reads one of the example maps.
func readExample(t *testing.T, name string) *mapping.Map {
	t.Helper()
	m, err := mapping.ReadFile(filepath.Join("..", "..", "examples", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var exampleMaps = []string{"order-fulfillment", "returns-refund", "support-escalation"}

// TestExamplesKeepPromises lays every example out every way and checks
// the drawing's promises (Check), the lane order and, for the default
// (owner lanes, left to right), the slide fit.
func TestExamplesKeepPromises(t *testing.T) {
	sub := func(s *mapping.Step) []string { return []string{s.System + " · " + s.Duration.String()} }
	for _, name := range exampleMaps {
		m := readExample(t, name)
		for _, lanes := range []LaneBy{ByOwner, BySystem} {
			for _, dir := range []Direction{Right, Down} {
				for _, wrap := range []int{WrapAuto, 0, 2} {
					g := Layout(m, Options{Lanes: lanes, Direction: dir, Wrap: wrap, Sub: sub,
						EdgeText: func(s *mapping.Step, e *mapping.Edge) string { return e.Label }})
					for _, p := range g.Check() {
						t.Errorf("%s %s %s wrap %d: %s", name, lanes, dir, wrap, p)
					}
					want := []string{}
					if lanes == ByOwner {
						for _, o := range m.Owners {
							want = append(want, o.ID)
						}
					} else {
						for _, s := range m.Systems {
							want = append(want, s.ID)
						}
					}
					for i, id := range want {
						if i >= len(g.Lanes) || g.Lanes[i].ID != id {
							t.Errorf("%s %s: lane %d is not %s", name, lanes, i, id)
						}
					}
					if wrap == WrapAuto && dir == Right && lanes == ByOwner {
						aspect := g.Width / g.Height
						t.Logf("%s: %.0f×%.0f px, aspect %.2f, step text %.2f pt on a 16:9 slide", name, g.Width, g.Height, aspect, g.SlideTextPt())
						if aspect < 16.0/9 || aspect > 3 || g.SlideTextPt() < 9 {
							t.Errorf("%s: %.0f×%.0f px (aspect %.2f), step text %.2f pt on a slide; want aspect 16:9..3:1 and ≥ 9 pt", name, g.Width, g.Height, aspect, g.SlideTextPt())
						}
					}
				}
			}
		}
	}
}

// TestEmptyLaneAndLoops: a lane without steps is still drawn; a self-loop
// and a back edge run around the rows; two steps of one lane in one column
// get two rows.
func TestEmptyLaneAndLoops(t *testing.T) {
	src := []byte(`process: t
owners: [{id: a, name: Alpha}, {id: idle, name: Nobody works here}, {id: b}]
steps:
  - {id: s1, name: S1, owner: a, start: true, next: [{to: s2, p: 0.5}, {to: s3, p: 0.5}]}
  - {id: s2, name: S2, owner: b, next: [s4]}
  - {id: s3, name: S3, owner: b, next: [{to: s3, p: 0.3, label: again}, {to: s4, p: 0.7}]}
  - {id: s4, name: S4, owner: a, next: [{to: s1, p: 0.1, label: redo}, {to: s5, p: 0.9}]}
  - {id: s5, name: S5, owner: a}
`)
	m, err := mapping.Parse("t.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []Direction{Right, Down} {
		g := Layout(m, Options{Direction: dir, Wrap: 1})
		for _, p := range g.Check() {
			t.Errorf("%s: %s", dir, p)
		}
		if len(g.Lanes) != 3 || g.Lanes[1].Name != "Nobody works here" || g.Lanes[1].Band.W == 0 {
			t.Errorf("%s: lanes %+v, want the empty lane drawn second", dir, g.Lanes)
		}
		s2, _ := g.Node("s2")
		s3, _ := g.Node("s3")
		if s2.Column != s3.Column || s2.Row == s3.Row {
			t.Errorf("%s: s2 (col %d row %d) and s3 (col %d row %d) should share a column in two rows", dir, s2.Column, s2.Row, s3.Column, s3.Row)
		}
		back := 0
		for _, e := range g.Edges {
			if e.Back {
				back++
				if len(e.Points) < 4 {
					t.Errorf("%s: back edge %s→%s has %d points, want a route around", dir, e.From, e.To, len(e.Points))
				}
			}
		}
		if back != 2 {
			t.Errorf("%s: %d back edges, want 2 (s3→s3, s4→s1)", dir, back)
		}
	}
}

// TestRandomMapsKeepPromises lays out seeded random maps (loops, skips,
// self-loops, several steps of a lane in one column, an empty lane) every
// way and checks the drawing's promises.
func TestRandomMapsKeepPromises(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for k := 0; k < 12; k++ {
		n, lanes := 6+rng.IntN(40), 2+rng.IntN(5)
		var b strings.Builder
		fmt.Fprintf(&b, "process: random %d\nowners:\n", k)
		for l := 0; l <= lanes; l++ { // the last lane stays empty
			fmt.Fprintf(&b, "  - {id: o%d, name: Owner number %d}\n", l, l)
		}
		b.WriteString("steps:\n")
		for i := 0; i < n; i++ {
			targets := map[int]bool{}
			if i < n-1 {
				targets[i+1] = true
				for j := rng.IntN(3); j > 0; j-- {
					targets[rng.IntN(n)] = true
				}
			}
			var next []string
			for to := range n {
				if targets[to] {
					next = append(next, fmt.Sprintf("{to: s%d, label: branch to %d}", to, to))
				}
			}
			start := ""
			if i == 0 {
				start = ", start: true"
			}
			fmt.Fprintf(&b, "  - {id: s%d, name: Step %d with a longer name, owner: o%d%s, next: [%s]}\n", i, i, rng.IntN(lanes), start, strings.Join(next, ", "))
		}
		m, err := mapping.Parse("random.yaml", []byte(b.String()))
		if err != nil {
			t.Fatalf("map %d: %v\n%s", k, err, b.String())
		}
		for _, dir := range []Direction{Right, Down} {
			for _, wrap := range []int{0, 2, WrapAuto} {
				g := Layout(m, Options{Direction: dir, Wrap: wrap})
				for _, p := range g.Check() {
					t.Errorf("map %d (%d steps) %s wrap %d: %s", k, n, dir, wrap, p)
				}
			}
		}
	}
}

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// TestLayoutGolden pins the plain layout (no small print, map labels, no
// wrapping: what the BPMN export's diagram interchange uses) of every
// example as SVG.
func TestLayoutGolden(t *testing.T) {
	for _, name := range exampleMaps {
		g := Layout(readExample(t, name), Options{})
		var b bytes.Buffer
		if err := WriteSVG(&b, g); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".svg")
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s: the layout differs from %s; run go test -update and look at it", name, path)
		}
	}
}

func TestSegmentCrossesTolerance(t *testing.T) {
	r := Rect{X: 10, Y: 10, W: 0.1 + 0.2, H: 20} // W is 0.30000000000000004
	for _, tc := range []struct {
		name string
		a, b Point
		want bool
	}{
		{"through the middle", Point{0, 20}, Point{30, 20}, true},
		{"along the top border", Point{0, 10}, Point{30, 10}, false},
		{"ending on the right border, rounded", Point{10 + 0.3, 20}, Point{30, 20}, false},
		{"ending a rounding error inside", Point{10.3 - 1e-9, 20}, Point{30, 20}, false},
		{"ending clearly inside", Point{10.2, 20}, Point{30, 20}, true},
		{"vertical beside it", Point{9, 0}, Point{9, 40}, false},
	} {
		if got := SegmentCrosses(tc.a, tc.b, r); got != tc.want {
			t.Errorf("%s: SegmentCrosses = %v, want %v", tc.name, got, tc.want)
		}
	}
}
