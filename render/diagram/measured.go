package diagram

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// AnalysisPicture draws the process as measured. With a map, on the map's
// swimlanes (the same layout as MapPicture): each step coloured by the
// median wait (or sojourn) of the log's activities mapped to it, each edge
// as wide as its volume and labelled with its count and median time, moves
// the map lacks in purple, map edges never seen dashed grey. Without a map,
// the process discovered from the log (opt.Discovered) on its teams'
// swimlanes, or without one through Graphviz. Its DOT is AnalysisDOT's.
func AnalysisPicture(r *analysis.Result, m *mapping.Map, opt AnalysisOptions) *Picture {
	pic := &Picture{dot: AnalysisDOT(r, m, opt)}
	switch {
	case m != nil && r.Steps != nil:
		pic.geom = measuredLayout(r, m, opt)
	case m == nil && opt.Discovered != nil:
		pic.geom = discoveredLayout(r, opt.Discovered, opt)
	}
	return pic
}

// measuredFlow is an edge of the measured picture before the cut to the
// most travelled ones.
type measuredFlow struct {
	flow  swimlane.Flow
	count int
	extra bool // observed, not in the map
}

func measuredLayout(r *analysis.Result, m *mapping.Map, opt AnalysisOptions) *swimlane.Geometry {
	basis := r.Log.TimeBasis
	figs, sc := stepFigures(r)
	flows := measuredFlows(r, m, opt.Lanes, figs)
	drawn, notes := cutFlows(flows, opt)
	what := map[string]string{"wait": "median wait before the step", "sojourn": "median time from the previous step"}[basis]
	notes = append([]string{fmt.Sprintf("%s · %s · step colour = %s · edges as wide as their volume, labelled count · median time",
		filepath.Base(r.Log.Source), format.Plural(r.Log.Cases, "case"), what)}, notes...)
	so := swimlane.Options{Lanes: swimlane.ByOwner, Direction: opt.Direction, Wrap: swimlane.WrapAuto, Title: m.Process + " — as measured",
		Notes: notes, Legend: measuredLegend(sc, opt.Lanes), Flows: drawn,
		NodeStyle: func(s *mapping.Step) swimlane.Style { return measuredStyle(figs[s.ID], basis, sc) },
		Sub: func(s *mapping.Step) []string {
			sub := measuredSub(figs[s.ID], basis)
			if s.Decision && len(sub) > 1 {
				sub = sub[:1] // a diamond holds little: the wait (its colour) alone
			}
			return sub
		}}
	if opt.Lanes == LanesSystem {
		so.Lanes = swimlane.BySystem
	}
	return swimlane.Layout(m, so)
}

// measuredFlows lists the edges of the measured picture in map order: per
// step, observed moves the map allows through silent steps (dotted), then
// the map's edges with what was observed on them; then the moves the map
// lacks, most frequent first.
func measuredFlows(r *analysis.Result, m *mapping.Map, lanes Lanes, figs map[string]*analysis.StepFigure) []measuredFlow {
	unexpected, silent := map[[2]string]bool{}, map[string]bool{}
	if c := r.Conformance; c != nil {
		for _, t := range c.UnexpectedTransitions {
			unexpected[[2]string{t.From, t.To}] = true
		}
		for _, id := range c.SilentSteps {
			silent[id] = true
		}
	}
	maxCount := 1
	for _, f := range r.Steps {
		for _, mv := range f.Out {
			maxCount = max(maxCount, mv.Count)
		}
	}
	text := func(mv analysis.StepMove) string {
		return format.Thousands(mv.Count) + " · " + nbsp(format.Duration(mv.Duration.Median))
	}
	var flows, extras []measuredFlow
	for i := range m.Steps {
		s := &m.Steps[i]
		observed := map[string]analysis.StepMove{}
		if f := figs[s.ID]; f != nil {
			for _, mv := range f.Out {
				st := swimlane.Style{Stroke: colUnseen, Width: edgeWidth(mv.Count, maxCount), Dash: "dotted"}
				switch {
				case mv.InMap:
					observed[mv.To] = mv
				case unexpected[[2]string{s.ID, mv.To}]:
					st = swimlane.Style{Stroke: colUnexpected, Width: edgeWidth(mv.Count, maxCount)}
					extras = append(extras, measuredFlow{swimlane.Flow{From: s.ID, To: mv.To, Text: text(mv), Style: st}, mv.Count, true})
				default: // allowed through silent steps
					flows = append(flows, measuredFlow{swimlane.Flow{From: s.ID, To: mv.To, Text: text(mv), Style: st}, mv.Count, false})
				}
			}
		}
		for j := range s.Next {
			e := &s.Next[j]
			to, _ := m.Step(e.To)
			fl := measuredFlow{flow: swimlane.Flow{From: s.ID, To: e.To, Edge: e}}
			if mv, ok := observed[e.To]; ok {
				fl.count = mv.Count
				fl.flow.Text = text(mv)
				fl.flow.Style = swimlane.Style{Stroke: colEdge, Width: edgeWidth(mv.Count, maxCount)}
				if to != nil && laneID(s, lanes) != laneID(to, lanes) {
					fl.flow.Style.Stroke = colHandoff
				}
			} else if silent[s.ID] || silent[e.To] {
				fl.flow.Text, fl.flow.Style = "not recorded", swimlane.Style{Stroke: colUnseen, Dash: "dotted"}
			} else {
				fl.flow.Text, fl.flow.Style = "not seen", swimlane.Style{Stroke: colUnseen, Dash: "dashed"}
			}
			flows = append(flows, fl)
		}
	}
	sort.SliceStable(extras, func(i, j int) bool { return extras[i].count > extras[j].count })
	return append(flows, extras...)
}

// cutFlows keeps the edges to draw: with TopEdges, the most travelled ones
// (map order kept); else every map edge and at most MaxEdges moves the map
// lacks. notes say what was left out.
func cutFlows(flows []measuredFlow, opt AnalysisOptions) ([]swimlane.Flow, []string) {
	keep := make([]bool, len(flows))
	var notes []string
	if opt.TopEdges > 0 {
		idx := make([]int, 0, len(flows))
		for i, f := range flows {
			if f.count > 0 {
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return flows[idx[a]].count > flows[idx[b]].count })
		total, shown := 0, 0
		for k, i := range idx {
			total += flows[i].count
			if k < opt.TopEdges {
				keep[i] = true
				shown += flows[i].count
			}
		}
		if left := len(flows) - min(opt.TopEdges, len(idx)); left > 0 {
			notes = append(notes, fmt.Sprintf("showing the %d most travelled of %d edges (%s of all moves); %d left out (--top-edges)",
				min(opt.TopEdges, len(idx)), len(flows), format.Percent(float64(shown)/float64(max(total, 1))), left))
		}
	} else {
		extras := 0
		for i, f := range flows {
			keep[i] = !f.extra || extras < opt.MaxEdges
			if f.extra {
				extras++
			}
		}
		if left := extras - opt.MaxEdges; left > 0 {
			notes = append(notes, fmt.Sprintf("%d rarer moves not in the map are not drawn (see --top-edges)", left))
		}
	}
	var out []swimlane.Flow
	for i, f := range flows {
		if keep[i] {
			out = append(out, f.flow)
		}
	}
	return out, notes
}

// measuredLegend explains the wait colours and the kinds of edge.
func measuredLegend(sc scale, lanes Lanes) []swimlane.LegendItem {
	items := waitSwatches(sc)
	orange := "handoff (another owner)"
	if lanes == LanesSystem {
		orange = "change of system"
	}
	return append(items,
		swimlane.LegendItem{Kind: "line", Style: swimlane.Style{Stroke: colHandoff, Width: 2}, Text: orange},
		swimlane.LegendItem{Kind: "line", Style: swimlane.Style{Stroke: colUnexpected, Width: 2}, Text: "seen, not in the map"},
		swimlane.LegendItem{Kind: "line", Style: swimlane.Style{Stroke: colUnseen, Width: 1.5, Dash: "dashed"}, Text: "in the map, never seen"},
		swimlane.LegendItem{Kind: "line", Style: swimlane.Style{Stroke: colUnseen, Width: 1.5, Dash: "dotted"}, Text: "through steps the log does not record"})
}

// waitSwatches are the legend's wait colours with their ranges; one
// swatch when every median is 0 (five labelled "0" say nothing).
func waitSwatches(sc scale) []swimlane.LegendItem {
	if sc.max <= 0 {
		return []swimlane.LegendItem{{Kind: "swatch", Style: swimlane.Style{Fill: waitColors[0], Stroke: colEdge}, Text: "0 s at every step"}}
	}
	var items []swimlane.LegendItem
	for i, c := range waitColors {
		items = append(items, swimlane.LegendItem{Kind: "swatch", Style: swimlane.Style{Fill: c, Stroke: colEdge}, Text: sc.binLabel(i)})
	}
	return items
}

// binLabel is the range of wait colour i, e.g. "1.2 h – 12 h".
func (s scale) binLabel(i int) string {
	switch {
	case s.max <= 0:
		return "0"
	case i == 0:
		return "< " + format.Duration(s.max*scaleCuts[0])
	case i == len(scaleCuts):
		return "≥ " + format.Duration(s.max*scaleCuts[i-1])
	}
	return format.Duration(s.max*scaleCuts[i-1]) + " – " + format.Duration(s.max*scaleCuts[i])
}

func measuredStyle(f *analysis.StepFigure, basis string, sc scale) swimlane.Style {
	if f == nil || f.Events == 0 {
		return swimlane.Style{Fill: "#ffffff", Stroke: colUnseen, Text: colMuted, Sub: colMuted, Dash: "dashed"}
	}
	bin := sc.bin(median(stepTime(f, basis)))
	sub := colMuted
	switch {
	case waitText[bin] != colText:
		sub = "#ffe8d6"
	case bin >= 2: // grey on mid orange is too faint to read on a slide
		sub = colText
	}
	return swimlane.Style{Fill: waitColors[bin], Stroke: colEdge, Text: waitText[bin], Sub: sub}
}

func measuredSub(f *analysis.StepFigure, basis string) []string {
	if f == nil || f.Events == 0 {
		return []string{"not seen in the log"}
	}
	var sub []string
	if st := stepTime(f, basis); st != nil && st.Count > 0 {
		what := "wait"
		if basis == "sojourn" {
			what = "after prev."
		}
		sub = append(sub, what+"\u00a0"+nbsp(format.Duration(st.Median)), "p90\u00a0"+nbsp(format.Duration(st.P90)))
	}
	return append(sub, strings.Replace(format.Plural(f.Events, "event"), " ", "\u00a0", 1))
}
