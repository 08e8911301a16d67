package swimlane

import (
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
