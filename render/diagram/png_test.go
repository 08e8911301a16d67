package diagram

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
)

func renderPNGImage(t *testing.T, dot string) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(context.Background(), []byte(dot), FormatPNG, &buf); err != nil {
		t.Fatalf("Render PNG: %v", err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("output is not a PNG: %v", err)
	}
	return img
}

// countPixels counts the pixels in r (clipped to the image) for which match
// is true.
func countPixels(img image.Image, r image.Rectangle, match func(r, g, b uint8) bool) int {
	r = r.Intersect(img.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if match(c.R, c.G, c.B) {
				n++
			}
		}
	}
	return n
}

func nonWhite(r, g, b uint8) bool { return r < 250 || g < 250 || b < 250 }
func dark(r, g, b uint8) bool     { return int(r)+int(g)+int(b) < 200 }
func reddish(r, g, b uint8) bool  { return r > 180 && g < 80 && b < 80 }
func bluish(r, g, b uint8) bool   { return b > 180 && r < 80 && g < 80 }

// near reports whether the colour is within 6 of want in every channel.
func near(want uint32) func(r, g, b uint8) bool {
	wr, wg, wb := int(want>>16&0xff), int(want>>8&0xff), int(want&0xff)
	abs := func(v int) int { return max(v, -v) }
	return func(r, g, b uint8) bool {
		return abs(int(r)-wr) <= 6 && abs(int(g)-wg) <= 6 && abs(int(b)-wb) <= 6
	}
}

// frac returns the rectangle of img between the given fractions of its
// width and height.
func frac(img image.Image, x0, y0, x1, y1 float64) image.Rectangle {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	return image.Rect(b.Min.X+int(x0*w), b.Min.Y+int(y0*h), b.Min.X+int(x1*w), b.Min.Y+int(y1*h))
}

func TestRenderPNGStructure(t *testing.T) {
	tests := []struct {
		name  string
		dot   string
		check func(t *testing.T, img image.Image)
	}{
		{
			name: "not blank, plausible size",
			dot:  `digraph { a -> b -> c }`,
			check: func(t *testing.T, img image.Image) {
				// 3 ellipses of 54x36 pt stacked: about 62x196 pt plus margin, at 2x.
				b := img.Bounds()
				if b.Dx() < 100 || b.Dx() > 300 || b.Dy() < 300 || b.Dy() > 600 {
					t.Errorf("image is %dx%d, want about 130x420", b.Dx(), b.Dy())
				}
				if n := countPixels(img, b, nonWhite); n < 1000 {
					t.Errorf("only %d non-white pixels", n)
				}
				// the corners are background
				if n := countPixels(img, image.Rect(0, 0, 4, 4), nonWhite); n != 0 {
					t.Errorf("top-left corner is not white")
				}
			},
		},
		{
			name: "thick red edge between the nodes",
			dot:  `digraph { rankdir=LR; ranksep=1; a [shape=box]; b [shape=box]; a -> b [color=red, penwidth=4, arrowhead=none]; }`,
			check: func(t *testing.T, img image.Image) {
				// the middle third holds only the edge
				mid := frac(img, 0.4, 0, 0.6, 1)
				if n := countPixels(img, mid, reddish); n < 100 {
					t.Errorf("%d red pixels between the nodes, want a thick red edge", n)
				}
				if n := countPixels(img, img.Bounds(), reddish); n > 2000 {
					t.Errorf("%d red pixels: more than the edge", n)
				}
			},
		},
		{
			name: "arrowhead is filled",
			dot:  `digraph { rankdir=LR; ranksep=1; a; b; a -> b [color=red, arrowsize=3]; }`,
			check: func(t *testing.T, img image.Image) {
				// a solid red triangle holds many more red pixels than a
				// 1pt line across the gap (about 2 px x 140 px)
				if n := countPixels(img, img.Bounds(), reddish); n < 800 {
					t.Errorf("%d red pixels, want a filled arrowhead", n)
				}
			},
		},
		{
			name: "cluster border",
			dot:  `digraph { subgraph cluster_x { color=blue; penwidth=2; label="Lane"; a -> b } }`,
			check: func(t *testing.T, img image.Image) {
				// the cluster is inset 8 pt from the graph's bounding box
				left := frac(img, 0, 0.1, 0.2, 0.9)
				right := frac(img, 0.8, 0.1, 1, 0.9)
				top := frac(img, 0.2, 0, 0.8, 0.1)
				for name, r := range map[string]image.Rectangle{"left": left, "right": right, "top": top} {
					if n := countPixels(img, r, bluish); n < 50 {
						t.Errorf("%d blue pixels at the %s border", n, name)
					}
				}
			},
		},
		{
			name: "filled cluster and node",
			dot:  `digraph { subgraph cluster_x { style=filled; fillcolor="#fff4c2"; a [shape=box, style=filled, fillcolor="#2e7d32"] } }`,
			check: func(t *testing.T, img image.Image) {
				if n := countPixels(img, img.Bounds(), near(0xfff4c2)); n < 1000 {
					t.Errorf("%d cluster fill pixels", n)
				}
				if n := countPixels(img, frac(img, 0.3, 0.3, 0.7, 0.7), near(0x2e7d32)); n < 500 {
					t.Errorf("%d node fill pixels", n)
				}
			},
		},
		{
			name: "text inside a node",
			dot:  `digraph { a [shape=box, width=2, height=1, label="WWWW", fontsize=24] }`,
			check: func(t *testing.T, img image.Image) {
				// the centre holds the text and no part of the box outline
				if n := countPixels(img, frac(img, 0.25, 0.3, 0.75, 0.7), dark); n < 200 {
					t.Errorf("%d dark pixels in the node centre, want text", n)
				}
			},
		},
		{
			name: "empty label stays empty",
			dot:  `digraph { start [shape=box, width=2, height=1, label="", fontsize=24] }`,
			check: func(t *testing.T, img image.Image) {
				// go-graphviz would otherwise show the node name "start"
				if n := countPixels(img, frac(img, 0.2, 0.2, 0.8, 0.8), dark); n != 0 {
					t.Errorf("%d dark pixels in an empty node", n)
				}
			},
		},
		{
			name: "dashed edge has gaps",
			dot:  `digraph { rankdir=LR; ranksep=2; a; b; a -> b [color=red, penwidth=2, style=dashed, arrowhead=none]; }`,
			check: func(t *testing.T, img image.Image) {
				// walk along the middle row of red pixels: it must switch
				// between red and not red several times
				b := img.Bounds()
				mid := frac(img, 0.35, 0, 0.65, 1)
				y := -1
				for yy := b.Min.Y; yy < b.Max.Y && y < 0; yy++ {
					if countPixels(img, image.Rect(mid.Min.X, yy, mid.Max.X, yy+1), reddish) > 0 {
						y = yy + 1 // a row inside the 4px line
					}
				}
				if y < 0 {
					t.Fatal("no red edge found")
				}
				switches, prev := 0, false
				for x := mid.Min.X; x < mid.Max.X; x++ {
					on := countPixels(img, image.Rect(x, y, x+1, y+1), reddish) > 0
					if on != prev {
						switches++
					}
					prev = on
				}
				if switches < 6 {
					t.Errorf("dashed edge switches %d times along its middle, want gaps", switches)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, renderPNGImage(t, tt.dot))
		})
	}
}

func TestRenderPNGSwimlane(t *testing.T) {
	img := renderPNGImage(t, string(readSwimlane(t)))
	b := img.Bounds()
	if b.Dx() < 1000 || b.Dx() > pngMaxSide || b.Dy() < 300 || b.Dy() > pngMaxSide {
		t.Errorf("swimlane image is %dx%d", b.Dx(), b.Dy())
	}
	colours := map[string]uint32{
		"Customer lane": 0xfafafa, "Sales lane": 0xf3f8ee, "Warehouse lane": 0xfff8ee, "Finance lane": 0xf5f0fa,
		"node fill": 0xe8f1fb, "diamond fill": 0xfff4c2, "blue edge": 0x1565c0, "red dashed edge": 0xc62828,
		"dotted self-loop": 0x6a1b9a, "start node": 0x2e7d32,
	}
	for name, c := range colours {
		if n := countPixels(img, b, near(c)); n < 40 {
			t.Errorf("%s (#%06x): %d pixels", name, c, n)
		}
	}
}

// TestRenderPNGAwkwardLabels checks that labels with quotes, backslashes,
// HTML-special and non-ASCII characters render as text.
func TestRenderPNGAwkwardLabels(t *testing.T) {
	for _, tt := range awkwardLabels {
		t.Run(tt.name, func(t *testing.T) {
			img := renderPNGImage(t, string(awkwardDOT(tt.dotLabel)))
			if n := countPixels(img, img.Bounds(), dark); n < 300 {
				t.Errorf("%d dark pixels, want text", n)
			}
		})
	}
	// HTML-like labels: bold, italic, underline, a table.
	img := renderPNGImage(t, `digraph { a [shape=plain, label=<<table><tr><td><b>B&amp;</b></td><td><i>it</i> <u>u</u></td></tr></table>>] }`)
	if n := countPixels(img, img.Bounds(), dark); n < 300 {
		t.Errorf("HTML label: %d dark pixels", n)
	}
}

// TestMissingGlyphs renders runes the Go fonts lack with no system fallback
// font: check marks are drawn as strokes, other runes as boxes.
func TestMissingGlyphs(t *testing.T) {
	fallbackFonts() // load, then hide them
	saved := fallbacks
	fallbacks = nil
	defer func() { fallbacks = saved }()

	for _, label := range []string{"✓", "✔ ✗", "日本", "👍", "e\u0301"} {
		img := renderPNGImage(t, `digraph { a [shape=box, width=2, height=1, fontsize=30, label="`+label+`"] }`)
		if n := countPixels(img, frac(img, 0.25, 0.3, 0.75, 0.7), dark); n < 50 {
			t.Errorf("%q: %d dark pixels in the node centre", label, n)
		}
	}
}

func TestRenderPNGSizeCap(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("digraph { rankdir=LR; ")
	for i := range 80 {
		fmt.Fprintf(&sb, "n%d -> n%d; ", i, i+1)
	}
	sb.WriteString("}")
	img := renderPNGImage(t, sb.String())
	b := img.Bounds()
	if b.Dx() > int(pngMaxSide) || b.Dx() < int(pngMaxSide)-2 {
		t.Errorf("wide graph is %dx%d px, want the width capped at %v", b.Dx(), b.Dy(), pngMaxSide)
	}
	if n := countPixels(img, b, dark); n < 1000 {
		t.Errorf("wide graph: %d dark pixels", n)
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in   string
		want color.NRGBA
	}{
		{"#ff0000", color.NRGBA{255, 0, 0, 255}},
		{"#FF000080", color.NRGBA{255, 0, 0, 128}},
		{"#fffffe00", color.NRGBA{255, 255, 254, 0}},
		{"#abc", color.NRGBA{0xaa, 0xbb, 0xcc, 255}},
		{"red", color.NRGBA{255, 0, 0, 255}},
		{"LightGrey", color.NRGBA{0xd3, 0xd3, 0xd3, 255}},
		{"gray", color.NRGBA{0xc0, 0xc0, 0xc0, 255}},
		{"none", color.NRGBA{}},
		{"transparent", color.NRGBA{255, 255, 254, 0}},
		{"no such colour", color.NRGBA{0, 0, 0, 255}},
		{"#12345", color.NRGBA{0, 0, 0, 255}},
		{"#zzzzzz", color.NRGBA{0, 0, 0, 255}},
		{"", color.NRGBA{0, 0, 0, 255}},
	}
	for _, tt := range tests {
		if got := parseColor(tt.in); got != tt.want {
			t.Errorf("parseColor(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPaintJSONBadInput(t *testing.T) {
	for _, in := range []string{``, `{`, `{"bb":"1,2"}`, `{"bb":"0,0,NaN,1"}`, `{"bb":"10,0,0,1"}`} {
		if _, err := paintJSON([]byte(in)); err == nil {
			t.Errorf("paintJSON(%q) succeeded", in)
		}
	}
	// malformed ops are skipped, not fatal
	js := `{"bb":"0,0,10,10","_draw_":[{"op":"P","points":[[1]]},{"op":"B","points":[[0,0],[1,1]]},{"op":"E","rect":[1]},{"op":"T","pt":[1],"text":"x"},{"op":"S","style":"setlinewidth(x)"},{"op":"C","grad":"linear","stops":[]},{"op":"Z"}]}`
	if _, err := paintJSON([]byte(js)); err != nil {
		t.Errorf("paintJSON with malformed ops: %v", err)
	}
}

func BenchmarkRenderPNG(b *testing.B) {
	dot := readSwimlane(b)
	for b.Loop() {
		if err := Render(context.Background(), dot, FormatPNG, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
