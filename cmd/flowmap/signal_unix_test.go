//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestHelperProcess is flowmap itself when the tests run it as a child
// process (FLOWMAP_HELPER_PROCESS=1): the arguments after "--" are flowmap's.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("FLOWMAP_HELPER_PROCESS") != "1" {
		t.Skip("runs as a child process of other tests")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Main(args, Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}

// streamLog makes path a named pipe that feeds an endless order log: the
// analysis keeps reading (without looking at its context, for now) until the
// test ends. started is closed when flowmap opens the log.
func streamLog(t *testing.T, path string) (started <-chan struct{}) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	opened, stop := make(chan struct{}), make(chan struct{})
	finished := make(chan struct{})
	t.Cleanup(func() {
		close(stop)
		select {
		case <-opened:
			<-finished
		default:
			// Nobody opened the pipe: unblock the writer's open.
			if r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
				<-finished
				r.Close()
			}
		}
	})
	go func() {
		defer close(finished)
		f, err := os.OpenFile(path, os.O_WRONLY, 0) // blocks until flowmap opens it
		if err != nil {
			return
		}
		defer f.Close()
		close(opened)
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "case_id,activity,timestamp,resource")
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		acts := []string{"Order placed", "Payment captured", "Picked", "Packed", "Shipped"}
		for c := 0; ; c++ {
			select {
			case <-stop:
				w.Flush()
				return
			default:
			}
			for i, a := range acts {
				ts := base.Add(time.Duration(c)*time.Minute + time.Duration(i)*time.Hour)
				fmt.Fprintf(w, "ORD-%d,%s,%s,res-%d\n", c, a, ts.Format(time.RFC3339), c%17)
			}
			if c%2000 == 0 {
				if w.Flush() != nil {
					return // flowmap has gone
				}
				time.Sleep(time.Millisecond)
			}
		}
	}()
	return opened
}

// TestInterruptAnalyze interrupts a real flowmap process that analyses a log
// which does not end: it exits 130 promptly and the workbook of an earlier
// run is left byte for byte as it was, with no temporary file beside it.
func TestInterruptAnalyze(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			logPath := filepath.Join(dir, "big.csv")
			out := filepath.Join(dir, "r.xlsx")
			previous := []byte("PK\x03\x04 the workbook of an earlier run")
			if err := os.WriteFile(out, previous, 0o644); err != nil {
				t.Fatal(err)
			}
			started := streamLog(t, logPath)
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "--", "analyze", logPath, "-o", out, "-q")
			cmd.Env = append(os.Environ(), "FLOWMAP_HELPER_PROCESS=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-started: // flowmap runs and reads: its signal handler is in place
			case err := <-exited:
				t.Fatalf("flowmap exited before reading the log: %v\n%s", err, stderr.String())
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("flowmap did not open the log within 30 s")
			}
			time.Sleep(300 * time.Millisecond)
			select {
			case err := <-exited:
				t.Fatalf("flowmap finished reading an endless log: %v\n%s", err, stderr.String())
			default:
			}
			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("flowmap still runs 5 s after %v", sig)
			}
			took := time.Since(sent)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Errorf("exit: %v, want exit status 130\nstderr: %s", err, stderr.String())
			}
			if took > 1500*time.Millisecond {
				t.Errorf("exited %v after %v, want within 1.5 s", took, sig)
			}
			if got := stderr.String(); got != "flowmap: interrupted\n" {
				t.Errorf("stderr = %q", got)
			}
			if b, err := os.ReadFile(out); err != nil || !bytes.Equal(b, previous) {
				t.Errorf("the earlier workbook changed: %d bytes, %v", len(b), err)
			}
			des, _ := os.ReadDir(dir)
			if len(des) != 2 {
				var names []string
				for _, d := range des {
					names = append(names, d.Name())
				}
				t.Errorf("folder holds %v, want only big.csv and r.xlsx", names)
			}
		})
	}
}
