package diagram

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/render/swimlane"
	"github.com/flowmap/flowmap/simulate/calibrate"
)

// discovered analyses a log without a map and discovers its lanes as the
// report does (pools of resources).
func discovered(t *testing.T, path string) (*analysis.Result, *analysis.Discovered) {
	t.Helper()
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := analysis.Analyze(l, analysis.Options{})
	owners, ownerOf, err := calibrate.FindPools(l)
	if err != nil {
		t.Fatal(err)
	}
	return r, analysis.DiscoverLanes(r, owners, func(a string) string { return ownerOf[a] })
}

// TestDiscoveredPicture: a log analysed without a map is drawn on
// swimlanes by team, coloured by wait like a measured map, fitted to a
// slide, with the start and end moves counted.
func TestDiscoveredPicture(t *testing.T) {
	r, d := discovered(t, "../../examples/orders.csv.gz")
	pic := AnalysisPicture(r, nil, AnalysisOptions{Discovered: d})
	g := pic.Geometry()
	if g == nil {
		t.Fatal("no swimlane geometry for a discovered process")
	}
	for _, p := range g.Check() {
		t.Error(p)
	}
	// A discovered process has no hand-made order: it fits a slide, its
	// text a little smaller than a map's (slideFit's 9 pt).
	if aspect := g.Width / g.Height; aspect < 16.0/9-0.001 || aspect > 3 || g.SlideTextPt() < 8.5 {
		t.Errorf("aspect %.2f, step text %.2f pt on a 16:9 slide; want 16:9..3:1 and ≥ 8.5 pt", aspect, g.SlideTextPt())
	}
	var lanes []string
	for _, l := range g.Lanes {
		lanes = append(lanes, l.Name)
	}
	if got, want := strings.Join(lanes, ","), "customer,shopify (automated),stripe (automated),store,warehouse,carrier"; got != want {
		t.Errorf("lanes %s, want %s (in the order the flow reaches them)", got, want)
	}
	picked, _ := g.Node("picked")
	if picked.Style.Fill != waitColors[len(waitColors)-1] {
		t.Errorf("Picked, the longest wait, is filled %s, want %s", picked.Style.Fill, waitColors[len(waitColors)-1])
	}
	var start, end []string
	for _, e := range g.Edges {
		switch {
		case e.From == swimlane.StartID:
			start = append(start, e.To+" "+strings.Join(e.Text, " "))
		case e.To == swimlane.EndID:
			end = append(end, e.From+" "+strings.Join(e.Text, " "))
		}
	}
	if got := strings.Join(start, ";"); got != "order_placed 2,392" {
		t.Errorf("start moves %q, want order_placed 2,392", got)
	}
	if got := strings.Join(end, ";"); got != "delivered 2,358;order_cancelled 34" {
		t.Errorf("end moves %q, want delivered 2,358;order_cancelled 34", got)
	}
	var svg bytes.Buffer
	if err := pic.Render(context.Background(), FormatSVG, &svg); err != nil {
		t.Fatal(err)
	}
	golden(t, "discovered.orders.svg", svg.Bytes())

	// --top-edges 5: the five most travelled moves, start and end moves
	// included, and a note saying what was left out.
	top := AnalysisPicture(r, nil, AnalysisOptions{Discovered: d, TopEdges: 5}).Geometry()
	if len(top.Edges) != 5 || !strings.Contains(strings.Join(top.Notes, " "), "showing the 5 most travelled of 19 edges") {
		t.Errorf("--top-edges 5: %d edges, notes %q", len(top.Edges), top.Notes)
	}
	// A step whose moves were cut says so, lest it read as a start or an
	// end: Picked keeps Warehouse notified → Picked; Stock-out → Picked,
	// Picked → Stock-out and Picked → Label printed are cut.
	for _, n := range top.Nodes {
		if n.ID == "picked" && !strings.Contains(strings.Join(n.Sub, " "), "1\u00a0in\u00a0·\u00a02\u00a0out not\u00a0drawn") {
			t.Errorf("Picked's small print %q does not count its moves not drawn", n.Sub)
		}
	}
}

// TestDiscoveredSharedLogs draws every shared log discovered, with its
// default edge cap: no line through a box, every activity a box or
// counted as not drawn.
func TestDiscoveredSharedLogs(t *testing.T) {
	dir := shareddata.Dir(t)
	logs, err := filepath.Glob(filepath.Join(dir, "logs", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range logs {
		name := filepath.Base(path)
		if strings.HasSuffix(name, ".md") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			r, d := discovered(t, path)
			g := AnalysisPicture(r, nil, AnalysisOptions{Discovered: d}).Geometry()
			for _, p := range g.Check() {
				t.Error(p)
			}
			boxes := 0
			for _, n := range g.Nodes {
				if n.Kind == swimlane.Task {
					boxes++
				}
			}
			if left := len(r.Activities) - boxes; left < 0 || left > 0 && !strings.Contains(strings.Join(g.Notes, " "), "not drawn: "+format.Plural(left, "rarer activity")) {
				t.Errorf("%d boxes for %d activities; notes %q", boxes, len(r.Activities), g.Notes)
			}
			t.Logf("%.0f×%.0f px, step text %.1f pt on a 16:9 slide, %s", g.Width, g.Height, g.SlideTextPt(), format.Plural(len(g.Lanes), "lane"))
		})
	}
}
