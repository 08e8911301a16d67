package analysis

import (
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

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

type slaAcc struct {
	m       *mapping.Map
	process *SLAFigure
	steps   map[int]*SLAFigure
}

func newSLAAcc(m *mapping.Map) *slaAcc {
	s := &slaAcc{m: m, steps: map[int]*SLAFigure{}}
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

func (s *slaAcc) instance(a *analyzer, in *eventlog.Instance, enabled int64) {
	st := a.stepOf[in.Activity]
	if st < 0 || enabled == eventlog.NoTime {
		return
	}
	f := s.steps[st]
	if f == nil {
		return
	}
	f.add(seconds(in.End - enabled))
}

func (s *slaAcc) cycle(ct float64) {
	if s.process != nil {
		s.process.add(ct)
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

func (s *slaAcc) result() *SLAReport {
	if s.process == nil && len(s.steps) == 0 {
		return nil
	}
	r := &SLAReport{Process: s.process, Steps: []SLAFigure{}}
	for i := range s.m.Steps {
		if f, ok := s.steps[i]; ok {
			r.Steps = append(r.Steps, *f)
		}
	}
	return r
}
