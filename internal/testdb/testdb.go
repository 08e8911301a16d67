package testdb

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Event is one row of an event table. Start zero = NULL start time; an
// empty Resource is loaded as NULL.
type Event struct {
	Case, Activity, Resource string
	Start, End               time.Time
	Seq                      int64
}

// startTimeout bounds how long a server may take to answer after it was
// started; stopTimeout how long a clean shutdown may take before the
// process is killed.
const (
	startTimeout = 60 * time.Second
	stopTimeout  = 20 * time.Second
)

// registry holds the stop functions of every server setup started in
// this process, run by Run.
var registry struct {
	mu    sync.Mutex
	stops []func() error
}

func onStop(stop func() error) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	registry.stops = append(registry.stops, stop)
}

// Run wraps testing.M: it runs the tests, then stops every server started
// and removes its temporary directory, whatever the tests' outcome. Use as
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }
func Run(m *testing.M) int {
	code := m.Run()
	if err := stopAll(); err != nil {
		fmt.Fprintln(os.Stderr, "testdb:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// stopAll stops every registered server (all at once: each waits for its
// own clean shutdown) and forgets them; the process-wide handles are reset
// so a later call starts afresh.
func stopAll() error {
	registry.mu.Lock()
	stops := registry.stops
	registry.stops = nil
	registry.mu.Unlock()
	errs := make([]error, len(stops))
	var wg sync.WaitGroup
	for i, stop := range stops {
		wg.Go(func() { errs[i] = stop() })
	}
	wg.Wait()
	resetHandles()
	return errors.Join(errs...)
}

// missing reports a program the tests need but cannot find: a loud skip
// on a developer machine, a failure when the CI environment variable is
// set (CI must install it; see .ci/run).
func missing(tb testing.TB, what, hint string) {
	tb.Helper()
	msg := fmt.Sprintf("testdb: %s not found; install it (%s) to run this test", what, hint)
	if os.Getenv("CI") != "" {
		tb.Fatal(msg + " [CI is set: failing instead of skipping]")
	}
	tb.Skip("SKIPPED (no database server): " + msg)
}

// findProgram looks a program up on PATH and then in the given directories
// (Debian puts clickhouse-server in /usr/sbin and PostgreSQL's programs in
// /usr/lib/postgresql/15/bin, neither always on PATH).
func findProgram(name string, dirs ...string) (string, bool) {
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

// freePort asks the kernel for a free TCP port on 127.0.0.1. Another
// process may take it before the server binds it; the start-up error then
// says so (the server log names the port).
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("looking for a free port on 127.0.0.1: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// freePorts returns n distinct free ports (all listeners are held open
// until every port is chosen, so they differ).
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("looking for a free port on 127.0.0.1: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// portAttempts is how many times a setup is started with fresh ports when
// a port chosen by freePort was taken before the server bound it.
const portAttempts = 3

// withFreshPorts calls start until it succeeds, fails for another reason
// than a port in use, or portAttempts were made.
func withFreshPorts[T any](start func() (T, error)) (T, error) {
	for i := 1; ; i++ {
		v, err := start()
		if err == nil || i == portAttempts || !strings.Contains(err.Error(), "Address already in use") {
			return v, err
		}
	}
}

// tail returns the last n lines of a file, for error messages ("(no log)"
// when it cannot be read).
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(no log at %s: %v)", path, err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return fmt.Sprintf("last %d lines of %s:\n%s", len(lines), path, strings.Join(lines, "\n"))
}

// runCmd runs a short command and returns its combined output in the error.
func runCmd(cmd *exec.Cmd) error {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	return nil
}

// waitExit waits for a started process to exit, up to d; it returns false
// on timeout. done is closed by the goroutine that called cmd.Wait.
func waitExit(done <-chan struct{}, d time.Duration) bool {
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// resetHandles forgets the process-wide servers (after they were stopped).
func resetHandles() {
	pgState.mu.Lock()
	pgState.pg, pgState.err = nil, nil
	pgState.mu.Unlock()
	chState.mu.Lock()
	chState.ch, chState.errs = [3]*CH{}, [3]error{}
	chState.mu.Unlock()
}
