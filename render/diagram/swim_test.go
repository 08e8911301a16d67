package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

var swimExamples = []string{"order-fulfillment", "returns-refund", "support-escalation", "workshop-seed"}

func readMap(t *testing.T, name string) *mapping.Map {
	t.Helper()
	m, err := mapping.ReadFile(filepath.Join("..", "..", "examples", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// golden compares got with testdata/swim/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "swim", name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; run go test -update and look at the picture", name, path)
	}
}

// slideFit fails unless the picture is between 16:9 and 3:1 with step text
// of at least 9 pt when it is fitted to a 16:9 slide.
func slideFit(t *testing.T, what string, g *swimlane.Geometry) {
	t.Helper()
	aspect := g.Width / g.Height
	t.Logf("%s: %.0f×%.0f px (PNG %.0f×%.0f), aspect %.2f, step text %.2f pt on a 16:9 slide", what, g.Width, g.Height, 2*g.Width, 2*g.Height, aspect, g.SlideTextPt())
	if aspect < 16.0/9-0.001 || aspect > 3 || g.SlideTextPt() < 9 {
		t.Errorf("%s: aspect %.2f, step text %.2f pt; want 16:9..3:1 and ≥ 9 pt", what, aspect, g.SlideTextPt())
	}
}

func TestMapPictureGolden(t *testing.T) {
	for _, name := range swimExamples {
		m := readMap(t, name)
		for _, c := range []struct {
			lanes Lanes
			dir   swimlane.Direction
		}{{LanesOwner, swimlane.Right}, {LanesSystem, swimlane.Right}, {LanesOwner, swimlane.Down}} {
			file := name + "." + string(c.lanes) + "." + string(c.dir) + ".svg"
			t.Run(file, func(t *testing.T) {
				pic := MapPicture(m, MapOptions{Lanes: c.lanes, Direction: c.dir})
				g := pic.Geometry()
				for _, p := range g.Check() {
					t.Error(p)
				}
				if c.dir == swimlane.Right {
					slideFit(t, file, g)
				}
				var svg bytes.Buffer
				if err := pic.Render(context.Background(), FormatSVG, &svg); err != nil {
					t.Fatal(err)
				}
				checkLaneHeaders(t, svg.Bytes(), g)
				golden(t, file, svg.Bytes())
				var dot bytes.Buffer
				if err := pic.Render(context.Background(), FormatDOT, &dot); err != nil || !bytes.Equal(dot.Bytes(), MapDOT(m, c.lanes)) {
					t.Errorf(".dot is not MapDOT's text (err %v)", err)
				}
			})
		}
	}
}

// checkLaneHeaders parses the SVG and finds, for every lane, one text
// element per tier whose text is the lane's name.
func checkLaneHeaders(t *testing.T, svg []byte, g *swimlane.Geometry) {
	t.Helper()
	var doc struct {
		Texts []struct {
			Class string `xml:"class,attr"`
			Text  string `xml:",chardata"`
			Spans []struct {
				Text string `xml:",chardata"`
			} `xml:"tspan"`
		} `xml:"text"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("the SVG is not XML: %v", err)
	}
	found := map[string]int{}
	for _, x := range doc.Texts {
		if x.Class != "lane" {
			continue
		}
		s := x.Text
		for _, sp := range x.Spans {
			s += sp.Text
		}
		found[s]++
	}
	for _, l := range g.Lanes {
		if found[l.Name] != g.Tiers {
			t.Errorf("lane %q: %d text elements hold its name, want %d", l.Name, found[l.Name], g.Tiers)
		}
	}
}

var (
	demoOnce   sync.Once
	demoResult *analysis.Result
	demoMap    *mapping.Map
	demoErr    error
)

// demoAnalysis analyses the demo's order log against its map, once.
func demoAnalysis(t *testing.T) (*analysis.Result, *mapping.Map) {
	t.Helper()
	demoOnce.Do(func() {
		demoMap, demoErr = mapping.ReadFile("../../examples/order-fulfillment.yaml")
		if demoErr != nil {
			return
		}
		var l *eventlog.Log
		if l, demoErr = eventlog.ReadFile("../../examples/orders.csv.gz", eventlog.Options{}); demoErr == nil {
			demoResult = analysis.Analyze(l, analysis.Options{Map: demoMap})
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoResult, demoMap
}

func TestMeasuredPicture(t *testing.T) {
	r, m := demoAnalysis(t)
	pic := AnalysisPicture(r, m, AnalysisOptions{})
	g := pic.Geometry()
	for _, p := range g.Check() {
		t.Error(p)
	}
	slideFit(t, "demo's measured process", g)
	pick, _ := g.Node("pick_pack")
	if pick.Style.Fill != waitColors[len(waitColors)-1] {
		t.Errorf("Pick and pack, the worst wait, is filled %s, want %s", pick.Style.Fill, waitColors[len(waitColors)-1])
	}
	var svg bytes.Buffer
	if err := pic.Render(context.Background(), FormatSVG, &svg); err != nil {
		t.Fatal(err)
	}
	golden(t, "measured.order-fulfillment.svg", svg.Bytes())
	if !bytes.Equal(pic.DOT(), AnalysisDOT(r, m, AnalysisOptions{})) {
		t.Error("the picture's DOT is not AnalysisDOT's")
	}

	// --top-edges 5: the five most travelled moves, and a note saying so.
	top := AnalysisPicture(r, m, AnalysisOptions{TopEdges: 5}).Geometry()
	steps := 0
	for _, e := range top.Edges {
		if e.From != swimlane.StartID && e.To != swimlane.EndID {
			steps++
			if strings.HasPrefix(strings.Join(e.Text, " "), "not ") {
				t.Errorf("--top-edges draws the unobserved edge %s→%s", e.From, e.To)
			}
		}
	}
	if steps != 5 {
		t.Errorf("--top-edges 5 draws %d step-to-step edges", steps)
	}
	if !strings.Contains(strings.Join(top.Notes, " "), "showing the 5 most travelled of") {
		t.Errorf("notes %q do not say edges were left out", top.Notes)
	}
	for _, p := range top.Check() {
		t.Error(p)
	}
}

// TestSwimlanePNG paints the example map and checks the image against its
// geometry: 2 pixels per layout pixel, lane header fill, an orange handoff
// line, white text on the start event.
func TestSwimlanePNG(t *testing.T) {
	m := readMap(t, "order-fulfillment")
	pic := MapPicture(m, MapOptions{})
	var buf bytes.Buffer
	if err := pic.Render(context.Background(), FormatPNG, &buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	g := pic.Geometry()
	if b := img.Bounds(); b.Dx() != int(2*g.Width+0.999) || b.Dy() != int(2*g.Height+0.999) {
		t.Errorf("PNG %v, want %.0f×%.0f", b, 2*g.Width, 2*g.Height)
	}
	at := func(x, y float64) [3]uint32 {
		r, gr, b, _ := img.At(int(2*x), int(2*y)).RGBA()
		return [3]uint32{r >> 8, gr >> 8, b >> 8}
	}
	h := g.Lanes[0].Header
	if c := at(h.X+3, h.Y+3); c != [3]uint32{0xdd, 0xe3, 0xea} {
		t.Errorf("lane header corner is %v, want the header fill", c)
	}
	ink := 0
	for y := h.Y; y < h.Y+h.H; y++ {
		for x := h.X; x < h.X+h.W; x++ {
			if c := at(x, y); c[0] < 0x80 {
				ink++
			}
		}
	}
	if ink < 30 {
		t.Errorf("lane header %q shows %d dark pixels: its name is not drawn", g.Lanes[0].Name, ink)
	}
	orange := false
	for _, e := range g.Edges {
		if !e.Handoff {
			continue
		}
		a, b := e.Points[0], e.Points[1]
		if c := at((a.X+b.X)/2, (a.Y+b.Y)/2); c[0] > 0xc0 && c[1] < 0x90 && c[2] < 0x60 {
			orange = true
		}
	}
	if !orange {
		t.Error("no handoff edge is painted orange")
	}
}

func TestLegends(t *testing.T) {
	m := readMap(t, "order-fulfillment")
	owner := MapPicture(m, MapOptions{}).Geometry().Legend[0].Text
	system := MapPicture(m, MapOptions{Lanes: LanesSystem}).Geometry().Legend[0].Text
	if !strings.Contains(owner, "handoff") || strings.Contains(system, "handoff") || !strings.Contains(system, "change of system") {
		t.Errorf("orange means %q by owner and %q by system; want a handoff and a change of system", owner, system)
	}
	if dot := string(MapDOT(m, LanesSystem)); strings.Contains(dot, "change lane (handoff)") {
		t.Error("the DOT with lanes by system calls orange a handoff")
	}
	// A log without resources says nothing about people.
	noRes := "case_id,activity,timestamp\n1,A,2024-01-01T10:00:00Z\n1,B,2024-01-01T11:00:00Z\n"
	l, err := eventlog.ReadCSV(strings.NewReader(noRes), "nores.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if dot := string(AnalysisDOT(analysis.Analyze(l, analysis.Options{}), nil, AnalysisOptions{})); strings.Contains(dot, "person") {
		t.Error("a log without resources gets the legend item about people")
	}
	l, err = eventlog.ReadCSV(strings.NewReader(smallLog), "small.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if dot := string(AnalysisDOT(analysis.Analyze(l, analysis.Options{}), nil, AnalysisOptions{})); !strings.Contains(dot, "change person") {
		t.Error("a log with resources lacks the legend item about people")
	}
}

func TestDiscoveredTopEdges(t *testing.T) {
	r, _ := demoAnalysis(t)
	pic := AnalysisPicture(r, nil, AnalysisOptions{TopEdges: 3})
	if pic.Geometry() != nil {
		t.Fatal("a discovered process got a swimlane geometry")
	}
	dot := string(pic.DOT())
	if n := len(regexp.MustCompile(`(?m)^  a\d+ -> a\d+ `).FindAllString(dot, -1)); n != 3 || !strings.Contains(dot, "showing the 3 most frequent of") {
		t.Errorf("--top-edges 3 on a discovered process: %d edges into activities, note missing:\n%s", n, dot)
	}
}

// TestOddNames: markup characters are escaped, control characters drawn
// as spaces or U+FFFD, CJK names get full-width boxes; SVG stays XML and
// the PNG paints.
func TestOddNames(t *testing.T) {
	src := "process: \"Prüfung & <Freigabe>\"\nowners: [{id: a, name: \"Team \\\"A\\\" & Co\"}, {id: b, name: 倉庫チーム}]\n" +
		"steps:\n  - {id: s1, name: \"Prüfen & <freigeben>\", owner: a, start: true, next: [s2]}\n" +
		"  - {id: s2, name: 発送準備をする, owner: b, next: [s3]}\n  - {id: s3, name: \"tab\\there\\u0007bell\", owner: a}\n"
	m, err := mapping.Parse("odd.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pic := MapPicture(m, MapOptions{})
	g := pic.Geometry()
	for _, p := range g.Check() {
		t.Error(p)
	}
	s2, _ := g.Node("s2")
	if w := 7 * NameSizeForTest; s2.Box.W < w {
		t.Errorf("the CJK step is %.0f px wide, want at least %.0f (7 full-width runes)", s2.Box.W, w)
	}
	var svg bytes.Buffer
	if err := pic.Render(context.Background(), FormatSVG, &svg); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Prüfen &amp; ", "&lt;freigeben&gt;", "&#34;A&#34; &amp; Co", "倉庫チーム", ">tab </tspan>", "here\uFFFDbell"} {
		if !strings.Contains(svg.String(), w) {
			t.Errorf("SVG lacks %q", w)
		}
	}
	checkLaneHeaders(t, svg.Bytes(), g)
	if strings.Contains(svg.String(), `"></text>`) {
		t.Error("the SVG holds an empty text element (a step without small print)")
	}
	var buf bytes.Buffer
	if err := pic.Render(context.Background(), FormatPNG, &buf); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Fatal(err)
	}
}

// NameSizeForTest is the step-name size the layout uses.
const NameSizeForTest = swimlane.NameSize
