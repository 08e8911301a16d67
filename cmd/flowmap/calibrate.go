package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate/calibrate"
)

func newCalibrateCmd(s Streams) *cobra.Command {
	o := &calibrateOptions{}
	cmd := &cobra.Command{
		Use:   "calibrate LOG -o SCENARIO.yaml",
		Short: "Fit a simulation scenario to an event log",
		Long: `Writes a simulation scenario fitted to an event log: the control flow with the
observed branch shares (the map's steps and edges with --map, else discovered),
a duration distribution per step chosen by the Wasserstein distance to the data,
pools of resources that do the same activities (or the map's owners) with their
capacity and discovered working calendar, the arrival process, and extraneous
delays before steps (waits that neither busy resources nor closed hours
explain). Each fitted value has its evidence in a YAML comment.

By default the whole log is fitted; --train-share 0.8 fits the first 80% of
the cases by start, --until DATE those that start before DATE, and the rest is
held out for flowmap simcompare.`,
		Example: `  flowmap calibrate orders.csv -o orders-scenario.yaml
  flowmap calibrate orders.csv --train-share 0.8 -o train.yaml
  flowmap calibrate orders.csv --train-share 0.8 --for-held-out --held-out test.csv -o scenario.yaml
  flowmap calibrate orders.csv --map orders.yaml --until 2026-03-01 -o scenario.yaml`,
		Args: exactArgs(1, "an event log"),
		RunE: func(cmd *cobra.Command, args []string) error {
			quiet, _ := cmd.Flags().GetBool("quiet")
			return runCalibrate(o, args[0], quiet, s)
		},
	}
	f := cmd.Flags()
	o.lf.register(f)
	_ = f.MarkHidden("calendar")
	f.StringVar(&o.mapPath, "map", "", "process map whose steps, edges and owners to calibrate (default: discover them)")
	f.StringVar(&o.until, "until", "", "fit the cases that start before this date (2026-03-01 or RFC 3339)")
	f.Float64Var(&o.share, "train-share", 0, "fit the first share of the cases by start, e.g. 0.8 (default: all)")
	f.StringVarP(&o.out, "output", "o", "", "scenario file to write (YAML)")
	f.StringVar(&o.heldOut, "held-out", "", "also write the held-out cases (CSV, the --events columns) to compare simulations with")
	f.BoolVar(&o.forHeldOut, "for-held-out", false, "make the scenario simulate the held-out period (its start and case count, no horizon)")
	cmd.ValidArgsFunction = fileArgs(logExts...)
	completeFlags(cmd)
	return cmd
}

// calibrateOptions holds calibrate's flags.
type calibrateOptions struct {
	lf                           logFlags
	mapPath, until, out, heldOut string
	share                        float64
	forHeldOut                   bool
}

// runCalibrate fits the scenario to the log at path and writes it (and the
// held-out cases when asked).
func runCalibrate(o *calibrateOptions, path string, quiet bool, s Streams) error {
	if o.out == "" {
		return usageError{err: fmt.Errorf("give -o SCENARIO.yaml (where to write the scenario)")}
	}
	opt := calibrate.Options{TrainShare: o.share, ForHeldOut: o.forHeldOut}
	if o.until != "" {
		if o.share != 0 {
			return usageError{err: fmt.Errorf("give --until or --train-share, not both")}
		}
		t, err := parseUntil(o.until)
		if err != nil {
			return usageError{err: err}
		}
		opt.Until = t
	}
	if o.forHeldOut && o.share == 0 && o.until == "" {
		return usageError{err: fmt.Errorf("--for-held-out needs a split: add --train-share 0.8 or --until DATE")}
	}
	if o.share < 0 || o.share > 1 {
		return usageError{err: fmt.Errorf("--train-share must be between 0 and 1, e.g. 0.8 (got %v)", o.share)}
	}
	cols, err := o.lf.options()
	if err != nil {
		return err
	}
	opt.Location = cols.Location
	if o.mapPath != "" {
		if opt.Map, err = mapping.ReadFile(o.mapPath); err != nil {
			return invalidInput{err}
		}
	}
	l, err := readLog(path, cols, quiet, s)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := calibrate.Calibrate(l, opt)
	if err != nil {
		return invalidInput{err}
	}
	if err := writeOutput(o.out, writeBytes(res.YAML)); err != nil {
		return err
	}
	if o.heldOut != "" {
		if res.HeldOut == 0 {
			return usageError{err: fmt.Errorf("--held-out: no case is held out; split with --train-share or --until")}
		}
		if err := writeOutput(o.heldOut, func(w io.Writer) error { return calibrate.WriteCases(w, l, res.HeldOutCases) }); err != nil {
			return err
		}
	}
	if !quiet {
		fmt.Fprintf(s.Err, "calibrated %d steps and %d pools on %d cases (%d held out; durations: %s time) in %s; wrote %s\n",
			res.Steps, res.Pools, res.TrainCases, res.HeldOut, res.Basis, time.Since(start).Round(time.Millisecond), o.out)
		switch {
		case res.HeldOut > 0 && o.forHeldOut:
			fmt.Fprintf(s.Err, "held out: %s from %s; the scenario simulates them\n", format.Plural(res.HeldOut, "case"), res.HeldOutStart.Format(time.RFC3339))
		case res.HeldOut > 0:
			fmt.Fprintf(s.Err, "held out: %s from %s (to simulate them: --for-held-out, or start: %s, cases: %d, no horizon, warmup: 0)\n",
				format.Plural(res.HeldOut, "case"), res.HeldOutStart.Format(time.RFC3339), res.HeldOutStart.Format(time.RFC3339), res.HeldOut)
		}
		if o.heldOut != "" {
			fmt.Fprintf(s.Err, "wrote the held-out cases to %s\n", o.heldOut)
		}
	}
	return nil
}

// parseUntil reads --until: a date (midnight UTC) or an RFC 3339 time.
func parseUntil(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--until %q: write a date (2026-03-01) or an RFC 3339 time (2026-03-01T08:00:00Z)", s)
	}
	return t, nil
}

// discoverMap writes the map analyze --discover discovers, with the owners
// (pools of resources) and durations that calibrate finds, so the two agree.
func discoverMap(r *analysis.Result, l *eventlog.Log, loc *time.Location) ([]byte, error) {
	teams, err := calibrate.FindTeams(l, loc)
	if err != nil {
		return nil, err
	}
	return analysis.Discover(r, analysis.DiscoverOptions{
		Owners:  teams.Owners,
		OwnerOf: func(a string) string { return teams.OwnerOf[a] },
		Duration: func(a string) (mapping.Dist, bool) {
			d, ok := teams.Durations[a]
			return d, ok
		},
	})
}
