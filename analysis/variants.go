package analysis

import (
	"cmp"
	"slices"
)

// Variant is a distinct sequence of activities and the cases that follow it.
type Variant struct {
	Activities []string `json:"activities"`
	Cases      int      `json:"cases"`
	Share      float64  `json:"share"`
}

// variants counts the cases of each distinct activity sequence.
type variants struct {
	cat   *catalog
	key   []byte         // buffer: the case's activity ids, 4 bytes each
	cases map[string]int // key → cases
}

func newVariants(cat *catalog) *variants { return &variants{cat: cat, cases: map[string]int{}} }

func (s *variants) add(v *caseView) {
	key := s.key[:0]
	for i := range v.ins {
		a := v.ins[i].Activity
		key = append(key, byte(a), byte(a>>8), byte(a>>16), byte(a>>24))
	}
	s.cases[string(key)]++
	s.key = key
}

func (s *variants) merge(other metric) {
	for k, n := range other.(*variants).cases {
		s.cases[k] += n
	}
}

func (s *variants) fill(r *Result) {
	r.Log.Variants = len(s.cases)
	total := 0
	for _, n := range s.cases {
		total += n
	}
	out := make([]Variant, 0, len(s.cases))
	for k, n := range s.cases { // the sort below is total: distinct variants differ in activities
		acts := make([]string, len(k)/4)
		for i := range acts {
			id := int32(uint32(k[4*i]) | uint32(k[4*i+1])<<8 | uint32(k[4*i+2])<<16 | uint32(k[4*i+3])<<24)
			acts[i] = s.cat.l.Activities[id]
		}
		out = append(out, Variant{Activities: acts, Cases: n, Share: float64(n) / float64(total)})
	}
	slices.SortFunc(out, func(x, y Variant) int {
		if c := cmp.Compare(y.Cases, x.Cases); c != 0 {
			return c
		}
		return slices.Compare(x.Activities, y.Activities)
	})
	r.Variants = out
}
