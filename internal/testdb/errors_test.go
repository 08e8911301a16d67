package testdb

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// recorder is a testing.TB that records Skip and Fatal instead of ending
// the test that runs it (it ends its own goroutine, as they do).
type recorder struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Skip(args ...any) {
	r.skipped, r.msg = true, args[0].(string)
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any) {
	r.failed, r.msg = true, args[0].(string)
	runtime.Goexit()
}

// record runs f with a recorder in its own goroutine.
func record(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func TestMissingSkipsOrFails(t *testing.T) {
	for _, tt := range []struct {
		ci          string
		skip, fatal bool
	}{
		{"", true, false},
		{"true", false, true},
	} {
		t.Setenv("CI", tt.ci)
		r := record(t, func(tb testing.TB) { missing(tb, "clickhouse-server", "apt-get install clickhouse-server") })
		if r.skipped != tt.skip || r.failed != tt.fatal {
			t.Errorf("CI=%q: skipped %v, failed %v; want %v, %v", tt.ci, r.skipped, r.failed, tt.skip, tt.fatal)
		}
		if !strings.Contains(r.msg, "clickhouse-server not found") || !strings.Contains(r.msg, "apt-get install clickhouse-server") {
			t.Errorf("CI=%q: message %q does not name the program and how to install it", tt.ci, r.msg)
		}
	}
}

// TestProcExitWhileStarting: a server that dies while starting gives an
// error with its exit status and the tail of its log.
func TestProcExitWhileStarting(t *testing.T) {
	log := filepath.Join(t.TempDir(), "server.log")
	cmd := exec.Command("sh", "-c", "echo 'FATAL: port 5 already in use' >&2; exit 3")
	p, err := startProc("fake server", log, cmd, syscall.SIGTERM, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = p.waitReady(func() error { return os.ErrNotExist })
	for _, want := range []string{"fake server exited while starting", "exit status 3", "FATAL: port 5 already in use", log} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v; want it to contain %q", err, want)
		}
	}
}

// TestProcStop: a process that exits on the shutdown signal stops at once,
// and stopping it again is no error.
func TestProcStop(t *testing.T) {
	cmd := exec.Command("sleep", "60")
	p, err := startProc("sleep", filepath.Join(t.TempDir(), "log"), cmd, syscall.SIGTERM, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := p.stop(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !p.exited() || time.Since(start) > 5*time.Second {
		t.Errorf("sleep not stopped by SIGTERM (exited %v after %v)", p.exited(), time.Since(start))
	}
	if err := p.stop(syscall.SIGTERM); err != nil {
		t.Errorf("stopping a stopped process: %v", err)
	}
}

func TestCheckEvents(t *testing.T) {
	end := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		events []Event
		times  TimeKind
		err    string
	}{
		{"ok", []Event{{Case: "a", Activity: "x", End: end}}, DateTime, ""},
		{"zero end", []Event{{Case: "a", Activity: "x", End: end}, {Case: "b", Activity: "y"}}, EpochMillis,
			`event 1 (case "b", activity "y"): End is zero`},
		{"before 1970", []Event{{Case: "a", Activity: "x", Start: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), End: end}}, DateTime,
			`event 0 (case "a", activity "x"): time 1969-12-31T00:00:00Z outside DateTime's range`},
		{"before 1970 in millis", []Event{{Case: "a", Activity: "x", Start: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), End: end}}, EpochMillis, ""},
	} {
		err := checkEvents(tt.events)
		if err == nil {
			err = checkTimes(tt.events, tt.times)
		}
		if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
}

func TestChIdent(t *testing.T) {
	for in, want := range map[string]string{
		"events":      "`events`",
		"order items": "`order items`",
		"a`b\\c":      "`a\\`b\\\\c`",
	} {
		if got := chIdent(in); got != want {
			t.Errorf("chIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestSweepStale: a directory whose owner process has exited is removed
// before the next server starts; one whose owner lives, or that has no
// owner file, stays.
func TestSweepStale(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{ // directory → owner.pid content ("" = none)
		"flowmap-testdb-pg-dead":  strconv.Itoa(dead.Process.Pid),
		"flowmap-testdb-ch-alive": strconv.Itoa(os.Getpid()),
		"flowmap-testdb-ch-none":  "",
		"other-dead":              strconv.Itoa(dead.Process.Pid),
	}
	for d, owner := range dirs {
		if err := os.Mkdir(filepath.Join(os.TempDir(), d), 0o755); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(os.TempDir(), d, ownerFile), []byte(owner), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	sweepStale()
	for d := range dirs {
		_, err := os.Stat(filepath.Join(os.TempDir(), d))
		if gone, want := os.IsNotExist(err), d == "flowmap-testdb-pg-dead"; gone != want {
			t.Errorf("%s: removed %v, want %v", d, gone, want)
		}
	}
}

func TestWithFreshPorts(t *testing.T) {
	inUse := errors.New("postgres exited while starting; FATAL: could not bind IPv4 address: Address already in use")
	other := errors.New("initdb: permission denied")
	for _, tt := range []struct {
		name  string
		errs  []error // returned by successive attempts
		calls int
		err   error
	}{
		{"first try", []error{nil}, 1, nil},
		{"port taken once", []error{inUse, nil}, 2, nil},
		{"port always taken", []error{inUse, inUse, inUse, nil}, portAttempts, inUse},
		{"other error", []error{other, nil}, 1, other},
	} {
		calls := 0
		_, err := withFreshPorts(func() (int, error) {
			calls++
			return calls, tt.errs[calls-1]
		})
		if calls != tt.calls || err != tt.err {
			t.Errorf("%s: %d calls, error %v; want %d, %v", tt.name, calls, err, tt.calls, tt.err)
		}
	}
}
