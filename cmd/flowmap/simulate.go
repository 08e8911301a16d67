package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/workbook"
	"github.com/flowmap/flowmap/simulate"
)

type simulateOptions struct {
	File         string
	Sets         []string
	Replications int
	Seed         uint64
	SeedSet      bool
	JSON         bool
	Events       string
	Workers      int
	Quiet        bool
	Output       string
}

func newSimulateCmd(s Streams) *cobra.Command {
	opts := &simulateOptions{}
	cmd := &cobra.Command{
		Use:   "simulate SCENARIO",
		Short: "Project peak load and what-if changes with a discrete-event simulation",
		Long: `Simulates a scenario: a process map (durations, staffing, calendars, branch
probabilities) with arrivals (a rate, a weekly profile, dated peaks such as a
flash sale), for a horizon after a warm-up, over several replications. It
reports throughput, cycle time, where the queue builds, utilization, the
backlog after each peak and when it clears, and SLA attainment, each with a
95% confidence interval over the replications.

What-if variants come from the scenario's variants: list, or from --set
PATH=VALUE (all --set flags together make one variant). Each variant is
compared with the base using the same random numbers, so the differences
shown are the changes' effect, not noise. Paths:
  OWNER.capacity=6            OWNER.calendar="Mon-Sat 07:00-19:00"
  STEP.capacity=2             STEP.duration=30s | "{dist: exponential, mean: 5m}"
  STEP.automated=true         STEP.queue_limit=20       STEP.sla=4h
  STEP.next.TO.p=0.1          sla=24h
  arrivals.rate=8/min         arrivals.peaks[0].factor=5

Same seed, same results, on any number of cores.`,
		Example: `  flowmap simulate examples/flash-sale.yaml
  flowmap simulate examples/flash-sale.yaml --set warehouse.capacity=6 --set generate_label.automated=true
  flowmap simulate examples/what-if.yaml --replications 20 --seed 7 --json
  flowmap simulate examples/flash-sale.yaml --events sim.csv && flowmap analyze sim.csv --map examples/order-fulfillment.yaml`,
		Args: exactArgs(1, "one scenario file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.SeedSet = cmd.Flags().Changed("seed")
			if cmd.Flags().Changed("replications") && (opts.Replications < 1 || opts.Replications > 10000) {
				return usageError{fmt.Errorf("--replications must be between 1 and 10000")}
			}
			if opts.Workers < 0 {
				return usageError{fmt.Errorf("--workers must be at least 1 (0 = all cores)")}
			}
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if opts.Output != "" && !strings.HasSuffix(strings.ToLower(opts.Output), ".xlsx") {
				return usageError{fmt.Errorf("-o %s: the workbook must end in .xlsx", opts.Output)}
			}
			return runSimulate(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.Sets, "set", nil, "what-if change PATH=VALUE (repeatable; together they form one variant)")
	f.IntVar(&opts.Replications, "replications", 0, "replications (default: the scenario's, else 10)")
	f.Uint64Var(&opts.Seed, "seed", 0, "random seed (default: the scenario's)")
	f.BoolVar(&opts.JSON, "json", false, "print JSON (stable field names) instead of a summary")
	f.StringVar(&opts.Events, "events", "", "write the simulated event log (replication 1 of the base) to this CSV file")
	f.StringVarP(&opts.Output, "output", "o", "", "also write an Excel workbook (sim.xlsx) with every variant and its confidence intervals")
	f.IntVar(&opts.Workers, "workers", 0, "replications run in parallel (0 = all cores)")
	return cmd
}

func runSimulate(ctx context.Context, opts *simulateOptions, s Streams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	sc, err := loadScenario(opts.File, opts.Sets, s)
	if err != nil {
		return err
	}
	if opts.Replications > 0 {
		sc.Replications = opts.Replications
	}
	if opts.SeedSet {
		sc.Seed = opts.Seed
	}
	ro := simulate.Options{Workers: opts.Workers}
	var events *os.File
	if opts.Events != "" {
		events, err = os.Create(opts.Events)
		if err != nil {
			return err
		}
		defer events.Close()
		ro.Events = events
	}
	if !opts.Quiet && isTerminal(s.Err) {
		start := time.Now()
		ro.Progress = func(done, total int) {
			if time.Since(start) > 300*time.Millisecond {
				fmt.Fprintf(s.Err, "\rsimulating: %d of %d replications", done, total)
				if done == total {
					fmt.Fprint(s.Err, "\r\033[K")
				}
			}
		}
	}
	res, err := simulate.Run(ctx, sc, ro)
	if err != nil {
		return reportInvalid(err, s)
	}
	if events != nil {
		if err := events.Close(); err != nil {
			return err
		}
		fmt.Fprintf(s.Err, "wrote %s (event log of replication 1 of the base variant; it covers the whole run, warm-up and drain included, so its figures differ from the window above)\n", opts.Events)
	}
	if opts.Output != "" {
		in := workbook.Input{Map: sc.Map, MapFile: opts.File, Simulation: workbookSimulation(opts.File, res), Command: "flowmap simulate " + opts.File}
		in.MapStats, _ = mapping.ComputeStats(sc.Map)
		if err := writeWorkbook(opts.Output, in, diagram.MapDOT(sc.Map, diagram.LanesOwner)); err != nil {
			return err
		}
		fmt.Fprintf(s.Err, "wrote %s\n", opts.Output)
	}
	if opts.JSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return writeSimulateText(s, sc, res)
}

// reportInvalid prints a list of problems (exit 3) or returns other errors.
func reportInvalid(err error, s Streams) error {
	var list mapping.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(s.Err, e)
		}
		return silentError{exitInvalid}
	}
	if errors.Is(err, os.ErrNotExist) {
		return invalidInput{err}
	}
	return err
}

func writeSimulateText(s Streams, sc *simulate.Scenario, res *simulate.Result) error {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	start := sc.Start
	if start.IsZero() {
		start = simulate.DefaultStart
	}
	base := &res.Variants[0]
	in := res.Scenario
	p("%s — %d replications, seed %d\n", in.Process, in.Replications, in.Seed)
	win := ""
	if w := base.WindowSeconds; w != nil {
		from := start.Add(time.Duration(sc.Warmup * 1e9))
		win = fmt.Sprintf("statistics from %s for %s", when(from), human(w.Mean))
		if sc.Warmup > 0 {
			win += " after a " + human(sc.Warmup) + " warm-up"
		}
	}
	p("Simulated from %s; %s.\n", when(start), win)
	p("Arrivals: %s", arrivalText(sc))
	p("\nFigures are means over replications, with 95%% confidence intervals in brackets.\n\n")

	p("BASE\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	c := base.Cases
	fmt.Fprintf(tw, "  Orders\t%s arrived, %s completed, %s blocked (turned away at a full queue)\n", count(c.Arrived), count(c.Completed), count(c.Blocked))
	fmt.Fprintf(tw, "  Throughput\t%s per hour %s\n", num(base.Throughput), ci(base.Throughput, num))
	ct := base.CycleTime
	fmt.Fprintf(tw, "  Cycle time\tp50 %s %s, p90 %s %s, mean %s\n", dur(ct.P50), ci(ct.P50, dur), dur(ct.P90), ci(ct.P90, dur), dur(ct.Mean))
	if base.SLAAttainment != nil && in.SLA != nil {
		fmt.Fprintf(tw, "  SLA %s\t%s of orders on time %s; %s late %s\n", human(*in.SLA), pct(base.SLAAttainment), ci(base.SLAAttainment, pct),
			count(base.SLAMissed), ci(base.SLAMissed, count))
	}
	fmt.Fprintf(tw, "  In process\t%s orders on average %s\n", num(base.WIP.Mean), ci(base.WIP.Mean, num))
	tw.Flush()

	// Where the queue builds: steps by mean wait.
	steps := append([]simulate.StepFigures(nil), base.Steps...)
	sort.SliceStable(steps, func(i, j int) bool { return val(steps[i].Wait.Mean) > val(steps[j].Wait.Mean) })
	p("\n  Where the queue builds (wait per visit before work starts):\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "    step\tmean wait\tp90 wait\twaited\tavg queue\tmax queue\tutilization\n")
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
		fmt.Fprintf(tw, "    %s\t%s %s\t%s\t%s\t%s\t%s\t%s\n", st.Name, dur(st.Wait.Mean), ci(st.Wait.Mean, dur), dur(st.Wait.P90), pct(st.PWait),
			num(st.QueueLength.Mean), count(st.QueueLength.Max), util)
	}
	tw.Flush()
	if shown == 0 {
		p("    no step makes cases wait\n")
	}

	p("\n  Utilization of staffed pools (share of working time busy):\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	pools := 0
	for _, o := range base.Owners {
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
	for i, st := range base.Steps {
		if st.Pool == st.ID && st.Utilization != nil {
			pools++
			fmt.Fprintf(tw, "    %s (%d, own pool)\t%s %s\n", st.ID, sc.Map.Steps[i].Capacity, pct(st.Utilization), ci(st.Utilization, pct))
		}
	}
	tw.Flush()
	if pools == 0 {
		p("    no step has limited capacity\n")
	}

	for i, pk := range base.Peaks {
		f := sc.Arrivals.Peaks[i].Factor
		p("\n  Peak x%s, %s to %s:\n", strconv.FormatFloat(f, 'f', -1, 64), when(start.Add(time.Duration(pk.Start*1e9))), clock(start.Add(time.Duration(pk.End*1e9))))
		p("    backlog when it ends: %s orders in process %s (%s before it), %s of them waiting\n",
			count(pk.WIPAtEnd), ci(pk.WIPAtEnd, count), count(pk.WIPAtStart), count(pk.QueueAtEnd))
		switch {
		case pk.ClearSeconds == nil:
			p("    the backlog does not return to its level before the peak within the statistics window\n")
		default:
			p("    back to the level before the peak after %s %s", dur(pk.ClearSeconds), ci(pk.ClearSeconds, dur))
			if pk.Cleared < in.Replications {
				p(" in the %d of %d replications where it did", pk.Cleared, in.Replications)
			}
			p("\n")
		}
	}

	if len(res.Variants) > 1 {
		p("\nWHAT IF (difference from base, same random numbers)\n")
	}
	for _, v := range res.Variants[1:] {
		p("\n  %s", v.Name)
		if !strings.HasPrefix(v.Name, "--set") {
			p(" (%s)", strings.Join(v.Set, ", "))
		}
		p(":\n")
		d := v.DifferenceFromBase
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		line := func(what string, e *simulate.Est, f func(*simulate.Est) string, now string) {
			if e == nil {
				return
			}
			fmt.Fprintf(tw, "    %s\t%s\t(%s)\t→ %s\n", what, f(e), diffRange(e, f), now)
		}
		line("p90 cycle time", d.CycleTime.P90, sdur, dur(v.CycleTime.P90))
		line("p50 cycle time", d.CycleTime.P50, sdur, dur(v.CycleTime.P50))
		if d.SLAAttainment != nil {
			line("on time (SLA)", d.SLAAttainment, spts, pct(v.SLAAttainment))
			line("late orders", d.SLAMissed, scount, count(v.SLAMissed))
		}
		line("throughput per hour", d.Throughput, snum, num(v.Throughput))
		// Waits that clearly changed, largest first.
		idx := []int{}
		for i, st := range d.Steps {
			if e := st.Wait.Mean; e != nil && e.CI95 != nil && (e.CI95[0] > 0 || e.CI95[1] < 0) && math.Abs(e.Mean) >= 1 {
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool {
			return math.Abs(d.Steps[idx[a]].Wait.Mean.Mean) > math.Abs(d.Steps[idx[b]].Wait.Mean.Mean)
		})
		for k, i := range idx {
			if k == 4 {
				break
			}
			line("wait at "+d.Steps[i].Name, d.Steps[i].Wait.Mean, sdur, dur(v.Steps[i].Wait.Mean))
		}
		for i, o := range d.Owners {
			if e := o.Utilization; e != nil && math.Abs(e.Mean) >= 0.0005 {
				line(o.ID+" utilization", e, spts, pct(v.Owners[i].Utilization))
			}
		}
		for i, pk := range d.Peaks {
			line(fmt.Sprintf("orders waiting after peak %d", i+1), pk.QueueAtEnd, scount, count(v.Peaks[i].QueueAtEnd))
			line(fmt.Sprintf("in process after peak %d", i+1), pk.WIPAtEnd, scount, count(v.Peaks[i].WIPAtEnd))
			line(fmt.Sprintf("time to clear peak %d", i+1), pk.ClearSeconds, sdur, dur(v.Peaks[i].ClearSeconds))
		}
		tw.Flush()
	}
	_, err := s.Out.Write(b.Bytes())
	return err
}

func arrivalText(sc *simulate.Scenario) string {
	a := sc.Arrivals
	var parts []string
	if a.Interarrival != nil {
		parts = append(parts, "one every "+a.Interarrival.String())
	} else {
		parts = append(parts, rateText(a.Rate)+" (Poisson)")
	}
	for _, f := range a.Profile {
		parts = append(parts, fmt.Sprintf("x%s %s", strconv.FormatFloat(f.Factor, 'f', -1, 64), f.Spec))
	}
	start := sc.Start
	if start.IsZero() {
		start = simulate.DefaultStart
	}
	for _, pk := range a.Peaks {
		parts = append(parts, fmt.Sprintf("x%s for %s from %s", strconv.FormatFloat(pk.Factor, 'f', -1, 64), human(pk.Duration), when(start.Add(time.Duration(pk.Start*1e9)))))
	}
	stop := ""
	switch {
	case sc.Horizon > 0 && sc.Cases > 0:
		stop = fmt.Sprintf("; until %s or %d orders", human(sc.Horizon), sc.Cases)
	case sc.Horizon > 0:
		stop = "; for " + human(sc.Horizon)
	default:
		stop = fmt.Sprintf("; %d orders", sc.Cases)
	}
	return strings.Join(parts, ", ") + stop + ".\n"
}

func rateText(perSec float64) string {
	switch h := perSec * 3600; {
	case h >= 600:
		return trim(perSec*60) + " per minute"
	case h >= 1:
		return trim(h) + " per hour"
	default:
		return trim(h*24) + " per day"
	}
}

func trim(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func when(t time.Time) string  { return t.Format("Mon 2 Jan 2006 15:04") }
func clock(t time.Time) string { return t.Format("15:04") }

func val(e *simulate.Est) float64 {
	if e == nil {
		return math.Inf(-1)
	}
	return e.Mean
}

// human renders seconds like format.Duration but without the space.
func human(sec float64) string {
	u, div := unitOf(sec)
	return fmtUnit(sec/div, u)
}

func unitOf(sec float64) (string, float64) {
	switch a := math.Abs(sec); {
	case a >= 86400:
		return "d", 86400
	case a >= 3600:
		return "h", 3600
	case a >= 60:
		return "min", 60
	}
	return "s", 1
}

func fmtUnit(v float64, unit string) string {
	if math.Abs(v) >= 10 {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64) + " " + unit
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " " + unit
}

func dur(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	return human(e.Mean)
}
func num(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	if math.Abs(e.Mean) >= 100 {
		return strconv.FormatFloat(math.Round(e.Mean), 'f', -1, 64)
	}
	return strconv.FormatFloat(math.Round(e.Mean*10)/10, 'f', -1, 64)
}
func count(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	return strconv.FormatFloat(math.Round(e.Mean), 'f', -1, 64)
}
func pct(e *simulate.Est) string {
	if e == nil {
		return "–"
	}
	if v := e.Mean * 100; v > 99 && v < 100 || v > 0 && v < 1 { // never round to 100% or 0%
		return strconv.FormatFloat(math.Floor(v*10)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(e.Mean*100), 'f', -1, 64) + "%"
}

// ci renders an interval "[lo – hi]" in f's format ("" with one replication).
func ci(e *simulate.Est, f func(*simulate.Est) string) string {
	if e == nil || e.CI95 == nil {
		return ""
	}
	if isDur(f) { // one unit for both ends
		return "[" + durRange(e.CI95[0], e.CI95[1], false, " – ") + "]"
	}
	return "[" + f(&simulate.Est{Mean: e.CI95[0]}) + " – " + f(&simulate.Est{Mean: e.CI95[1]}) + "]"
}

// durRange renders two durations in the unit of the larger: "3.8 – 2.4 h".
func durRange(lo, hi float64, sign bool, sep string) string {
	u, div := unitOf(math.Max(math.Abs(lo), math.Abs(hi)))
	n := func(v float64) string {
		s := strings.TrimSuffix(fmtUnit(v/div, ""), " ")
		if sign {
			return signed(v, s)
		}
		return s
	}
	return n(lo) + sep + n(hi) + " " + u
}

// Signed formats for differences: "−3.1 h", "+12 pts".
func sdur(e *simulate.Est) string   { return signed(e.Mean, human(e.Mean)) }
func snum(e *simulate.Est) string   { return signed(e.Mean, num(e)) }
func scount(e *simulate.Est) string { return signed(e.Mean, count(e)) }
func spts(e *simulate.Est) string {
	return signed(e.Mean, strconv.FormatFloat(math.Round(e.Mean*1000)/10, 'f', -1, 64)+" pts")
}

// signed puts a sign on a formatted magnitude: "−" (a minus sign), "+",
// or "±" when it rounds to zero.
func signed(v float64, s string) string {
	s = strings.TrimPrefix(s, "-")
	if f, err := strconv.ParseFloat(strings.Fields(s + " x")[0], 64); err == nil && f == 0 {
		return "±" + s
	}
	if v < 0 {
		return "−" + s
	}
	return "+" + s
}

// diffRange renders a difference's interval in plain words: "−3.8 to −2.4 h".
func diffRange(e *simulate.Est, f func(*simulate.Est) string) string {
	if e.CI95 == nil {
		return "one replication: no interval"
	}
	lo, hi := e.CI95[0], e.CI95[1]
	var s string
	if isDur(f) {
		s = durRange(lo, hi, true, " to ")
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
