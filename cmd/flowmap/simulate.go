package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/text"
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
	MaxEvents    int64
	Sweep        string
	Target       string
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

--sweep PATH=LO..HI (whole numbers) or PATH=[V1, V2, ...] runs one variant per
value (named PATH=VALUE, at most 50, with the --set changes applied to each;
the scenario's own variants are left out) and prints one table: p90 cycle
time, mean wait at the most loaded step, utilization of the swept pool, SLA
attainment and throughput per value. --target p90<=2d (or sla>=0.9, wait<=4h)
names the first value whose whole 95% interval meets the target.

Before the run, each staffed pool's load is computed from the scenario:
work offered a week (mean arrival rate × expected visits of its steps × mean
duration) against its working hours (capacity × calendar hours a week). A
pool offered more than 100% gets a warning on stderr, even with --json: its
queues grow without limit however long the run, and the warning names the
smallest capacity that is enough. The summary lists the loads when a pool is
above 85%; --json has them under each variant's "load" (pool, name, capacity,
calendar, setting, offered_hours_per_week, available_hours_per_week,
utilization, peak_utilization at the highest arrival rate, capacity_needed,
queue_limited).

Same seed, same results, on any number of cores.`,
		Example: `  flowmap simulate examples/flash-sale.yaml
  flowmap simulate examples/flash-sale.yaml --set warehouse.capacity=6 --set generate_label.automated=true
  flowmap simulate examples/flash-sale.yaml --sweep warehouse.capacity=3..6 --target 'p90<=2d'
  flowmap simulate examples/what-if.yaml --replications 20 --seed 7 --json
  flowmap simulate examples/flash-sale.yaml --events sim.csv && flowmap analyze sim.csv --map examples/order-fulfillment.yaml`,
		Args: exactArgs(1, "one scenario file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.SeedSet = cmd.Flags().Changed("seed")
			if cmd.Flags().Changed("replications") && (opts.Replications < 1 || opts.Replications > 10000) {
				return usageError{err: fmt.Errorf("--replications must be between 1 and 10000")}
			}
			if opts.MaxEvents < 0 {
				return usageError{err: fmt.Errorf("--max-events must be at least 1")}
			}
			if opts.Workers < 0 {
				return usageError{err: fmt.Errorf("--workers must be at least 1 (0 = all cores)")}
			}
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if err := guardOutputs([]string{opts.File}, opts.outputs()...); err != nil {
				return err
			}
			return runSimulate(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.Sets, "set", nil, "what-if change PATH=VALUE (repeatable; together they form one variant)")
	f.StringVar(&opts.Sweep, "sweep", "", "run one variant per value: PATH=LO..HI or PATH=[V1, V2] (e.g. warehouse.capacity=4..8)")
	f.StringVar(&opts.Target, "target", "", "with --sweep: the first value that meets p90<=DURATION, sla>=SHARE or wait<=DURATION")
	f.IntVar(&opts.Replications, "replications", 0, "replications (default: the scenario's, else 10)")
	f.Uint64Var(&opts.Seed, "seed", 0, "random seed (default: the scenario's)")
	f.BoolVar(&opts.JSON, "json", false, "print JSON (stable field names) instead of a summary")
	f.StringVar(&opts.Events, "events", "", "write the simulated event log (replication 1 of the base) to this CSV file")
	f.StringVarP(&opts.Output, "output", "o", "", "also write an Excel workbook (sim.xlsx) with every variant and its confidence intervals")
	f.IntVar(&opts.Workers, "workers", 0, "replications run in parallel (0 = all cores)")
	f.Int64Var(&opts.MaxEvents, "max-events", 0, "events one replication may simulate (default 50,000,000, or the scenario's max_events)")
	cmd.ValidArgsFunction = fileArgs(yamlExts...)
	completeFlags(cmd)
	return cmd
}

func (opts *simulateOptions) outputs() []output {
	return []output{{"--events", opts.Events, extEvents}, {"-o", opts.Output, extWorkbook}}
}

func runSimulate(ctx context.Context, opts *simulateOptions, s Streams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	sweep, target, err := opts.parseSweep()
	if err != nil {
		return err
	}
	sc, err := prepareScenario(opts, sweep, s)
	if err != nil {
		return err
	}
	res, err := runReplications(ctx, sc, opts, s)
	if err != nil {
		return err
	}
	if sweep != nil {
		res.Sweep = sweep.Summarize(res, target)
	}
	if opts.Output != "" {
		if err := writeSimulationWorkbook(ctx, sc, res, opts, s); err != nil {
			return err
		}
	}
	if opts.JSON {
		return writeJSON(s.Out, res)
	}
	return text.Simulation(s.Out, sc, res)
}

// prepareScenario reads the scenario with the command line's settings
// (--set, or a sweep's variants), checks the outputs against the
// scenario's own map, and warns on stderr — with --json too — about pools
// offered more work than their hours before anything runs.
func prepareScenario(opts *simulateOptions, sweep *simulate.Sweep, s Streams) (*simulate.Scenario, error) {
	sets := opts.Sets
	if sweep != nil {
		sets = nil // applied to every value of the sweep
	}
	sc, err := loadScenario(opts.File, sets, s)
	if err != nil {
		return nil, err
	}
	if sweep != nil {
		if err := applySweep(sc, sweep, opts, s); err != nil {
			return nil, err
		}
	}
	if err := guardOutputs([]string{sc.Map.File}, opts.outputs()...); err != nil {
		return nil, err // the scenario's own map file, known once it is read
	}
	if opts.Replications > 0 {
		sc.Replications = opts.Replications
	}
	if opts.SeedSet {
		sc.Seed = opts.Seed
	}
	if opts.MaxEvents > 0 {
		sc.MaxEvents = opts.MaxEvents
	}
	for _, w := range simulate.LoadWarnings(sc) {
		fmt.Fprintf(s.Err, "flowmap: warning: %s.\n", w)
	}
	return sc, nil
}

// runReplications runs the simulation with a progress line on a terminal,
// writing the event log of the base's first replication with --events.
func runReplications(ctx context.Context, sc *simulate.Scenario, opts *simulateOptions, s Streams) (*simulate.Result, error) {
	ro := simulate.Options{Workers: opts.Workers}
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
	var res *simulate.Result
	run := func(events io.Writer) error {
		ro.Events = events
		var err error
		if res, err = simulate.Run(ctx, sc, ro); err != nil {
			return reportInvalid(err, s)
		}
		return nil
	}
	if opts.Events == "" {
		return res, run(nil)
	}
	if err := writeOutput(opts.Events, run); err != nil {
		return nil, err
	}
	notef(s, opts.Quiet, "wrote %s (event log of replication 1 of the base variant; it covers the whole run, warm-up and drain included, so its figures differ from the window above)\n", opts.Events)
	return res, nil
}

// writeSimulationWorkbook writes -o: the map and the simulation's sheets.
func writeSimulationWorkbook(ctx context.Context, sc *simulate.Scenario, res *simulate.Result, opts *simulateOptions, s Streams) error {
	rep, err := report.Build(report.Options{Map: sc.Map, MapFile: opts.File, Lanes: diagram.LanesOwner,
		Simulation: workbook.NewSimulation(opts.File, res), Command: "flowmap simulate " + opts.File})
	if err != nil {
		return invalidInput{err}
	}
	if err := writeWorkbook(ctx, opts.Output, rep); err != nil {
		return err
	}
	notef(s, opts.Quiet, "wrote %s\n", opts.Output)
	return nil
}

// reportInvalid prints a list of problems (exit 3) or returns other errors.
func reportInvalid(err error, s Streams) error {
	if err = listProblems(err, s); errors.Is(err, os.ErrNotExist) {
		return invalidInput{err}
	}
	return err
}

// parseSweep reads --sweep and --target (nil, nil without --sweep).
func (opts *simulateOptions) parseSweep() (*simulate.Sweep, *simulate.Target, error) {
	if opts.Sweep == "" {
		if opts.Target != "" {
			return nil, nil, usageError{err: fmt.Errorf("--target needs --sweep: it names the first value of the sweep that meets it")}
		}
		return nil, nil, nil
	}
	sw, err := simulate.ParseSweep(opts.Sweep)
	if err != nil {
		return nil, nil, usageError{err: err}
	}
	if opts.Target == "" {
		return &sw, nil, nil
	}
	t, err := simulate.ParseTarget(opts.Target)
	if err != nil {
		return nil, nil, usageError{err: err}
	}
	return &sw, &t, nil
}

// applySweep replaces the scenario's variants by the sweep's, each with
// the --set changes, and checks them.
func applySweep(sc *simulate.Scenario, sw *simulate.Sweep, opts *simulateOptions, s Streams) error {
	var sets []simulate.Setting
	for _, arg := range opts.Sets {
		st, err := simulate.ParseSetting(arg)
		if err != nil {
			return usageError{err: err}
		}
		sets = append(sets, st)
	}
	if n := len(sc.Variants); n > 0 {
		notef(s, opts.Quiet, "note: --sweep replaces the scenario's %s; each value is compared with the base\n", pluralVariants(n))
	}
	if len(sets) > 0 { // the --set problems once, not once per value
		sc.Variants = []simulate.Variant{{Name: "--set " + strings.Join(opts.Sets, " "), Set: sets}}
		if err := sc.Validate(); err != nil {
			return reportInvalid(err, s)
		}
	}
	all := sw.Variants(sets...)
	for _, vs := range [][]simulate.Variant{all[:1], all} { // a bad path fails every value alike: say it once
		sc.Variants = vs
		if err := sc.Validate(); err != nil {
			return reportInvalid(err, s)
		}
	}
	return nil
}

func pluralVariants(n int) string {
	if n == 1 {
		return "variant"
	}
	return fmt.Sprintf("%d variants", n)
}
