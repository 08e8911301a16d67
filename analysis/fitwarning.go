package analysis

import (
	"fmt"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
)

// Poor fit: the map fits the log poorly when fewer than half of the events
// map to a step, or fewer than a fifth of the cases follow a path the map
// allows.
const (
	poorMappedShare  = 0.5
	poorFittingShare = 0.2
	fitCauseItems    = 3 // names listed per cause
)

// FitWarning says why a map fits a log poorly.
type FitWarning struct {
	MappedShare  float64 // share of the activity instances whose activity a step claims
	FittingShare float64 // share of the cases that follow a path the map allows
	// Causes are sentences with counts, the most telling first: events of
	// activities no step claims, moves the map lacks, cases that begin or
	// end elsewhere, silent steps that lie on every path.
	Causes []string
}

// PoorFit returns the warning when the analysis had a map that fits the log
// poorly, else nil. Renderers show it near the top of the report.
func PoorFit(r *Result) *FitWarning {
	c := r.Conformance
	if c == nil || r.Log.Cases == 0 {
		return nil
	}
	mapped, unmapped := 0, 0
	for _, a := range r.Activities {
		if a.Step != "" {
			mapped += a.Events
		}
	}
	for _, u := range c.UnmappedActivities {
		unmapped += u.Count
	}
	w := &FitWarning{MappedShare: float64(mapped) / float64(max(r.Log.Instances, 1)), FittingShare: c.FittingShare}
	if w.MappedShare >= poorMappedShare && w.FittingShare >= poorFittingShare {
		return nil
	}
	names := map[string]string{}
	for _, s := range r.Steps {
		names[s.Step] = s.Name
	}
	name := func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
	if unmapped > 0 {
		var acts []string
		for i, u := range c.UnmappedActivities {
			if i == fitCauseItems {
				acts = append(acts, fmt.Sprintf("… %d more", len(c.UnmappedActivities)-i))
				break
			}
			acts = append(acts, fmt.Sprintf("%q (%s)", u.Name, format.Thousands(u.Count)))
		}
		w.Causes = append(w.Causes, fmt.Sprintf("%s of events (%s) belong to activities no step claims: %s",
			format.Percent(float64(unmapped)/float64(max(r.Log.Instances, 1))), format.Thousands(unmapped), strings.Join(acts, ", ")))
	}
	if n := len(c.UnexpectedTransitions); n > 0 {
		var moves []string
		for i, e := range c.UnexpectedTransitions {
			if i == fitCauseItems {
				moves = append(moves, "…")
				break
			}
			moves = append(moves, fmt.Sprintf("%s → %s (%s)", name(e.From), name(e.To), format.Plural(e.Count, "time")))
		}
		w.Causes = append(w.Causes, fmt.Sprintf("the log has %s the map lacks: %s", format.Plural(n, "move"), strings.Join(moves, ", ")))
	}
	for _, reason := range []struct{ key, text string }{
		{"does not begin at a start step", "begin at a step that is not a start of the map"},
		{"does not end at an end step", "stop at a step that is not an end of the map"},
	} {
		if n := c.NotFitting[reason.key]; n > 0 {
			w.Causes = append(w.Causes, fmt.Sprintf("%s %s", format.Plural(n, "case"), reason.text))
		}
	}
	if n := len(c.SilentOnEveryPath); n > 0 {
		var steps []string
		for i, id := range c.SilentOnEveryPath {
			if i == fitCauseItems {
				steps = append(steps, fmt.Sprintf("… %d more", n-i))
				break
			}
			steps = append(steps, fmt.Sprintf("%q", name(id)))
		}
		verb, hint := "are never recorded in the log and lie", "if the log records them under other names, add those to their log_names"
		if n == 1 {
			verb, hint = "is never recorded in the log and lies", "if the log records it under another name, add that to its log_names"
		}
		w.Causes = append(w.Causes, fmt.Sprintf("%s of the map %s on every path: %s (%s)",
			format.Plural(n, "step"), verb, strings.Join(steps, ", "), hint))
	}
	return w
}
