package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping/bpmn" // also registers .bpmn: --map x.bpmn, map: x.bpmn
	"github.com/flowmap/flowmap/render/swimlane"
)

// mapExportOptions holds `map export`'s inputs.
type mapExportOptions struct {
	File, Out, Prosimos string
	Quiet               bool
}

func newMapExportCmd(s Streams) *cobra.Command {
	opts := &mapExportOptions{}
	cmd := &cobra.Command{
		Use:   "export MAP -o OUT.bpmn [--prosimos PARAMS.json]",
		Short: "Write a map as a BPMN 2.0 file for modelling tools",
		Long: `Writes the map as BPMN 2.0 with its diagram, for Camunda Modeler, bpmn.io,
Signavio or ARIS: one pool with a lane per owner, steps as user or service
tasks, decisions as exclusive gateways, systems as data stores. Durations,
probabilities, capacities and calendars travel in flowmap's extension
(urn:flowmap:bpmn:1), so flowmap reads the file back as the same map;
every command that takes a map also takes the .bpmn file.

--prosimos also writes the simulation parameters in the Prosimos/Simod JSON
shape, keyed by the BPMN ids, so those simulators can run the export; what
they cannot express (arrivals, holidays, triangular durations) is noted on
stderr.`,
		Example: `  flowmap map export examples/order-fulfillment.yaml -o order-fulfillment.bpmn
  flowmap map validate order-fulfillment.bpmn
  flowmap map export examples/order-fulfillment.yaml -o of.bpmn --prosimos of.json`,
		Args: exactArgs(1, "one map file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if opts.Out == "" {
				return usageError{err: fmt.Errorf("map export needs -o OUT.bpmn")}
			}
			if err := guardOutputs([]string{opts.File}, output{"-o", opts.Out, []string{".bpmn"}},
				output{"--prosimos", opts.Prosimos, []string{".json"}}); err != nil {
				return err
			}
			return runMapExport(opts, s)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "output file: .bpmn")
	cmd.Flags().StringVar(&opts.Prosimos, "prosimos", "", "also write Prosimos/Simod simulation parameters (.json)")
	cmd.ValidArgsFunction = fileArgs(mapExts...)
	completeFlags(cmd)
	return cmd
}

func runMapExport(opts *mapExportOptions, s Streams) error {
	m, err := readMap(opts.File, s)
	if err != nil {
		return err
	}
	g := swimlane.Layout(m, swimlane.Options{Lanes: swimlane.ByOwner, Direction: swimlane.Right})
	b, err := bpmn.Encode(m, g)
	if err != nil {
		return err
	}
	var params []byte
	var notes []string
	if opts.Prosimos != "" {
		if params, notes, err = bpmn.Prosimos(m, g, 0); err != nil {
			return err
		}
	}
	if err := writeOutput(opts.Out, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return err
	}
	notef(s, opts.Quiet, "wrote %s (BPMN 2.0: %s in %s, with diagram)\n", opts.Out, format.Plural(len(m.Steps), "step"), format.Plural(len(m.Owners), "lane"))
	if opts.Prosimos == "" {
		return nil
	}
	if err := writeOutput(opts.Prosimos, func(w io.Writer) error { _, err := w.Write(params); return err }); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(s.Err, "note: "+n)
	}
	notef(s, opts.Quiet, "wrote %s (Prosimos simulation parameters keyed by the ids of %s)\n", opts.Prosimos, opts.Out)
	return nil
}
