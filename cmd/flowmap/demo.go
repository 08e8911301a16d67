package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/examples"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/workbook"
	"github.com/flowmap/flowmap/simulate"
)

type demoOptions struct {
	Dir string
}

func newDemoCmd(s Streams) *cobra.Command {
	opts := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [-o DIR]",
		Short: "Run the whole pipeline on the embedded order-fulfillment example",
		Long: `Runs flowmap end to end on the example embedded in the binary: validates the
order-fulfillment map from the workshop, analyses ten weeks of order events
against it (examples/orders.csv.gz), simulates a Black Friday flash sale with
two what-if variants, and writes report.xlsx, process.svg, process.png and
map.svg into DIR, with the inputs beside them so you can rerun each step.`,
		Example: `  flowmap demo
  flowmap demo -o /tmp/flowmap-demo`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd.Context(), opts, s)
		},
	}
	cmd.Flags().StringVarP(&opts.Dir, "output", "o", "flowmap-demo", "directory for the demo's files")
	return cmd
}

const (
	demoMap      = "order-fulfillment.yaml"
	demoLog      = "orders.csv.gz"
	demoScenario = "flash-sale.yaml"
)

func runDemo(ctx context.Context, opts *demoOptions, s Streams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return err
	}
	// The inputs go beside the outputs, so that each step can be rerun.
	for _, name := range []string{demoMap, demoLog, demoScenario} {
		src, err := examples.FS.ReadFile(name)
		if err != nil {
			return err
		}
		if err := writeOutput(filepath.Join(opts.Dir, name), writeBytes(src)); err != nil {
			return err
		}
	}
	in := func(name string) string { return filepath.Join(opts.Dir, name) }
	p := func(format string, args ...any) { fmt.Fprintf(s.Out, format, args...) }

	// 1. Map.
	m, err := mapping.ReadFile(in(demoMap))
	if err != nil {
		return err
	}
	l, err := eventlog.ReadFile(in(demoLog), eventlog.Options{})
	if err != nil {
		return err
	}
	rep, err := report.Build(report.Options{Map: m, MapFile: demoMap, Log: l,
		Command: "flowmap report --map " + demoMap + " --log " + demoLog + " --scenario " + demoScenario + " -o report.xlsx"})
	if err != nil {
		return err
	}
	stats, r := rep.MapStats, rep.Analysis
	p("1. Map  %s: valid — %d steps in %d lanes, %d handoff edges, %.1f handoffs and %.1f system switches expected per order\n",
		demoMap, stats.Steps, stats.Owners, stats.Handoffs, stats.Expected.Handoffs, stats.Expected.SystemSwitches)

	// 2. Analyze the order log against the map.
	p("\n2. Analyze  %s: %s orders, %s events, cycle time median %s, 1 in 10 over %s\n",
		demoLog, format.Thousands(r.Log.Cases), format.Thousands(r.Log.Events), format.Duration(r.CycleTime.Median), format.Duration(r.CycleTime.P90))
	for i, b := range r.Bottlenecks {
		if i >= 3 {
			break
		}
		p("   %d. %s\n", i+1, b.Reason)
	}
	if o := r.Handoffs.Owner; o != nil {
		p("   %.1f handoffs between teams per order; %s of orders follow the workshop map\n", o.PerCase.Mean, format.Percent(r.Conformance.FittingShare))
	}

	// 3. Simulate the flash sale with its what-if variants.
	sc, err := simulate.ReadScenario(in(demoScenario))
	if err != nil {
		return err
	}
	res, err := simulate.Run(ctx, sc, simulate.Options{})
	if err != nil {
		return err
	}
	sim := workbook.NewSimulation(demoScenario, res)
	p("\n3. Simulate  %s (%d replications):\n", demoScenario, res.Scenario.Replications)
	for _, h := range sim.Headline {
		p("   %s\n", h)
	}

	// What to fix first, each what-if measured in the flash-sale scenario
	// (common random numbers, so the gains are the changes' own effects).
	if _, err := rep.MeasureGains(ctx, sc, simulate.Options{}); err != nil {
		return err
	}
	if recs := rep.Analysis.Recommendations; len(recs) > 0 {
		p("\n   What to fix first (each what-if measured in %s):\n", demoScenario)
		for i, rec := range recs {
			if i >= 3 {
				break
			}
			p("   %d. %s\n", rec.Rank, rec.Sentence)
		}
	}

	// 4. Report: workbook and diagrams.
	rep.Simulation = sim
	for _, o := range []struct {
		file string
		dot  []byte
	}{{"process.svg", rep.DOT()}, {"process.png", rep.DOT()}, {"map.svg", diagram.MapDOT(m, diagram.LanesOwner)}} {
		if err := writeDiagram(ctx, in(o.file), o.dot); err != nil {
			return err
		}
	}
	if err := writeWorkbook(ctx, in("report.xlsx"), rep); err != nil {
		return err
	}
	p("\n4. Report  written to %s/:\n", opts.Dir)
	p("   report.xlsx   for managers: where the time goes, in plain words, with the tables behind it\n")
	p("   process.svg   the process as measured, steps coloured by median wait (also process.png)\n")
	p("   map.svg       the workshop map as swimlanes; orange edges are handoffs between teams\n")
	p("\nOpen %s first. Rerun any step on the copies of the inputs, e.g.\n", in("report.xlsx"))
	p("   flowmap analyze %s --map %s\n", in(demoLog), in(demoMap))
	p("   flowmap simulate %s --set warehouse.capacity=6\n", in(demoScenario))
	return nil
}
