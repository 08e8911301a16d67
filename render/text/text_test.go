package text

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// checkGolden compares got with testdata/name, rewriting the file first
// with -update (the pattern of go/printer's tests).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff)\n%s", golden, firstDiff(want, got))
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + strconv.Quote(wl) + "\n  got  " + strconv.Quote(gl)
		}
	}
	return ""
}

const examples = "../../examples/"

// TestMapStatsGolden pins the `map stats` summary of every example map.
func TestMapStatsGolden(t *testing.T) {
	files, _ := filepath.Glob(examples + "*.yaml")
	n := 0
	for _, f := range files {
		m, err := mapping.ReadFile(f)
		if err != nil {
			continue // scenarios sit next to the maps
		}
		n++
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			st, err := mapping.ComputeStats(m)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := MapStats(&b, m, st); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "mapstats-"+name+".golden", b.Bytes())
		})
	}
	if n < 3 {
		t.Fatalf("only %d example maps found", n)
	}
}

// TestAnalysisGolden pins the `analyze` summary: the example order log with
// and without its map, and a small log with a bad row, with --top 1 and
// with a --calendar file.
func TestAnalysisGolden(t *testing.T) {
	tests := []struct {
		name, log, mapFile string
		top                int
		calendar           string // a --calendar file's text
	}{
		{"orders", examples + "orders.csv.gz", "", 5, ""},
		{"orders-map", examples + "orders.csv.gz", examples + "order-fulfillment.yaml", 5, ""},
		{"small-map-top1", "testdata/small.csv", examples + "order-fulfillment.yaml", 1, ""},
		{"orders-poor-map", examples + "orders.csv.gz", "testdata/orders-poor-map.yaml", 5, ""},
		{"small", "testdata/small.csv", "", 0, ""}, // 0: the default, 5
		// One calendar for everyone: the cycle time's working median.
		{"small-calendar", "testdata/small.csv", "", 0, `default: "Mon-Fri 10:30-17:00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m *mapping.Map
			if tt.mapFile != "" {
				var err error
				if m, err = mapping.ReadFile(tt.mapFile); err != nil {
					t.Fatal(err)
				}
			}
			l, err := eventlog.ReadFile(tt.log, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			opt := analysis.Options{Map: m}
			if tt.calendar != "" {
				if opt.Calendars, err = analysis.ParseCalendarFile("calendar.yaml", []byte(tt.calendar)); err != nil {
					t.Fatal(err)
				}
			}
			r := analysis.Analyze(l, opt)
			var b bytes.Buffer
			if err := Analysis(&b, r, AnalysisOptions{Top: tt.top}); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "analysis-"+tt.name+".golden", b.Bytes())
		})
	}
}

// TestSimulationGolden pins the `simulate` summary of the example scenarios
// with their own seeds, and checks that the number of workers does not
// change a byte.
func TestSimulationGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates two scenarios")
	}
	// overloaded (testdata) shows the load warning and throughput per day.
	for _, name := range []string{"flash-sale", "what-if", "overloaded"} {
		t.Run(name, func(t *testing.T) {
			file := examples + name + ".yaml"
			if name == "overloaded" {
				file = "testdata/overloaded.yaml"
			}
			var outs [][]byte
			for _, workers := range []int{1, 3} {
				sc, err := simulate.ReadScenario(file)
				if err != nil {
					t.Fatal(err)
				}
				res, err := simulate.Run(context.Background(), sc, simulate.Options{Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := Simulation(&b, sc, res); err != nil {
					t.Fatal(err)
				}
				outs = append(outs, b.Bytes())
			}
			if !bytes.Equal(outs[0], outs[1]) {
				t.Fatalf("the summary depends on the number of workers:\n%s", firstDiff(outs[0], outs[1]))
			}
			checkGolden(t, "simulation-"+name+".golden", outs[0])
		})
	}
}

// failingWriter fails every write, like stdout on a full disk.
type failingWriter struct{}

var errFull = errors.New("no space left on device")

func (failingWriter) Write([]byte) (int, error) { return 0, errFull }

// TestWriteErrors checks that every summary returns its writer's error.
func TestWriteErrors(t *testing.T) {
	m, err := mapping.ReadFile(examples + "order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := mapping.ComputeStats(m)
	if err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadFile("testdata/small.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ReadScenario(examples + "flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Replications = 1
	res, err := simulate.Run(context.Background(), sc, simulate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func() error{
		"MapStats": func() error { return MapStats(failingWriter{}, m, st) },
		"Analysis": func() error {
			return Analysis(failingWriter{}, analysis.Analyze(l, analysis.Options{}), AnalysisOptions{})
		},
		"Simulation": func() error { return Simulation(failingWriter{}, sc, res) },
	} {
		if err := write(); !errors.Is(err, errFull) {
			t.Errorf("%s returned %v, want the writer's error", name, err)
		}
	}
}

// TestSweepGolden pins the summary of a staffing sweep on the flash sale
// (warehouse.capacity=3..6, target sla>=0.7): the scenario's own variants
// are replaced, the WHAT IF section by the sweep's table.
func TestSweepGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates five variants")
	}
	sc, err := simulate.ReadScenario(examples + "flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sw, err := simulate.ParseSweep("warehouse.capacity=3..6")
	if err != nil {
		t.Fatal(err)
	}
	target, err := simulate.ParseTarget("sla>=0.7")
	if err != nil {
		t.Fatal(err)
	}
	sc.Variants = sw.Variants()
	res, err := simulate.Run(context.Background(), sc, simulate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res.Sweep = sw.Summarize(res, &target)
	var b bytes.Buffer
	if err := Simulation(&b, sc, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"SWEEP warehouse.capacity (4 values", "met first by warehouse.capacity=5"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if strings.Contains(out, "WHAT IF") {
		t.Error("a sweep's summary has a WHAT IF section")
	}
	checkGolden(t, "simulation-flash-sale-sweep.golden", b.Bytes())
}

func TestHanging(t *testing.T) {
	for _, tc := range []struct {
		prefix, text string
		width        int
		want         string
	}{
		{"  1. ", "short enough", 80, "  1. short enough"},
		{"  1. ", "no wrapping without a width at all", 0, "  1. no wrapping without a width at all"},
		{"  1. ", "Cases wait on average 8.9 h per case before Picked, 72% of it outside working hours", 40,
			"  1. Cases wait on average 8.9 h per\n     case before Picked, 72% of it\n     outside working hours"},
		// A unit stays with its number even past the width.
		{"  2. ", "Cases wait on average 18.5 h per case", 32, "  2. Cases wait on average 18.5 h\n     per case"},
		{"  2. ", "aaaa bbbb cccc dddd 1.9 d; rest", 30, "  2. aaaa bbbb cccc dddd 1.9 d;\n     rest"},
		{"  3. ", "a-very-long-word-that-cannot-be-broken-anywhere and more", 30,
			"  3. a-very-long-word-that-cannot-be-broken-anywhere\n     and more"},
	} {
		if got := hanging(tc.prefix, tc.text, tc.width); got != tc.want {
			t.Errorf("hanging(%q, %d) =\n%s\nwant\n%s", tc.text, tc.width, got, tc.want)
		}
	}
}

// TestAnalysisWidth: with a width, "What to fix first" and "Bottlenecks"
// wrap within it and say the same words; the rest is unchanged.
func TestAnalysisWidth(t *testing.T) {
	l, err := eventlog.ReadFile("../../examples/orders.csv.gz", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := analysis.Analyze(l, analysis.Options{})
	var flat, wrapped bytes.Buffer
	if err := Analysis(&flat, r, AnalysisOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Analysis(&wrapped, r, AnalysisOptions{Width: 80}); err != nil {
		t.Fatal(err)
	}
	section := ""
	for _, line := range strings.Split(wrapped.String(), "\n") {
		if line != "" && line[0] != ' ' {
			section = line
		}
		if (strings.HasPrefix(section, "What to fix first") || strings.HasPrefix(section, "Bottlenecks")) && utf8.RuneCountInString(line) > 80 {
			t.Errorf("%q: %d columns", line, utf8.RuneCountInString(line))
		}
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if words(flat.String()) != words(wrapped.String()) {
		t.Error("the wrapped summary says something else than the flat one")
	}
	if wrapped.Len() <= flat.Len() {
		t.Error("nothing was wrapped at 80 columns")
	}
}
