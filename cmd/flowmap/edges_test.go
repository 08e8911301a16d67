package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failWriter fails every write, like stdout redirected to /dev/full.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestCommandEdges: exit codes and messages for inputs found by trying
// flowmap as a new user and as an adversary would.
func TestCommandEdges(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		stderrHas []string
		stderrNot []string
	}{
		{"a directory as the log is I/O", []string{"analyze", dir}, exitFailure, []string{"is a directory"}, nil},
		{"a missing log is I/O", []string{"analyze", filepath.Join(dir, "none.csv")}, exitFailure, []string{"no such file"}, nil},
		{"a directory as the map is I/O", []string{"map", "validate", dir}, exitFailure, []string{"is a directory"}, nil},
		{"--wide naming a column twice", []string{"analyze", "testdata/small.csv", "--wide", "timestamp,timestamp"}, exitUsage, []string{`--wide names column "timestamp" twice`}, nil},
		{"report with a log but no map points at analyze", []string{"report", "--log", "testdata/small.csv", "-o", filepath.Join(dir, "r.xlsx")}, exitUsage,
			[]string{"flowmap analyze testdata/small.csv -o report.xlsx"}, nil},
		{"-q prints no 'wrote'", []string{"analyze", "testdata/small.csv", "-q", "-o", filepath.Join(dir, "q.xlsx"), "--diagram", filepath.Join(dir, "q.svg")}, exitOK, nil, []string{"wrote"}},
		{"-q map render prints no 'wrote'", []string{"map", "render", "../../examples/order-fulfillment.yaml", "-q", "-o", filepath.Join(dir, "m.svg")}, exitOK, nil, []string{"wrote"}},
		{"without -q it says what it wrote", []string{"map", "render", "../../examples/order-fulfillment.yaml", "-o", filepath.Join(dir, "m.svg")}, exitOK, []string{"wrote " + filepath.Join(dir, "m.svg")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args...)
			checkRun(t, code, stdout, stderr, tc.code, nil, tc.stderrHas)
			for _, not := range tc.stderrNot {
				if strings.Contains(stderr, not) {
					t.Errorf("stderr has %q:\n%s", not, stderr)
				}
			}
		})
	}
}

// TestStdoutWriteErrors: a full stdout is an error (exit 1), never a
// silent success.
func TestStdoutWriteErrors(t *testing.T) {
	for _, args := range [][]string{
		{"map", "validate", "../../examples/order-fulfillment.yaml"},
		{"map", "stats", "../../examples/order-fulfillment.yaml"},
		{"analyze", "testdata/small.csv", "-q"},
		{"analyze", "testdata/small.csv", "-q", "--json"},
	} {
		var errb strings.Builder
		code := Main(args, Streams{In: strings.NewReader(""), Out: failWriter{}, Err: &errb})
		if code != exitFailure || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 naming the write error", args, code, errb.String())
		}
	}
}

// TestTerminalEscapes: names from a log reach the terminal with their
// control characters escaped, so a log cannot set the window title or clear
// the screen.
func TestTerminalEscapes(t *testing.T) {
	log := filepath.Join(t.TempDir(), "evil.csv")
	src := "case_id,activity,timestamp\n1,\"Pay\x1b]0;pwned\x07\",2026-01-05T10:00:00Z\n1,Ship\x1b[2J,2026-01-05T11:00:00Z\n"
	if err := os.WriteFile(log, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "analyze", log, "-q")
	checkRun(t, code, stdout, stderr, exitOK, []string{`Pay\x1b]0;pwned\x07`, `Ship\x1b[2J`}, nil)
	if strings.ContainsRune(stdout+stderr, 0x1b) {
		t.Errorf("raw ESC reached the terminal:\n%q", stdout)
	}
	m := filepath.Join(t.TempDir(), "evil.yaml")
	if err := os.WriteFile(m, []byte("process: x\nowners: [{id: o}]\nsteps:\n  - {id: a, owner: \"o\\e[2J\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "map", "validate", m)
	if code != exitInvalid || strings.ContainsRune(stderr, 0x1b) || !strings.Contains(stderr, `\x1b[2J`) {
		t.Errorf("map validate: exit %d, stderr %q", code, stderr)
	}
}

// TestCompletion: --lanes completes to its values, file arguments and file
// flags to the extensions the command reads.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "map", "render", "m.yaml", "--lanes", ""}, "owner\nsystem\n:4\n"},
		{[]string{"__complete", "analyze", ""}, "csv\ntsv\ntxt\ngz\nxes\nparquet\n:8\n"},
		{[]string{"__complete", "analyze", "x.csv", "--map", ""}, "yaml\nyml\nxlsx\ncsv\nbpmn\n:8\n"},
		{[]string{"__complete", "map", "validate", ""}, "yaml\nyml\nxlsx\ncsv\nbpmn\n:8\n"},
		{[]string{"__complete", "simulate", "s.yaml", "--events", ""}, "csv\n:8\n"},
		{[]string{"__complete", "report", "--map", "m.yaml", "-o", ""}, "xlsx\n:8\n"},
	} {
		code, stdout, stderr := run(t, tc.args...)
		if code != exitOK || stdout != tc.want {
			t.Errorf("%v: exit %d, stdout %q, want %q (stderr %q)", tc.args, code, stdout, tc.want, stderr)
		}
	}
}

// TestMaxEventsFlag: --max-events lowers (or raises) the bound on the events
// one replication may generate; over it the run is refused with the figure.
func TestMaxEventsFlag(t *testing.T) {
	code, stdout, stderr := run(t, "simulate", "../../examples/flash-sale.yaml", "-q", "--max-events", "1000")
	checkRun(t, code, stdout, stderr, exitInvalid, nil, []string{"more than the limit of 1,000", "--max-events"})
	code, stdout, stderr = run(t, "simulate", "../../examples/flash-sale.yaml", "-q", "--max-events", "-5")
	checkRun(t, code, stdout, stderr, exitUsage, nil, []string{"--max-events must be at least 1"})
}

// TestSweepBadPathOnce: a sweep over a path that does not exist is one
// error, not one per value.
func TestSweepBadPathOnce(t *testing.T) {
	code, stdout, stderr := run(t, "simulate", "../../examples/flash-sale.yaml", "-q", "--sweep", "wharehouse.capacity=3..6")
	checkRun(t, code, stdout, stderr, exitInvalid, nil, []string{`unknown step or owner "wharehouse"`, `did you mean "warehouse"`})
	if n := strings.Count(stderr, "unknown step or owner"); n != 1 {
		t.Errorf("the error is printed %d times:\n%s", n, stderr)
	}
}
