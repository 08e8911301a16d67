package calibrate

import (
	"github.com/flowmap/flowmap/mapping"
)

// rosterPools makes the map's owners the pools: a resource belongs to the
// owner of the steps it does most often.
func (m *model) rosterPools(used ids) {
	mp := m.opt.Map
	byID := map[string]*pool{}
	for _, o := range mp.Owners {
		p := &pool{id: o.ID, name: o.Name, capacity: o.Capacity}
		byID[o.ID] = p
		used[o.ID] = true
		m.pools = append(m.pools, p)
	}
	n := map[int32]map[string]int{}
	for _, c := range m.cases {
		for i := range c.Instances {
			in := &c.Instances[i]
			st, ok := mp.StepForActivity(m.l.Activities[in.Activity])
			if !ok || in.Resource < 0 {
				continue
			}
			if n[in.Resource] == nil {
				n[in.Resource] = map[string]int{}
			}
			n[in.Resource][st.Owner]++
		}
	}
	m.poolOf = map[int32]*pool{}
	for r, byOwner := range n {
		best := ""
		for o, k := range byOwner {
			if best == "" || k > byOwner[best] || k == byOwner[best] && o < best {
				best = o
			}
		}
		p := byID[best]
		p.resources = append(p.resources, r)
		m.poolOf[r] = p
	}
}

// rosterMap is the given map with calibrated owners, durations, delays and
// branch shares (observed moves between the map's steps; a step whose
// branches were never seen keeps the map's).
func (m *model) rosterMap() (*mapping.Map, map[string]int32) {
	src := m.opt.Map
	mp := &mapping.Map{Process: src.Process, SLA: src.SLA, Holidays: src.Holidays, Systems: src.Systems}
	for _, o := range src.Owners {
		for _, p := range m.pools {
			if p.id == o.ID && len(p.resources) > 0 {
				o.Capacity, o.Calendar = p.capacity, p.cal
			}
		}
		mp.Owners = append(mp.Owners, o)
	}
	actOf := map[string]int32{}
	best := map[string]int{}
	for _, a := range m.flow.order { // states are activities here
		st, ok := src.StepForActivity(m.l.Activities[a])
		if ok && m.flow.count[a] > best[st.ID] {
			actOf[st.ID], best[st.ID] = a, m.flow.count[a]
		}
	}
	moves := m.stepMoves()
	for _, s := range src.Steps {
		if a, ok := actOf[s.ID]; ok {
			s.Duration = m.durs[a].Dist
			if d := m.delays[a]; d != nil {
				s.Delay = d.Dist
			}
		}
		var ts []target
		seen := 0
		for _, e := range s.Next {
			k := moves[[2]string{s.ID, e.To}]
			ts = append(ts, target{e.To, k})
			seen += k
		}
		if seen > 0 {
			next := edges(s.ID, ts)
			for i := range next { // keep the map's labels and order
				for _, e := range s.Next {
					if e.To == next[i].To {
						next[i].Label = e.Label
					}
				}
			}
			s.Next = next
		}
		mp.Steps = append(mp.Steps, s)
	}
	return mp, actOf
}

// stepMoves counts the observed moves between the map's steps: consecutive
// recorded instances of a case, and a case's last step to an end step of
// the map that the log does not record.
func (m *model) stepMoves() map[[2]string]int {
	mp := m.opt.Map
	out := map[[2]string]int{}
	for _, c := range m.cases {
		prev := ""
		for i := range c.Instances {
			st, ok := mp.StepForActivity(m.l.Activities[c.Instances[i].Activity])
			if !ok {
				continue
			}
			if prev != "" {
				out[[2]string{prev, st.ID}]++
			}
			prev = st.ID
		}
		if ps, ok := mp.Step(prev); ok {
			for _, e := range ps.Next {
				if t, ok := mp.Step(e.To); ok && len(t.Next) == 0 && t.Silent() {
					out[[2]string{prev, e.To}]++
				}
			}
		}
	}
	return out
}
