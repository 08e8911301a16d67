package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/simulate"
)

type reportOptions struct {
	Map      string
	Log      string
	Scenario string
	Output   string
	Diagram  string
	Lanes    string
	Draw     diagramFlags
	LogFlags logFlags
	Columns  eventlog.Options // resolved from LogFlags
	Sets     []string
	Quiet    bool
}

func newReportCmd(s Streams) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report --map FILE [--log LOG] [--scenario FILE] -o report.xlsx [--diagram OUT.svg]",
		Short: "Write the manager's Excel workbook and diagram from a map, a log and a scenario",
		Long: `Runs what it is given and writes one workbook: a map alone gives the map's
handoff figures; with --log the log is analysed against the map (bottlenecks,
waits, handoffs, conformance); with --scenario the peak-load simulation is
added. The first sheet says in plain words where the time goes.`,
		Example: `  flowmap report --map examples/order-fulfillment.yaml -o map.xlsx
  flowmap report --map examples/order-fulfillment.yaml --log orders.csv -o report.xlsx --diagram process.svg
  flowmap report --map examples/order-fulfillment.yaml --log orders.csv --scenario examples/flash-sale.yaml -o report.xlsx`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Map == "" {
				if opts.Log != "" {
					return usageError{err: fmt.Errorf("report needs --map FILE; for a log without a map run: flowmap analyze %s -o report.xlsx", opts.Log)}
				}
				return usageError{err: fmt.Errorf("report needs --map FILE")}
			}
			if opts.LogFlags.Calendar != "" && opts.Log == "" {
				return usageError{err: fmt.Errorf("--calendar gives the working calendars of a log's resources; it needs --log LOG")}
			}
			if opts.Output == "" || !strings.HasSuffix(strings.ToLower(opts.Output), ".xlsx") {
				return usageError{err: fmt.Errorf("report needs -o FILE.xlsx")}
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
			if err := guardOutputs([]string{opts.Map, opts.Log, opts.Scenario, opts.LogFlags.Calendar}, opts.outputs()...); err != nil {
				return err
			}
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			var err error
			if opts.Columns, err = opts.LogFlags.options(); err != nil {
				return err
			}
			return runReport(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Map, "map", "", "process map (YAML, a workshop table .xlsx/.csv, or .bpmn)")
	f.StringVar(&opts.Log, "log", "", "event log to analyse against the map (CSV, XES, .gz, Parquet)")
	f.StringVar(&opts.Scenario, "scenario", "", "simulation scenario (YAML) for the peak-load projection; also measures the what-ifs of \"what to fix first\"")
	f.StringVarP(&opts.Output, "output", "o", "", "the workbook to write (.xlsx)")
	f.StringVar(&opts.Diagram, "diagram", "", "also write the diagram: OUT.svg, OUT.png or OUT.dot")
	f.StringVar(&opts.Lanes, "lanes", "owner", "lanes by owner or system")
	opts.Draw.register(f)
	opts.LogFlags.register(f)
	f.StringArrayVar(&opts.Sets, "set", nil, "what-if change for the scenario, e.g. warehouse.capacity=6 (repeatable)")
	completeFlags(cmd)
	return cmd
}

func (opts *reportOptions) outputs() []output {
	return []output{{"-o", opts.Output, extWorkbook}, {"--diagram", opts.Diagram, extDiagram}}
}

func runReport(ctx context.Context, opts *reportOptions, s Streams) error {
	m, err := readMap(opts.Map, s)
	if err != nil {
		return err
	}
	lanes, _ := diagram.ParseLanes(opts.Lanes)
	dir, _ := opts.Draw.check()
	ro := report.Options{Map: m, MapFile: opts.Map, Lanes: lanes, Direction: dir, TopEdges: opts.Draw.TopEdges, Command: "flowmap report --map " + opts.Map}
	if opts.Log != "" {
		if ro.Calendars, err = opts.LogFlags.calendars(s); err != nil {
			return err
		}
		ro.Location = opts.Columns.Location
		if ro.Log, err = readLog(opts.Log, opts.Columns, opts.Quiet, s); err != nil {
			return err
		}
		ro.Command += " --log " + opts.Log
	}
	var sc *simulate.Scenario
	if opts.Scenario != "" {
		if ro.Simulation, sc, err = simulationForReport(ctx, opts.Scenario, opts.Sets, opts.outputs(), s); err != nil {
			return err
		}
		ro.Command += " --scenario " + opts.Scenario
	}
	rep, err := report.Build(ro)
	if err != nil {
		return invalidInput{err}
	}
	if sc != nil {
		if err := measureGains(ctx, rep, sc, opts.Quiet, s); err != nil {
			return err
		}
	}
	if opts.Diagram != "" {
		if err := writeDiagram(ctx, opts.Diagram, rep.Picture()); err != nil {
			return err
		}
		notef(s, opts.Quiet, "wrote %s\n", opts.Diagram)
	}
	if err := writeWorkbook(ctx, opts.Output, rep); err != nil {
		return err
	}
	notef(s, opts.Quiet, "wrote %s\n", opts.Output)
	return nil
}
