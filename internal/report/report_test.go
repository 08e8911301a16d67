package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/workbook"
)

const examples = "../../examples/"

func readInputs(t *testing.T) (*mapping.Map, *eventlog.Log) {
	t.Helper()
	m, err := mapping.ReadFile(examples + "order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadFile(examples+"orders.csv.gz", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m, l
}

func TestBuild(t *testing.T) {
	m, l := readInputs(t)
	tests := []struct {
		name            string
		opts            Options
		analysis, stats bool
		wantDOT         []byte
	}{
		{name: "map and log", opts: Options{Map: m, MapFile: "map.yaml", Log: l, Lanes: diagram.LanesSystem},
			analysis: true, stats: true},
		{name: "log only", opts: Options{Log: l}, analysis: true},
		{name: "map only", opts: Options{Map: m, MapFile: "map.yaml", Lanes: diagram.LanesSystem},
			stats: true, wantDOT: diagram.MapDOT(m, diagram.LanesSystem)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Build(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if (r.Analysis != nil) != tt.analysis || (r.MapStats != nil) != tt.stats {
				t.Fatalf("analysis %v, map stats %v; want %v, %v", r.Analysis != nil, r.MapStats != nil, tt.analysis, tt.stats)
			}
			want := tt.wantDOT
			if r.Analysis != nil {
				if r.Analysis.Conformance == nil && tt.opts.Map != nil {
					t.Error("the log was not analysed against the map")
				}
				want = diagram.AnalysisDOT(r.Analysis, tt.opts.Map, diagram.AnalysisOptions{Lanes: tt.opts.Lanes})
			}
			if !bytes.Equal(r.DOT(), want) {
				t.Error("DOT is not the diagram of the report's inputs")
			}
			in := r.Workbook()
			if in.Map != tt.opts.Map || in.MapFile != tt.opts.MapFile || in.Analysis != r.Analysis || in.MapStats != r.MapStats {
				t.Errorf("workbook input %+v does not carry the report", in)
			}
		})
	}
	if _, err := Build(Options{}); err == nil {
		t.Error("Build without map and log: no error")
	}
}

func TestWriteWorkbook(t *testing.T) {
	m, l := readInputs(t)
	r, err := Build(Options{Map: m, MapFile: "map.yaml", Log: l, Command: "flowmap test"})
	if err != nil {
		t.Fatal(err)
	}
	r.Simulation = &workbook.Simulation{Scenario: "s.yaml", Replications: 1}
	if in := r.Workbook(); in.Simulation != r.Simulation || in.Command != "flowmap test" {
		t.Errorf("workbook input: simulation %v, command %q", in.Simulation, in.Command)
	}
	var b bytes.Buffer
	if err := r.WriteWorkbook(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("PK\x03\x04")) || b.Len() < 10000 {
		t.Errorf("workbook is %d bytes starting %q, want an .xlsx (zip) with a diagram", b.Len(), b.Bytes()[:min(4, b.Len())])
	}
}

// TestDiscoveredPictureLanes: without a map the picture is the discovered
// process on swimlanes, by pool of resources; a log with too many
// activities × resources to pool cheaply gets one lane.
func TestDiscoveredPictureLanes(t *testing.T) {
	_, l := readInputs(t)
	rep, err := Build(Options{Log: l})
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Picture().Geometry()
	if g == nil || len(g.Lanes) != 6 {
		t.Fatalf("the example's discovered picture: %v", g)
	}
	var b strings.Builder
	b.WriteString("case,activity,timestamp,resource\n")
	const n = 3000 // 3,000 activities × 3,000 resources > maxPoolCells
	for i := range n {
		fmt.Fprintf(&b, "c%d,start,2026-01-05T08:00:00Z,r0\nc%d,a%d,2026-01-05T09:00:00Z,r%d\n", i%40, i%40, i, i)
	}
	wide, err := eventlog.ReadCSV(strings.NewReader(b.String()), "wide.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cells := len(wide.Activities) * len(wide.Resources); cells <= maxPoolCells {
		t.Fatalf("%d cells: not over maxPoolCells", cells)
	}
	rep, err = Build(Options{Log: wide})
	if err != nil {
		t.Fatal(err)
	}
	if g := rep.Picture().Geometry(); g == nil || len(g.Lanes) != 1 || g.Lanes[0].Name != "All activities" {
		t.Errorf("a log too wide to pool: lanes %v, want one \"All activities\"", g.Lanes)
	}
}
