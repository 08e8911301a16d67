package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
)

// Format is an output format of Render.
type Format string

// Supported output formats.
const (
	FormatDOT Format = "dot"
	FormatSVG Format = "svg"
	FormatPNG Format = "png"
)

// allowedExt lists the file extensions FormatFromPath accepts, for error messages.
const allowedExt = ".svg, .png, .dot, .gv"

// FormatFromPath picks the output format from the extension of path
// (case-insensitive): .svg, .png, .dot or .gv.
func FormatFromPath(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".svg":
		return FormatSVG, nil
	case ".png":
		return FormatPNG, nil
	case ".dot", ".gv":
		return FormatDOT, nil
	case "":
		return "", fmt.Errorf("diagram: output file %q has no extension; use one of %s", path, allowedExt)
	default:
		return "", fmt.Errorf("diagram: unsupported output extension %q in %q; use one of %s", ext, path, allowedExt)
	}
}

// Render writes the graph described by dot (Graphviz DOT text) to w in
// format f. FormatDOT copies dot unchanged; FormatSVG lays the graph out with
// Graphviz (dot engine) and writes its SVG; FormatPNG lays the graph out with
// Graphviz and paints the result itself (see doc.go).
//
// Render is safe for concurrent use; the Graphviz part of the work is
// serialised by a package-level mutex. Layout cannot be interrupted once
// started: ctx is checked before and after it.
func Render(ctx context.Context, dot []byte, f Format, w io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	switch f {
	case FormatDOT:
		_, err := w.Write(dot)
		return err
	case FormatSVG:
		out, err := layout(ctx, dot, graphviz.SVG)
		if err != nil {
			return err
		}
		_, err = w.Write(out)
		return err
	case FormatPNG:
		return renderPNG(ctx, dot, w)
	default:
		return fmt.Errorf("diagram: unsupported format %q; use one of %q, %q, %q", f, FormatDOT, FormatSVG, FormatPNG)
	}
}

var (
	// gvMu guards every use of go-graphviz: its WASM module is global
	// state, so even separate *graphviz.Graphviz instances must not be
	// used concurrently.
	gvMu sync.Mutex
	// gv is created lazily under gvMu and reused for the whole process.
	gv *graphviz.Graphviz
)

// formatJSON is Graphviz's "json" output: the laid-out graph with xdot
// drawing operations, already parsed into JSON objects.
const formatJSON graphviz.Format = "json"

// layout parses dot, lays it out with the dot engine and returns the output
// of Graphviz in the given format. The output is buffered so that the caller's
// writer is never called with the mutex held.
func layout(ctx context.Context, dot []byte, format graphviz.Format) (out []byte, err error) {
	if err := checkDOT(dot); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	gvMu.Lock()
	defer gvMu.Unlock()
	if err := ctx.Err(); err != nil { // may have waited for the lock
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			// go-graphviz panics on some WASM memory errors; its state
			// may be damaged, so start from a fresh instance next time.
			gv = nil
			out, err = nil, fmt.Errorf("diagram: graphviz failed: %v", r)
		}
	}()
	if gv == nil {
		inst, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("diagram: starting graphviz: %w", err)
		}
		gv = inst
	}
	src, emptied := protectEmptyLabels(dot)
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("diagram: parsing DOT: %w", err)
	}
	if g == nil {
		return nil, errors.New("diagram: parsing DOT: no graph found")
	}
	defer g.Close()
	if emptied {
		if err := restoreEmptyLabels(g); err != nil {
			return nil, fmt.Errorf("diagram: parsing DOT: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, format, &buf); err != nil {
		return nil, fmt.Errorf("diagram: graphviz %s rendering: %w", format, err)
	}
	if buf.Len() == 0 {
		return nil, fmt.Errorf("diagram: graphviz produced empty %s output", format)
	}
	return buf.Bytes(), ctx.Err()
}

// emptyLabel matches an explicitly empty label attribute (not xlabel etc.).
var emptyLabel = regexp.MustCompile(`(^|[^A-Za-z0-9_."])label\s*=\s*""`)

// emptyLabelMark stands in for label="" while go-graphviz parses the DOT:
// graphviz.ParseBytes replaces every empty node label with "\N", so
// label="" would show the node's name. "\E" is empty for nodes, graphs
// and clusters when Graphviz expands it, and restoreEmptyLabels turns it back
// into "" everywhere (for edges it would expand to "tail->head").
const emptyLabelMark = `\E`

func protectEmptyLabels(dot []byte) ([]byte, bool) {
	if !bytes.Contains(dot, []byte(`""`)) || !emptyLabel.Match(dot) {
		return dot, false
	}
	return emptyLabel.ReplaceAll(dot, []byte(`${1}label="`+emptyLabelMark+`"`)), true
}

// restoreEmptyLabels sets label="" on every graph, subgraph, node and edge
// whose label is emptyLabelMark.
func restoreEmptyLabels(g *graphviz.Graph) error {
	var walk func(sg *graphviz.Graph) error
	walk = func(sg *graphviz.Graph) error {
		if sg.Label() == emptyLabelMark {
			if err := sg.SafeSet("label", "", ""); err != nil {
				return err
			}
		}
		sub, err := sg.FirstSubGraph()
		for ; err == nil && sub != nil; sub, err = sub.NextSubGraph() {
			if err := walk(sub); err != nil {
				return err
			}
		}
		return err
	}
	if err := walk(g); err != nil {
		return err
	}
	n, err := g.FirstNode()
	for ; err == nil && n != nil; n, err = g.NextNode(n) {
		if n.Label() == emptyLabelMark {
			if err := n.SafeSet("label", "", ""); err != nil {
				return err
			}
		}
		e, err := g.FirstOut(n)
		for ; err == nil && e != nil; e, err = g.NextOut(e) {
			if e.Label() == emptyLabelMark {
				if err := e.SafeSet("label", "", ""); err != nil {
					return err
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return err
}

// checkDOT rejects input that go-graphviz mishandles: text without a graph
// (empty or only comments) makes ParseBytes return a bogus graph that later
// fails with a WASM memory error. The DOT grammar requires the first token
// to be "strict", "graph" or "digraph" (case-insensitive).
func checkDOT(dot []byte) error {
	s := string(dot)
	for {
		s = strings.TrimLeft(s, " \t\r\n\f\v\ufeff")
		switch {
		case strings.HasPrefix(s, "//"), strings.HasPrefix(s, "#"):
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = s[i+1:]
			} else {
				s = ""
			}
			continue
		case strings.HasPrefix(s, "/*"):
			if i := strings.Index(s[2:], "*/"); i >= 0 {
				s = s[i+4:]
			} else {
				s = ""
			}
			continue
		}
		break
	}
	if s == "" {
		return errors.New("diagram: empty DOT input (no graph)")
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
	word := s
	if end >= 0 {
		word = s[:end]
	}
	switch strings.ToLower(word) {
	case "strict", "graph", "digraph":
		return nil
	}
	const max = 20
	if len(s) > max {
		s = s[:max] + "..."
	}
	return fmt.Errorf("diagram: DOT input must start with graph, digraph or strict, not %q", s)
}
