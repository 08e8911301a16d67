package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/pushdown"
	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/text"
	"github.com/flowmap/flowmap/simulate"
)

type analyzeOptions struct {
	Log      string
	Map      string
	LogFlags logFlags
	Columns  eventlog.Options // resolved from LogFlags
	Top      int
	JSON     bool
	Quiet    bool
	Diagram  string
	Lanes    string
	Draw     diagramFlags
	Output   string
	Discover string
	Scenario string
}

func newAnalyzeCmd(s Streams) *cobra.Command {
	opts := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:   "analyze LOG|postgres://...?table=T|clickhouse://...?table=T",
		Short: "Measure a real event log: flows, waits, handoffs, rework, variants, bottlenecks",
		Long: `Reads an event log (CSV, CSV.gz, XES, XES.gz or Parquet; or a wide order export
with one timestamp column per milestone) and computes what really happens: transitions
between activities with their durations, waiting versus service time (or the
sojourn time when the log has no start timestamps), handoffs between people
(and teams, with --map), rework, variants, cycle times, queue length over time
and the bottlenecks ranked by the waiting they cause.

Columns are detected from common names (case_id, case:concept:name, order_id;
activity, concept:name; timestamp, time:timestamp; start_timestamp; resource,
org:resource; lifecycle:transition) and can be named with the flags; the same
flags name XES attribute keys and Parquet columns. Bad rows are never dropped silently: they are
counted and sampled in the data-quality section (--strict makes them errors).

Waiting is split into its causes (batching, contention, prioritization,
unavailability, extraneous) with each resource's working calendar: its map
owner's calendar (--map), a --calendar file, or, in a log with start times,
the calendar discovered from when the resource works; otherwise people are
taken to work around the clock, and the summary says so. Calendars are read
in the log's time zone (--tz).

"What to fix first" ranks the dominant cause of waiting at the steps
holding the most, each with its lever and (with --map) a what-if such as
warehouse.capacity=5, then the workshop checklist (manual re-entry, repeat
approvals, unclear SLAs, single-person dependency, costly exceptions).
With --scenario, each what-if is simulated as a variant of the scenario
with common random numbers, its gain stated with its 95% interval, and the
list ordered by measured effect.

LOG may be a database table: postgres://user@host:5432/db?table=T (and
PostgreSQL's family) or clickhouse://user@host:9000/db?table=T (a single
server or a Distributed table). The analysis runs in the engine and only
aggregates come back; the column flags name the table's columns (detected
as for CSV headers), --where filters its rows, --seq orders equal
timestamps. Passwords come from the URL or PGPASSWORD / CLICKHOUSE_PASSWORD
and are never printed. What is not computed in the engine is named on
stderr and in the JSON ("pushdown": {"not_computed": [...]}).`,
		Example: `  flowmap analyze examples/orders.csv.gz
  flowmap analyze orders.csv --case order_id --activity status --time updated_at --tz Europe/Berlin
  flowmap analyze orders.csv --wide purchased_at,approved_at,shipped_at,delivered_at --case order_id
  flowmap analyze events.csv --map examples/order-fulfillment.yaml --json > analysis.json
  flowmap analyze events.csv --calendar calendars.yaml --tz Europe/Berlin
  flowmap analyze examples/orders.csv.gz --map examples/order-fulfillment.yaml --scenario examples/flash-sale.yaml
  flowmap analyze 'postgres://analyst@db:5432/shop?table=order_events' --seq row_no --where "shop = 'berlin'"
  flowmap analyze 'clickhouse://db:9000/shop?table=order_events' --json`,
		Args: exactArgs(1, "one event log file or database table URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Log = args[0]
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if err := opts.check(); err != nil {
				return err
			}
			return runAnalyze(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Map, "map", "", "process map (YAML, a workshop table .xlsx/.csv, or .bpmn) to compare with: steps, owner handoffs, system switches, SLA, conformance")
	opts.LogFlags.register(f)
	f.IntVar(&opts.Top, "top", 5, "rows per section in the terminal summary (--json always lists everything)")
	f.BoolVar(&opts.JSON, "json", false, "print the full analysis as JSON (stable field names)")
	f.StringVar(&opts.Diagram, "diagram", "", "also draw the measured process: OUT.svg, OUT.png or OUT.dot (steps coloured by median wait)")
	f.StringVar(&opts.Discover, "discover", "", "write a process map (YAML) discovered from the log, to edit and use with --map")
	f.StringVarP(&opts.Output, "output", "o", "", "also write an Excel workbook (report.xlsx) for managers")
	f.StringVar(&opts.Lanes, "lanes", "owner", "with --map and --diagram: lanes by owner or system")
	opts.Draw.register(f)
	f.StringVar(&opts.Scenario, "scenario", "", "simulation scenario (YAML) in which to measure the what-ifs of \"what to fix first\" (with --map)")
	cmd.ValidArgsFunction = fileArgs(logExts...)
	completeFlags(cmd)
	return cmd
}

// check refuses flags that cannot work together, before anything is read.
func (opts *analyzeOptions) check() error {
	if opts.Top < 1 {
		return usageError{err: fmt.Errorf("--top must be at least 1")}
	}
	var err error
	if opts.Columns, err = opts.LogFlags.options(); err != nil {
		return err
	}
	if opts.Diagram != "" {
		if _, err := diagram.FormatFromPath(opts.Diagram); err != nil {
			return usageError{err: err}
		}
	}
	if _, err := diagram.ParseLanes(opts.Lanes); err != nil {
		return usageError{err: err}
	}
	if _, err := opts.Draw.check(); err != nil {
		return err
	}
	return guardOutputs([]string{opts.Log, opts.Map, opts.LogFlags.Calendar, opts.Scenario},
		output{"-o", opts.Output, extWorkbook}, output{"--diagram", opts.Diagram, extDiagram}, output{"--discover", opts.Discover, extMap})
}

func runAnalyze(ctx context.Context, opts *analyzeOptions, s Streams) error {
	if pushdown.IsURL(opts.Log) {
		return runAnalyzeTable(ctx, opts, s)
	}
	if opts.LogFlags.Where != "" || opts.LogFlags.Seq != "" {
		return usageError{err: fmt.Errorf("--where and --seq apply to a database table (postgres://...?table=T or clickhouse://...?table=T), not to the file %s", opts.Log)}
	}
	var m *mapping.Map
	if opts.Map != "" {
		var err error
		if m, err = readMap(opts.Map, s); err != nil {
			return err
		}
	}
	cals, err := opts.LogFlags.calendars(s)
	if err != nil {
		return err
	}
	var sc *simulate.Scenario
	if opts.Scenario != "" {
		if sc, err = loadScenario(opts.Scenario, nil, s); err != nil {
			return err
		}
	}
	l, err := readLog(opts.Log, opts.Columns, opts.Quiet, s)
	if err != nil {
		return err
	}
	lanes, _ := diagram.ParseLanes(opts.Lanes)
	dir, _ := opts.Draw.check()
	rep, err := report.Build(report.Options{Map: m, MapFile: opts.Map, Log: l, Lanes: lanes, Direction: dir, TopEdges: opts.Draw.TopEdges, Command: "flowmap analyze " + opts.Log,
		Calendars: cals, Location: opts.Columns.Location})
	if err != nil {
		return invalidInput{err}
	}
	if sc != nil {
		if err := measureGains(ctx, rep, sc, opts.Quiet, s); err != nil {
			return err
		}
	}
	r := rep.Analysis
	if opts.Discover != "" {
		src, err := discoverMap(r, l, opts.Columns.Location)
		if err != nil {
			return err
		}
		if err := writeOutput(opts.Discover, writeBytes(src)); err != nil {
			return err
		}
		notef(s, opts.Quiet, "wrote %s (set owners and systems, then: flowmap map render %s -o map.svg)\n", opts.Discover, opts.Discover)
	}
	return emitAnalysis(ctx, opts, rep, r, r, s)
}

// emitAnalysis writes what analyze was asked for besides the analysis
// itself: the diagram, the workbook, then the JSON (asJSON, the result with
// whatever a source adds) or the terminal summary of r.
func emitAnalysis(ctx context.Context, opts *analyzeOptions, rep *report.Report, r *analysis.Result, asJSON any, s Streams) error {
	if opts.Diagram != "" {
		if err := writeDiagram(ctx, opts.Diagram, rep.Picture()); err != nil {
			return err
		}
		notef(s, opts.Quiet, "wrote %s\n", opts.Diagram)
	}
	if opts.Output != "" {
		if err := writeWorkbook(ctx, opts.Output, rep); err != nil {
			return err
		}
		notef(s, opts.Quiet, "wrote %s\n", opts.Output)
	}
	if opts.JSON {
		return writeJSON(s.Out, asJSON)
	}
	return text.Analysis(s.Out, r, text.AnalysisOptions{Top: opts.Top, Width: summaryWidth(s.Out)})
}
