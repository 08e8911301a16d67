package workbook

import (
	"fmt"
	"strings"
	"time"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate"
)

// NewSimulation turns a simulation result into the Simulation sheet's
// figures and the Summary's plain-language peak projection. scenario names
// the scenario file, as the sheet's note shows it.
func NewSimulation(scenario string, res *simulate.Result) *Simulation {
	out := &Simulation{Scenario: scenario, Replications: res.Scenario.Replications}
	base := &res.Variants[0]
	for i := range base.Peaks {
		out.Headline = append(out.Headline, peakHeadline(&base.Peaks[i], mapping.Plural(res.Scenario.Unit)))
	}
	if base.CycleTime.P90 != nil {
		units := mapping.Plural(res.Scenario.Unit)
		line := fmt.Sprintf("With today's staffing, 1 in 10 %s takes more than %s from start to end", units, estText(base.CycleTime.P90, format.Duration))
		if base.SLAAttainment != nil && res.Scenario.SLA != nil {
			line += fmt.Sprintf("; %s of %s meet the %s target", estText(base.SLAAttainment, format.Percent), units, format.Duration(*res.Scenario.SLA))
		}
		out.Headline = append(out.Headline, line+".")
	}
	for i := range res.Variants[1:] {
		if line, ok := whatIfHeadline(&res.Variants[1+i]); ok {
			out.Headline = append(out.Headline, line)
		}
	}
	for i := range res.Variants {
		out.Variants = append(out.Variants, simVariant(&res.Variants[i]))
	}
	out.Sweep = simSweep(res.Sweep)
	return out
}

// simSweep is a sweep's p90 cycle time by setting (nil without a sweep).
func simSweep(sw *simulate.SweepResult) *SimSweep {
	if sw == nil {
		return nil
	}
	out := &SimSweep{Path: sw.Path}
	for _, r := range sw.Results {
		if r.CycleTimeP90 == nil {
			continue // no case completed: nothing to plot
		}
		out.Settings = append(out.Settings, r.Value)
		out.P90 = append(out.P90, est(r.CycleTimeP90))
	}
	if sw.Target != nil {
		out.Target = sw.Target.Text
	}
	if sw.MetBy != nil {
		out.MetBy = *sw.MetBy
	}
	return out
}

// peakHeadline says what the base's peak p leaves behind and when the
// backlog clears.
func peakHeadline(p *simulate.PeakFigures, units string) string {
	line := fmt.Sprintf("A peak from %s to %s leaves %s %s in process (%s before it), %s of them waiting",
		peakTime(p.StartTime), peakTime(p.EndTime), estText(p.WIPAtEnd, format.CountHalfEven), units, estText(p.WIPAtStart, format.CountHalfEven), estText(p.QueueAtEnd, format.CountHalfEven))
	if p.ClearSeconds != nil {
		line += fmt.Sprintf("; the backlog is back to its earlier level after %s", estText(p.ClearSeconds, format.Duration))
	} else {
		line += "; the backlog does not return to its earlier level within the simulated period"
	}
	return line + "."
}

// whatIfHeadline says how variant v changes the p90 cycle time and how much
// sooner or later each peak's backlog clears; false when v has no
// difference in p90 cycle time to tell.
func whatIfHeadline(v *simulate.VariantResult) (string, bool) {
	d := v.DifferenceFromBase
	if d == nil || d.CycleTime.P90 == nil {
		return "", false
	}
	line := fmt.Sprintf("What if %s (%s): p90 cycle time %s", v.Name, strings.Join(v.Set, ", "), diffText(d.CycleTime.P90, format.Duration))
	for i, p := range d.Peaks {
		if c := p.ClearSeconds; c != nil {
			word, lo, hi := "sooner", -c.Mean, 0.0
			if c.Mean > 0 {
				word, lo = "later", c.Mean
			}
			line += fmt.Sprintf("; the backlog of peak %d clears %s %s", i+1, format.Duration(lo), word)
			if c.CI95 != nil {
				a, b := c.CI95[0], c.CI95[1]
				if word == "sooner" {
					a, b = -b, -a
				}
				hi = b
				line += fmt.Sprintf(" (%s to %s)", format.DurationWithMinus(a), format.Duration(hi))
			}
		}
	}
	return line + ".", true
}

// simVariant lists variant v's metrics, each with its difference from the
// base when v is a what-if variant.
func simVariant(v *simulate.VariantResult) SimVariant {
	sv := SimVariant{Name: v.Name}
	d := v.DifferenceFromBase
	pick := func(f func(*simulate.Figures) *simulate.Est) *simulate.Est {
		if d == nil {
			return nil
		}
		return f(d)
	}
	sv.add("Orders arrived", "count", v.Cases.Arrived, pick(func(f *simulate.Figures) *simulate.Est { return f.Cases.Arrived }))
	sv.add("Orders completed", "count", v.Cases.Completed, pick(func(f *simulate.Figures) *simulate.Est { return f.Cases.Completed }))
	sv.add("Orders turned away (queue full)", "count", v.Cases.Blocked, pick(func(f *simulate.Figures) *simulate.Est { return f.Cases.Blocked }))
	sv.add("Throughput", "rate", v.Throughput, pick(func(f *simulate.Figures) *simulate.Est { return f.Throughput }))
	sv.add("Cycle time, mean", "duration", v.CycleTime.Mean, pick(func(f *simulate.Figures) *simulate.Est { return f.CycleTime.Mean }))
	sv.add("Cycle time, p50", "duration", v.CycleTime.P50, pick(func(f *simulate.Figures) *simulate.Est { return f.CycleTime.P50 }))
	sv.add("Cycle time, p90", "duration", v.CycleTime.P90, pick(func(f *simulate.Figures) *simulate.Est { return f.CycleTime.P90 }))
	sv.add("Orders in process (mean)", "count", v.WIP.Mean, pick(func(f *simulate.Figures) *simulate.Est { return f.WIP.Mean }))
	sv.add("Orders within the SLA", "share", v.SLAAttainment, pick(func(f *simulate.Figures) *simulate.Est { return f.SLAAttainment }))
	sv.addSteps(v.Steps, d)
	for i, o := range v.Owners {
		var do *simulate.Est
		if d != nil && i < len(d.Owners) {
			do = d.Owners[i].Utilization
		}
		sv.add("Utilization of "+o.ID, "share", o.Utilization, do)
	}
	sv.addPeaks(v.Peaks, d)
	return sv
}

// add appends a metric of the kind named (count, rate, duration, share)
// with its estimate e and its difference from the base, if any; nothing
// when e is nil.
func (sv *SimVariant) add(name, kind string, e, diff *simulate.Est) {
	if e == nil {
		return
	}
	m := SimMetric{Name: name, Kind: kind, Est: est(e)}
	if diff != nil {
		d := est(diff)
		m.Diff = &d
	}
	sv.Metrics = append(sv.Metrics, m)
}

// addSteps adds each step's wait and queue, with the differences from the
// base in d (nil for the base).
func (sv *SimVariant) addSteps(steps []simulate.StepFigures, d *simulate.Figures) {
	for i, st := range steps {
		var ds *simulate.StepFigures
		if d != nil && i < len(d.Steps) {
			ds = &d.Steps[i]
		}
		sd := func(f func(*simulate.StepFigures) *simulate.Est) *simulate.Est {
			if ds == nil {
				return nil
			}
			return f(ds)
		}
		sv.add("Wait before "+st.Name+", mean", "duration", st.Wait.Mean, sd(func(f *simulate.StepFigures) *simulate.Est { return f.Wait.Mean }))
		sv.add("Wait before "+st.Name+", mean, for busy staff", "duration", st.Wait.Busy, sd(func(f *simulate.StepFigures) *simulate.Est { return f.Wait.Busy }))
		sv.add("Wait before "+st.Name+", mean, for closed hours", "duration", st.Wait.ClosedHours, sd(func(f *simulate.StepFigures) *simulate.Est { return f.Wait.ClosedHours }))
		sv.add("Wait before "+st.Name+", p90", "duration", st.Wait.P90, sd(func(f *simulate.StepFigures) *simulate.Est { return f.Wait.P90 }))
		sv.add("Queue at "+st.Name+", mean", "count", st.QueueLength.Mean, sd(func(f *simulate.StepFigures) *simulate.Est { return f.QueueLength.Mean }))
	}
}

// addPeaks adds each peak's backlog and time to clear, with the
// differences from the base in d (nil for the base).
func (sv *SimVariant) addPeaks(peaks []simulate.PeakFigures, d *simulate.Figures) {
	for i, p := range peaks {
		var dp *simulate.PeakFigures
		if d != nil && i < len(d.Peaks) {
			dp = &d.Peaks[i]
		}
		pd := func(f func(*simulate.PeakFigures) *simulate.Est) *simulate.Est {
			if dp == nil {
				return nil
			}
			return f(dp)
		}
		label := fmt.Sprintf("Peak %d (%s)", i+1, peakTime(p.StartTime))
		sv.add(label+": in process at its end", "count", p.WIPAtEnd, pd(func(f *simulate.PeakFigures) *simulate.Est { return f.WIPAtEnd }))
		sv.add(label+": waiting at its end", "count", p.QueueAtEnd, pd(func(f *simulate.PeakFigures) *simulate.Est { return f.QueueAtEnd }))
		sv.add(label+": time to clear", "duration", p.ClearSeconds, pd(func(f *simulate.PeakFigures) *simulate.Est { return f.ClearSeconds }))
	}
}

func est(e *simulate.Est) Estimate {
	w := Estimate{Mean: e.Mean}
	if e.CI95 != nil {
		w.Low, w.High, w.HasCI = e.CI95[0], e.CI95[1], true
	}
	return w
}

func estText(e *simulate.Est, f func(float64) string) string {
	if e == nil {
		return "n/a"
	}
	if e.CI95 == nil {
		return f(e.Mean)
	}
	return fmt.Sprintf("%s [%s – %s]", f(e.Mean), f(e.CI95[0]), f(e.CI95[1]))
}

func diffText(e *simulate.Est, f func(float64) string) string {
	sign := func(v float64) string {
		if v < 0 {
			return "−" + f(-v)
		}
		return "+" + f(v)
	}
	if e.CI95 == nil {
		return sign(e.Mean)
	}
	return fmt.Sprintf("%s (%s to %s)", sign(e.Mean), sign(e.CI95[0]), sign(e.CI95[1]))
}

func peakTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.Format("Mon 2 Jan 15:04")
}
