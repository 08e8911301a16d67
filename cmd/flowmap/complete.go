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
	yamlExts     = []string{"yaml", "yml"}
	mapExts      = []string{"yaml", "yml", "xlsx", "csv", "bpmn"} // a map in any of the formats read (mapping.RegisterFormat)
	logExts      = []string{"csv", "tsv", "txt", "gz", "xes", "parquet"}
	diagramExts  = []string{"svg", "png", "dot", "gv"}
	workbookExts = []string{"xlsx"}
)

// completeFlags registers what each of a command's flags completes to; flags
// the command does not have are skipped, so one table serves every command.
func completeFlags(cmd *cobra.Command) {
	files := map[string][]string{
		"map": mapExts, "scenario": yamlExts, "discover": yamlExts, "calendar": yamlExts,
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
	if cmd.Flags().Lookup("direction") != nil {
		_ = cmd.RegisterFlagCompletionFunc("direction", cobra.FixedCompletions([]string{"right", "down"}, cobra.ShellCompDirectiveNoFileComp))
	}
}
