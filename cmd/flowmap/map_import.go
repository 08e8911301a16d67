package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/mapping/table"
)

// mapTemplateOptions holds `map template`'s inputs.
type mapTemplateOptions struct {
	Out   string
	Force bool
	Quiet bool
}

func newMapTemplateCmd(s Streams) *cobra.Command {
	opts := &mapTemplateOptions{}
	cmd := &cobra.Command{
		Use:   "template -o workshop.xlsx",
		Short: "Write the workshop spreadsheet: one row per step, drop-down lists, the seed example",
		Long: `Writes a workbook to fill in during a mapping workshop: the Workshop sheet with the
columns Step, Action, Owner, System, Duration, Next, SLA and Automated, an
instructions row and the seed example (six steps of an online store's order
flow); the Owners and Systems sheets feed the drop-down lists of the Owner and
System columns. Read it back with 'flowmap map import', or give it directly to
any command that takes a map.`,
		Example: `  flowmap map template -o workshop.xlsx
  flowmap map import workshop.xlsx -o map.yaml`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if opts.Out == "" {
				return usageFor(cmd, fmt.Errorf("map template needs -o FILE.xlsx"))
			}
			if err := guardOutputs(nil, output{"-o", opts.Out, extWorkbook}); err != nil {
				return err
			}
			if _, err := os.Stat(opts.Out); err == nil && !opts.Force {
				return usageFor(cmd, fmt.Errorf("-o %s exists and may hold a workshop's work: choose another file, or pass --force to replace it", opts.Out))
			}
			return runMapTemplate(opts, s)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "output workbook (.xlsx)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace the output file if it exists")
	completeFlags(cmd)
	return cmd
}

func runMapTemplate(opts *mapTemplateOptions, s Streams) error {
	if err := writeOutput(opts.Out, table.Template); err != nil {
		return err
	}
	notef(s, opts.Quiet, "wrote %s (sheets %s, %s and %s; %d example steps)\n", opts.Out,
		table.SheetWorkshop, table.SheetOwners, table.SheetSystems, len(table.Seed))
	return nil
}

// mapImportOptions holds `map import`'s inputs.
type mapImportOptions struct {
	File  string
	Out   string
	Quiet bool
}

func newMapImportCmd(s Streams) *cobra.Command {
	opts := &mapImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE.xlsx|.csv|.bpmn -o MAP.yaml",
		Short: "Turn a workshop table (or another map format) into a YAML map",
		Long: `Reads a map in any format flowmap reads (a workshop table in .xlsx or .csv, see
'flowmap map template'; a BPMN 2.0 file from a modelling tool), checks it like
'map validate' and writes it as a YAML map file. A table's problems are
reported at their cell, a BPMN file's at the element's id, e.g.
  workshop.xlsx:Workshop!F7: Next: step 9 does not exist (the steps are 1, 2, 3, 4, 5, 6)
(CSV files: workshop.csv:F7, column letter and row as a spreadsheet shows them;
BPMN: diagram.bpmn:Gateway_1: ...).

In the table, Next empty means the following row, "end" ends the case, and
"3 (85%), 8 (15%)" branches with shares; ids are derived from the text.`,
		Example: `  flowmap map import workshop.xlsx -o map.yaml
  flowmap map import workshop.csv -o - | less
  flowmap map import process.bpmn -o map.yaml`,
		Args: exactArgs(1, "one table or BPMN file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			if opts.Out == "" {
				return usageFor(cmd, fmt.Errorf("map import needs -o MAP.yaml (or -o - for stdout)"))
			}
			if opts.Out != "-" {
				if err := guardOutputs([]string{opts.File}, output{"-o", opts.Out, extMap}); err != nil {
					return err
				}
			}
			return runMapImport(opts, s)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "output map file (.yaml), or - for stdout")
	cmd.ValidArgsFunction = fileArgs("xlsx", "csv", "bpmn", "yaml", "yml")
	_ = cmd.MarkFlagFilename("output", yamlExts...)
	return cmd
}

func runMapImport(opts *mapImportOptions, s Streams) error {
	m, err := readMap(opts.File, s)
	if err != nil {
		return err
	}
	enc := &mapping.EncodeOptions{Header: "Imported from " + opts.File + " by flowmap map import."}
	write := func(w io.Writer) error { return mapping.Encode(w, m, enc) }
	if opts.Out == "-" {
		return write(s.Out)
	}
	if err := writeOutput(opts.Out, write); err != nil {
		return err
	}
	notef(s, opts.Quiet, "wrote %s (%s, %s, %s)\n", opts.Out, format.Plural(len(m.Steps), "step"), format.Plural(len(m.Owners), "owner"), format.Plural(len(m.Systems), "system"))
	return nil
}
