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

// discoveredMaxEdges is how many moves a discovered process shows on
// swimlanes unless TopEdges says otherwise: the most travelled ones, start
// and end moves included (a log with many activities has hundreds).
const discoveredMaxEdges = 40

// discoveredLayout draws a process discovered without a map on swimlanes
// (see analysis.DiscoverLanes): each activity a step in its team's lane,
// coloured by its median wait (or time from the previous step) like a
// measured map, the most travelled moves as wide as their volume and
// labelled with their count and median time, start and end moves with their
// count.
func discoveredLayout(r *analysis.Result, d *analysis.Discovered, opt AnalysisOptions) *swimlane.Geometry {
	basis := r.Log.TimeBasis
	rd := *r
	rd.Steps = d.Steps
	figs, sc := stepFigures(&rd)
	flows := discoveredFlows(r, d)
	limit := opt.TopEdges
	if limit <= 0 {
		limit = discoveredMaxEdges
	}
	drawn, notes := cutFlows(flows, AnalysisOptions{TopEdges: limit})
	dm, left := drawnMap(d.Map, drawn)
	hidden := hiddenMoves(flows, drawn)
	if left > 0 {
		notes = append(notes, fmt.Sprintf("not drawn: %s that none of these moves reaches (--json lists them all)", format.Plural(left, "rarer activity")))
	}
	what := map[string]string{"wait": "median wait before the step", "sojourn": "median time from the previous step"}[basis]
	notes = append([]string{fmt.Sprintf("discovered from %s · %s · step colour = %s · edges as wide as their volume, labelled count · median time",
		filepath.Base(r.Log.Source), format.Plural(r.Log.Cases, "case"), what)}, notes...)
	if len(dm.Owners) > 1 {
		notes = append(notes, "lanes: pools of resources that do the same activities (as flowmap calibrate finds them), named by what their resources' names share, else by the first resource")
	}
	legend := waitSwatches(sc)
	if len(dm.Owners) > 1 {
		legend = append(legend, swimlane.LegendItem{Kind: "line", Style: swimlane.Style{Stroke: colHandoff, Width: 2}, Text: "handoff (another team)"})
	}
	so := swimlane.Options{Lanes: swimlane.ByOwner, Direction: opt.Direction, Wrap: swimlane.WrapAuto, Title: "Process as recorded",
		Notes: notes, Legend: legend, Flows: drawn, FlowsOnly: true,
		NodeStyle: func(s *mapping.Step) swimlane.Style { return measuredStyle(figs[s.ID], basis, sc) },
		Sub: func(s *mapping.Step) []string {
			sub := measuredSub(figs[s.ID], basis)
			if h := hidden[s.ID]; h != "" {
				sub = append(sub, h, "not\u00a0drawn")
			}
			return sub
		}}
	return swimlane.Layout(dm, so)
}

// hiddenMoves says, per step, how many of its moves the cut left out
// ("2 in · 1 out", drawn over "not drawn"), so that a step whose moves in
// were cut does not read as where cases start.
func hiddenMoves(flows []measuredFlow, drawn []swimlane.Flow) map[string]string {
	shown := map[[2]string]bool{}
	for _, f := range drawn {
		shown[[2]string{f.From, f.To}] = true
	}
	type count struct{ in, out int }
	cut := map[string]*count{}
	at := func(id string) *count {
		if cut[id] == nil {
			cut[id] = &count{}
		}
		return cut[id]
	}
	for _, f := range flows {
		if !shown[[2]string{f.flow.From, f.flow.To}] {
			at(f.flow.To).in++
			at(f.flow.From).out++
		}
	}
	hidden := map[string]string{}
	for id, c := range cut {
		var parts []string
		if c.in > 0 {
			parts = append(parts, fmt.Sprintf("%d\u00a0in", c.in))
		}
		if c.out > 0 {
			parts = append(parts, fmt.Sprintf("%d\u00a0out", c.out))
		}
		hidden[id] = strings.Join(parts, "\u00a0·\u00a0")
	}
	return hidden
}

// drawnMap is m with only the drawn moves as edges and start steps, and
// only the steps and lanes they touch, so that the columns and rows follow
// what is drawn, not the rare moves left out; left is how many steps were
// left out.
func drawnMap(m *mapping.Map, drawn []swimlane.Flow) (out *mapping.Map, left int) {
	keep, starts, touched := map[[2]string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range drawn {
		keep[[2]string{f.From, f.To}] = true
		touched[f.From], touched[f.To] = true, true
		if f.From == swimlane.StartID {
			starts[f.To] = true
		}
	}
	out = &mapping.Map{Process: m.Process}
	lanes := map[string]bool{}
	for _, s := range m.Steps {
		if !touched[s.ID] {
			left++
			continue
		}
		s.Start = starts[s.ID]
		var next []mapping.Edge
		for _, e := range s.Next {
			if keep[[2]string{e.From, e.To}] {
				next = append(next, e)
			}
		}
		s.Next = next
		out.Steps = append(out.Steps, s)
		lanes[s.Owner] = true
	}
	for _, o := range m.Owners {
		if lanes[o.ID] {
			out.Owners = append(out.Owners, o)
		}
	}
	out.Reindex()
	return out, left
}

// discoveredFlows are the moves of a discovered process, most travelled
// first: transitions between activities, starts and ends.
func discoveredFlows(r *analysis.Result, d *analysis.Discovered) []measuredFlow {
	lane := map[string]string{}
	for _, s := range d.Map.Steps {
		lane[s.ID] = s.Owner
	}
	maxCount := 1
	for _, t := range r.Transitions {
		maxCount = max(maxCount, t.Count)
	}
	var flows []measuredFlow
	for _, t := range r.Transitions {
		from, to := d.StepOf[t.From], d.StepOf[t.To]
		st := swimlane.Style{Stroke: colEdge, Width: edgeWidth(t.Count, maxCount)}
		if lane[from] != lane[to] {
			st.Stroke = colHandoff
		}
		flows = append(flows, measuredFlow{flow: swimlane.Flow{From: from, To: to, Style: st,
			Text: format.Thousands(t.Count) + " · " + nbsp(format.Duration(t.Duration.Median))}, count: t.Count})
	}
	ends := func(counts map[string]int, start bool) {
		for a, n := range counts {
			f := swimlane.Flow{From: d.StepOf[a], To: swimlane.EndID, Text: format.Thousands(n), Style: swimlane.Style{Stroke: swimlane.ColText}}
			if start {
				f = swimlane.Flow{From: swimlane.StartID, To: d.StepOf[a], Text: format.Thousands(n), Style: swimlane.Style{Stroke: swimlane.ColStartEnd, Width: 1.5}}
			}
			flows = append(flows, measuredFlow{flow: f, count: n})
		}
	}
	ends(r.StartActivities, true)
	ends(r.EndActivities, false)
	sort.SliceStable(flows, func(i, j int) bool {
		if flows[i].count != flows[j].count {
			return flows[i].count > flows[j].count
		}
		return flows[i].flow.From+"\x00"+flows[i].flow.To < flows[j].flow.From+"\x00"+flows[j].flow.To
	})
	return flows
}
