package analysis

import (
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

func TestDiscoverLanes(t *testing.T) {
	const src = "case,activity,timestamp\n" +
		"1,Receive,2026-01-05T08:00:00Z\n1,Check,2026-01-05T09:00:00Z\n1,Ship,2026-01-05T10:00:00Z\n" +
		"2,Receive,2026-01-05T08:10:00Z\n2,Check,2026-01-05T09:10:00Z\n2,Check,2026-01-05T09:30:00Z\n2,Ship,2026-01-05T11:00:00Z\n" +
		"3,Call,2026-01-05T08:20:00Z\n3,Ship,2026-01-05T12:00:00Z\n"
	l, err := eventlog.ReadCSV(strings.NewReader(src), "lanes.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := Analyze(l, Options{})
	// Steps in reading order (start steps first), each step's moves most
	// frequent first.
	steps := func(d *Discovered) string {
		var out []string
		for _, s := range d.Map.Steps {
			x := s.ID + "@" + s.Owner
			if s.Start {
				x += "*"
			}
			for _, e := range s.Next {
				x += " >" + e.To
			}
			out = append(out, x)
		}
		return strings.Join(out, "; ")
	}
	for _, tc := range []struct {
		name    string
		owners  []mapping.Owner
		ownerOf map[string]string
		steps   string
		lanes   string
	}{
		{"one lane", nil, nil,
			"call@flowmap_rest* >ship; receive@flowmap_rest* >check; check@flowmap_rest >ship >check; ship@flowmap_rest",
			"All activities"},
		{"teams", []mapping.Owner{{ID: "desk", Name: "Front desk"}, {ID: "idle", Name: "Nobody"}, {ID: "wh", Name: "Warehouse"}},
			map[string]string{"Receive": "desk", "Check": "desk", "Ship": "wh"},
			"call@flowmap_rest* >ship; receive@desk* >check; check@desk >ship >check; ship@wh",
			"Other activities, Front desk, Warehouse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := DiscoverLanes(r, tc.owners, func(a string) string { return tc.ownerOf[a] })
			if got := steps(d); got != tc.steps {
				t.Errorf("steps\n %s\nwant\n %s", got, tc.steps)
			}
			var lanes []string
			for _, o := range d.Map.Owners {
				lanes = append(lanes, o.Name)
			}
			if got := strings.Join(lanes, ", "); got != tc.lanes {
				t.Errorf("lanes %q, want %q (in the order the flow reaches them; owners without a step left out)", got, tc.lanes)
			}
			check := d.Steps[1] // figures in r.Activities' order: Call, Check, Receive, Ship
			if check.Name != "Check" || check.Events != 3 || check.Sojourn == nil || check.Sojourn.Count != 3 {
				t.Errorf("Check's figures %+v", check)
			}
			if s, ok := d.Map.Step(d.StepOf["Ship"]); !ok || s.Name != "Ship" {
				t.Error("the map's index does not find Ship's step")
			}
		})
	}
}
