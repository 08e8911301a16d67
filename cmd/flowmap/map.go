package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/text"
	"github.com/flowmap/flowmap/simulate"
)

func newMapCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "map",
		Short: "Validate, summarise and draw process map files",
		Long: `A process map is written in a mapping workshop: owners (lanes), systems, steps
with durations and staffing, and the edges between steps with their branch
probabilities. It comes as YAML (see examples/order-fulfillment.yaml), as a
workshop table (.xlsx or .csv; flowmap map template writes one) or as BPMN 2.0
from a modelling tool (.bpmn); every command that takes a map reads all three.`,
	}
	cmd.AddCommand(newMapExportCmd(s))
	cmd.AddCommand(newMapValidateCmd(s), newMapStatsCmd(s), newMapRenderCmd(s))
	cmd.AddCommand(newMapTemplateCmd(s))
	cmd.AddCommand(newMapImportCmd(s))
	return cmd
}

// mapValidateOptions holds `map validate`'s inputs.
type mapValidateOptions struct {
	Files []string
}

func newMapValidateCmd(s Streams) *cobra.Command {
	opts := &mapValidateOptions{}
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check map (or scenario) files and report every problem as file:line:col",
		Example: `  flowmap map validate examples/*.yaml
  flowmap map validate workshop.yaml && echo "map is consistent"`,
		Args:              minArgs(1, "at least one map file"),
		ValidArgsFunction: fileArgs(mapExts...),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return runMapValidate(opts, s)
		},
	}
}

func runMapValidate(opts *mapValidateOptions, s Streams) error {
	failed, unreadable := 0, 0
	for _, f := range opts.Files {
		m, err := readMapOrScenario(f)
		if m != nil {
			for _, w := range m.Warnings {
				fmt.Fprintln(s.Err, text.Safe(fmt.Sprint(w)))
			}
		}
		if err != nil {
			failed++
			var list mapping.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					fmt.Fprintln(s.Err, text.Safe(fmt.Sprint(e)))
				}
				continue
			}
			if !errors.Is(err, mapping.ErrInvalid) {
				unreadable++ // I/O: the file could not be read at all
			}
			fmt.Fprintf(s.Err, "flowmap: %v\n", err)
			continue
		}
		st, err := mapping.ComputeStats(m)
		if err != nil {
			failed++
			fmt.Fprintf(s.Err, "%s: %v\n", f, err)
			continue
		}
		if _, err := fmt.Fprintf(s.Out, "%s: ok: %q, %s, %s, %s, %s, %s, %.1f handoffs per case\n",
			f, m.Process, format.Plural(st.Steps, "step"), format.Plural(st.Owners, "owner"), format.Plural(st.Systems, "system"),
			format.Plural(st.Handoffs, "handoff edge"), format.Plural(st.SystemSwitches, "system switch"), st.Expected.Handoffs); err != nil {
			return fmt.Errorf("writing the result: %w", err)
		}
	}
	if failed > 0 {
		if len(opts.Files) > 1 {
			fmt.Fprintf(s.Err, "%d of %d files invalid\n", failed, len(opts.Files))
		}
		if unreadable == failed {
			return silentError{exitFailure}
		}
		return silentError{exitInvalid}
	}
	return nil
}

// scenarioOnlyKeys are keys of a scenario file that no map has.
var scenarioOnlyKeys = []string{"map", "arrivals", "horizon", "cases", "warmup", "replications", "variants"}

// readMapOrScenario reads a map file, or a scenario file and its map (a
// scenario is recognised by a key no map has: map, arrivals, horizon...).
// It reads at most mapping.MaxFileSize+1 bytes, like every other reader.
func readMapOrScenario(path string) (*mapping.Map, error) {
	if mapping.IsOtherFormat(path) {
		return mapping.ReadFile(path)
	}
	src, err := mapping.ReadSource(path)
	if err != nil {
		return nil, err
	}
	if root, err := yamlpos.Parse(path, src); err == nil {
		d := &yamlpos.Decoder{File: path}
		if fields, ok := d.Fields(root, "file", nil); ok {
			for _, k := range scenarioOnlyKeys {
				if _, isScenario := fields[k]; isScenario {
					sc, err := simulate.ReadScenario(path)
					if err != nil {
						return nil, err
					}
					return sc.Map, nil
				}
			}
		}
	}
	return mapping.Parse(path, src)
}

// readMap reads and validates one map, printing its problems to stderr. A
// scenario file stands for its map.
func readMap(path string, s Streams) (*mapping.Map, error) {
	m, err := readMapOrScenario(path)
	if m != nil {
		for _, w := range m.Warnings {
			fmt.Fprintln(s.Err, text.Safe(fmt.Sprint(w)))
		}
	}
	if err != nil {
		return nil, listProblems(err, s)
	}
	return m, nil
}

type mapStatsOptions struct {
	File string
	JSON bool
}

func newMapStatsCmd(s Streams) *cobra.Command {
	opts := &mapStatsOptions{}
	cmd := &cobra.Command{
		Use:   "stats FILE",
		Short: "Count steps, handoffs and system switches, per path and expected per case",
		Long: `Counts the map's steps, owners, systems and automated steps; the handoffs (edges
between owners) and system switches (edges between two systems) of the map and
of its happy path (the most likely branch at every step); and the expected
handoffs, system switches, step visits and touch time per case over all paths,
loops included, weighted by the branch probabilities.`,
		Example: `  flowmap map stats examples/order-fulfillment.yaml
  flowmap map stats examples/returns-refund.yaml --json | jq .expected_per_case`,
		Args: exactArgs(1, "one map file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return runMapStats(opts, s)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (stable field names) instead of a table")
	cmd.ValidArgsFunction = fileArgs(mapExts...)
	completeFlags(cmd)
	return cmd
}

func runMapStats(opts *mapStatsOptions, s Streams) error {
	m, err := readMap(opts.File, s)
	if err != nil {
		return err
	}
	st, err := mapping.ComputeStats(m)
	if err != nil {
		return invalidInput{fmt.Errorf("%s: %w", opts.File, err)}
	}
	if opts.JSON {
		return writeJSON(s.Out, st)
	}
	return text.MapStats(s.Out, m, st)
}

type mapRenderOptions struct {
	File      string
	Out       string
	Lanes     string
	Direction string
	Quiet     bool
}

func newMapRenderCmd(s Streams) *cobra.Command {
	opts := &mapRenderOptions{}
	cmd := &cobra.Command{
		Use:   "render FILE -o OUT.svg|.png|.dot",
		Short: "Draw a swimlane diagram of a map (SVG, PNG or DOT)",
		Long: `Draws one full-width lane per owner (or per system with --lanes system), in
the order the map lists them, with steps in columns by their position in the
flow. Steps show their system and work time; decisions are diamonds; automated
steps are tinted; orange edges change lane (a handoff, or with --lanes system
a change of system); edges carry branch probabilities. A long map folds into
two or three tiers to fit a slide, or reads top-down with --direction down.
.svg and .png share one layout; .dot is Graphviz DOT of the same map.`,
		Example: `  flowmap map render examples/order-fulfillment.yaml -o process.svg
  flowmap map render examples/order-fulfillment.yaml -o systems.png --lanes system
  flowmap map render examples/returns-refund.yaml -o returns.png --direction down`,
		Args: exactArgs(1, "one map file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if opts.Out == "" {
				return usageError{err: fmt.Errorf("map render needs -o OUT.svg, OUT.png or OUT.dot")}
			}
			if _, err := diagram.FormatFromPath(opts.Out); err != nil {
				return usageError{err: err}
			}
			if _, err := diagram.ParseLanes(opts.Lanes); err != nil {
				return usageError{err: err}
			}
			if _, err := diagram.ParseDirection(opts.Direction); err != nil {
				return usageError{err: err}
			}
			if err := guardOutputs([]string{opts.File}, output{"-o", opts.Out, extDiagram}); err != nil {
				return err
			}
			return runMapRender(cmd, opts, s)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "output file: .svg, .png or .dot")
	cmd.Flags().StringVar(&opts.Lanes, "lanes", "owner", "what a lane stands for: owner or system")
	cmd.Flags().StringVar(&opts.Direction, "direction", "right", "reading direction: right (lanes are rows) or down (lanes are columns, for long maps)")
	cmd.ValidArgsFunction = fileArgs(mapExts...)
	completeFlags(cmd)
	return cmd
}

func runMapRender(cmd *cobra.Command, opts *mapRenderOptions, s Streams) error {
	m, err := readMap(opts.File, s)
	if err != nil {
		return err
	}
	outFormat, _ := diagram.FormatFromPath(opts.Out)
	lanes, _ := diagram.ParseLanes(opts.Lanes)
	dir, _ := diagram.ParseDirection(opts.Direction)
	pic := diagram.MapPicture(m, diagram.MapOptions{Lanes: lanes, Direction: dir})
	err = writeOutput(opts.Out, func(w io.Writer) error {
		if err := pic.Render(cmd.Context(), outFormat, w); err != nil {
			return fmt.Errorf("rendering %s: %w", opts.Out, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	notef(s, opts.Quiet, "wrote %s (%s in %s)\n", opts.Out, format.Plural(len(m.Steps), "step"), format.Plural(laneCount(m, lanes), "lane"))
	return nil
}

func laneCount(m *mapping.Map, lanes diagram.Lanes) int {
	seen := map[string]bool{}
	for _, st := range m.Steps {
		if lanes == diagram.LanesSystem {
			seen[st.System] = true
		} else {
			seen[st.Owner] = true
		}
	}
	return len(seen)
}
