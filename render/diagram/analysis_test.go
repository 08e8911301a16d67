package diagram

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

const smallLog = `case_id,activity,timestamp,resource
1,Order placed,2024-01-01T10:00:00Z,web
1,Order received,2024-01-01T10:01:00Z,shop
1,Picked,2024-01-01T16:00:00Z,ann
1,Packed,2024-01-01T16:30:00Z,ann
1,Delivered,2024-01-03T10:00:00Z,dhl
2,Order placed,2024-01-02T10:00:00Z,web
2,Order received,2024-01-02T10:01:00Z,shop
2,Picked,2024-01-02T12:00:00Z,bob
2,Order cancelled,2024-01-02T12:30:00Z,shop
3,Order placed,2024-01-03T10:00:00Z,web
3,Mystery step,2024-01-03T11:00:00Z,web
`

func analyse(t *testing.T, m *mapping.Map) *analysis.Result {
	t.Helper()
	l, err := eventlog.ReadCSV(strings.NewReader(smallLog), "small.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Analyze(l, analysis.Options{Map: m})
}

func TestAnalysisDOTWithMap(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := analyse(t, m)
	dot := string(AnalysisDOT(r, m, AnalysisOptions{}))
	for _, want := range []string{
		`"pick_pack" [label=<<b>Pick and pack</b><br/><font point-size="9" color="#616e7c">median after prev. 2 h · p90 5.2 h</font><br/><font point-size="9" color="#616e7c">3 events</font>>, fillcolor="#fd8d3c"`, // (30 min, 1h59, 5h59): median 1h59; deliver (41.5 h) sets the scale
		`"receive" -> "capture_payment" [style=dotted, color="#adb5bd", fontcolor="#adb5bd", label="not recorded"]`,                                                                                                  // capture_payment is silent: never in this log
		`"pick_pack" -> "cancel_order" [style=dotted, color="#adb5bd", fontcolor="#616e7c", penwidth=2.8, constraint=false, tooltip="through steps the log does not record"`,                                         // allowed through stock_out
		`"notify_warehouse" [label=<<b>Notify warehouse</b><br/><b>(re-key order into</b><br/><b>WMS)</b><br/><font point-size="9" color="#616e7c">not seen in the log</font>>, style="rounded,dashed"`,
		"newrank=true", `"flowmap:legend"`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	if got := strings.Count(dot, "subgraph cluster_"); got != 5 {
		t.Errorf("%d lanes, want 5", got)
	}
	var svg bytes.Buffer
	if err := Render(context.Background(), []byte(dot), FormatSVG, &svg); err != nil {
		t.Fatalf("render: %v", err)
	}
}

// TestAnalysisDOTUnexpectedMoves: a move no path of the map allows, not even
// through silent steps, is purple; a map edge between two logged steps that
// no case takes is "not seen".
func TestAnalysisDOTUnexpectedMoves(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Steps { // a stock-out no longer ends in a cancellation
		if m.Steps[i].ID == "stock_out" {
			m.Steps[i].Next = m.Steps[i].Next[:1]
			m.Steps[i].Next[0].P = 1
		}
	}
	r := analyse(t, m)
	dot := string(AnalysisDOT(r, m, AnalysisOptions{}))
	for _, want := range []string{
		`"pick_pack" -> "cancel_order" [color="#7048e8"`, // seen, and no path of the map allows it
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s\n%s", want, dot)
		}
	}
}

func TestAnalysisDOTDiscoveredCapsEdges(t *testing.T) {
	r := analyse(t, nil)
	dot := string(AnalysisDOT(r, nil, AnalysisOptions{MaxEdges: 3}))
	if got := strings.Count(dot, " -> a"); got != 3+len(r.StartActivities) {
		t.Errorf("%d edges into activities, want 3 transitions + %d starts:\n%s", got, len(r.StartActivities), dot)
	}
	if !strings.Contains(dot, "showing the 3 most frequent of 6 transitions") {
		t.Errorf("no note of what was left out:\n%s", dot)
	}
	full := string(AnalysisDOT(r, nil, AnalysisOptions{}))
	if strings.Contains(full, "most frequent of") {
		t.Error("note shown although nothing was left out")
	}
	// Order placed -> Order received changes person (web -> shop) in every case.
	if !strings.Contains(full, `label="2 · 1 min", penwidth=4.0, color="#d9480f"`) {
		t.Errorf("handoff edge not emphasised:\n%s", full)
	}
}

func TestScaleBins(t *testing.T) {
	s := scale{max: 1000}
	for _, tt := range []struct {
		v    float64
		want int
	}{{0, 0}, {0.5, 0}, {1, 1}, {50, 2}, {100, 3}, {499, 3}, {500, 4}, {1000, 4}} {
		if got := s.bin(tt.v); got != tt.want {
			t.Errorf("bin(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

// TestAnalysisDOTCapsStartEnd: a log whose cases start (and end) at
// thousands of distinct activities draws the frequent ones and says how
// many it left out, instead of a node for each.
func TestAnalysisDOTCapsStartEnd(t *testing.T) {
	r := &analysis.Result{StartActivities: map[string]int{}, EndActivities: map[string]int{}}
	r.Log.TimeBasis = "wait"
	r.Transitions = []analysis.Transition{{From: "a", To: "b", Count: 10}}
	for i := range 2000 {
		r.StartActivities[fmt.Sprintf("s%04d", i)] = 1 + i%7
		r.EndActivities[fmt.Sprintf("e%04d", i)] = 1
	}
	r.StartActivities["a"] = 500
	dot := string(AnalysisDOT(r, nil, AnalysisOptions{MaxEdges: 10}))
	if n := strings.Count(dot, `"flowmap:start" -> `); n != 1+maxBoundaryExtra {
		t.Errorf("%d start edges, want %d", n, 1+maxBoundaryExtra)
	}
	if n := strings.Count(dot, ` -> "flowmap:end"`); n != maxBoundaryExtra {
		t.Errorf("%d end edges, want %d", n, maxBoundaryExtra)
	}
	if want := fmt.Sprintf("%d rare start or end activities left out", 2000+2000-2*maxBoundaryExtra); !strings.Contains(dot, want) {
		t.Errorf("DOT does not say %q", want)
	}
}
