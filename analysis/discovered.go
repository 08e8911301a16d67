package analysis

import "github.com/flowmap/flowmap/mapping"

// Discovered is a process discovered from an analysis without a map, in the
// form a measured map is drawn from: a map with one step per activity, and
// the figures of each step.
type Discovered struct {
	// Map has a step per activity (LogNames: the activity), in reading
	// order, Start on the activities cases start with, Next the observed
	// transitions (most frequent first, probabilities left out), each step
	// in its owner's lane.
	Map *mapping.Map
	// Steps are the activities' times and events, by step.
	Steps []StepFigure
	// StepOf is the step id of each activity.
	StepOf map[string]string
}

// DiscoverLanes builds the Discovered process of r. owners are the lanes
// (pools of resources, as flowmap calibrate finds them) and ownerOf names
// an activity's owner; without owners, or for an activity ownerOf leaves
// out, the lane is "All activities" ("Other activities" beside owners).
// Lanes come in the order the flow first reaches them.
func DiscoverLanes(r *Result, owners []mapping.Owner, ownerOf func(activity string) string) *Discovered {
	if len(r.Activities) == 0 {
		return nil
	}
	const rest = "flowmap_rest"
	d := &Discovered{Map: &mapping.Map{Process: "Discovered process"}, StepOf: stepIDs(r)}
	next := map[string][]mapping.Edge{}
	for _, t := range r.Transitions { // most frequent first
		from, to := d.StepOf[t.From], d.StepOf[t.To]
		next[t.From] = append(next[t.From], mapping.Edge{From: from, To: to})
	}
	lanes := map[string]bool{}
	steps := make([]mapping.Step, 0, len(r.Activities))
	for _, a := range r.Activities {
		owner := ""
		if ownerOf != nil {
			owner = ownerOf(a.Name)
		}
		if owner == "" {
			owner = rest
		}
		lanes[owner] = true
		steps = append(steps, mapping.Step{ID: d.StepOf[a.Name], Name: a.Name, Owner: owner, LogNames: []string{a.Name},
			Start: r.StartActivities[a.Name] > 0, Next: next[a.Name]})
		d.Steps = append(d.Steps, StepFigure{Step: d.StepOf[a.Name], Name: a.Name, Owner: owner, Activities: []string{a.Name},
			Events: a.Events, Wait: a.Wait, Sojourn: a.Sojourn, Service: a.Service})
	}
	d.Map.Steps = flowOrder(steps)
	// Lanes in the order the flow reaches them, so that it reads top down.
	names := map[string]string{rest: "All activities"}
	if len(lanes) > 1 || !lanes[rest] {
		names[rest] = "Other activities"
	}
	for _, o := range owners {
		names[o.ID] = o.Name
	}
	for _, s := range d.Map.Steps {
		if lanes[s.Owner] {
			lanes[s.Owner] = false
			d.Map.Owners = append(d.Map.Owners, mapping.Owner{ID: s.Owner, Name: names[s.Owner]})
		}
	}
	d.Map.Reindex()
	return d
}
