package eventlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/flowmap/flowmap/internal/shareddata"
)

// csvDiffOptions are the option sets the CSV differential tests read with.
var csvDiffOptions = []Options{
	{},
	{Strict: true},
	{EventAttrs: true, MaxSamples: 5},
	{MaxSamples: -1, Location: time.FixedZone("X", -5*3600)},
	{Case: "case:concept:name", Activity: "Activity", Resource: "org:group", StartTime: "start_timestamp", Lifecycle: "lifecycle"},
	{TimeFormat: "2006-01-02 15:04:05", Strict: true},
	{Wide: []string{"timestamp", "approved_at", "time:timestamp"}, Case: "case_id"},
}

var sentinels = []error{ErrNotEventLog, ErrEmpty, ErrMissingColumn, ErrBadTimestamp, ErrMissingValue, ErrFieldCount, ErrSyntax}

// sameCSV reads data with ReadCSV and with the encoding/csv reference and
// fails unless both give the same log, or the same error. wrap changes the
// reader given to both.
func sameCSV(t testing.TB, name string, data []byte, opt Options, wrap func(io.Reader) io.Reader) {
	t.Helper()
	rd := func() io.Reader {
		var r io.Reader = bytes.NewReader(data)
		if wrap != nil {
			r = wrap(r)
		}
		return r
	}
	want, werr := readCSVRef(rd(), name, opt)
	got, gerr := ReadCSV(rd(), name, opt)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("%s %+v: error\n got %v\nwant %v", name, opt, gerr, werr)
	}
	if gerr != nil {
		if got != nil {
			t.Fatalf("%s: log and error", name)
		}
		var gp, wp *ParseError
		if errors.As(gerr, &gp) != errors.As(werr, &wp) || gp != nil && (gp.Row != wp.Row || gp.Column != wp.Column || gp.Value != wp.Value) {
			t.Fatalf("%s %+v: error\n got %#v\nwant %#v", name, opt, gerr, werr)
		}
		for _, s := range sentinels {
			if errors.Is(gerr, s) != errors.Is(werr, s) {
				t.Fatalf("%s %+v: errors.Is(%v): got %v", name, opt, s, errors.Is(gerr, s))
			}
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %+v: logs differ: %s", name, opt, diffLogs(got, want))
	}
}

// csvInputs returns the CSV logs of shared/data/logs, the testdata fixtures
// and the fuzz seeds.
func csvInputs(t testing.TB) map[string][]byte {
	in := map[string][]byte{}
	sharedData, _ := shareddata.Optional(t)
	paths, _ := filepath.Glob(filepath.Join(sharedData, "logs", "*.csv"))
	if len(paths) == 0 {
		t.Log("shared/data/logs not available: fixtures only")
	}
	fixtures, _ := filepath.Glob("testdata/*.csv")
	for _, p := range append(paths, fixtures...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in[filepath.Base(p)] = data
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzCSVDifferential/*")
	more, _ := filepath.Glob("testdata/fuzz/FuzzReadCSV/*")
	for _, p := range append(seeds, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(data), "\n", 3)
		if len(lines) < 2 || !strings.HasPrefix(lines[1], "[]byte(") {
			continue
		}
		var b []byte
		if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"), "%q", &b); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		in["fuzz/"+filepath.Base(p)] = b
	}
	return in
}

func TestCSVDifferential(t *testing.T) {
	for name, data := range csvInputs(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, opt := range csvDiffOptions {
				sameCSV(t, name, data, opt, nil)
			}
			if len(data) < 300<<10 {
				sameCSV(t, name, data, Options{}, iotest.OneByteReader)
				sameCSV(t, name, data, Options{Strict: true}, iotest.HalfReader)
			}
		})
	}
}

// TestCSVDifferentialBench compares the benchmark log (200,000 rows: many
// chunks).
func TestCSVDifferentialBench(t *testing.T) {
	if testing.Short() {
		t.Skip("large log: not with -short")
	}
	benchLogs()
	for _, opt := range csvDiffOptions[:4] {
		sameCSV(t, "bench.csv", benchCSV, opt, nil)
	}
}

// genCSV writes a random log of n rows in the given dialect: quoted fields
// (with delimiters, doubled quotes and line breaks), a BOM, CRLF, empty
// lines, and a share of bad rows of every kind.
func genCSV(rng *rand.Rand, n int, delim string, bad float64) []byte {
	var b bytes.Buffer
	if rng.IntN(3) == 0 {
		b.WriteString("\ufeff")
	}
	nl := "\n"
	if rng.IntN(3) == 0 {
		nl = "\r\n"
	}
	cols := []string{"case_id", "activity", "timestamp", "start_timestamp", "resource", "lifecycle", "case:channel", "note"}
	b.WriteString(strings.Join(cols, delim) + nl)
	acts := []string{"Order placed", "Pick", "Pack, wrap", `Ship "express"`, "Zoë 🚀", "Close\norder"}
	layouts := []string{"2006-01-02T15:04:05.000Z", "2006-01-02 15:04:05", "02.01.2006 15:04", "01/02/2006 15:04:05", "2006/01/02 15:04:05-07:00"}
	layout := layouts[rng.IntN(len(layouts))]
	quote := func(s string) string {
		if strings.ContainsAny(s, delim+"\"\r\n") || rng.IntN(10) == 0 {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		c := fmt.Sprintf("C%d", rng.IntN(n/5+1))
		end := base.Add(time.Duration(rng.IntN(1e6)) * time.Second)
		f := []string{c, acts[rng.IntN(len(acts))], end.Format(layout), "", fmt.Sprintf("r%d", rng.IntN(7)),
			[]string{"complete", "start", "", "COMPLETE"}[rng.IntN(4)], []string{"web", "shop", ""}[rng.IntN(3)], ""}
		if rng.IntN(4) == 0 {
			f[3] = end.Add(-time.Hour).Format(layout)
		}
		if rng.IntN(5) == 0 {
			f[7] = []string{"a" + delim + "b", "line1\nline2", "x\r\ny", `say "hi"`, " padded "}[rng.IntN(5)]
		}
		if rng.Float64() < bad {
			switch rng.IntN(9) {
			case 0:
				f[0] = ""
			case 1:
				f[1] = ""
			case 2:
				f[2] = "soon"
			case 3:
				f[3] = "2024-13-45"
			case 4:
				f = f[:5]
			case 5:
				f = append(f, "extra")
			case 6:
				f[4] = `bare"quote`
			case 7:
				f[7] = `"unterminated`
			case 8:
				f[2] = ""
			}
		}
		for k := range f {
			if !(k == 4 && strings.Contains(f[k], "bare")) && !(k == 7 && strings.HasPrefix(f[k], `"un`)) {
				f[k] = quote(f[k])
			}
		}
		b.WriteString(strings.Join(f, delim) + nl)
		if rng.IntN(50) == 0 {
			b.WriteString(nl)
		}
	}
	if rng.IntN(2) == 0 {
		b.Truncate(b.Len() - len(nl))
	}
	return b.Bytes()
}

// TestCSVDifferentialGenerated compares random logs in every dialect,
// across lookahead and chunk boundaries.
func TestCSVDifferentialGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (generated logs of up to 20,000 rows in every dialect): not with -short")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i, n := range []int{0, 1, 3, 50, 999, 1000, 1001, 1200, 4095, 4097, 9000, 20000} {
		for _, delim := range []string{",", ";", "\t", "|"} {
			for _, bad := range []float64{0, 0.001, 0.05, 0.5} {
				data := genCSV(rng, n, delim, bad)
				name := fmt.Sprintf("gen%d-%q-%v", i, delim, bad)
				for _, opt := range csvDiffOptions {
					sameCSV(t, name, data, opt, nil)
				}
				if n < 1500 {
					sameCSV(t, name, data, Options{}, iotest.HalfReader)
				}
			}
		}
	}
}

// TestCSVDifferentialEdges compares hand-written corner cases of encoding/csv.
func TestCSVDifferentialEdges(t *testing.T) {
	h := "case_id,activity,timestamp,resource\n"
	long := strings.Repeat("x", 300<<10) // longer than the read buffer
	cases := []string{
		h + "1,a,2020-01-01,r\r\n2,b,2020-01-02,r\r",
		h + "1,a,2020-01-01,r\n\n\n\r\n2,b,2020-01-02,\"r\"\"\"\n",
		h + "1,a,2020-01-01,\"r\nr\n\nr\"\n2,b,2020-01-02,x",
		h + "1,a,2020-01-01,\"r\r\nr\"\r\n2,b,2020-01-02,x\r\n",
		h + "1,\"a\nb\",\"2020-01-01\n\",r\n1,b,\n2020-01-02,r\n",
		h + "1,a,\"2020-\n13-01\",r\n1,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,\"r\"x\n2,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,\"r\n\nx\"y\n2,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,r\"\n2,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,\"unterminated\n2,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,\"unterminated\n",
		h + "1,a,2020-01-01,\"",
		h + "1,a,2020-01-01,\"\"\n\"\",a,2020-01-01,r\n",
		h + "1,a,2020-01-01," + long + "\n2,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,\"" + long + "\n" + long + "\"\n2,b,2020-01-02,r\n",
		h + "1,a,2020-01-01,r,\n1,a,2020-01-01\n1,a,2020-01-01,r,x,y\n,,,\n",
		"\"case_id\",\"activity\nname\",timestamp\n1,a,2020-01-01\n",
		"\n\ncase_id,activity,timestamp\n\n1,a,2020-01-01\n",
		"case_id,\"activity,timestamp\n1,a,2020-01-01\n",
		"case_id,activity,timestamp\"\n1,a,2020-01-01\n",
		"case_id,activity,timestamp\r\n1,a,01/02/2020\r\n1,b,13/02/2020\r\n",
		"case_id;activity;timestamp;\"x;y\"\n1;a;2020-01-01;\"1;2\"\n",
		"case_id,activity,timestamp,lifecycle:transition,concept:instance\n1,a,2020-01-01,start,i\n1,a,2020-01-02,complete,i\n",
		"case_id,activity,timestamp,case:x,case:x\n1,a,2020-01-01,p,q\n1,b,2020-01-02,r,q\n",
		"case_id,activity,timestamp\n1,a,2020-01-01\x00\n",
		"case_id,activity,timestamp\n1,a,\xff\xfe\n1,\xff,2020-01-01\n",
	}
	for i, c := range cases {
		for _, opt := range csvDiffOptions {
			sameCSV(t, fmt.Sprintf("edge%d", i), []byte(c), opt, nil)
		}
		sameCSV(t, fmt.Sprintf("edge%d", i), []byte(c), Options{}, iotest.OneByteReader)
	}
}

// TestCSVDifferentialReadError compares the reader stopping with a read
// error at every point of a log: before, inside and after the lookahead,
// and inside a quoted field.
func TestCSVDifferentialReadError(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	data := genCSV(rng, 6000, ",", 0.01)
	boom := errors.New("boom")
	for _, n := range []int{0, 10, 100, 1000, 40_000, 70_000, 200_000, 300_000, len(data) - 1} {
		n = min(n, len(data))
		for _, opt := range []Options{{}, {Strict: true}} {
			sameCSV(t, fmt.Sprintf("readerr@%d", n), data, opt, func(r io.Reader) io.Reader {
				return io.MultiReader(io.LimitReader(r, int64(n)), iotest.ErrReader(boom))
			})
			// A reader that fails once and then goes on.
			sameCSV(t, fmt.Sprintf("transient@%d", n), data, opt, func(r io.Reader) io.Reader {
				return bufio.NewReaderSize(&failOnce{r: r, at: n, err: boom}, 64<<10)
			})
		}
	}
}

// failOnce returns err once, after at bytes, then reads on.
type failOnce struct {
	r      io.Reader
	at, n  int
	failed bool
	err    error
}

func (f *failOnce) Read(p []byte) (int, error) {
	if !f.failed && f.n >= f.at {
		f.failed = true
		return 0, f.err
	}
	if !f.failed && f.n+len(p) > f.at {
		p = p[:f.at-f.n]
	}
	n, err := f.r.Read(p)
	f.n += n
	return n, err
}

func FuzzCSVDifferential(f *testing.F) {
	for name, data := range csvInputs(f) {
		if len(data) < 20<<10 || strings.HasPrefix(name, "fuzz/") {
			f.Add(data)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []string{",", ";", "\t", "|"} {
		f.Add(genCSV(rng, 30, d, 0.2))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameCSV(t, "fuzz.csv", data, Options{}, nil)
		sameCSV(t, "fuzz.csv", data, Options{Strict: true, EventAttrs: true}, iotest.HalfReader)
		sameCSV(t, "fuzz.csv", data, Options{Wide: []string{"timestamp", "approved_at"}, Case: "case_id"}, nil)
	})
}

// TestTimeParserMemo checks that the date memo of timeParser changes no
// result: values parsed in sequence (sharing dates, or nearly) against a
// fresh parser per value, for every layout family.
func TestTimeParserMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pick := func(s string) byte { return s[rng.IntN(len(s))] }
	var vals []string
	prev := "2024-02-29T10:00:00Z"
	for range 200_000 {
		b := []byte(prev)
		switch rng.IntN(4) {
		case 0: // a new value from scratch
			b = []byte(fmt.Sprintf("%04d%c%02d%c%02d%c%02d:%02d", 1670+rng.IntN(600), pick("-/."), rng.IntN(14), pick("-/."), rng.IntN(33), pick("T t"), rng.IntN(25), rng.IntN(61)))
			if rng.IntN(2) == 0 {
				b = []byte(fmt.Sprintf("%02d%c%02d%c%04d%s", rng.IntN(33), pick("-/."), rng.IntN(14), pick("-/."), 1670+rng.IntN(600), string(b[10:])))
			}
		default: // change a few characters of the previous one
			for range 1 + rng.IntN(3) {
				k := rng.IntN(len(b) + 1)
				switch rng.IntN(3) {
				case 0:
					if k < len(b) {
						b[k] = pick("0123456789-/.:T Z+")
					}
				case 1:
					b = append(b[:k:k], append([]byte{pick("0123456789:. Z")}, b[k:]...)...)
				case 2:
					if k < len(b) {
						b = append(b[:k:k], b[k+1:]...)
					}
				}
			}
		}
		prev = string(b)
		vals = append(vals, prev)
	}
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("X", 5400)} {
		for k := tsISO; k <= tsMDYSlash; k++ {
			seq := newTimeParser(k, "", loc)
			hits := 0
			for _, v := range vals {
				fresh := newTimeParser(k, "", loc)
				ns, naive, ok := seq.parse(v)
				wns, wnaive, wok := fresh.parse(v)
				if ns != wns || naive != wnaive || ok != wok {
					t.Fatalf("kind %d %s: %q: got %d %v %v, want %d %v %v", k, loc, v, ns, naive, ok, wns, wnaive, wok)
				}
				if ok {
					hits++
				}
			}
			if hits < 500 {
				t.Errorf("kind %d: only %d values parsed", k, hits)
			}
		}
	}
}
