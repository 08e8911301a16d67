package analysis

import (
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
)

// caseView is what the metrics read of one case: its instances and the
// figures several metrics need, computed once per case by load. Its slices
// are buffers reused from case to case, so a metric must not keep them.
type caseView struct {
	startTimes bool // the log has start times: waits rather than sojourns

	index int                 // the case's position in the log
	ins   []eventlog.Instance // its activity instances in trace order

	// Per instance i. The duration of a move (trans) is the queue time
	// end(prev) → effective start(in), clamped at 0, when the log has start
	// times; else end(prev) → end(in).
	start   []int64   // effective start (effStart)
	enabled []int64   // ready: Enabled, else the previous end; NoTime for a first instance without Enabled
	wait    []float64 // seconds waited before it (start times) or since the previous end (sojourn), valid from waitFrom
	trans   []float64 // duration of the move ins[i-1] → ins[i]; trans[0] is 0

	// waitFrom is the first instance whose wait is known: 0 when the first
	// instance has an enabled time and the log start times, else 1.
	waitFrom int

	first, last int64   // the case's first moment (effective start or enabled) and last end
	cycle       float64 // cycle time: last - first in seconds
	totalWait   float64 // the sum of the known waits (or sojourns)

	// Resource handoffs, marked by the resource handoffs metric, which sees
	// each case before the other metrics: handoff[i] is true when ins[i-1]
	// → ins[i] changes resource; handoffs counts them.
	handoff  []bool
	handoffs int

	// Working time, filled only when working is set (catalog.working): the
	// working seconds of wait[i], trans[i] and the service time of
	// instance i under the calendar of its resource (cals.calOf), and of
	// the cycle under the process calendar (cycleWorkingOK: there is one).
	working                          bool
	cals                             *calendars
	workWait, workTrans, workService []float64
	workCycle                        float64
	cycleWorkingOK                   bool
}

// load fills the view for case ci.
func (v *caseView) load(ci int, ins []eventlog.Instance) {
	n := len(ins)
	v.index, v.ins = ci, ins
	v.start, v.enabled = resize(v.start, n), resize(v.enabled, n)
	v.wait, v.trans = resize(v.wait, n), resize(v.trans, n)
	v.handoff = resize(v.handoff, n)
	v.waitFrom = 1
	if v.startTimes && ins[0].Enabled != eventlog.NoTime {
		v.waitFrom = 0
	}
	first, last := int64(1<<63-1), int64(-1<<63)
	total := 0.0
	for i := range ins {
		in := &ins[i]
		s := effStart(in)
		v.start[i] = s
		first = min(first, s)
		if in.Enabled != eventlog.NoTime { // the case existed once work was queued
			first = min(first, in.Enabled)
		}
		last = max(last, in.End)
		enabled := in.Enabled
		if enabled == eventlog.NoTime && i > 0 {
			enabled = ins[i-1].End
		}
		v.enabled[i] = enabled
		v.wait[i], v.trans[i] = 0, 0
		if v.startTimes {
			if i > 0 {
				v.trans[i] = max(0, seconds(s-ins[i-1].End))
			}
			if enabled != eventlog.NoTime {
				v.wait[i] = max(0, seconds(s-enabled))
			}
		} else if i > 0 {
			v.wait[i] = seconds(in.End - ins[i-1].End)
			v.trans[i] = v.wait[i]
		}
		if i >= v.waitFrom {
			total += v.wait[i]
		}
	}
	v.first, v.last = first, last
	v.cycle = seconds(last - first)
	v.totalWait = total
	if v.working {
		v.loadWorking()
	}
}

// loadWorking fills the working seconds of the case's waits, moves,
// services and cycle: the same intervals as load's, measured with the
// calendar of the resource of the instance waited for or worked on.
func (v *caseView) loadWorking() {
	ins := v.ins
	n := len(ins)
	v.workWait, v.workTrans, v.workService = resize(v.workWait, n), resize(v.workTrans, n), resize(v.workService, n)
	for i := range ins {
		in := &ins[i]
		cal := v.cals.calOf(in.Resource)
		s := v.start[i]
		v.workWait[i], v.workTrans[i], v.workService[i] = 0, 0, 0
		if v.startTimes {
			// Clamped at 0 as the elapsed times are (Working is 0 then).
			if i > 0 {
				v.workTrans[i] = seconds(cal.Working(ins[i-1].End, s))
			}
			if v.enabled[i] != eventlog.NoTime {
				v.workWait[i] = seconds(cal.Working(v.enabled[i], s))
			}
			if in.Start != eventlog.NoTime {
				v.workService[i] = workingSeconds(cal, in.Start, in.End)
			}
		} else if i > 0 {
			v.workWait[i] = workingSeconds(cal, ins[i-1].End, in.End)
			v.workTrans[i] = v.workWait[i]
		}
	}
	v.workCycle, v.cycleWorkingOK = 0, v.cals.process != nil
	if v.cycleWorkingOK {
		v.workCycle = workingSeconds(v.cals.process, v.first, v.last)
	}
}

// workingSeconds is the working time of cal inside [from, to) in seconds;
// for to < from (a sojourn whose end precedes the previous end) it is the
// negative of that of [to, from), as the elapsed time is negative there.
func workingSeconds(cal *waitcause.Calendar, from, to int64) float64 {
	if to < from {
		return -seconds(cal.Working(to, from))
	}
	return seconds(cal.Working(from, to))
}

// resize returns s with length n, reusing its array when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, 2*n)
	}
	return s[:n]
}

// effStart is when work on an instance began: its start when known, else
// its end (an instant activity), as PM4Py's interval conversion does.
func effStart(in *eventlog.Instance) int64 {
	if in.Start != eventlog.NoTime {
		return in.Start
	}
	return in.End
}
