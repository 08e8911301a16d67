package analysis

import (
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
}

// Discover writes a process map (YAML text a consultant can edit) from an
// analysis: one step per activity (log_names = the activity), edges with the
// observed branch shares, durations from the median service time when the
// log has start times, a start step fanning out to the observed start
// activities and an end step for cases that stop elsewhere. Owners are not in
// an event log: every step gets the owner "unassigned" to be filled in, or,
// when the log has resources, the resource that did the activity most often.
func Discover(r *Result, opt DiscoverOptions) ([]byte, error) {
	if opt.Process == "" {
		opt.Process = "Discovered process"
	}
	if len(r.Activities) == 0 {
		return nil, fmt.Errorf("the log has no activities to discover a map from")
	}
	ids := map[string]string{}
	used := map[string]bool{"start": true, "end": true}
	for _, a := range r.Activities {
		id := slug(a.Name)
		for base, n := id, 2; used[id]; n++ {
			id = base + "_" + strconv.Itoa(n)
		}
		used[id] = true
		ids[a.Name] = id
	}
	out := map[string][]Transition{}
	departures := map[string]int{}
	for _, t := range r.Transitions {
		out[t.From] = append(out[t.From], t)
		departures[t.From] += t.Count
	}
	for a, n := range r.EndActivities {
		departures[a] += n
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Discovered by flowmap from %s (%d cases).\n", r.Log.Source, r.Log.Cases)
	w("# Edit it: set each step's owner (team) and system, rename steps, drop rare paths.\n")
	w("# Branch shares are the observed ones; durations are median service times when\n# the log has start times, else 0s.\n")
	w("process: %s\n", yamlString(opt.Process))
	w("owners:\n  - {id: unassigned, name: Unassigned (set the real teams)}\n")
	w("steps:\n")
	starts := sortedCounts(r.StartActivities)
	w("  - id: start\n    name: Case starts\n    owner: unassigned\n    start: true\n    automated: true\n    next:\n")
	writeBranches(&b, starts, r.Log.Cases, ids, opt.MinShare)
	for _, a := range r.Activities {
		w("  - id: %s\n    name: %s\n    owner: unassigned\n", ids[a.Name], yamlString(a.Name))
		if a.Service != nil && a.Service.Count > 0 {
			w("    duration: %s\n", durationText(a.Service.Median))
		}
		w("    log_names: [%s]\n", yamlString(a.Name))
		var next []nameCount
		for _, t := range out[a.Name] {
			next = append(next, nameCount{t.To, t.Count})
		}
		if n := r.EndActivities[a.Name]; n > 0 {
			next = append(next, nameCount{"", n})
		}
		sort.SliceStable(next, func(i, j int) bool { return next[i].n > next[j].n })
		w("    next:\n")
		writeBranches(&b, next, departures[a.Name], ids, opt.MinShare)
	}
	w("  - id: end\n    name: Case ends\n    owner: unassigned\n    automated: true\n")
	src := []byte(b.String())
	if _, err := mapping.Parse("discovered.yaml", src); err != nil {
		return src, fmt.Errorf("the discovered map is not valid (please report this): %w", err)
	}
	return src, nil
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

// writeBranches writes next: entries whose probabilities sum to exactly 1:
// the shares are rounded to 6 decimals and the rounding rest goes to the
// most frequent branch. An empty name is the end step.
func writeBranches(b *strings.Builder, next []nameCount, total int, ids map[string]string, minShare float64) {
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
	for i, x := range kept {
		to := "end"
		if x.name != "" {
			to = ids[x.name]
		}
		fmt.Fprintf(b, "      - {to: %s, p: %s}   # seen %d times\n", to, strconv.FormatFloat(ps[i], 'f', -1, 64), x.n)
	}
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

// yamlString quotes text for YAML (JSON strings are valid YAML).
func yamlString(s string) string {
	return strconv.Quote(s)
}

func durationText(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64) + "s"
}
