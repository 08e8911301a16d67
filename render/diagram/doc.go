// Package diagram draws process maps and measured processes. A Picture
// holds both drawings of one diagram: the swimlane geometry of
// render/swimlane, which SVG (swimlane.WriteSVG) and PNG (painted here with
// the same fonts the layout measured text with) are made from, and Graphviz
// DOT, written for .dot files and used for SVG and PNG only when there is no
// swimlane geometry (a process discovered from a log without a map).
//
// For DOT, the package turns Graphviz DOT text into DOT, SVG or PNG files and is
// the only user of github.com/goccy/go-graphviz (Graphviz 12 compiled to
// WebAssembly, no cgo and no external binary). All Graphviz work goes through
// one lazily created instance behind a package-level mutex, because the
// library is not safe for concurrent use even with one instance per
// goroutine. SVG is Graphviz's own output. PNG is not: go-graphviz's PNG
// renderer drops edges and cluster borders and cannot draw ✓ or CJK text, so
// we let Graphviz lay the graph out, take its json output (the xdot drawing
// operations of every cluster, node, edge and label) and paint those
// polygons, Béziers, ellipses and texts ourselves with github.com/fogleman/gg
// and the embedded Go fonts, at 2 pixels per point. Runes the Go fonts lack
// are taken from a system font when one is found (so output can differ
// between machines for those runes only), else check marks and crosses are
// drawn as strokes and other runes as empty boxes. Text wider in the Go fonts
// than Graphviz estimated is shrunk to the width Graphviz laid out for it.
package diagram
