package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/flowmap/flowmap/mapping"
)

// Command-line mistakes are usageErrors (exit 2) from where cobra detects
// them, never recognised by their wording:
//   - flags that do not parse: the root's FlagErrorFunc (flagError), which
//     every subcommand inherits;
//   - positional arguments: every command's Args validator is wrapped;
//   - unknown (sub)commands: commands that only group subcommands (the root,
//     `map`, `completion`) get a RunE that rejects what is not one of them;
//   - required flags and flag groups: checked in a wrapped PreRunE, before
//     cobra checks them itself.

// Annotations: classifiedKey marks a command whose errors have been
// classified, so that classifyUsageErrors can run again after commands are
// added; groupKey marks a command that only groups subcommands.
const (
	classifiedKey = "flowmap.usage-classified"
	groupKey      = "flowmap.group"
)

// classifyUsageErrors makes cobra's command-line errors usageErrors for c
// and every command below it.
func classifyUsageErrors(c *cobra.Command) {
	if c.Annotations[classifiedKey] == "" {
		if c.Annotations == nil {
			c.Annotations = map[string]string{}
		}
		c.Annotations[classifiedKey] = "yes"
		switch {
		case c.Name() == "help" && c.HasParent() && !c.Parent().HasParent():
			wrapHelp(c)
		case c.HasSubCommands() && !c.Runnable():
			c.Annotations[groupKey] = "yes"
			c.Args = cobra.ArbitraryArgs
			c.RunE = unknownSubcommand
		case c.Args != nil:
			valid := c.Args
			c.Args = func(cmd *cobra.Command, args []string) error { return asUsage(cmd, valid(cmd, args)) }
		}
		if c.Runnable() {
			wrapPreRun(c)
		}
	}
	for _, sub := range c.Commands() {
		classifyUsageErrors(sub)
	}
}

// groupUsageTemplate returns a usage template for the root that, like
// cobra's default, shows no "flowmap map [flags]" line for commands that only
// group subcommands (they are runnable now, to reject unknown ones).
func groupUsageTemplate(root *cobra.Command) string {
	return strings.Replace(root.UsageTemplate(), "Usage:{{if .Runnable}}",
		`Usage:{{if and .Runnable (not (index .Annotations "`+groupKey+`"))}}`, 1)
}

// wrapHelp makes `flowmap help map bogus` a usage error like `flowmap map
// bogus`, instead of printing the help of `map`.
func wrapHelp(help *cobra.Command) {
	run := help.Run
	if run == nil || help.RunE != nil {
		return
	}
	help.Run = nil
	help.RunE = func(c *cobra.Command, args []string) error {
		if cmd, rest, err := c.Root().Find(args); err == nil && len(rest) > 0 && cmd.Annotations[groupKey] != "" {
			return unknownSubcommand(cmd, rest)
		}
		run(c, args)
		return nil
	}
}

// asUsage makes err a usageError with a pointer to the command's help.
func asUsage(cmd *cobra.Command, err error) error {
	var ue usageError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	return usageFor(cmd, err)
}

// wrapPreRun checks required flags and flag groups first, as usage errors.
func wrapPreRun(c *cobra.Command) {
	pre, preE := c.PreRun, c.PreRunE
	c.PreRunE = func(cmd *cobra.Command, args []string) error {
		if err := cmd.ValidateRequiredFlags(); err != nil {
			return asUsage(cmd, err)
		}
		if err := cmd.ValidateFlagGroups(); err != nil {
			return asUsage(cmd, err)
		}
		switch {
		case preE != nil:
			return preE(cmd, args)
		case pre != nil:
			pre(cmd, args)
		}
		return nil
	}
}

// unknownSubcommand runs a command that only groups subcommands: alone it
// prints its help; with an argument, that argument is not a subcommand.
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	if cmd.Name() == "completion" && cmd.HasParent() && !cmd.Parent().HasParent() {
		var shells []string
		for _, sub := range cmd.Commands() {
			if sub.IsAvailableCommand() {
				shells = append(shells, sub.Name())
			}
		}
		sort.Strings(shells)
		return usageFor(cmd, fmt.Errorf("unsupported shell %q for %q (supported: %s)", args[0], cmd.CommandPath(), strings.Join(shells, ", ")))
	}
	hint := ""
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, set when it suggests
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		hint = fmt.Sprintf(" (did you mean %q?)", s[0])
		if len(s) > 1 {
			hint = fmt.Sprintf(" (did you mean one of %s?)", strings.Join(s, ", "))
		}
	}
	return usageFor(cmd, fmt.Errorf("unknown command %q for %q%s", args[0], cmd.CommandPath(), hint))
}

// flagError is the root's FlagErrorFunc: a flag that does not parse is a
// usage error; an unknown one gets a hint at the closest flag of the command.
func flagError(cmd *cobra.Command, err error) error {
	hint := ""
	var ne *pflag.NotExistError
	if errors.As(err, &ne) {
		hint = flagHint(cmd, ne.GetSpecifiedName(), ne.GetSpecifiedShortnames())
	}
	return usageFor(cmd, fmt.Errorf("%w%s", err, hint))
}

// flagHint suggests the command's flag closest to an unknown one: --jsn for
// --json, and -json (a group of shorthands to pflag) for --json too.
func flagHint(cmd *cobra.Command, name, shorthands string) string {
	typed := name
	if shorthands != "" {
		if len(shorthands) < 2 {
			return ""
		}
		typed = shorthands
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && f.Deprecated == "" {
			names = append(names, f.Name)
		}
	})
	if shorthands != "" {
		for _, n := range names {
			if n == typed {
				return fmt.Sprintf(" (did you mean %q?)", "--"+n)
			}
		}
	}
	// mapping.Suggest quotes the bare name: show it as it is typed, --name.
	return strings.Replace(mapping.Suggest(typed, names), `"`, `"--`, 1)
}
