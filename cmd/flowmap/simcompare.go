package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/logdistance"
	"github.com/flowmap/flowmap/render/text"
)

func newSimCompareCmd(s Streams) *cobra.Command {
	var lf logFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "simcompare REAL SIM...",
		Short: "Measure how far simulated event logs are from a real one",
		Long: `Compares a real event log with one or more simulated logs of the same period,
with the distances of the log-distance-measures package (the ones Simod and
AgentSimulator report), and prints each distance per simulated log (up to
four), their mean and sample standard deviation (n-1). 0 means the same
distribution; lower is closer. Activities are matched by name; times are UTC.

  NGD_n3, NGD_n2  n-gram distribution: how often each sequence of 3 (2) activities occurs
  AEDD     absolute event distribution: when events start and end on the calendar (h)
  CEDD     circadian event distribution: at which hour of each weekday they do (h)
  REDD     relative event distribution: when, relative to their case's start (h)
  CTDD     cycle time distribution: how long cases take (h)
  CADD     case arrival distribution: when cases arrive (h)
  CWDD     circadian workforce distribution: distinct resources at work per weekday hour (h)
  CFLD     control-flow log distance: edit distance of optimally paired cases
  IADD_1h  inter-arrival distribution: times between case arrivals (h)

The column flags apply to every log. --json prints:
  real        the real log's path
  simulated   the simulated logs' paths, in order
  measures    one object per distance, in the order above:
    key       NGD_n3, NGD_n2, AEDD, CEDD, REDD, CTDD, CADD, CWDD, CFLD, IADD_1h
    name      plain-language name
    unit      "ratio" (in [0, 1]) or "h" (hours)
    values    the distance to each simulated log, in order
    mean      their mean
    sd        their sample standard deviation; null with one simulated log`,
		Example: `  flowmap simcompare test.csv simulated_log_*.csv
  flowmap simcompare real.xes sim.csv --json > distances.json`,
		Args: minArgs(2, "a real event log and at least one simulated log"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if lf.Calendar != "" {
				return usageError{err: fmt.Errorf("--calendar does not apply to simcompare")}
			}
			opts, err := lf.options()
			if err != nil {
				return err
			}
			quiet, _ := cmd.Flags().GetBool("quiet")
			return runSimCompare(args[0], args[1:], opts, quiet, asJSON, s)
		},
	}
	f := cmd.Flags()
	lf.register(f)
	_ = f.MarkHidden("calendar")
	f.BoolVar(&asJSON, "json", false, "print the distances as JSON (stable field names, see above)")
	cmd.ValidArgsFunction = fileArgs(logExts...)
	completeFlags(cmd)
	return cmd
}

func runSimCompare(realPath string, simPaths []string, opts eventlog.Options, quiet, asJSON bool, s Streams) error {
	real, err := readLog(realPath, opts, quiet, s)
	if err != nil {
		return err
	}
	sims := make([]*eventlog.Log, len(simPaths))
	for i, p := range simPaths {
		if sims[i], err = readLog(p, opts, quiet, s); err != nil {
			return err
		}
	}
	res, err := logdistance.Compare(real, sims)
	if err != nil {
		return invalidInput{err}
	}
	if asJSON {
		return writeJSON(s.Out, simCompareJSON(realPath, simPaths, res))
	}
	return text.SimCompare(s.Out, realPath, simPaths, res)
}

// simCompareOut is the --json output; its field names are documented in
// the command's help.
type simCompareOut struct {
	Real      string           `json:"real"`
	Simulated []string         `json:"simulated"`
	Measures  []simCompareItem `json:"measures"`
}

type simCompareItem struct {
	Key    string    `json:"key"`
	Name   string    `json:"name"`
	Unit   string    `json:"unit"`
	Values []float64 `json:"values"`
	Mean   float64   `json:"mean"`
	SD     *float64  `json:"sd"`
}

func simCompareJSON(real string, sims []string, res []logdistance.Result) simCompareOut {
	out := simCompareOut{Real: real, Simulated: sims, Measures: make([]simCompareItem, len(res))}
	for i, r := range res {
		unit := r.Unit
		if unit == "" {
			unit = "ratio"
		}
		it := simCompareItem{Key: r.Key, Name: r.Name, Unit: unit, Values: r.Values, Mean: r.Mean}
		if !math.IsNaN(r.SD) {
			sd := r.SD
			it.SD = &sd
		}
		out.Measures[i] = it
	}
	return out
}
