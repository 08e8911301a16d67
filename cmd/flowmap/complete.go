package main

import "github.com/spf13/cobra"

// Shell completion: file arguments and file flags offer only the files a
// command reads or writes, and flags with a fixed set of values offer them.

// fileArgs completes positional arguments with files of these extensions.
func fileArgs(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

var (
	mapExts      = []string{"yaml", "yml"}
	logExts      = []string{"csv", "tsv", "txt", "gz", "xes", "parquet"}
	diagramExts  = []string{"svg", "png", "dot", "gv"}
	workbookExts = []string{"xlsx"}
)

// completeFlags registers what each of a command's flags completes to; flags
// the command does not have are skipped, so one table serves every command.
func completeFlags(cmd *cobra.Command) {
	files := map[string][]string{
		"map": mapExts, "scenario": mapExts, "discover": mapExts, "calendar": mapExts,
		"log": logExts, "diagram": diagramExts, "events": {"csv"},
	}
	for name, exts := range files {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.MarkFlagFilename(name, exts...)
		}
	}
	if f := cmd.Flags().Lookup("output"); f != nil && cmd.Name() != "demo" {
		exts := workbookExts
		if cmd.Name() == "render" {
			exts = diagramExts
		}
		_ = cmd.MarkFlagFilename("output", exts...)
	}
	if cmd.Flags().Lookup("lanes") != nil {
		_ = cmd.RegisterFlagCompletionFunc("lanes", cobra.FixedCompletions([]string{"owner", "system"}, cobra.ShellCompDirectiveNoFileComp))
	}
}
