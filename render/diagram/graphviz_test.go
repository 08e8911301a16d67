package diagram

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	stdpng "image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func readSwimlane(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "gv_swimlane.dot"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestFormatFromPath(t *testing.T) {
	tests := []struct {
		path    string
		want    Format
		wantErr bool
	}{
		{"out.svg", FormatSVG, false},
		{"dir/OUT.SVG", FormatSVG, false},
		{"out.png", FormatPNG, false},
		{"a.b/out.Png", FormatPNG, false},
		{"out.dot", FormatDOT, false},
		{"out.gv", FormatDOT, false},
		{"out.jpg", "", true},
		{"out", "", true},
		{"out.svg.txt", "", true},
	}
	for _, tt := range tests {
		got, err := FormatFromPath(tt.path)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("FormatFromPath(%q) = %q, %v; want %q, err %v", tt.path, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), ".svg, .png, .dot, .gv") {
			t.Errorf("FormatFromPath(%q) error %q does not list the allowed extensions", tt.path, err)
		}
	}
}

func TestRenderDOTPassThrough(t *testing.T) {
	in := []byte("this is { not even DOT")
	var buf bytes.Buffer
	if err := Render(context.Background(), in, FormatDOT, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), in) {
		t.Fatalf("DOT output %q, want input unchanged", buf.Bytes())
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name string
		dot  string
		f    Format
		want string
	}{
		{"unknown format", "digraph{a}", Format("jpg"), "unsupported format"},
		{"empty", "", FormatSVG, "empty DOT"},
		{"blank", "  \n\t", FormatPNG, "empty DOT"},
		{"only comments", "// c\n/* d */ # e\n", FormatSVG, "empty DOT"},
		{"not DOT", "hello world", FormatPNG, "must start with"},
		{"syntax error", "digraph { a -> ; }", FormatSVG, "syntax error"},
		{"syntax error png", "digraph { a -> ; }", FormatPNG, "syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(context.Background(), []byte(tt.dot), tt.f, &buf)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Render error = %v, want one containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("Render wrote %d bytes despite the error", buf.Len())
			}
		})
	}
	// Graphviz still works after errors.
	var buf bytes.Buffer
	if err := Render(context.Background(), []byte("digraph{a->b}"), FormatSVG, &buf); err != nil {
		t.Fatalf("Render after errors: %v", err)
	}
}

func TestRenderCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range []Format{FormatSVG, FormatPNG} {
		err := Render(ctx, []byte("digraph{a->b}"), f, io.Discard)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: Render with canceled context = %v, want context.Canceled", f, err)
		}
	}
}

// svgStats decodes an SVG document completely and counts the <g> elements
// per class.
func svgStats(t *testing.T, svg []byte) map[string]int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	// Graphviz's SVG has a DOCTYPE; the decoder must not need it.
	dec.Strict = true
	classes := map[string]int{}
	sawSVG := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local == "svg" {
				sawSVG = true
			}
			if se.Name.Local == "g" {
				for _, a := range se.Attr {
					if a.Name.Local == "class" {
						classes[a.Value]++
					}
				}
			}
		}
	}
	if !sawSVG {
		t.Fatalf("no <svg> element in output:\n%s", svg)
	}
	return classes
}

func TestRenderSVGClusters(t *testing.T) {
	tests := []struct {
		name     string
		dot      string
		clusters int
		nodes    int
		edges    int
	}{
		{"plain", `digraph { a -> b -> c }`, 0, 3, 2},
		{"two clusters", `digraph { newrank=true;
			subgraph cluster_x { label="X"; a; b }
			subgraph cluster_y { label="Y"; c }
			subgraph not_a_cluster { d }
			a -> b -> c -> d }`, 2, 4, 3},
		{"nested clusters", `digraph { newrank=true;
			subgraph cluster_o { label="O"; subgraph cluster_i { label="I"; a } b }
			subgraph cluster_p { c } a -> b; b -> c }`, 3, 3, 2},
		{"swimlane", string(readSwimlane(t)), 4, 11, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(context.Background(), []byte(tt.dot), FormatSVG, &buf); err != nil {
				t.Fatal(err)
			}
			st := svgStats(t, buf.Bytes())
			if st["cluster"] != tt.clusters || st["node"] != tt.nodes || st["edge"] != tt.edges {
				t.Errorf("SVG has %d clusters, %d nodes, %d edges; want %d, %d, %d",
					st["cluster"], st["node"], st["edge"], tt.clusters, tt.nodes, tt.edges)
			}
		})
	}
}

// awkwardLabels must survive both the SVG and the PNG path. They are
// escaped the way a DOT writer must escape them (backslash and quote).
var awkwardLabels = []struct {
	name, dotLabel, text string
}{
	{"quotes", `say \"hi\"`, `say "hi"`},
	{"backslash", `C:\\temp\\x`, `C:\temp\x`},
	{"trailing backslash", `end\\`, `end\`},
	{"escaped quote after backslash", `a\\\"b`, `a\"b`},
	{"html special", `a < b & c > d`, `a < b & c > d`},
	{"entity", `fish &amp; chips`, `fish & chips`},
	{"accents", `café über`, `café über`},
	{"check mark", `done ✓`, `done ✓`},
	{"cjk", `日本 注文`, `日本 注文`},
	{"emoji", `ok 👍`, `ok 👍`},
}

func awkwardDOT(label string) []byte {
	return []byte(`digraph { a [label="` + label + `", shape=box]; b [label="` + label + `"]; a -> b [label="` + label + `"]; }`)
}

func TestRenderSVGAwkwardLabels(t *testing.T) {
	for _, tt := range awkwardLabels {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(context.Background(), awkwardDOT(tt.dotLabel), FormatSVG, &buf); err != nil {
				t.Fatal(err)
			}
			svgStats(t, buf.Bytes())
			// The label text must come back out of the SVG unchanged.
			var texts []string
			dec := xml.NewDecoder(&buf)
			inText := false
			for {
				tok, err := dec.Token()
				if err != nil {
					break
				}
				switch v := tok.(type) {
				case xml.StartElement:
					inText = v.Name.Local == "text"
				case xml.EndElement:
					inText = false
				case xml.CharData:
					if inText {
						texts = append(texts, string(v))
					}
				}
			}
			n := 0
			for _, s := range texts {
				if s == tt.text {
					n++
				}
			}
			if n != 3 {
				t.Errorf("SVG texts %q: want %q three times", texts, tt.text)
			}
		})
	}
}

// TestJSONQuirks pins down two oddities of Graphviz 12's json output that
// the PNG painter relies on: the letters of filled and unfilled Béziers are
// swapped, and backslashes in text arrive doubled. If a go-graphviz upgrade
// fixes them, this test fails and jsonFilledBezier / jsonText must change.
func TestJSONQuirks(t *testing.T) {
	dot := []byte(`digraph { r1 [shape=box, style="rounded,filled"]; r2 [shape=box, style=rounded, label="C:\\x \"q\""]; r1 -> r2 }`)
	js, err := layout(context.Background(), dot, formatJSON)
	if err != nil {
		t.Fatal(err)
	}
	var g xGraph
	if err := json.Unmarshal(js, &g); err != nil {
		t.Fatal(err)
	}
	bezierOp := func(ops []xOp) string {
		for _, op := range ops {
			if op.Op == "B" || op.Op == "b" {
				return op.Op
			}
		}
		return ""
	}
	if len(g.Objects) != 2 || len(g.Edges) != 1 {
		t.Fatalf("got %d objects, %d edges", len(g.Objects), len(g.Edges))
	}
	if got := bezierOp(g.Objects[0].Draw); got != jsonFilledBezier {
		t.Errorf("filled rounded box uses %q, want %q", got, jsonFilledBezier)
	}
	if got := bezierOp(g.Objects[1].Draw); got == jsonFilledBezier || got == "" {
		t.Errorf("unfilled rounded box uses %q, want the other letter", got)
	}
	if got := bezierOp(g.Edges[0].Draw); got == jsonFilledBezier || got == "" {
		t.Errorf("edge uses %q, want the unfilled letter", got)
	}
	var text string
	for _, op := range g.Objects[1].LDraw {
		if op.Op == "T" {
			text = jsonText(op.Text)
		}
	}
	if want := `C:\x "q"`; text != want {
		t.Errorf("label text after jsonText = %q, want %q", text, want)
	}
}

// TestRenderConcurrent runs Render from several goroutines at once; run
// with -race. go-graphviz itself is not safe for concurrent use.
func TestRenderConcurrent(t *testing.T) {
	dots := [][]byte{
		readSwimlane(t),
		[]byte(`digraph { a -> b -> c; a -> c }`),
		[]byte(`graph { subgraph cluster_a { x -- y } y -- z }`),
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := []Format{FormatSVG, FormatPNG, FormatDOT}[i%3]
			for j := range 3 {
				var buf bytes.Buffer
				if err := Render(context.Background(), dots[(i+j)%len(dots)], f, &buf); err != nil {
					errs <- err
					return
				}
				if buf.Len() == 0 {
					errs <- errors.New("empty output")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestRenderSwimlaneText checks that every label of the swimlane diagram
// (lanes, steps with quotes, ampersands, accents and a check mark, edges)
// reaches the SVG as text, and that the PNG of the same diagram is a sane
// picture. It replaces a test that only wrote the files to look at; to look
// at them, render testdata/gv_swimlane.dot with dot or flowmap.
func TestRenderSwimlaneText(t *testing.T) {
	dot := readSwimlane(t)
	var svg bytes.Buffer
	if err := Render(context.Background(), dot, FormatSVG, &svg); err != nil {
		t.Fatal(err)
	}
	var texts []string
	d := xml.NewDecoder(bytes.NewReader(svg.Bytes()))
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Order to cash — 1 240 cases", "Customer", "Sales", "Warehouse", "Finance",
		"Place order", "Credit check ✓", "Reject <order> & notify", `Pick "items"`, "Ship — Müller GmbH",
		"Send invoice", "Close case", "approved 97%", "rejected", "2.1 h", "avg 4 d"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG lacks the text %q; it has:\n%s", want, all)
		}
	}

	var png bytes.Buffer
	if err := Render(context.Background(), dot, FormatPNG, &png); err != nil {
		t.Fatal(err)
	}
	cfg, err := stdpng.DecodeConfig(bytes.NewReader(png.Bytes()))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if cfg.Width <= cfg.Height || cfg.Width < 1000 {
		t.Errorf("swimlane PNG is %dx%d, want a wide picture (rankdir=LR)", cfg.Width, cfg.Height)
	}
}

func BenchmarkRenderSVG(b *testing.B) {
	dot := readSwimlane(b)
	for b.Loop() {
		if err := Render(context.Background(), dot, FormatSVG, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
