package analysis

// startEnd counts the cases that begin and that end with each activity.
type startEnd struct {
	cat          *catalog
	starts, ends []int
}

func newStartEnd(cat *catalog) *startEnd {
	n := len(cat.l.Activities)
	return &startEnd{cat: cat, starts: make([]int, n), ends: make([]int, n)}
}

func (s *startEnd) add(v *caseView) {
	s.starts[v.ins[0].Activity]++
	s.ends[v.ins[len(v.ins)-1].Activity]++
}

func (s *startEnd) merge(other metric) {
	o := other.(*startEnd)
	for i := range s.starts {
		s.starts[i] += o.starts[i]
		s.ends[i] += o.ends[i]
	}
}

func (s *startEnd) fill(r *Result) {
	for i, name := range s.cat.l.Activities {
		if s.starts[i] > 0 {
			r.StartActivities[name] = s.starts[i]
		}
		if s.ends[i] > 0 {
			r.EndActivities[name] = s.ends[i]
		}
	}
}
