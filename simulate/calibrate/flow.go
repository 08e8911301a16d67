package calibrate

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// flow counts how cases move between states: the starts, moves and ends of
// the training cases. A state is an activity in a context: the set of
// activities the case did before it (so that a case that did A, B and C in
// any order goes on to D, as the log does), or the activity alone when the
// contexts would make too many states.
type flow struct {
	starts map[int32]int
	next   map[int32]map[int32]int
	ends   map[int32]int
	count  map[int32]int // instances per state
	order  []int32       // states in order of first appearance
	act    []int32       // state → activity
	ctx    []string      // state → its context (activities before), "" without contexts
}

// maxStatesPerActivity bounds the contexts: beyond this many states per
// activity on average, the flow is counted between activities alone.
const maxStatesPerActivity = 10

// countFlow counts the flow of the token sequences (activities, or blocks
// of parallel activities), in context unless that makes too many states.
func countFlow(seqs [][]int32, name func(int32) string, kinds int) *flow {
	if f := countFlowBy(seqs, name, true); len(f.act) <= maxStatesPerActivity*kinds {
		return f
	}
	return countFlowBy(seqs, name, false)
}

func countFlowBy(seqs [][]int32, name func(int32) string, context bool) *flow {
	f := &flow{starts: map[int32]int{}, next: map[int32]map[int32]int{}, ends: map[int32]int{}, count: map[int32]int{}}
	index := map[string]int32{}
	state := func(a int32, done map[int32]bool) int32 {
		key := strconv.Itoa(int(a))
		var names []string
		if context {
			for b := range done {
				names = append(names, name(b))
			}
			sort.Strings(names)
			key += "|" + strings.Join(names, "\x00")
		}
		s, ok := index[key]
		if !ok {
			s = int32(len(f.act))
			index[key] = s
			f.act = append(f.act, a)
			f.ctx = append(f.ctx, strings.Join(names, ", "))
		}
		return s
	}
	for _, seq := range seqs {
		prev := int32(-1)
		done := map[int32]bool{}
		for _, a := range seq {
			st := state(a, done)
			done[a] = true
			if _, seen := f.count[st]; !seen {
				f.order = append(f.order, st)
			}
			f.count[st]++
			if prev < 0 {
				f.starts[st]++
			} else {
				if f.next[prev] == nil {
					f.next[prev] = map[int32]int{}
				}
				f.next[prev][st]++
			}
			prev = st
		}
		if prev >= 0 {
			f.ends[prev]++
		}
	}
	return f
}

// activitySeqs are the cases as sequences of activities.
func activitySeqs(cases []*eventlog.Case) [][]int32 {
	out := make([][]int32, len(cases))
	for i, c := range cases {
		for k := range c.Instances {
			out[i] = append(out[i], c.Instances[k].Activity)
		}
	}
	return out
}

type target struct {
	to string
	n  int
}

// edges turns counts into branches whose probabilities sum to exactly 1
// (6 decimals, the rounding rest on the most frequent), most frequent first.
func edges(from string, ts []target) []mapping.Edge {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].n != ts[j].n {
			return ts[i].n > ts[j].n
		}
		return ts[i].to < ts[j].to
	})
	total := 0
	for _, t := range ts {
		total += t.n
	}
	out := make([]mapping.Edge, len(ts))
	rest := 1.0
	for i := len(ts) - 1; i >= 0; i-- {
		p := math.Round(float64(ts[i].n)/float64(total)*1e6) / 1e6
		if i == 0 {
			p = math.Round(rest*1e9) / 1e9
		}
		rest -= p
		out[i] = mapping.Edge{From: from, To: ts[i].to, P: p, PGiven: true}
	}
	return out
}

// slug makes an id from a name: lower case letters, digits and _.
func slug(s string) string {
	var b strings.Builder
	under := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			under = false
		case !under:
			b.WriteByte('_')
			under = true
		}
	}
	id := strings.Trim(b.String(), "_")
	if id == "" {
		id = "x"
	}
	if id[0] >= '0' && id[0] <= '9' {
		id = "s_" + id
	}
	return id
}

// ids gives unique ids for names, avoiding the reserved ones.
type ids map[string]bool

func (u ids) make(name string) string {
	id := slug(name)
	for base, n := id, 2; u[id]; n++ {
		id = base + "_" + strconv.Itoa(n)
	}
	u[id] = true
	return id
}
