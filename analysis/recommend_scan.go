package analysis

import "github.com/flowmap/flowmap/analysis/eventlog"

// recScan is what the recommendations read from the whole log, case by
// case: Analyze computes it beside the other metrics (it needs only the
// log), so that recommend, which runs after them on one core, does not
// pass over a big log twice more.
type recScan struct {
	// actResources: by activity, its instances by resource (-1 unknown).
	actResources []map[int32]int
	// variants: the activity sequences' cases and summed cycle times, in
	// order of their first case (so that sums do not depend on map order);
	// totalCycle is the sum of every case's cycle time, in case order.
	variants   []variantTime
	totalCycle float64
}

type variantTime struct {
	cases int
	time  float64
}

// denseResourceCounts is the most activity × resource cells counted in a
// table rather than in maps.
const denseResourceCounts = 1 << 22

func scanForRecommend(l *eventlog.Log) *recScan {
	s := &recScan{actResources: make([]map[int32]int, len(l.Activities))}
	nres := len(l.Resources) + 1 // +1: unknown (-1) is column 0
	var dense []int32
	if len(l.Activities)*nres <= denseResourceCounts {
		dense = make([]int32, len(l.Activities)*nres)
	}
	byVariant := map[string]int{}
	v := caseView{startTimes: l.HasStartTimes}
	var key []byte
	for ci := range l.Cases {
		ins := l.Cases[ci].Instances
		if len(ins) == 0 {
			continue
		}
		key = key[:0]
		for i := range ins {
			a, r := ins[i].Activity, ins[i].Resource
			key = append(key, byte(a), byte(a>>8), byte(a>>16), byte(a>>24))
			if dense != nil {
				dense[int(a)*nres+int(r)+1]++
			} else {
				s.count(a, r, 1)
			}
		}
		v.load(ci, ins)
		k, ok := byVariant[string(key)]
		if !ok {
			k = len(s.variants)
			byVariant[string(key)] = k
			s.variants = append(s.variants, variantTime{})
		}
		s.variants[k].cases++
		s.variants[k].time += v.cycle
		s.totalCycle += v.cycle
	}
	for i, c := range dense {
		if c > 0 {
			s.count(int32(i/nres), int32(i%nres-1), int(c))
		}
	}
	return s
}

func (s *recScan) count(act, res int32, n int) {
	m := s.actResources[act]
	if m == nil {
		m = map[int32]int{}
		s.actResources[act] = m
	}
	m[res] += n
}
