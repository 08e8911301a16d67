package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/flowmap/flowmap/internal/atomicfile"
	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/render/diagram"
)

// writeOutput writes one output file of a command (workbook, diagram,
// event log, discovered map, the demo's inputs): every file a command
// writes goes through here. The content goes to a temporary file beside
// the target, renamed over it only when complete, so an error or Ctrl-C
// leaves the previous file as it was (internal/atomicfile).
func writeOutput(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, write)
}

// writeBytes is a writeOutput write function for content already in memory.
func writeBytes(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

// writeJSON prints v as indented JSON, the stable --json contract.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeDiagram renders DOT to a file in the format its extension names.
func writeDiagram(ctx context.Context, path string, dot []byte) error {
	f, err := diagram.FormatFromPath(path)
	if err != nil {
		return usageError{err}
	}
	return writeOutput(path, func(w io.Writer) error {
		if err := diagram.Render(ctx, dot, f, w); err != nil {
			return fmt.Errorf("rendering %s: %w", path, err)
		}
		return nil
	})
}

// writeWorkbook writes a report's workbook to path.
func writeWorkbook(ctx context.Context, path string, rep *report.Report) error {
	return writeOutput(path, func(w io.Writer) error {
		if err := rep.WriteWorkbook(ctx, w); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	})
}
