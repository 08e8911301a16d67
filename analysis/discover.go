package analysis

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/flowmap/flowmap/mapping"
)

// DiscoverOptions tune map discovery.
type DiscoverOptions struct {
	// Process names the map; default "Discovered process".
	Process string
	// MinShare drops branches taken in less than this share of a step's
	// departures (0 keeps every observed transition). The remaining shares
	// are renormalised.
	MinShare float64
	// Owners, when set, are the teams the steps get instead of the single
	// owner "unassigned" (which keeps the start and end steps): pools of
	// resources as flowmap calibrate finds them. OwnerOf names an
	// activity's owner ("" = unassigned).
	Owners  []mapping.Owner
	OwnerOf func(activity string) string
	// Duration, when set, gives an activity's duration (flowmap calibrate's
	// fit) instead of its median service time; false = keep the median.
	Duration func(activity string) (mapping.Dist, bool)
}

// Discover writes a process map (YAML text a consultant can edit) from an
// analysis: one step per activity (log_names = the activity), edges with the
// observed branch shares, durations from the median service time when the
// log has start times, a start step fanning out to the observed start
// activities and an end step for cases that stop elsewhere. Owners are not in
// an event log: every step gets the owner "unassigned", to be filled in. The
// map is built as a mapping.Map and written with mapping.Encode, with a
// header saying where it comes from and how often each branch was seen.
func Discover(r *Result, opt DiscoverOptions) ([]byte, error) {
	if opt.Process == "" {
		opt.Process = "Discovered process"
	}
	if len(r.Activities) == 0 {
		return nil, fmt.Errorf("the log has no activities to discover a map from")
	}
	m, seen := discoverMap(r, opt)
	var b bytes.Buffer
	err := mapping.Encode(&b, m, &mapping.EncodeOptions{
		Header: discoverHeader(r, opt),
		EdgeComment: func(e mapping.Edge) string {
			if n := seen[[2]string{e.From, e.To}]; n == 1 {
				return "seen once"
			} else {
				return fmt.Sprintf("seen %d times", n)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	src := b.Bytes()
	if _, err := mapping.Parse("discovered.yaml", src); err != nil {
		return src, fmt.Errorf("the discovered map is not valid (please report this): %w", err)
	}
	return src, nil
}

func discoverHeader(r *Result, opt DiscoverOptions) string {
	h := fmt.Sprintf("Discovered by flowmap from %s (%d cases).\n", r.Log.Source, r.Log.Cases)
	if opt.Owners == nil {
		h += "Edit it: set each step's owner (team) and system, rename steps, drop rare paths.\n"
	} else {
		h += "Owners are pools of resources that do the same activities (as flowmap calibrate\n" +
			"finds them); edit it: name the teams, set systems, drop rare paths.\n"
	}
	if opt.Duration == nil {
		return h + "Branch shares are the observed ones; durations are median service times when\n" +
			"the log has start times, else 0s."
	}
	return h + "Branch shares are the observed ones; durations are fitted as flowmap calibrate\n" +
		"fits them (processing times in the owner's working time, or sojourns without start times)."
}

// stepIDs gives each activity of r a step id: its slug, numbered
// ("check_2") when taken, never one of reserved.
func stepIDs(r *Result, reserved ...string) map[string]string {
	ids := map[string]string{}
	used := map[string]bool{}
	for _, id := range reserved {
		used[id] = true
	}
	for _, a := range r.Activities {
		id := slug(a.Name)
		for base, n := id, 2; used[id]; n++ {
			id = base + "_" + strconv.Itoa(n)
		}
		used[id] = true
		ids[a.Name] = id
	}
	return ids
}

// discoverMap builds the map Discover writes, and how often each edge
// (from, to step id) was seen in the log.
func discoverMap(r *Result, opt DiscoverOptions) (*mapping.Map, map[[2]string]int) {
	ids := stepIDs(r, "start", "end")
	out := map[string][]Transition{}
	departures := map[string]int{}
	for _, t := range r.Transitions {
		out[t.From] = append(out[t.From], t)
		departures[t.From] += t.Count
	}
	for a, n := range r.EndActivities {
		departures[a] += n
	}
	const owner = "unassigned"
	m := &mapping.Map{
		Process: opt.Process,
		Owners:  []mapping.Owner{{ID: owner, Name: "Unassigned (set the real teams)"}},
	}
	if opt.Owners != nil {
		m.Owners = append(append([]mapping.Owner(nil), opt.Owners...), mapping.Owner{ID: owner, Name: "Unassigned (start and end)"})
	}
	seen := map[[2]string]int{}
	start := mapping.Step{ID: "start", Name: "Case starts", Owner: owner, Start: true, Automated: true}
	start.Next = branches(start.ID, sortedCounts(r.StartActivities), r.Log.Cases, ids, opt.MinShare, seen)
	m.Steps = append(m.Steps, start)
	for _, a := range r.Activities {
		s := mapping.Step{ID: ids[a.Name], Name: a.Name, Owner: owner, LogNames: []string{a.Name}}
		if a.Service != nil && a.Service.Count > 0 {
			s.Duration = mapping.Constant(math.Round(a.Service.Median*1000) / 1000)
		}
		if opt.Duration != nil {
			if d, ok := opt.Duration(a.Name); ok {
				s.Duration = d
			}
		}
		if opt.OwnerOf != nil {
			if o := opt.OwnerOf(a.Name); o != "" {
				s.Owner = o
			}
		}
		var next []nameCount
		for _, t := range out[a.Name] {
			next = append(next, nameCount{t.To, t.Count})
		}
		if n := r.EndActivities[a.Name]; n > 0 {
			next = append(next, nameCount{"", n})
		}
		sort.SliceStable(next, func(i, j int) bool { return next[i].n > next[j].n })
		s.Next = branches(s.ID, next, departures[a.Name], ids, opt.MinShare, seen)
		m.Steps = append(m.Steps, s)
	}
	m.Steps = append(m.Steps, mapping.Step{ID: "end", Name: "Case ends", Owner: owner, Automated: true})
	m.Steps = flowOrder(m.Steps)
	return m, seen
}

// flowOrder lists steps as a reader follows the process: breadth first
// from the start steps, each step's branches in their order (most frequent
// first), then steps no path reaches, then the end steps, each in their
// given order. The map means
// the same in any order; this one reads like the process.
func flowOrder(steps []mapping.Step) []mapping.Step {
	index := make(map[string]int, len(steps))
	for i, s := range steps {
		index[s.ID] = i
	}
	placed := make([]bool, len(steps))
	order := make([]int, 0, len(steps))
	visit := func(i int) {
		if !placed[i] {
			placed[i] = true
			order = append(order, i)
		}
	}
	for i, s := range steps {
		if s.Start {
			visit(i)
		}
	}
	for k := 0; k < len(order); k++ {
		for _, e := range steps[order[k]].Next {
			if j, ok := index[e.To]; ok && len(steps[j].Next) > 0 {
				visit(j) // end steps wait for the bottom of the file
			}
		}
	}
	for i, s := range steps {
		if len(s.Next) > 0 {
			visit(i)
		}
	}
	for i := range steps {
		visit(i)
	}
	out := make([]mapping.Step, len(steps))
	for k, i := range order {
		out[k] = steps[i]
	}
	return out
}

type nameCount struct {
	name string
	n    int
}

func sortedCounts(m map[string]int) []nameCount {
	out := make([]nameCount, 0, len(m))
	for k, v := range m {
		out = append(out, nameCount{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].name < out[j].name
	})
	return out
}

// branches returns a step's edges with probabilities that sum to exactly
// 1: the shares are rounded to 6 decimals and the rounding rest goes to the
// most frequent branch. An empty name is the end step. seen records each
// kept edge's count.
func branches(from string, next []nameCount, total int, ids map[string]string, minShare float64, seen map[[2]string]int) []mapping.Edge {
	kept := next[:0:0]
	sum := 0
	for i, x := range next {
		if i == 0 || float64(x.n)/float64(total) >= minShare {
			kept = append(kept, x)
			sum += x.n
		}
	}
	ps := make([]float64, len(kept))
	rest := 1.0
	for i := len(kept) - 1; i >= 1; i-- {
		ps[i] = math.Round(float64(kept[i].n)/float64(sum)*1e6) / 1e6
		rest -= ps[i]
	}
	ps[0] = math.Round(rest*1e9) / 1e9
	edges := make([]mapping.Edge, len(kept))
	for i, x := range kept {
		to := "end"
		if x.name != "" {
			to = ids[x.name]
		}
		edges[i] = mapping.Edge{From: from, To: to, P: ps[i], PGiven: true}
		seen[[2]string{from, to}] = x.n
	}
	return edges
}

func slug(s string) string {
	var b strings.Builder
	lastUnderscore := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			lastUnderscore = false
		case !lastUnderscore:
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	id := strings.Trim(b.String(), "_")
	if id == "" {
		id = "step"
	}
	if id[0] >= '0' && id[0] <= '9' {
		id = "s_" + id
	}
	return id
}
