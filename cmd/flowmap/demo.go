package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/examples"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/text"
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

// runDemo runs the demo step by step: it copies the inputs, then maps,
// analyzes, simulates (with what to fix first) and writes the report.
func runDemo(ctx context.Context, opts *demoOptions, s Streams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	d := &demoRun{ctx: ctx, dir: opts.Dir, out: s.Out}
	if err := d.copyInputs(); err != nil {
		return err
	}
	if err := d.buildReport(); err != nil {
		return err
	}
	d.mapStep()
	d.analyzeStep()
	sc, err := d.simulateStep()
	if err != nil {
		return err
	}
	if err := d.fixFirstStep(sc); err != nil {
		return err
	}
	return d.reportStep()
}

// demoRun is the demo under way: where it writes, and what the steps
// have built so far.
type demoRun struct {
	ctx context.Context
	dir string    // the output directory, holding copies of the inputs
	out io.Writer // where the steps are told

	m   *mapping.Map
	rep *report.Report // the map's figures and the analysis; the simulation once run
	sim *workbook.Simulation
}

func (d *demoRun) p(format string, args ...any) { fmt.Fprintf(d.out, format, args...) }

// in is the path of the demo file name in the output directory.
func (d *demoRun) in(name string) string { return filepath.Join(d.dir, name) }

// copyInputs creates the output directory and copies the embedded inputs
// into it: they go beside the outputs, so that each step can be rerun.
func (d *demoRun) copyInputs() error {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{demoMap, demoLog, demoScenario} {
		src, err := examples.FS.ReadFile(name)
		if err != nil {
			return err
		}
		if err := writeOutput(d.in(name), writeBytes(src)); err != nil {
			return err
		}
	}
	return nil
}

// buildReport reads the map and the order log and builds the report:
// the map's figures and the analysis of the log against the map.
func (d *demoRun) buildReport() error {
	m, err := mapping.ReadFile(d.in(demoMap))
	if err != nil {
		return err
	}
	l, err := eventlog.ReadFile(d.in(demoLog), eventlog.Options{})
	if err != nil {
		return err
	}
	rep, err := report.Build(report.Options{Map: m, MapFile: demoMap, Log: l,
		Command: "flowmap report --map " + demoMap + " --log " + demoLog + " --scenario " + demoScenario + " -o report.xlsx"})
	if err != nil {
		return err
	}
	d.m, d.rep = m, rep
	return nil
}

// mapStep tells step 1: the map is valid, with its figures.
func (d *demoRun) mapStep() {
	stats := d.rep.MapStats
	d.p("1. Map  %s: valid — %d steps in %d lanes, %d handoff edges, %.1f handoffs and %.1f system switches expected per order\n",
		demoMap, stats.Steps, stats.Owners, stats.Handoffs, stats.Expected.Handoffs, stats.Expected.SystemSwitches)
}

// analyzeStep tells step 2: the order log analysed against the map, with
// the three worst bottlenecks.
func (d *demoRun) analyzeStep() {
	r := d.rep.Analysis
	d.p("\n2. Analyze  %s: %s orders, %s events, cycle time median %s, 1 in 10 over %s\n",
		demoLog, format.Thousands(r.Log.Cases), format.Thousands(r.Log.Events), format.Duration(r.CycleTime.Median), format.Duration(r.CycleTime.P90))
	for i, b := range r.Bottlenecks {
		if i >= 3 {
			break
		}
		d.p("   %d. %s\n", i+1, text.BottleneckReason(r, b))
	}
	if o := r.Handoffs.Owner; o != nil {
		d.p("   %.1f handoffs between teams per order; %s of orders follow the workshop map\n", o.PerCase.Mean, format.Percent(r.Conformance.FittingShare))
	}
}

// simulateStep runs step 3, the flash sale with its what-if variants,
// tells its headlines and returns the scenario.
func (d *demoRun) simulateStep() (*simulate.Scenario, error) {
	sc, err := simulate.ReadScenario(d.in(demoScenario))
	if err != nil {
		return nil, err
	}
	res, err := simulate.Run(d.ctx, sc, simulate.Options{})
	if err != nil {
		return nil, err
	}
	d.sim = workbook.NewSimulation(demoScenario, res)
	d.p("\n3. Simulate  %s (%d replications):\n", demoScenario, res.Scenario.Replications)
	for _, h := range d.sim.Headline {
		d.p("   %s\n", h)
	}
	return sc, nil
}

// fixFirstStep measures each what-if the recommendations propose in the
// flash-sale scenario sc (common random numbers, so the gains are the
// changes' own effects) and tells the top three.
func (d *demoRun) fixFirstStep(sc *simulate.Scenario) error {
	if _, err := d.rep.MeasureGains(d.ctx, sc, simulate.Options{}); err != nil {
		return err
	}
	recs := d.rep.Analysis.Recommendations
	if len(recs) == 0 {
		return nil
	}
	d.p("\n   What to fix first (each what-if measured in %s):\n", demoScenario)
	for i, rec := range recs {
		if i >= 3 {
			break
		}
		d.p("   %d. %s\n", rec.Rank, rec.Sentence)
	}
	return nil
}

// reportStep runs step 4: writes the diagrams and the workbook, then
// tells what was written and how to rerun each step.
func (d *demoRun) reportStep() error {
	d.rep.Simulation = d.sim
	for _, o := range []struct {
		file string
		pic  *diagram.Picture
	}{{"process.svg", d.rep.Picture()}, {"process.png", d.rep.Picture()}, {"map.svg", diagram.MapPicture(d.m, diagram.MapOptions{})}} {
		if err := writeDiagram(d.ctx, d.in(o.file), o.pic); err != nil {
			return err
		}
	}
	if err := writeWorkbook(d.ctx, d.in("report.xlsx"), d.rep); err != nil {
		return err
	}
	d.p("\n4. Report  written to %s/:\n", d.dir)
	d.p("   report.xlsx   for managers: where the time goes, in plain words, with the tables behind it\n")
	d.p("   process.svg   the process as measured, steps coloured by median wait (also process.png)\n")
	d.p("   map.svg       the workshop map as swimlanes; orange edges are handoffs between teams\n")
	d.p("\nOpen %s first. Rerun any step on the copies of the inputs, e.g.\n", d.in("report.xlsx"))
	d.p("   flowmap analyze %s --map %s\n", d.in(demoLog), d.in(demoMap))
	d.p("   flowmap simulate %s --set warehouse.capacity=6\n", d.in(demoScenario))
	return nil
}
