package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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

// writeDiagram renders a picture to a file in the format its extension names.
func writeDiagram(ctx context.Context, path string, pic *diagram.Picture) error {
	f, err := diagram.FormatFromPath(path)
	if err != nil {
		return usageError{err: err}
	}
	return writeOutput(path, func(w io.Writer) error {
		if err := pic.Render(ctx, f, w); err != nil {
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

// output is one file a command is asked to write, with the flag that named
// it and the extensions its content allows.
type output struct {
	flag, path string
	exts       []string // lower case, with the dot; nil = any
}

// guardOutputs refuses, before any work, an output whose extension
// contradicts its content (--events x.xlsx, --discover x.csv), two outputs
// on one file, and — compared with os.SameFile, so links and other
// spellings count — an output that is one of the command's inputs, which
// writing would destroy.
func guardOutputs(inputs []string, outs ...output) error {
	type seen struct {
		flag, path string
		info       os.FileInfo // nil when the file does not exist yet
	}
	var written []seen
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		if len(o.exts) > 0 && !hasExt(o.path, o.exts) {
			return usageError{err: fmt.Errorf("%s %s: the file must end in %s", o.flag, o.path, strings.Join(o.exts, " or "))}
		}
		for _, w := range written {
			if samePath(w.path, o.path) {
				return usageError{err: fmt.Errorf("%s and %s name the same file %s: choose two files", w.flag, o.flag, o.path)}
			}
		}
		oi, err := os.Stat(o.path)
		if err != nil {
			written = append(written, seen{o.flag, o.path, nil})
			continue // a new file cannot be an input
		}
		for _, in := range inputs {
			if in == "" {
				continue
			}
			if ii, err := os.Stat(in); err == nil && os.SameFile(oi, ii) {
				return usageError{err: fmt.Errorf("%s %s would overwrite the input %s: choose another output file", o.flag, o.path, in)}
			}
		}
		for _, w := range written {
			if w.info != nil && os.SameFile(oi, w.info) {
				return usageError{err: fmt.Errorf("%s and %s name the same file %s: choose two files", w.flag, o.flag, o.path)}
			}
		}
		written = append(written, seen{o.flag, o.path, oi})
	}
	return nil
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func hasExt(path string, exts []string) bool {
	lower := strings.ToLower(path)
	for _, e := range exts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// Extensions of each kind of output.
var (
	extWorkbook = []string{".xlsx"}
	extDiagram  []string // diagram.FormatFromPath checks these, naming each format
	extMap      = []string{".yaml", ".yml"}
	extEvents   = []string{".csv"}
)

// notef tells the user on stderr what a command wrote, unless -q asked for
// silence (errors and warnings are never silenced).
func notef(s Streams, quiet bool, format string, args ...any) {
	if !quiet {
		fmt.Fprintf(s.Err, format, args...)
	}
}
