package swimlane

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// Text sizes (px) and line heights of the drawing.
const (
	TitleSize  = 18.0
	NoteSize   = 11.0
	HeaderSize = 13.0 // lane names, bold
	NameSize   = 13.0 // step names
	SubSize    = 10.5 // the small lines under a step's name
	LabelSize  = 10.5 // edge labels
	EventSize  = 9.0  // "start", "end"
	lineGap    = 1.25 // line height = size × lineGap
)

// FontFamily is the SVG font list; text is measured with the Go fonts,
// which are at least as wide as Helvetica and Arial, so it fits either.
const FontFamily = "Helvetica, Arial, sans-serif"

var (
	measureMu    sync.Mutex
	measureFonts [2]*opentype.Font
	measureFaces = map[[2]int]font.Face{}
)

// TextWidth is the advance width of s in px at size px, in the Go font
// (bold or regular) the PNG is painted with.
func TextWidth(s string, size float64, bold bool) float64 {
	measureMu.Lock()
	defer measureMu.Unlock()
	b := 0
	if bold {
		b = 1
	}
	if measureFonts[b] == nil {
		src := goregular.TTF
		if bold {
			src = gobold.TTF
		}
		f, err := opentype.Parse(src)
		if err != nil {
			panic("swimlane: parsing embedded Go font: " + err.Error())
		}
		measureFonts[b] = f
	}
	key := [2]int{b, int(size * 64)}
	face, ok := measureFaces[key]
	if !ok {
		var err error
		face, err = opentype.NewFace(measureFonts[b], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			panic("swimlane: font face: " + err.Error())
		}
		measureFaces[key] = face
	}
	w := 0.0
	prev := rune(-1)
	for _, r := range s {
		adv, ok := face.GlyphAdvance(r)
		switch {
		case ok:
			if prev >= 0 {
				w += float64(face.Kern(prev, r)) / 64
			}
			w += float64(adv) / 64
			prev = r
			continue
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
			w += size // drawn full width from a system font
		default:
			w += 0.7 * size // a symbol from a system font, or a drawn stand-in
		}
		prev = -1
	}
	return w
}

// wrapText breaks s at spaces into lines at most maxW px wide (a longer
// word stays whole on its own line).
func wrapText(s string, size float64, bold bool, maxW float64) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Split(s, " ") { // only plain spaces: U+00A0 holds "6 min" together
		switch {
		case w == "":
			continue
		case cur == "":
			cur = w
		case TextWidth(cur+" "+w, size, bold) <= maxW:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// widest is the width of the widest line.
func widest(lines []string, size float64, bold bool) float64 {
	w := 0.0
	for _, l := range lines {
		w = max(w, TextWidth(l, size, bold))
	}
	return w
}

// Printable makes a name from a map or a log safe to draw: a line break or
// tab becomes a space, a carriage return disappears, and any other control
// character (C0, DEL, C1 — Graphviz, XML and the PNG painter reject them or
// drop the label) becomes U+FFFD, so the label stays and shows where the odd
// byte was.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case r == '\r':
			return -1
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return '\uFFFD'
		}
		return r
	}, s)
}
