package diagram

import (
	"bytes"
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Lanes chooses what a swimlane stands for.
type Lanes string

// Lane kinds.
const (
	LanesOwner  Lanes = "owner"
	LanesSystem Lanes = "system"
)

// ParseLanes accepts "owner" or "system".
func ParseLanes(s string) (Lanes, error) {
	switch Lanes(strings.ToLower(s)) {
	case LanesOwner, "":
		return LanesOwner, nil
	case LanesSystem:
		return LanesSystem, nil
	}
	return "", fmt.Errorf("unknown lanes %q: use owner or system", s)
}

// Colours of the map diagram.
const (
	colLaneFill     = "#f4f6f8"
	colLaneBorder   = "#9aa5b1"
	colStep         = "#ffffff"
	colAutomated    = "#e3f0fb"
	colDecision     = "#fff4d6"
	colEdge         = "#52606d"
	colHandoff      = "#d9480f"
	colText         = "#1f2933"
	colMuted        = "#616e7c"
	colStartEnd     = "#2f9e44"
	diagramFont     = "Helvetica"
	nodeStartPrefix = "flowmap:start:"
	laneNoSystemID  = "flowmap:none" // step, owner and system ids cannot hold ":", so no id reaches the diagram's own names
)

// MapDOT draws a process map as Graphviz DOT: one cluster (lane) per owner
// or per system, steps as rounded boxes with their system (or owner) and
// duration, decisions as diamonds, automated steps tinted and marked, lane
// changes (handoffs) as thick orange edges, branch probabilities on edges,
// and start and end marked. The output is deterministic: it follows the order
// of the map file.
func MapDOT(m *mapping.Map, lanes Lanes) []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	keep, dropped := drawnEdges(m)
	title := titleLabel(m, lanes)
	if dropped > 0 {
		title += fmt.Sprintf(`<br/><font point-size="10" color="%s">showing the %d most travelled of %d edges; %d rare ones left out (Graphviz takes minutes on more): see flowmap map stats</font>`,
			colHandoff, len(m.Edges())-dropped, len(m.Edges()), dropped)
	}
	w("digraph flowmap {\n")
	w("  graph [rankdir=LR, newrank=true, compound=true, nodesep=0.35, ranksep=0.45, fontname=%q, fontsize=16, labelloc=t, labeljust=l, label=%s, pad=0.3];\n",
		diagramFont, htmlLabel(title))
	w("  node [shape=box, style=\"rounded,filled\", fillcolor=%q, color=%q, fontname=%q, fontsize=11, fontcolor=%q, margin=\"0.12,0.06\"];\n",
		colStep, colEdge, diagramFont, colText)
	w("  edge [color=%q, fontname=%q, fontsize=9, fontcolor=%q, arrowsize=0.7];\n", colEdge, diagramFont, colMuted)

	laneOf := func(s *mapping.Step) string { return laneID(s, lanes) }
	for li, l := range laneGroups(m, lanes) {
		w("  subgraph cluster_%d {\n", li)
		w("    graph [label=%s, style=\"filled,rounded\", fillcolor=%q, color=%q, fontsize=13, fontcolor=%q, labeljust=l, margin=14];\n",
			htmlLabel("<b>"+esc(l.name)+"</b>"), colLaneFill, colLaneBorder, colText)
		for _, i := range l.steps {
			w("    %s\n", stepNode(m, &m.Steps[i], lanes))
		}
		w("  }\n")
	}
	// Start and end markers.
	hasEnd := false
	for _, s := range m.Steps {
		if s.Start {
			w("  %s -> %s [color=%q, penwidth=1.5];\n", quote(nodeStartPrefix+s.ID), quote(s.ID), colStartEnd)
		}
		hasEnd = hasEnd || len(s.Next) == 0
	}
	for _, s := range m.Steps {
		if s.Start {
			w("  %s [shape=circle, label=\"start\", fontsize=9, width=0.5, fixedsize=true, style=filled, fillcolor=%q, color=%q, fontcolor=\"#ffffff\"];\n",
				quote(nodeStartPrefix+s.ID), colStartEnd, colStartEnd)
		}
	}
	if hasEnd {
		w("  \"flowmap:end\" [shape=doublecircle, label=\"end\", fontsize=9, width=0.45, fixedsize=true, style=filled, fillcolor=%q, color=%q, fontcolor=\"#ffffff\"];\n",
			colText, colText)
	}
	for si, s := range m.Steps {
		for ei, e := range s.Next {
			if keep != nil && !keep[[2]int{si, ei}] {
				continue
			}
			attrs := []string{}
			if lbl := edgeLabel(s, e); lbl != "" {
				attrs = append(attrs, "label="+quote(lbl))
			}
			to, ok := m.Step(e.To)
			if ok && laneOf(&s) != laneOf(to) {
				attrs = append(attrs, "color="+quote(colHandoff), "penwidth=2.2", "fontcolor="+quote(colHandoff))
			}
			if e.P == 0 && e.PGiven {
				attrs = append(attrs, "style=dotted")
			}
			if e.To == s.ID {
				attrs = append(attrs, "dir=forward")
			}
			w("  %s -> %s", quote(s.ID), quote(e.To))
			if len(attrs) > 0 {
				w(" [%s]", strings.Join(attrs, ", "))
			}
			w(";\n")
		}
		if len(s.Next) == 0 {
			w("  %s -> \"flowmap:end\" [color=%q];\n", quote(s.ID), colText)
		}
	}
	w("}\n")
	return b.Bytes()
}

// MaxMapEdges is the most edges a map diagram draws. Graphviz's layout
// time grows steeply with crossing edges: 145 edges take 0.7 s, 218 take
// 5 s and 302 take 50 s on the 2-core reference machine; a workshop map has
// a few dozen.
const MaxMapEdges = 200

// drawnEdges picks the edges a map diagram draws: all of them up to
// MaxMapEdges, else the most travelled ones (expected traversals per case,
// visits of the source step × branch share; file order on ties). keep is
// nil when every edge is drawn.
func drawnEdges(m *mapping.Map) (keep map[[2]int]bool, dropped int) {
	total := len(m.Edges())
	if total <= MaxMapEdges {
		return nil, 0
	}
	type edge struct {
		key  [2]int
		flow float64
	}
	var visits map[string]float64
	if ex, err := mapping.ExpectedPerCase(m); err == nil {
		visits = ex.Visits
	}
	edges := make([]edge, 0, total)
	for si, s := range m.Steps {
		for ei, e := range s.Next {
			flow := e.P
			if visits != nil {
				flow *= visits[s.ID]
			}
			edges = append(edges, edge{[2]int{si, ei}, flow})
		}
	}
	sort.SliceStable(edges, func(i, j int) bool { return edges[i].flow > edges[j].flow })
	keep = make(map[[2]int]bool, MaxMapEdges)
	for _, e := range edges[:MaxMapEdges] {
		keep[e.key] = true
	}
	return keep, total - MaxMapEdges
}

// lane is one swimlane: an owner or a system, and its steps (by index).
type lane struct {
	id, name string
	steps    []int
}

func laneID(s *mapping.Step, lanes Lanes) string {
	if lanes == LanesSystem {
		if s.System == "" {
			return laneNoSystemID
		}
		return s.System
	}
	return s.Owner
}

// laneGroups returns the non-empty lanes in the order the map lists owners
// (or systems), then any lane only steps name.
func laneGroups(m *mapping.Map, lanes Lanes) []lane {
	var order []*lane
	byID := map[string]*lane{}
	add := func(id, name string) {
		if _, ok := byID[id]; !ok {
			l := &lane{id: id, name: name}
			byID[id] = l
			order = append(order, l)
		}
	}
	if lanes == LanesSystem {
		for _, sys := range m.Systems {
			add(sys.ID, sys.Name)
		}
	} else {
		for _, o := range m.Owners {
			add(o.ID, o.Name)
		}
	}
	for i := range m.Steps {
		id := laneID(&m.Steps[i], lanes)
		name := id
		if id == laneNoSystemID {
			name = "No system (manual)"
		}
		add(id, name)
		byID[id].steps = append(byID[id].steps, i)
	}
	var out []lane
	for _, l := range order {
		if len(l.steps) > 0 {
			out = append(out, *l)
		}
	}
	return out
}

func titleLabel(m *mapping.Map, lanes Lanes) string {
	other, orange := "owner", "change system (not a handoff between people)"
	if lanes == LanesOwner {
		other, orange = "system", "change lane (handoff)"
	}
	return fmt.Sprintf(`<b>%s</b><br/><font point-size="10" color="%s">lanes by %s · <font color="%s">orange edges</font> %s · tinted steps are automated · %s shown in each step</font>`,
		esc(m.Process), colMuted, lanes, colHandoff, orange, other)
}

func stepNode(m *mapping.Map, s *mapping.Step, lanes Lanes) string {
	var lines []string
	for _, l := range wrap(s.Name, 22) {
		lines = append(lines, "<b>"+esc(l)+"</b>")
	}
	var sub []string
	if lanes == LanesSystem {
		if o, ok := m.Owner(s.Owner); ok {
			sub = append(sub, o.Name)
		}
	} else if s.System != "" {
		if sys, ok := m.System(s.System); ok {
			sub = append(sub, sys.Name)
		} else {
			sub = append(sub, s.System)
		}
	}
	if d := s.Duration; d.Kind != "" && !(d.Kind == mapping.DistConstant && d.Value == 0) {
		sub = append(sub, d.String())
	}
	if s.Automated {
		sub = append(sub, "automated")
	}
	for _, l := range wrapParts(sub, 30) {
		lines = append(lines, fmt.Sprintf(`<font point-size="9" color="%s">%s</font>`, colMuted, esc(l)))
	}
	attrs := []string{"label=" + htmlLabel(strings.Join(lines, "<br/>"))}
	fill := colStep
	if s.Automated {
		fill = colAutomated
	}
	if s.Decision {
		attrs = append(attrs, "shape=diamond", "style=filled", "margin=\"0.02,0.02\"")
		if !s.Automated {
			fill = colDecision
		}
	}
	if s.Automated {
		attrs = append(attrs, "color=\"#4a90c2\"")
	}
	if s.Start {
		attrs = append(attrs, "penwidth=2", "color="+quote(colStartEnd))
	}
	attrs = append(attrs, "fillcolor="+quote(fill), "tooltip="+quote(s.ID))
	return quote(s.ID) + " [" + strings.Join(attrs, ", ") + "];"
}

// wrap breaks text into lines of at most width runes at spaces (a longer
// word stays whole).
func wrap(text string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= width:
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

// wrapParts joins parts with " · " into lines of at most width runes,
// breaking only between parts.
func wrapParts(parts []string, width int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case len([]rune(cur))+3+len([]rune(p)) <= width:
			cur += " · " + p
		default:
			lines = append(lines, cur)
			cur = p
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func edgeLabel(s mapping.Step, e mapping.Edge) string {
	var parts []string
	if len(s.Next) > 1 || (e.PGiven && e.P != 1) {
		parts = append(parts, format.Probability(e.P))
	}
	if e.Label != "" {
		parts = append(parts, e.Label)
	}
	return strings.Join(parts, " ")
}

// quote writes a DOT double-quoted ID, escaping quotes and backslashes and
// flattening newlines.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(printable(s)) + `"`
}

// htmlLabel wraps already-escaped HTML-like label text.
func htmlLabel(s string) string { return "<" + s + ">" }

// esc escapes text for an HTML-like label.
func esc(s string) string {
	return html.EscapeString(printable(s))
}

// printable makes names from maps and logs safe to draw (swimlane.Printable).
func printable(s string) string { return swimlane.Printable(s) }
