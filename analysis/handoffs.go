package analysis

import (
	"cmp"
	"slices"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// HandoffReport holds resource handoffs and, with a map or roster, owner
// handoffs and system switches.
type HandoffReport struct {
	Resource       HandoffSet  `json:"resource"`
	Owner          *HandoffSet `json:"owner"`
	SystemSwitches *HandoffSet `json:"system_switches,omitempty"`
}

// HandoffSet counts consecutive instance pairs in a case whose performers
// (resources, owners or systems) differ. Pairs where either side is unknown
// are not handoffs; they are counted in UnknownPairs.
type HandoffSet struct {
	Total        int     `json:"total"`
	Pairs        []Pair  `json:"pairs"`
	PerCase      Stats   `json:"per_case"`
	KnownPairs   int     `json:"known_pairs"` // consecutive pairs with both sides known
	UnknownPairs int     `json:"unknown_pairs"`
	Share        float64 `json:"share"` // Total / KnownPairs
	// Transition duration (wait or sojourn) at handoffs versus without.
	DurationAtHandoff Stats `json:"duration_at_handoff"`
	DurationNoHandoff Stats `json:"duration_no_handoff"`
}

// Pair is one from → to cell of a handoff matrix.
type Pair struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// performers tells who performed an instance, as a small id into names, or
// -1 when unknown: the performer of its activity when there is one (the
// owner or the system of the activity's step), else the performer of its
// resource (the resource itself, or its owner in a roster).
type performers struct {
	byActivity []int32 // nil: activities tell nothing
	byResource []int32 // nil: resources tell nothing
	names      []string
	ids        map[string]int32 // names → id, while the tables are built
}

func (p *performers) of(in *eventlog.Instance) int32 {
	if p.byActivity != nil {
		if w := p.byActivity[in.Activity]; w >= 0 {
			return w
		}
	}
	if p.byResource != nil && in.Resource >= 0 {
		return p.byResource[in.Resource]
	}
	return -1
}

// resourcePerformers: the performer of an instance is its resource.
func resourcePerformers(l *eventlog.Log) *performers {
	p := &performers{byResource: make([]int32, len(l.Resources)), names: l.Resources}
	for i := range p.byResource {
		p.byResource[i] = int32(i)
	}
	return p
}

// ownerPerformers: the performer of an instance is the owner of its step
// (ownerOf, by activity, with a map), else its resource's owner in the
// roster.
func ownerPerformers(l *eventlog.Log, opt Options, ownerOf []string) *performers {
	p := &performers{}
	if opt.Map != nil {
		p.byActivity = p.intern(ownerOf)
	}
	if opt.Roster != nil {
		owners := make([]string, len(l.Resources))
		for i, res := range l.Resources {
			owners[i] = opt.Roster[res]
		}
		p.byResource = p.intern(owners)
	}
	return p
}

// systemPerformers: the performer of an instance is the system of its step
// (systemOf, by activity).
func systemPerformers(systemOf []string) *performers {
	p := &performers{}
	p.byActivity = p.intern(systemOf)
	return p
}

// intern turns performer names into ids ("" is unknown: -1).
func (p *performers) intern(names []string) []int32 {
	if p.ids == nil {
		p.ids = map[string]int32{}
	}
	out := make([]int32, len(names))
	for i, name := range names {
		id, ok := p.ids[name]
		switch {
		case name == "":
			id = -1
		case !ok:
			id = int32(len(p.names))
			p.ids[name] = id
			p.names = append(p.names, name)
		}
		out[i] = id
	}
	return out
}

// handoffKind is what a handoffs metric counts, and where it goes in the result.
type handoffKind int

const (
	resourceHandoffs handoffKind = iota
	ownerHandoffs
	systemSwitches
)

// handoffs counts the consecutive instance pairs of a case whose performers
// differ: resource handoffs, owner handoffs and system switches alike, by
// how the performer of an instance is found.
type handoffs struct {
	kind                  handoffKind
	who                   *performers
	total, known, unknown int
	pairs                 map[uint64]int // from<<32 | to
	perCase               sample         // handoffs per case
	at, no                durations      // transition durations at handoffs and without
	working               bool           // durations get working-time twins
}

func newHandoffs(kind handoffKind, who *performers, working bool) *handoffs {
	return &handoffs{kind: kind, who: who, pairs: map[uint64]int{}, working: working}
}

func (h *handoffs) add(v *caseView) {
	mark := h.kind == resourceHandoffs
	n := 0
	prev := h.who.of(&v.ins[0])
	for i := 1; i < len(v.ins); i++ {
		cur := h.who.of(&v.ins[i])
		handoff := false
		if prev >= 0 && cur >= 0 {
			h.known++
			if prev != cur {
				handoff = true
				h.total++
				n++
				h.pairs[uint64(prev)<<32|uint64(cur)]++
				h.at.add(v.trans[i], h.workTrans(v, i), h.working)
			} else {
				h.no.add(v.trans[i], h.workTrans(v, i), h.working)
			}
		} else {
			h.unknown++
		}
		if mark {
			v.handoff[i] = handoff
		}
		prev = cur
	}
	h.perCase.add(float64(n))
	if mark {
		v.handoffs = n
	}
}

// workTrans is the working seconds of the move into instance i, when on.
func (h *handoffs) workTrans(v *caseView, i int) float64 {
	if !h.working {
		return 0
	}
	return v.workTrans[i]
}

func (h *handoffs) merge(other metric) {
	o := other.(*handoffs)
	h.total += o.total
	h.known += o.known
	h.unknown += o.unknown
	for k, n := range o.pairs {
		h.pairs[k] += n
	}
	h.perCase.addAll(&o.perCase)
	h.at.addAll(&o.at)
	h.no.addAll(&o.no)
}

func (h *handoffs) fill(r *Result) {
	s := h.set()
	switch h.kind {
	case resourceHandoffs:
		r.Handoffs.Resource = s
	case ownerHandoffs:
		r.Handoffs.Owner = &s
	case systemSwitches:
		r.Handoffs.SystemSwitches = &s
	}
}

func (h *handoffs) set() HandoffSet {
	s := HandoffSet{Total: h.total, KnownPairs: h.known, UnknownPairs: h.unknown, Pairs: []Pair{}}
	if h.known > 0 {
		s.Share = float64(h.total) / float64(h.known)
	}
	for k, n := range h.pairs {
		s.Pairs = append(s.Pairs, Pair{From: h.who.names[k>>32], To: h.who.names[uint32(k)], Count: n})
	}
	slices.SortFunc(s.Pairs, func(x, y Pair) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	s.PerCase = h.perCase.summarize()
	s.DurationAtHandoff = h.at.stats(h.working)
	s.DurationNoHandoff = h.no.stats(h.working)
	h.perCase, h.at, h.no = sample{}, durations{}, durations{} // free the samples
	return s
}
