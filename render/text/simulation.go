package text

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate"
)

// Simulation writes the summary of `flowmap simulate`: the scenario, the
// base variant's figures with their 95% intervals (where the queue builds,
// utilization, the backlog after each peak) and each what-if variant's
// difference from the base, or the table of a sweep. sc is the scenario that was run.
func Simulation(w io.Writer, sc *simulate.Scenario, res *simulate.Result) error {
	s := simSummary{sc: sc, res: res, base: &res.Variants[0], start: sc.Start}
	if s.start.IsZero() {
		s.start = simulate.DefaultStart
	}
	s.scenario()
	s.load()
	s.p("BASE\n")
	s.baseFigures()
	s.queues()
	s.utilization()
	s.peaks()
	switch {
	case res.Sweep != nil:
		s.sweep(res.Sweep)
	case len(res.Variants) > 1:
		s.p("\nWHAT IF (difference from base, same random numbers)\n")
		for i := range res.Variants[1:] {
			s.variant(&res.Variants[1+i])
		}
	}
	_, err := w.Write(safe(s.b.Bytes()))
	return err
}

// simSummary is the text summary of a simulation being written.
type simSummary struct {
	b     bytes.Buffer
	sc    *simulate.Scenario
	res   *simulate.Result
	base  *simulate.VariantResult
	start time.Time // when the simulation starts
}

// units is the plural of what a case is ("orders", else "cases").
func (s *simSummary) units() string { return mapping.Plural(s.res.Scenario.Unit) }

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}

func (s *simSummary) p(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

func (s *simSummary) table() *tabwriter.Writer { return tabwriter.NewWriter(&s.b, 0, 0, 2, ' ', 0) }

// scenario writes what was run: process, replications, seed, the
// statistics window and the arrivals.
func (s *simSummary) scenario() {
	sc, in := s.sc, s.res.Scenario
	s.p("%s — %d replications, seed %d\n", in.Process, in.Replications, in.Seed)
	win := ""
	if w := s.base.WindowSeconds; w != nil {
		from := s.start.Add(time.Duration(sc.Warmup * 1e9))
		win = fmt.Sprintf("statistics from %s for %s", when(from), format.DurationSymmetric(w.Mean))
		if sc.Warmup > 0 {
			win += " after a " + format.DurationSymmetric(sc.Warmup) + " warm-up"
		}
	}
	s.p("Simulated from %s; %s.\n", when(s.start), win)
	s.p("Arrivals: %s", arrivalText(sc))
	s.p("\nFigures are means over replications, with 95%% confidence intervals in brackets.\n\n")
}

// load writes the base's offered load per staffed pool, computed before
// the run, when a pool is above simulate.LoadWarnThreshold, and a warning
// for each pool offered more work than it has working time.
func (s *simSummary) load() {
	show := false
	for _, l := range s.base.Load {
		show = show || l.Utilization > simulate.LoadWarnThreshold
	}
	if !show {
		return
	}
	s.p("Load before the run (work offered at the mean arrival rate, against working hours):\n")
	tw := s.table()
	for _, l := range s.base.Load {
		cal := ""
		if l.Calendar != "" {
			cal = ", " + l.Calendar
		}
		peak := ""
		if math.Round(l.PeakUtilization*100) > math.Round(l.Utilization*100) {
			peak = "\t" + format.PercentStrict(l.PeakUtilization) + " at the peak rate"
		}
		fmt.Fprintf(tw, "  %s (%d%s)\t%s of %s h a week\t%s%s\n", l.Pool, l.Capacity, cal, format.Number(l.OfferedHoursPerWeek),
			format.Number(l.AvailableHoursPerWeek), format.PercentStrict(l.Utilization), peak)
	}
	tw.Flush()
	for _, l := range s.base.Load {
		if w := l.Warning(); w != "" {
			s.p("WARNING: %s.\n", w)
		}
	}
	s.p("\n")
}

// baseFigures writes the base variant's orders, throughput, cycle time,
// SLA and work in process.
func (s *simSummary) baseFigures() {
	base, in := s.base, s.res.Scenario
	tw := s.table()
	c := base.Cases
	fmt.Fprintf(tw, "  %s\t%s arrived, %s completed, %s blocked (turned away at a full queue)\n", capitalize(s.units()), count(c.Arrived), count(c.Completed), count(c.Blocked))
	tp, unit := throughput(base.Throughput)
	fmt.Fprintf(tw, "  Throughput\t%s %s %s\n", num(tp), unit, ci(tp, num))
	ct := base.CycleTime
	fmt.Fprintf(tw, "  Cycle time\tp50 %s %s, p90 %s %s, mean %s\n", dur(ct.P50), ci(ct.P50, dur), dur(ct.P90), ci(ct.P90, dur), dur(ct.Mean))
	if base.SLAAttainment != nil && in.SLA != nil {
		fmt.Fprintf(tw, "  SLA %s\t%s of %s on time %s; %s late %s\n", format.DurationSymmetric(*in.SLA), pct(base.SLAAttainment), s.units(), ci(base.SLAAttainment, pct),
			count(base.SLAMissed), ci(base.SLAMissed, count))
	}
	fmt.Fprintf(tw, "  In process\t%s %s on average %s\n", num(base.WIP.Mean), s.units(), ci(base.WIP.Mean, num))
	tw.Flush()
}

// queues writes where the queue builds: the base's steps by mean wait.
func (s *simSummary) queues() {
	steps := append([]simulate.StepFigures(nil), s.base.Steps...)
	sort.SliceStable(steps, func(i, j int) bool { return val(steps[i].Wait.Mean) > val(steps[j].Wait.Mean) })
	s.p("\n  Where the queue builds (wait per visit before work starts):\n")
	tw := s.table()
	fmt.Fprintf(tw, "    step\tmean wait\tbusy / closed hours\tp90 wait\twaited\tavg queue\tmax queue\tutilization\n")
	shown := 0
	for _, st := range steps {
		if val(st.Wait.Mean) <= 0 || shown == 6 {
			continue
		}
		shown++
		util := "unlimited"
		if st.Utilization != nil {
			util = pct(st.Utilization)
		}
		fmt.Fprintf(tw, "    %s\t%s %s\t%s / %s\t%s\t%s\t%s\t%s\t%s\n", st.Name, dur(st.Wait.Mean), ci(st.Wait.Mean, dur),
			dur(st.Wait.Busy), dur(st.Wait.ClosedHours), dur(st.Wait.P90), pct(st.PWait),
			num(st.QueueLength.Mean), count(st.QueueLength.Max), util)
	}
	tw.Flush()
	if shown == 0 {
		s.p("    no step makes cases wait\n")
	}
}

// utilization writes the base's utilization of each staffed pool: owners
// with limited capacity, then steps with their own pool.
func (s *simSummary) utilization() {
	sc := s.sc
	s.p("\n  Utilization of staffed pools (share of working time busy):\n")
	tw := s.table()
	pools := 0
	for _, o := range s.base.Owners {
		if o.Utilization == nil {
			continue
		}
		pools++
		own, _ := sc.Map.Owner(o.ID)
		cal := ""
		if own != nil && own.Calendar != nil {
			cal = ", " + own.Calendar.Text
		}
		fmt.Fprintf(tw, "    %s (%d%s)\t%s %s\n", o.ID, own.Capacity, cal, pct(o.Utilization), ci(o.Utilization, pct))
	}
	for i, st := range s.base.Steps {
		if st.Pool == st.ID && st.Utilization != nil {
			pools++
			fmt.Fprintf(tw, "    %s (%d, own pool)\t%s %s\n", st.ID, sc.Map.Steps[i].Capacity, pct(st.Utilization), ci(st.Utilization, pct))
		}
	}
	tw.Flush()
	if pools == 0 {
		s.p("    no step has limited capacity\n")
	}
}

// peaks writes the base's backlog after each arrival peak and how long it
// takes to clear.
func (s *simSummary) peaks() {
	reps := s.res.Scenario.Replications
	for i, pk := range s.base.Peaks {
		f := s.sc.Arrivals.Peaks[i].Factor
		s.p("\n  Peak %s, %s:\n", format.Factor(f), span(s.start.Add(time.Duration(pk.Start*1e9)), s.start.Add(time.Duration(pk.End*1e9))))
		s.p("    backlog when it ends: %s %s in process %s (%s before it), %s of them waiting\n",
			count(pk.WIPAtEnd), s.units(), ci(pk.WIPAtEnd, count), count(pk.WIPAtStart), count(pk.QueueAtEnd))
		switch {
		case pk.ClearSeconds == nil:
			s.p("    the backlog does not return to its level before the peak within the statistics window\n")
		default:
			s.p("    back to the level before the peak after %s %s", dur(pk.ClearSeconds), ci(pk.ClearSeconds, dur))
			if pk.Cleared < reps {
				s.p(" in the %d of %d replications where it did", pk.Cleared, reps)
			}
			s.p("\n")
		}
	}
}

// variant writes a what-if variant's differences from the base: cycle
// time, SLA, throughput, the waits that clearly changed, utilization and
// the peaks.
func (s *simSummary) variant(v *simulate.VariantResult) {
	s.p("\n  %s", v.Name)
	if !strings.HasPrefix(v.Name, "--set") {
		s.p(" (%s)", strings.Join(v.Set, ", "))
	}
	s.p(":\n")
	for _, l := range v.Load {
		if w := l.Warning(); w != "" {
			s.p("    WARNING: %s.\n", w)
		}
	}
	d := v.DifferenceFromBase
	tw := s.table()
	diffLine(tw, "p90 cycle time", d.CycleTime.P90, sdur, dur(v.CycleTime.P90))
	diffLine(tw, "p50 cycle time", d.CycleTime.P50, sdur, dur(v.CycleTime.P50))
	if d.SLAAttainment != nil {
		diffLine(tw, "on time (SLA)", d.SLAAttainment, spts, pct(v.SLAAttainment))
		diffLine(tw, "late "+s.units(), d.SLAMissed, scount, count(v.SLAMissed))
	}
	if tp, unit := throughput(s.base.Throughput); unit == "per day" && tp != nil {
		diffLine(tw, "throughput per day", scaled(d.Throughput, 24), snum, num(scaled(v.Throughput, 24)))
	} else {
		diffLine(tw, "throughput per hour", d.Throughput, snum, num(v.Throughput))
	}
	for k, i := range changedWaits(d) {
		if k == 4 {
			break
		}
		diffLine(tw, "wait at "+d.Steps[i].Name, d.Steps[i].Wait.Mean, sdur, dur(v.Steps[i].Wait.Mean))
	}
	for i, o := range d.Owners {
		if e := o.Utilization; e != nil && math.Abs(e.Mean) >= 0.0005 {
			diffLine(tw, o.ID+" utilization", e, spts, pct(v.Owners[i].Utilization))
		}
	}
	for i, pk := range d.Peaks {
		diffLine(tw, fmt.Sprintf("%s waiting after peak %d", s.units(), i+1), pk.QueueAtEnd, scount, count(v.Peaks[i].QueueAtEnd))
		diffLine(tw, fmt.Sprintf("in process after peak %d", i+1), pk.WIPAtEnd, scount, count(v.Peaks[i].WIPAtEnd))
		diffLine(tw, fmt.Sprintf("time to clear peak %d", i+1), pk.ClearSeconds, sdur, dur(v.Peaks[i].ClearSeconds))
	}
	tw.Flush()
}

// diffLine writes one difference from the base, if there is one: what, the
// difference e as f writes it, its range, and the variant's figure now.
func diffLine(tw io.Writer, what string, e *simulate.Est, f func(*simulate.Est) string, now string) {
	if e == nil {
		return
	}
	fmt.Fprintf(tw, "    %s\t%s\t(%s)\t→ %s\n", what, f(e), diffRange(e, f), now)
}

// changedWaits returns the indices of the steps whose mean wait clearly
// changed (the 95% interval excludes zero, by a second or more), largest
// change first.
func changedWaits(d *simulate.Figures) []int {
	idx := []int{}
	for i, st := range d.Steps {
		if e := st.Wait.Mean; e != nil && e.CI95 != nil && (e.CI95[0] > 0 || e.CI95[1] < 0) && math.Abs(e.Mean) >= 1 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return math.Abs(d.Steps[idx[a]].Wait.Mean.Mean) > math.Abs(d.Steps[idx[b]].Wait.Mean.Mean)
	})
	return idx
}

// throughput is a throughput per hour in the unit that reads: per hour,
// or per day when the hourly figure would round to 0.
func throughput(e *simulate.Est) (*simulate.Est, string) {
	if e == nil || e.Mean == 0 || num(e) != "0" {
		return e, "per hour"
	}
	return scaled(e, 24), "per day"
}

// scaled is e times k, interval included.
func scaled(e *simulate.Est, k float64) *simulate.Est {
	if e == nil {
		return nil
	}
	d := &simulate.Est{Mean: e.Mean * k, N: e.N}
	if e.CI95 != nil {
		d.CI95 = &[2]float64{e.CI95[0] * k, e.CI95[1] * k}
	}
	return d
}

func arrivalText(sc *simulate.Scenario) string {
	a := sc.Arrivals
	var parts []string
	if a.Interarrival != nil {
		parts = append(parts, "one every "+a.Interarrival.String())
	} else {
		parts = append(parts, format.Rate(a.Rate)+" (Poisson)")
	}
	for _, f := range a.Profile {
		parts = append(parts, format.Factor(f.Factor)+" "+f.Spec)
	}
	start := sc.Start
	if start.IsZero() {
		start = simulate.DefaultStart
	}
	for _, pk := range a.Peaks {
		parts = append(parts, fmt.Sprintf("%s for %s from %s", format.Factor(pk.Factor), format.DurationSymmetric(pk.Duration), when(start.Add(time.Duration(pk.Start*1e9)))))
	}
	stop := ""
	switch {
	case sc.Horizon > 0 && sc.Cases > 0:
		stop = fmt.Sprintf("; until %s or %d %s", format.DurationSymmetric(sc.Horizon), sc.Cases, sc.Map.Units())
	case sc.Horizon > 0:
		stop = "; for " + format.DurationSymmetric(sc.Horizon)
	default:
		stop = fmt.Sprintf("; %d %s", sc.Cases, sc.Map.Units())
	}
	return strings.Join(parts, ", ") + stop + ".\n"
}

func when(t time.Time) string  { return t.Format("Mon 2 Jan 2006 15:04") }
func clock(t time.Time) string { return t.Format("15:04") }

// span reads "Fri 27 Nov 2026 09:00 to 11:00", with the end's date too when
// the period ends on another day.
func span(from, to time.Time) string {
	y1, m1, d1 := from.Date()
	y2, m2, d2 := to.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return when(from) + " to " + clock(to)
	}
	return when(from) + " to " + when(to)
}

func val(e *simulate.Est) float64 {
	if e == nil {
		return math.Inf(-1)
	}
	return e.Mean
}

func dur(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	return format.DurationSymmetric(e.Mean)
}
func num(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	return format.Number(e.Mean)
}
func count(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	return format.Count(e.Mean)
}
func pct(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	return format.PercentStrict(e.Mean)
}

// ci renders an interval "[lo – hi]" in f's format ("" with one replication).
func ci(e *simulate.Est, f func(*simulate.Est) string) string {
	if e == nil || e.CI95 == nil {
		return ""
	}
	if isDur(f) { // one unit for both ends
		return "[" + format.DurationRange(e.CI95[0], e.CI95[1], false, " – ") + "]"
	}
	return "[" + f(&simulate.Est{Mean: e.CI95[0]}) + " – " + f(&simulate.Est{Mean: e.CI95[1]}) + "]"
}

// Signed formats for differences: "−3.1 h", "+12 pts".
func sdur(e *simulate.Est) string   { return format.Signed(e.Mean, format.DurationSymmetric(e.Mean)) }
func snum(e *simulate.Est) string   { return format.Signed(e.Mean, num(e)) }
func scount(e *simulate.Est) string { return format.Signed(e.Mean, count(e)) }
func spts(e *simulate.Est) string   { return format.Signed(e.Mean, format.Points(e.Mean)) }

// diffRange renders a difference's interval in plain words: "−3.8 to −2.4 h".
func diffRange(e *simulate.Est, f func(*simulate.Est) string) string {
	if e.CI95 == nil {
		return "one replication: no interval"
	}
	lo, hi := e.CI95[0], e.CI95[1]
	var s string
	if isDur(f) {
		s = format.DurationRange(lo, hi, true, " to ")
	} else {
		s = f(&simulate.Est{Mean: lo}) + " to " + f(&simulate.Est{Mean: hi})
	}
	if lo <= 0 && hi >= 0 {
		s += "; could be no change"
	}
	return s
}

// isDur tells the duration formatters apart (ranges share one unit).
func isDur(f func(*simulate.Est) string) bool {
	return strings.HasSuffix(f(&simulate.Est{Mean: 7200}), " h")
}
