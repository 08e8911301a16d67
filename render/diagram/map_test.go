package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files in testdata/")

// scenarioKey marks a scenario file: its arrivals key at the top level.
var scenarioKey = regexp.MustCompile(`(?m)^arrivals:`)

// TestMapDOTGolden pins the DOT text of every example map in both lane
// modes. Run `go test ./render/diagram -update` after an intended change and
// review the diff.
func TestMapDOTGolden(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		m, err := mapping.ReadFile(f)
		if err != nil {
			// Scenarios (a top-level arrivals: key) sit next to the maps;
			// any other file that does not read as a map is a broken example.
			src, rerr := os.ReadFile(f)
			if rerr != nil || !scenarioKey.Match(src) {
				t.Errorf("example %s is not a valid map: %v", f, err)
			}
			continue
		}
		n++
		for _, lanes := range []Lanes{LanesOwner, LanesSystem} {
			name := strings.TrimSuffix(filepath.Base(f), ".yaml") + "." + string(lanes) + ".dot"
			t.Run(name, func(t *testing.T) {
				got := MapDOT(m, lanes)
				if again := MapDOT(m, lanes); !bytes.Equal(got, again) {
					t.Fatal("MapDOT is not deterministic")
				}
				golden := filepath.Join("testdata", name)
				if *updateGolden {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to create)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("DOT differs from %s; run go test -update and review the diff", golden)
				}
			})
		}
	}
	if n < 3 {
		t.Fatalf("only %d example maps found", n)
	}
}

// TestMapDOTContent checks what a reader of the diagram relies on.
func TestMapDOTContent(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dot := string(MapDOT(m, LanesOwner))
	wantIn := []string{
		"newrank=true",
		`"value_check" [label=<<b>High-value order?</b>`, // decision with its name
		"shape=diamond",
		`"pick_pack" -> "stock_out" [label="3% item missing"`,              // branch share and label
		`"notify_warehouse" -> "pick_pack" [color="#d9480f", penwidth=2.2`, // store -> warehouse handoff
		`"flowmap:start:place_order" -> "place_order"`,
		`"deliver" -> "flowmap:end"`,
		`Warehouse management system</font><br/><font point-size="9" color="#616e7c">tri(5m, 12m, 40m)`, // system and duration in the box
		`<b>Notify warehouse</b><br/><b>(re-key order into</b><br/><b>WMS)</b>`,                         // long names wrap
		`fillcolor="#e3f0fb"`, // automated tint
	}
	for _, w := range wantIn {
		if !strings.Contains(dot, w) {
			t.Errorf("DOT lacks %q", w)
		}
	}
	if got := strings.Count(dot, "subgraph cluster_"); got != 5 {
		t.Errorf("%d lanes, want 5 owners", got)
	}
	if strings.Contains(dot, `"receive" -> "capture_payment" [label`) {
		t.Error("single edge should carry no 100% label")
	}
}

func TestMapDOTEscaping(t *testing.T) {
	src := "process: \"Q&A <\\\"tricky\\\"> \\\\ flow\"\nowners: [{id: o, name: \"R&D <team>\"}]\nsteps:\n" +
		"  - {id: a, name: \"Say \\\"hi\\\" & <b>bye</b> \\\\\", owner: o, next: [{to: b, label: \"50\\\" \\\\ x\"}]}\n  - {id: b, name: \"日本 ✓ é\", owner: o}\n"
	m, err := mapping.Parse("esc.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dot := MapDOT(m, LanesOwner)
	var svg bytes.Buffer
	if err := Render(context.Background(), dot, FormatSVG, &svg); err != nil {
		t.Fatalf("render: %v\n%s", err, dot)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg.Bytes()))
	for {
		_, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("SVG is not well-formed: %v", err)
			}
			break
		}
	}
	for _, w := range []string{"Say &quot;hi&quot; &amp; &lt;b&gt;bye&lt;/b&gt;", "R&amp;D &lt;team&gt;", "日本 ✓ é"} {
		if !strings.Contains(svg.String(), w) {
			t.Errorf("SVG lacks %q", w)
		}
	}
}

// TestMapSVGLanes renders each example to SVG and counts one cluster per lane.
func TestMapSVGLanes(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/returns-refund.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lanes Lanes
		want  int
	}{{LanesOwner, 5}, {LanesSystem, 5}}
	for _, tt := range tests {
		var svg bytes.Buffer
		if err := Render(context.Background(), MapDOT(m, tt.lanes), FormatSVG, &svg); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(svg.String(), `class="cluster"`); got != tt.want {
			t.Errorf("lanes %s: %d clusters, want %d", tt.lanes, got, tt.want)
		}
		if got := strings.Count(svg.String(), `class="node"`); got != len(m.Steps)+2 { // + start and end markers
			t.Errorf("lanes %s: %d nodes, want %d", tt.lanes, got, len(m.Steps)+2)
		}
	}
}

// TestRenderControlCharacters: names with control characters (from a map
// or a log) still render to SVG and PNG, with the label kept and the odd
// byte shown as U+FFFD; before, PNG failed, SVG dropped the label and a NUL
// broke rendering.
func TestRenderControlCharacters(t *testing.T) {
	src := "process: \"Orders\\0 flow\"\nowners: [{id: o, name: \"Team\\x01A\"}]\nsteps:\n" +
		"  - {id: a, name: \"Pick\\x1b]0;pwned\\x07 items\", owner: o, next: [{to: b, label: \"tab\\there\"}]}\n  - {id: b, name: \"Ship\\x7f\\u0085\", owner: o}\n"
	m, err := mapping.Parse("ctl.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dot := MapDOT(m, LanesOwner)
	if bytes.ContainsFunc(dot, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 }) {
		t.Fatalf("DOT keeps control characters:\n%q", dot)
	}
	var svg bytes.Buffer
	if err := Render(context.Background(), dot, FormatSVG, &svg); err != nil {
		t.Fatalf("SVG: %v", err)
	}
	for _, w := range []string{"Orders\uFFFD flow", "Team\uFFFDA", "Pick\uFFFD]0;pwned\uFFFD items", "Ship\uFFFD", "tab here"} {
		if !strings.Contains(svg.String(), w) {
			t.Errorf("SVG lacks %q", w)
		}
	}
	var png bytes.Buffer
	if err := Render(context.Background(), dot, FormatPNG, &png); err != nil {
		t.Fatalf("PNG: %v", err)
	}
	if png.Len() < 1000 {
		t.Errorf("PNG is %d bytes", png.Len())
	}
}

// TestDiagramNodesOutsideIDSpace: steps named like the diagram's own nodes
// (_end, _start_x) and a system called _none stay distinct nodes and lanes.
func TestDiagramNodesOutsideIDSpace(t *testing.T) {
	src := `process: Clash
owners: [{id: o, name: O}]
systems: [{id: _none, name: Real system}]
steps:
  - {id: _start_a, owner: o, system: _none, start: true, next: [a]}
  - {id: a, owner: o, next: [_end]}
  - {id: _end, owner: o, system: _none}
`
	m, err := mapping.Parse("clash.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, lanes := range []Lanes{LanesOwner, LanesSystem} {
		var svg bytes.Buffer
		if err := Render(context.Background(), MapDOT(m, lanes), FormatSVG, &svg); err != nil {
			t.Fatal(err)
		}
		// Three steps, one start marker and one end marker.
		if n := strings.Count(svg.String(), `class="node"`); n != 5 {
			t.Errorf("lanes %v: %d nodes, want 5 (3 steps, start, end)", lanes, n)
		}
		if lanes == LanesSystem {
			if n := strings.Count(svg.String(), `class="cluster"`); n != 2 {
				t.Errorf("system lanes: %d clusters, want 2 (Real system, no system)", n)
			}
		}
	}
}

// TestMapDOTCapsEdges: a map with more edges than Graphviz lays out in
// reasonable time draws the most travelled MaxMapEdges and says so.
func TestMapDOTCapsEdges(t *testing.T) {
	var b strings.Builder
	b.WriteString("process: Dense\nowners: [{id: o}, {id: p}]\nsteps:\n")
	const n = 80 // each step goes to the next four: ~316 edges
	for i := range n {
		fmt.Fprintf(&b, "- {id: s%d, owner: %s", i, []string{"o", "p"}[i%2])
		if i == 0 {
			b.WriteString(", start: true")
		}
		var next []string
		for j := i + 1; j <= min(i+4, n-1); j++ {
			next = append(next, fmt.Sprintf("s%d", j))
		}
		if len(next) > 0 {
			b.WriteString(", next: [" + strings.Join(next, ", ") + "]")
		}
		b.WriteString("}\n")
	}
	m, err := mapping.Parse("dense.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	total := len(m.Edges())
	dot := string(MapDOT(m, LanesOwner))
	stepEdges := 0
	for _, line := range strings.Split(dot, "\n") {
		if strings.Contains(line, `" -> "s`) && !strings.Contains(line, "flowmap:") {
			stepEdges++
		}
	}
	if stepEdges != MaxMapEdges {
		t.Errorf("drew %d of %d edges, want %d", stepEdges, total, MaxMapEdges)
	}
	if want := fmt.Sprintf("showing the %d most travelled of %d edges", MaxMapEdges, total); !strings.Contains(dot, want) {
		t.Errorf("DOT does not say %q", want)
	}
	// The first edges are the most travelled: s0 → s1 must be drawn.
	if !strings.Contains(dot, `"s0" -> "s1"`) {
		t.Error("the most travelled edge s0 → s1 is missing")
	}
}
