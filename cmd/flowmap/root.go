package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/internal/atomicfile"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/text"
)

// Exit codes, documented in `flowmap --help`.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitInvalid = 3
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module build info.
var version = ""

// Streams are the command's input and outputs, injected so that tests run
// without a terminal.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// usageError marks a wrong command line (exit 2). With help set (a
// command path) the message ends by pointing at that command's --help.
type usageError struct {
	err  error
	help string
}

func (e usageError) Error() string {
	if e.help == "" {
		return e.err.Error()
	}
	return e.err.Error() + "\nRun '" + e.help + " --help' for usage."
}

// listProblems prints a list of problems found in an input file, one
// file:line:col: message a line, and returns exit 3 for it; other errors
// are returned as they are.
func listProblems(err error, s Streams) error {
	var list mapping.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	for _, e := range list {
		fmt.Fprintln(s.Err, text.Safe(fmt.Sprint(e)))
	}
	return silentError{exitInvalid}
}

// usageFor is a usage error of cmd, pointing at its help.
func usageFor(cmd *cobra.Command, err error) error { return usageError{err, cmd.CommandPath()} }
func (e usageError) Unwrap() error                 { return e.err }

// invalidInput marks input files that are not valid (exit 3); the details
// have been printed already.
type invalidInput struct{ err error }

func (e invalidInput) Error() string { return e.err.Error() }
func (e invalidInput) Unwrap() error { return e.err }

// silentError carries an exit code for an error whose message was printed.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode maps an error to the documented exit codes, in one place.
func exitCode(err error) int {
	var se silentError
	var ue usageError
	var ii invalidInput
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &se):
		return se.code
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ii), errors.Is(err, mapping.ErrInvalid):
		return exitInvalid
	}
	return exitFailure
}

// Main runs flowmap with the given arguments and returns the exit code.
// Ctrl-C or SIGTERM interrupts the command (exit 130) without leaving a
// half-written output file.
func Main(args []string, s Streams) int {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, interruptSignals...)
	defer signal.Stop(sig)
	return execute(newRootCmd(s), args, s, sig, atomicfile.CleanupAll)
}

// reportError prints a command's error, unless it has been printed already, and
// returns its exit code.
func reportError(err error, s Streams) int {
	if err == nil {
		return exitOK
	}
	var se silentError
	if !errors.As(err, &se) {
		fmt.Fprintln(s.Err, "flowmap:", text.Safe(strings.TrimPrefix(err.Error(), "flowmap: ")))
	}
	return exitCode(err)
}

func newRootCmd(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "flowmap",
		Short: "Map business processes and find their bottlenecks",
		Long: `flowmap turns workshop process maps and real event logs into numbers and pictures:
handoffs and system switches, queue versus work time, rework, variants, bottlenecks.

Exit codes:
  0  ok
  1  failure (I/O, internal error)
  2  usage error (unknown command or flag, missing argument)
  3  invalid input (a map or log with problems; each is printed as file:line:col: message)
  130  interrupted (Ctrl-C or SIGTERM); no output file is left half-written`,
		Example: `  flowmap demo
  flowmap map validate examples/*.yaml
  flowmap map stats examples/order-fulfillment.yaml --json
  flowmap map render examples/order-fulfillment.yaml -o process.svg
  flowmap map render examples/order-fulfillment.yaml -o process.png --lanes system`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildVersion(),
	}
	root.SetVersionTemplate("flowmap {{.Version}}\n") // the same line as `flowmap version`
	root.PersistentFlags().BoolP("quiet", "q", false, "no progress output on stderr")
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newMapCmd(s), newAnalyzeCmd(s), newSimulateCmd(s), newSimCompareCmd(s), newCalibrateCmd(s), newReportCmd(s), newDemoCmd(s), newVersionCmd(s))
	root.InitDefaultCompletionCmd() // now, so that its errors are classified too
	root.InitDefaultHelpCmd()
	classifyUsageErrors(root)
	root.SetUsageTemplate(groupUsageTemplate(root))
	return root
}

func newVersionCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the flowmap version and the source revision it was built from",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(s.Out, "flowmap", buildVersion())
			return err
		},
	}
}

// buildVersion describes this binary, for `flowmap version` and `--version`.
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return formatVersion(version, bi)
}

// formatVersion renders the version (the -ldflags one, else the module's)
// and the VCS revision the binary was built from, with "+dirty" when the
// working tree had changes, and the commit time:
// "v1.2.3 (rev 0123456789ab+dirty, 2026-01-02T03:04:05Z)". bi may be nil.
func formatVersion(ldflags string, bi *debug.BuildInfo) string {
	v := ldflags
	if v == "" && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "devel"
	}
	if bi == nil {
		return v
	}
	var rev, when string
	dirty := false
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			when = kv.Value
		case "vcs.modified":
			dirty = kv.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	if when != "" {
		rev += ", " + when
	}
	return v + " (rev " + rev + ")"
}

// Argument validators that report usage errors (exit 2). Their messages
// name the command without "flowmap", which the error line starts with.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageFor(cmd, fmt.Errorf("%s takes no arguments, got %q", commandName(cmd), args))
	}
	return nil
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageFor(cmd, fmt.Errorf("%s needs %s (got %d arguments)", commandName(cmd), what, len(args)))
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageFor(cmd, fmt.Errorf("%s needs %s", commandName(cmd), what))
		}
		return nil
	}
}

// commandName is the command's path without the program name: "map render".
func commandName(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return cmd.Name()
	}
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}
