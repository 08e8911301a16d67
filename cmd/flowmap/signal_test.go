package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// interruptible runs a root with a `work` command through execute and
// sends the given signals (after the command has started, spaced by gap);
// work either watches its context or ignores it until released.
func interruptible(t *testing.T, watchCtx bool, signals int, gap time.Duration) (code int, stderr string, cleanups int32, elapsed time.Duration) {
	t.Helper()
	var out, errb bytes.Buffer
	s := Streams{In: strings.NewReader(""), Out: &out, Err: &errb}
	root := newRootCmd(s)
	started, release := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(release) })
	root.AddCommand(&cobra.Command{Use: "work", RunE: func(cmd *cobra.Command, args []string) error {
		close(started)
		if watchCtx {
			<-cmd.Context().Done()
			return context.Cause(cmd.Context())
		}
		<-release // like reading a big log without looking at the context
		return nil
	}})
	sig := make(chan os.Signal, 2)
	var n atomic.Int32
	var start time.Time
	go func() {
		<-started
		start = time.Now()
		for range signals {
			sig <- os.Interrupt
			time.Sleep(gap)
		}
	}()
	code = execute(root, []string{"work"}, s, sig, func() { n.Add(1) })
	return code, errb.String(), n.Load(), time.Since(start)
}

func TestInterruptStuckCommand(t *testing.T) {
	code, stderr, cleanups, elapsed := interruptible(t, false, 1, 0)
	if code != exitInterrupted || stderr != "flowmap: interrupted\n" || cleanups != 1 {
		t.Errorf("exit %d, stderr %q, %d cleanups; want 130, \"flowmap: interrupted\", 1", code, stderr, cleanups)
	}
	if elapsed < interruptGrace || elapsed > interruptGrace+time.Second {
		t.Errorf("returned after %v; want the grace of %v", elapsed, interruptGrace)
	}
}

func TestInterruptWatchingCommand(t *testing.T) {
	code, stderr, cleanups, elapsed := interruptible(t, true, 1, 0)
	if code != exitInterrupted || stderr != "flowmap: interrupted\n" || cleanups != 1 {
		t.Errorf("exit %d, stderr %q, %d cleanups; want 130, \"flowmap: interrupted\", 1", code, stderr, cleanups)
	}
	if elapsed >= interruptGrace {
		t.Errorf("returned after %v; a command that watches its context should not need the grace", elapsed)
	}
}

func TestSecondInterruptExitsAtOnce(t *testing.T) {
	code, _, cleanups, elapsed := interruptible(t, false, 2, 20*time.Millisecond)
	if code != exitInterrupted || cleanups != 1 {
		t.Errorf("exit %d, %d cleanups; want 130, 1", code, cleanups)
	}
	if elapsed >= interruptGrace {
		t.Errorf("returned after %v; the second signal should end the grace", elapsed)
	}
}

func TestNoInterruptNoCleanup(t *testing.T) {
	var errb bytes.Buffer
	s := Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errb}
	code := execute(newRootCmd(s), []string{"version"}, s, make(chan os.Signal), func() { t.Error("cleanup without an interrupt") })
	if code != exitOK || errb.Len() != 0 {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
