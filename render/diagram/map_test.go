package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
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
		`"_start_place_order" -> "place_order"`,
		`"deliver" -> "_end"`,
		`Warehouse management system</font><br/><font point-size="9" color="#616e7c">tri(5m, 12m, 40m)`, // system and duration in the box
		`<b>Notify warehouse</b><br/><b>(re-key order into</b><br/><b>WMS)</b>`,                         // long names wrap
		`fillcolor="#e3f0fb"`,                                                                           // automated tint
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
