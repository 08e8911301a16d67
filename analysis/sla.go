package analysis

import "github.com/flowmap/flowmap/analysis/eventlog"

// SLAReport tells how often the map's targets were met: the process SLA on
// cycle time and each step's SLA from enabled (queued) to done.
type SLAReport struct {
	Process *SLAFigure  `json:"process"`
	Steps   []SLAFigure `json:"steps"`
}

// SLAFigure is one target and how it was met.
type SLAFigure struct {
	Step          string  `json:"step,omitempty"`
	TargetSeconds float64 `json:"target_seconds"`
	Measured      int     `json:"measured"` // cases (process) or step visits with a known enabled time
	Within        int     `json:"within"`
	Breaches      int     `json:"breaches"`
	Share         float64 `json:"share_within"`
}

// sla counts how often the map's targets are met: the process SLA on each
// case's cycle time, and each step's SLA on its instances, enabled → done.
type sla struct {
	cat     *catalog
	process *SLAFigure   // nil without a process SLA
	steps   []*SLAFigure // by step index; nil for steps without an SLA
}

func newSLA(cat *catalog) *sla {
	m := cat.m
	s := &sla{cat: cat, steps: make([]*SLAFigure, len(m.Steps))}
	if m.SLA > 0 {
		s.process = &SLAFigure{TargetSeconds: m.SLA.Seconds()}
	}
	for i, st := range m.Steps {
		if st.SLA > 0 {
			s.steps[i] = &SLAFigure{Step: st.ID, TargetSeconds: st.SLA.Seconds()}
		}
	}
	return s
}

func (s *sla) add(v *caseView) {
	for i := range v.ins {
		in := &v.ins[i]
		st := s.cat.stepOf[in.Activity]
		if st < 0 || v.enabled[i] == eventlog.NoTime {
			continue
		}
		if f := s.steps[st]; f != nil {
			f.add(seconds(in.End - v.enabled[i]))
		}
	}
	if s.process != nil {
		s.process.add(v.cycle)
	}
}

func (f *SLAFigure) add(v float64) {
	f.Measured++
	if v <= f.TargetSeconds {
		f.Within++
	} else {
		f.Breaches++
	}
	f.Share = float64(f.Within) / float64(f.Measured)
}

func (s *sla) merge(other metric) {
	o := other.(*sla)
	if s.process != nil {
		s.process.merge(o.process)
	}
	for i, f := range s.steps {
		if f != nil {
			f.merge(o.steps[i])
		}
	}
}

func (f *SLAFigure) merge(o *SLAFigure) {
	f.Measured += o.Measured
	f.Within += o.Within
	f.Breaches += o.Breaches
	if f.Measured > 0 {
		f.Share = float64(f.Within) / float64(f.Measured)
	}
}

// fill sets r.SLA, left nil when the map has no target.
func (s *sla) fill(r *Result) {
	rep := &SLAReport{Process: s.process, Steps: []SLAFigure{}}
	for _, f := range s.steps {
		if f != nil {
			rep.Steps = append(rep.Steps, *f)
		}
	}
	if s.process != nil || len(rep.Steps) > 0 {
		r.SLA = rep
	}
}
