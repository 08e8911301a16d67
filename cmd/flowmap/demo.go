package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/examples"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
)

type demoOptions struct {
	Dir string
}

func newDemoCmd(s Streams) *cobra.Command {
	opts := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [-o DIR]",
		Short: "Run flowmap on the embedded order-fulfillment example",
		Long: `Runs the pipeline on the example embedded in the binary: validates the order
fulfillment map, prints its handoff statistics and draws it as SVG and PNG
swimlane diagrams into DIR.`,
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

func runDemo(ctx context.Context, opts *demoOptions, s Streams) error {
	const name = "order-fulfillment.yaml"
	src, err := examples.FS.ReadFile(name)
	if err != nil {
		return err
	}
	m, err := mapping.Parse(name, src)
	if err != nil {
		return err
	}
	st, err := mapping.ComputeStats(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "1. Map: %s is valid (embedded example %s)\n\n", m.Process, name)
	if err := writeStatsText(s, m, st); err != nil {
		return err
	}
	mapCopy := filepath.Join(opts.Dir, name)
	if err := os.WriteFile(mapCopy, src, 0o644); err != nil {
		return err
	}
	var written []string
	for _, out := range []struct {
		file  string
		lanes diagram.Lanes
	}{
		{"process.svg", diagram.LanesOwner},
		{"process.png", diagram.LanesOwner},
		{"process-by-system.svg", diagram.LanesSystem},
	} {
		path := filepath.Join(opts.Dir, out.file)
		format, err := diagram.FormatFromPath(path)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := diagram.Render(ctx, diagram.MapDOT(m, out.lanes), format, &buf); err != nil {
			return fmt.Errorf("rendering %s: %w", path, err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		written = append(written, path)
	}
	fmt.Fprintf(s.Out, "\nWrote:\n  %s  (the map; edit it and run flowmap map validate)\n", mapCopy)
	for _, p := range written {
		fmt.Fprintf(s.Out, "  %s\n", p)
	}
	fmt.Fprintf(s.Out, "\nOpen %s to see the swimlanes; orange edges are handoffs between teams.\n", written[0])
	return nil
}
