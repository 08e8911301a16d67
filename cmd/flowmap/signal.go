package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// exitInterrupted is the exit code after Ctrl-C or SIGTERM (128 + SIGINT),
// as shells report a process killed by SIGINT.
const exitInterrupted = 130

// interruptGrace is how long an interrupted command may take to return
// before flowmap exits without it. Work that watches its context returns
// well within it; reading a large log may not watch it yet.
const interruptGrace = 500 * time.Millisecond

// errInterrupted is the cause of the commands' context when the user
// interrupts flowmap: context.Cause(ctx) returns it.
var errInterrupted = errors.New("interrupted")

// interruptSignals stop flowmap: Ctrl-C and a polite kill.
var interruptSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// execute runs root with args and returns the exit code. The command runs
// in its own goroutine so that an interrupt is answered even when the work
// does not watch its context: the first signal from sig cancels the context
// and gives the command interruptGrace to return; then, or at once on a
// second signal, cleanup removes the output files in flight (the previous
// files stay as they were) and execute returns exitInterrupted while the
// command may still be running; the caller exits the process.
func execute(root *cobra.Command, args []string, s Streams, sig <-chan os.Signal, cleanup func()) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	classifyUsageErrors(root) // again, for commands added after newRootCmd
	root.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	select {
	case err := <-done:
		return reportError(err, s)
	case <-sig:
	}
	cancel(errInterrupted)
	timer := time.NewTimer(interruptGrace)
	defer timer.Stop()
	select {
	case <-done:
	case <-sig:
	case <-timer.C:
	}
	cleanup()
	if isTerminal(s.Err) {
		fmt.Fprint(s.Err, "\r\033[K") // over a progress line
	}
	fmt.Fprintln(s.Err, "flowmap: interrupted")
	return exitInterrupted
}
