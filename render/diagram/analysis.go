package diagram

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// AnalysisOptions tune a diagram of a measured process.
type AnalysisOptions struct {
	Lanes Lanes // with a map: lanes by owner (default) or system
	// MaxEdges caps the drawn transitions (most frequent first) so that big
	// logs stay readable and render fast; the diagram says what was left
	// out. 0 = 60.
	MaxEdges int
	// TopEdges, when positive, draws only the most travelled edges: on a
	// map's swimlanes the TopEdges most frequent observed moves (map edges
	// never seen are left out too); without a map it replaces MaxEdges.
	TopEdges int
	// Direction of the swimlanes (with a map): right (default) or down.
	Direction swimlane.Direction
	// Discovered, without a map, is the process discovered from the log
	// (analysis.DiscoverLanes): SVG and PNG draw it on swimlanes, one per
	// team, with the most travelled moves (TopEdges, else 40). nil: SVG and
	// PNG go through Graphviz's layout of the DOT.
	Discovered *analysis.Discovered
}

// Wait colour scale, light to dark (ColorBrewer Oranges), and its text colours.
var (
	waitColors = []string{"#fff5eb", "#fdd0a2", "#fd8d3c", "#e6550d", "#a63603"}
	waitText   = []string{colText, colText, colText, "#ffffff", "#ffffff"}
)

const (
	colUnexpected = "#7048e8" // observed moves the map does not have
	colUnseen     = "#adb5bd" // map parts never observed
)

// scale maps a median wait to one of the colour bins. Waits span orders of
// magnitude (seconds to days), so the bins are log-spaced below the largest
// median on the diagram: < max/1000, < max/100, < max/10, < max/2, the rest.
type scale struct{ max float64 }

var scaleCuts = []float64{1.0 / 1000, 1.0 / 100, 1.0 / 10, 1.0 / 2}

func (s scale) bin(v float64) int {
	if s.max <= 0 || v <= 0 {
		return 0
	}
	for i, c := range scaleCuts {
		if v < s.max*c {
			return i
		}
	}
	return len(scaleCuts)
}

func (s scale) legend(basis string) string {
	what := "median wait before the step"
	if basis == "sojourn" {
		what = "median time from the previous step"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<table border="0" cellborder="1" cellspacing="0" cellpadding="4"><tr><td colspan="%d" border="0"><font point-size="10">%s</font></td></tr><tr>`, len(waitColors), esc(what))
	for i, c := range waitColors {
		var label string
		switch {
		case s.max <= 0:
			label = "0"
		case i == 0:
			label = "< " + format.Duration(s.max*scaleCuts[0])
		case i == len(scaleCuts):
			label = "≥ " + format.Duration(s.max*scaleCuts[i-1])
		default:
			label = format.Duration(s.max*scaleCuts[i-1]) + " – " + format.Duration(s.max*scaleCuts[i])
		}
		fmt.Fprintf(&b, `<td bgcolor="%s"><font point-size="9" color="%s">%s</font></td>`, c, waitText[i], esc(label))
	}
	b.WriteString(`</tr></table>`)
	return b.String()
}

func median(s *analysis.Stats) float64 {
	if s == nil {
		return 0
	}
	return s.Median
}

// AnalysisDOT draws the process as measured. With a map, the map's steps in
// swimlanes, each coloured by the median wait (or sojourn) of the log's
// activities mapped to it; map edges carry the observed count and median
// duration (never-observed edges dashed grey), observed moves the map lacks
// are purple, and handoffs (lane changes) orange. Without a map, the
// discovered activities and their most frequent transitions.
func AnalysisDOT(r *analysis.Result, m *mapping.Map, opt AnalysisOptions) []byte {
	if opt.MaxEdges <= 0 {
		opt.MaxEdges = 60
	}
	if opt.TopEdges > 0 {
		opt.MaxEdges = opt.TopEdges
	}
	if m != nil && r.Steps != nil {
		return measuredMapDOT(r, m, opt)
	}
	return discoveredDOT(r, opt)
}

func header(b *bytes.Buffer, title, subtitle string) {
	fmt.Fprintf(b, "digraph flowmap {\n")
	fmt.Fprintf(b, "  graph [rankdir=LR, newrank=true, nodesep=0.35, ranksep=0.5, fontname=%q, fontsize=16, labelloc=t, labeljust=l, pad=0.3, label=%s];\n",
		diagramFont, htmlLabel("<b>"+esc(title)+"</b><br/>"+fmt.Sprintf(`<font point-size="10" color="%s">%s</font>`, colMuted, subtitle)))
	fmt.Fprintf(b, "  node [shape=box, style=\"rounded,filled\", color=%q, fontname=%q, fontsize=11, fontcolor=%q, margin=\"0.12,0.06\"];\n", colEdge, diagramFont, colText)
	fmt.Fprintf(b, "  edge [color=%q, fontname=%q, fontsize=9, fontcolor=%q, arrowsize=0.7];\n", colEdge, diagramFont, colMuted)
}

func edgeWidth(count, maxCount int) float64 {
	if maxCount <= 1 {
		return 1.2
	}
	return math.Round((0.8+3.2*math.Log1p(float64(count))/math.Log1p(float64(maxCount)))*10) / 10
}

// stepFigures indexes the measured steps by step id, with the colour scale
// of their time (wait, else sojourn).
func stepFigures(r *analysis.Result) (map[string]*analysis.StepFigure, scale) {
	figs := map[string]*analysis.StepFigure{}
	sc := scale{}
	for i := range r.Steps {
		f := &r.Steps[i]
		figs[f.Step] = f
		sc.max = math.Max(sc.max, median(stepTime(f, r.Log.TimeBasis)))
	}
	return figs, sc
}

func measuredMapDOT(r *analysis.Result, m *mapping.Map, opt AnalysisOptions) []byte {
	var b bytes.Buffer
	basis := r.Log.TimeBasis
	figs, sc := stepFigures(r)
	orange := "handoff"
	if opt.Lanes == LanesSystem {
		orange = "change of system"
	}
	subtitle := fmt.Sprintf("%s · %s cases · colour = %s · <font color=\"%s\">orange</font> = %s · <font color=\"%s\">purple</font> = seen but not in the map · dashed = in the map, never seen · dotted = through steps the log does not record",
		esc(filepath.Base(r.Log.Source)), format.Thousands(r.Log.Cases), map[string]string{"wait": "median wait", "sojourn": "median time from previous step"}[basis], colHandoff, orange, colUnexpected)
	header(&b, m.Process+" — as measured", subtitle)
	for li, l := range laneGroups(m, opt.Lanes) {
		fmt.Fprintf(&b, "  subgraph cluster_%d {\n", li)
		fmt.Fprintf(&b, "    graph [label=%s, style=\"filled,rounded\", fillcolor=%q, color=%q, fontsize=13, fontcolor=%q, labeljust=l, margin=14];\n",
			htmlLabel("<b>"+esc(l.name)+"</b>"), colLaneFill, colLaneBorder, colText)
		for _, i := range l.steps {
			s := &m.Steps[i]
			fmt.Fprintf(&b, "    %s\n", measuredNode(s, figs[s.ID], basis, sc))
		}
		fmt.Fprintf(&b, "  }\n")
	}
	// Map edges with what was observed on them, then moves the map lacks.
	e := newMeasuredEdges(&b, r, m, opt.Lanes, figs)
	for i := range m.Steps {
		e.writeStep(&m.Steps[i])
	}
	left := e.writeExtras(opt.MaxEdges)
	startEnd(&b, m)
	note := ""
	if left > 0 {
		note = fmt.Sprintf("<br/>%d rarer moves not in the map are not drawn", left)
	}
	fmt.Fprintf(&b, "  \"flowmap:legend\" [shape=plaintext, style=\"\", margin=0, label=<%s%s>];\n", sc.legend(basis), note)
	b.WriteString("}\n")
	return b.Bytes()
}

// measuredEdges writes the edges of the measured map: the map's edges with
// what was observed on them, moves the map allows through silent steps, and
// collects the moves the map lacks (extras) to draw last.
type measuredEdges struct {
	b        *bytes.Buffer
	m        *mapping.Map
	lanes    Lanes
	figs     map[string]*analysis.StepFigure // by step id
	maxCount int                             // the most frequent move, for edge widths
	// Moves the map lacks are purple; a move between two logged steps that
	// the map allows through silent steps (steps the log never records) is
	// not one of them, and neither is a map edge touching a silent step
	// "not seen": it cannot be seen.
	unexpected map[[2]string]bool
	silent     map[string]bool
	extras     []extraMove
}

// extraMove is an observed move the map lacks.
type extraMove struct {
	from string
	mv   analysis.StepMove
}

func newMeasuredEdges(b *bytes.Buffer, r *analysis.Result, m *mapping.Map, lanes Lanes, figs map[string]*analysis.StepFigure) *measuredEdges {
	e := &measuredEdges{b: b, m: m, lanes: lanes, figs: figs, maxCount: 1, unexpected: map[[2]string]bool{}, silent: map[string]bool{}}
	for _, f := range r.Steps {
		for _, mv := range f.Out {
			e.maxCount = max(e.maxCount, mv.Count)
		}
	}
	if c := r.Conformance; c != nil {
		for _, t := range c.UnexpectedTransitions {
			e.unexpected[[2]string{t.From, t.To}] = true
		}
		for _, id := range c.SilentSteps {
			e.silent[id] = true
		}
	}
	return e
}

// writeStep writes the edges out of step s: observed moves the map allows
// through silent steps (dotted), then the map's edges; it sets aside the
// observed moves the map lacks.
func (e *measuredEdges) writeStep(s *mapping.Step) {
	observed := map[string]analysis.StepMove{}
	if f := e.figs[s.ID]; f != nil {
		for _, mv := range f.Out {
			switch {
			case mv.InMap:
				observed[mv.To] = mv
			case e.unexpected[[2]string{s.ID, mv.To}]:
				e.extras = append(e.extras, extraMove{s.ID, mv})
			default: // allowed through silent steps
				fmt.Fprintf(e.b, "  %s -> %s [style=dotted, color=%q, fontcolor=%q, penwidth=%.1f, constraint=false, tooltip=\"through steps the log does not record\", label=%s];\n",
					quote(s.ID), quote(mv.To), colUnseen, colMuted, edgeWidth(mv.Count, e.maxCount), quote(format.Thousands(mv.Count)+" · "+format.Duration(mv.Duration.Median)))
			}
		}
	}
	for _, next := range s.Next {
		fmt.Fprintf(e.b, "  %s -> %s [%s];\n", quote(s.ID), quote(next.To), strings.Join(e.mapEdgeAttrs(s, next.To, observed), ", "))
	}
}

// mapEdgeAttrs returns the attributes of the map's edge from s to the step
// with id to: its observed count and median, or why it shows none.
func (e *measuredEdges) mapEdgeAttrs(s *mapping.Step, to string, observed map[string]analysis.StepMove) []string {
	toStep, _ := e.m.Step(to)
	attrs := []string{}
	handoff := toStep != nil && laneID(s, e.lanes) != laneID(toStep, e.lanes)
	if mv, ok := observed[to]; ok {
		attrs = append(attrs, "label="+quote(format.Thousands(mv.Count)+" · "+format.Duration(mv.Duration.Median)),
			fmt.Sprintf("penwidth=%.1f", edgeWidth(mv.Count, e.maxCount)))
		if handoff {
			attrs = append(attrs, "color="+quote(colHandoff), "fontcolor="+quote(colHandoff))
		}
	} else if e.silent[s.ID] || e.silent[to] {
		attrs = append(attrs, "style=dotted", "color="+quote(colUnseen), "fontcolor="+quote(colUnseen), "label=\"not recorded\"")
	} else {
		attrs = append(attrs, "style=dashed", "color="+quote(colUnseen), "fontcolor="+quote(colUnseen), "label=\"not seen\"")
	}
	return attrs
}

// writeExtras writes the moves the map lacks, the most frequent first and
// at most maxEdges of them, and returns how many it left out.
func (e *measuredEdges) writeExtras(maxEdges int) (left int) {
	sort.SliceStable(e.extras, func(i, j int) bool { return e.extras[i].mv.Count > e.extras[j].mv.Count })
	for i, x := range e.extras {
		if i >= maxEdges {
			left++
			continue
		}
		fmt.Fprintf(e.b, "  %s -> %s [color=%q, fontcolor=%q, penwidth=%.1f, constraint=false, label=%s];\n", quote(x.from), quote(x.mv.To), colUnexpected, colUnexpected,
			edgeWidth(x.mv.Count, e.maxCount), quote(format.Thousands(x.mv.Count)+" · "+format.Duration(x.mv.Duration.Median)))
	}
	return left
}

func stepTime(f *analysis.StepFigure, basis string) *analysis.Stats {
	if basis == "sojourn" {
		return f.Sojourn
	}
	return f.Wait
}

func measuredNode(s *mapping.Step, f *analysis.StepFigure, basis string, sc scale) string {
	lines := []string{}
	for _, l := range wrap(s.Name, 22) {
		lines = append(lines, "<b>"+esc(l)+"</b>")
	}
	small := func(text, color string) string {
		return fmt.Sprintf(`<font point-size="9" color="%s">%s</font>`, color, esc(text))
	}
	if f == nil || f.Events == 0 {
		lines = append(lines, small("not seen in the log", colMuted))
		return fmt.Sprintf("%s [label=%s, style=\"rounded,dashed\", color=%q, fontcolor=%q];", quote(s.ID), htmlLabel(strings.Join(lines, "<br/>")), colUnseen, colMuted)
	}
	st := stepTime(f, basis)
	bin := sc.bin(median(st))
	txt := waitText[bin]
	muted := colMuted
	if txt != colText {
		muted = "#ffe8d6"
	}
	if st != nil && st.Count > 0 {
		what := "wait"
		if basis == "sojourn" {
			what = "after prev."
		}
		lines = append(lines, small(fmt.Sprintf("median %s %s · p90 %s", what, format.Duration(st.Median), format.Duration(st.P90)), muted))
	}
	lines = append(lines, small(format.Thousands(f.Events)+" events", muted))
	return fmt.Sprintf("%s [label=%s, fillcolor=%q, fontcolor=%q, tooltip=%s];", quote(s.ID), htmlLabel(strings.Join(lines, "<br/>")), waitColors[bin], txt, quote(s.ID))
}

func startEnd(b *bytes.Buffer, m *mapping.Map) {
	hasEnd := false
	for _, s := range m.Steps {
		if s.Start {
			fmt.Fprintf(b, "  %s [shape=circle, label=\"start\", fontsize=9, width=0.5, fixedsize=true, style=filled, fillcolor=%q, color=%q, fontcolor=\"#ffffff\"];\n", quote(nodeStartPrefix+s.ID), colStartEnd, colStartEnd)
			fmt.Fprintf(b, "  %s -> %s [color=%q, penwidth=1.5];\n", quote(nodeStartPrefix+s.ID), quote(s.ID), colStartEnd)
		}
		if len(s.Next) == 0 {
			hasEnd = true
			fmt.Fprintf(b, "  %s -> \"flowmap:end\" [color=%q];\n", quote(s.ID), colText)
		}
	}
	if hasEnd {
		fmt.Fprintf(b, "  \"flowmap:end\" [shape=doublecircle, label=\"end\", fontsize=9, width=0.45, fixedsize=true, style=filled, fillcolor=%q, color=%q, fontcolor=\"#ffffff\"];\n", colText, colText)
	}
}

func discoveredDOT(r *analysis.Result, opt AnalysisOptions) []byte {
	var b bytes.Buffer
	basis := r.Log.TimeBasis
	trs := r.Transitions // sorted by count, most frequent first
	drawn := trs
	if len(drawn) > opt.MaxEdges {
		drawn = drawn[:opt.MaxEdges]
	}
	total, shown := 0, 0
	for _, t := range trs {
		total += t.Count
	}
	nodes := map[string]bool{}
	for _, t := range drawn {
		shown += t.Count
		nodes[t.From], nodes[t.To] = true, true
	}
	starts, leftStarts := boundaryActivities(r.StartActivities, nodes)
	ends, leftEnds := boundaryActivities(r.EndActivities, nodes)
	for _, a := range append(starts, ends...) {
		nodes[a] = true
	}
	acts := map[string]*analysis.Activity{}
	sc := scale{}
	for i := range r.Activities {
		a := &r.Activities[i]
		acts[a.Name] = a
		if nodes[a.Name] {
			sc.max = math.Max(sc.max, median(activityTime(a, basis)))
		}
	}
	header(&b, "Process as recorded", discoveredSubtitle(r, len(drawn), len(trs), float64(shown)/float64(max(total, 1)), leftStarts+leftEnds))
	names := make([]string, 0, len(nodes))
	for n := range nodes {
		names = append(names, n)
	}
	sort.Strings(names)
	id := map[string]string{}
	for i, n := range names {
		id[n] = fmt.Sprintf("a%d", i)
		writeDiscoveredNode(&b, id[n], n, acts[n], basis, sc)
	}
	maxCount := 1
	if len(trs) > 0 {
		maxCount = trs[0].Count
	}
	for _, t := range drawn {
		attrs := []string{"label=" + quote(format.Thousands(t.Count)+" · "+format.Duration(t.Duration.Median)), fmt.Sprintf("penwidth=%.1f", edgeWidth(t.Count, maxCount))}
		if t.Count > 0 && float64(t.Handoffs)/float64(t.Count) > 0.5 {
			attrs = append(attrs, "color="+quote(colHandoff), "fontcolor="+quote(colHandoff))
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", id[t.From], id[t.To], strings.Join(attrs, ", "))
	}
	b.WriteString("  \"flowmap:start\" [shape=circle, label=\"start\", fontsize=9, width=0.5, fixedsize=true, style=filled, fillcolor=\"" + colStartEnd + "\", color=\"" + colStartEnd + "\", fontcolor=\"#ffffff\"];\n")
	b.WriteString("  \"flowmap:end\" [shape=doublecircle, label=\"end\", fontsize=9, width=0.45, fixedsize=true, style=filled, fillcolor=\"" + colText + "\", color=\"" + colText + "\", fontcolor=\"#ffffff\"];\n")
	for _, n := range starts {
		fmt.Fprintf(&b, "  \"flowmap:start\" -> %s [color=%q, label=%q];\n", id[n], colStartEnd, format.Thousands(r.StartActivities[n]))
	}
	for _, n := range ends {
		fmt.Fprintf(&b, "  %s -> \"flowmap:end\" [color=%q, label=%q];\n", id[n], colText, format.Thousands(r.EndActivities[n]))
	}
	fmt.Fprintf(&b, "  \"flowmap:legend\" [shape=plaintext, style=\"\", margin=0, label=<%s>];\n", sc.legend(basis))
	b.WriteString("}\n")
	return b.Bytes()
}

// discoveredSubtitle says where the discovered diagram comes from, what its
// colours mean and what it leaves out.
func discoveredSubtitle(r *analysis.Result, drawn, all int, shownShare float64, leftOut int) string {
	subtitle := fmt.Sprintf("discovered from %s · %s cases · colour = %s",
		esc(filepath.Base(r.Log.Source)), format.Thousands(r.Log.Cases), map[string]string{"wait": "median wait", "sojourn": "median time from previous step"}[r.Log.TimeBasis])
	if r.Handoffs.Resource.KnownPairs > 0 { // the log names who did each step
		subtitle += fmt.Sprintf(` · <font color="%s">orange</font> = most moves change person`, colHandoff)
	}
	if drawn < all {
		subtitle += fmt.Sprintf("<br/>showing the %d most frequent of %d transitions (%s of all moves); the rest are in the workbook and --json",
			drawn, all, format.Percent(shownShare))
	}
	if leftOut > 0 {
		subtitle += fmt.Sprintf("<br/>%d rare start or end activities left out", leftOut)
	}
	return subtitle
}

// writeDiscoveredNode writes one activity of a discovered diagram: its
// name, coloured by its median time, with that time and its events.
func writeDiscoveredNode(b *bytes.Buffer, id, name string, a *analysis.Activity, basis string, sc scale) {
	lines := []string{}
	for _, l := range wrap(name, 24) {
		lines = append(lines, "<b>"+esc(l)+"</b>")
	}
	fill, txt := waitColors[0], colText
	if a != nil {
		st := activityTime(a, basis)
		bin := sc.bin(median(st))
		fill, txt = waitColors[bin], waitText[bin]
		muted := colMuted
		if txt != colText {
			muted = "#ffe8d6"
		}
		if st != nil && st.Count > 0 {
			lines = append(lines, fmt.Sprintf(`<font point-size="9" color="%s">median %s · %s events</font>`, muted, esc(format.Duration(st.Median)), format.Thousands(a.Events)))
		} else {
			lines = append(lines, fmt.Sprintf(`<font point-size="9" color="%s">%s events</font>`, muted, format.Thousands(a.Events)))
		}
	}
	fmt.Fprintf(b, "  %s [label=%s, fillcolor=%q, fontcolor=%q, tooltip=%s];\n", id, htmlLabel(strings.Join(lines, "<br/>")), fill, txt, quote(name))
}

// maxBoundaryExtra is how many start (or end) activities a discovered
// diagram adds beyond those its drawn edges already show: a log with 50,000
// distinct first activities must not become 50,000 nodes.
const maxBoundaryExtra = 5

// boundaryActivities returns, sorted by name, the start (or end) activities
// to draw: those already drawn, plus the most frequent others up to
// maxBoundaryExtra; left is how many were not drawn.
func boundaryActivities(counts map[string]int, drawn map[string]bool) (out []string, left int) {
	var others []string
	for _, a := range sortedKeys(counts) {
		if drawn[a] {
			out = append(out, a)
		} else {
			others = append(others, a)
		}
	}
	sort.SliceStable(others, func(i, j int) bool { return counts[others[i]] > counts[others[j]] })
	if len(others) > maxBoundaryExtra {
		left = len(others) - maxBoundaryExtra
		others = others[:maxBoundaryExtra]
	}
	out = append(out, others...)
	sort.Strings(out)
	return out, left
}

func activityTime(a *analysis.Activity, basis string) *analysis.Stats {
	if basis == "sojourn" {
		return a.Sojourn
	}
	return a.Wait
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
