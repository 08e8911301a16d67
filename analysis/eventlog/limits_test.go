package eventlog

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// Tests of the issue "Nothing lost, nothing hangs": inputs that used to be
// read as a shorter log, or to swallow rows, without an error.

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func ordersCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("case_id,activity,timestamp,resource\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "order-%05d,step %d,2024-03-%02d 10:%02d:%02d,clerk%d\n", i/5, i%5, 1+i%28, i%60, i%59, i%7)
	}
	return b.Bytes()
}

func TestTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	xes, err := os.ReadFile("testdata/lifecycle.xes")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"orders.csv.gz", ordersCSV(20_000)}, {"log.xes.gz", xes}, {"orders.gz", ordersCSV(2000)}} {
		full := gzipped(t, f.data)
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, full, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadFile(path, Options{}); err != nil {
			t.Fatalf("%s complete: %v", f.name, err)
		}
		// Cut in the middle, in the trailer (checksum and size), just
		// before the end.
		for _, n := range []int{len(full) / 2, len(full) - 8, len(full) - 4, len(full) - 1} {
			if err := os.WriteFile(path, full[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			for _, opt := range []Options{{}, {Strict: true}, {Progress: func(int64, int64) {}}} {
				if opt.Strict && f.name == "log.xes.gz" {
					continue // the fixture has a bad row: Strict stops there
				}
				l, err := ReadFile(path, opt)
				var pe *ParseError
				if err == nil || !errors.Is(err, ErrTruncated) || !errors.As(err, &pe) {
					events := 0
					if l != nil {
						events = l.Events()
					}
					t.Fatalf("%s cut at %d of %d: err %v (%d events read), want a truncated-file error", f.name, n, len(full), err, events)
				}
				want := fmt.Sprintf("truncated gzip stream at byte %d of the compressed file", n)
				if !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), want) || !strings.HasSuffix(err.Error(), "the file is incomplete") {
					t.Errorf("%s cut at %d: %q, want the file name and %q", f.name, n, err, want)
				}
			}
		}
	}
}

// strayQuoteCSV is ordersCSV(rows) with a stray quote in the resource of
// data row 3 (line 4), and the resource of row 700 (line 701) replaced by
// extra.
func strayQuoteCSV(rows int, extra string) []byte {
	lines := strings.SplitAfter(string(ordersCSV(rows)), "\n")
	lines[3] = strings.Replace(lines[3], ",clerk", `,"clerk`, 1)
	if extra != "" {
		lines[700] = lines[700][:strings.LastIndex(lines[700], ",")+1] + extra + "\n"
	}
	return []byte(strings.Join(lines, ""))
}

func TestStrayQuote(t *testing.T) {
	long := strings.Repeat("x", 3000)
	tests := []struct {
		name   string
		data   []byte
		bad    int // bad rows: the stray quote's, and others
		reason string
	}{
		// The quote never closes: it reaches the end of the file.
		{"to the end", strayQuoteCSV(1000, ""), 1, `extraneous or missing " in quoted-field), a stray quote?; reading resumes at line 5`},
		// It closes at a later quote followed by text: a syntax error.
		{"closed by a later quoted field", strayQuoteCSV(1000, `"clerk 7"`), 1, `malformed CSV: the quoted field that starts on line 4 runs on to line 701 (column 40: extraneous or missing " in quoted-field)`},
		// It closes at an inch mark (itself a bad row): the record parses,
		// with too few fields.
		{"closed by an inch mark", strayQuoteCSV(1000, `5'3",x`), 2, "row has 5 fields, the header has 4: 1 more than the columns (a delimiter inside a value that is not in quotes?)"},
		// It reaches the 1 MiB limit before the end of the file.
		{"over 1 MiB", []byte(strings.ReplaceAll(string(strayQuoteCSV(1000, "")), ",clerk", ","+long+"clerk")), 1, "is not closed within 1 MiB (a stray quote?); reading resumes at line 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, opt := range []Options{{}, {EventAttrs: true}} {
				l, err := ReadCSV(bytes.NewReader(tt.data), "orders.csv", opt)
				if err != nil {
					t.Fatal(err)
				}
				q := l.Quality
				if l.Events() != 1000-tt.bad || q.Rows != 1000 || q.BadRows != tt.bad || len(q.Samples) != tt.bad {
					t.Fatalf("%d events, %d rows, %d bad rows; want %d events, 1000 rows, %d bad", l.Events(), q.Rows, q.BadRows, 1000-tt.bad, tt.bad)
				}
				if s := q.Samples[0]; s.Row != 4 || !strings.Contains(s.Reason, tt.reason) {
					t.Errorf("sample %+v, want row 4 and %q", s, tt.reason)
				}
				sameCSV(t, tt.name, tt.data, opt, nil)
			}
			_, err := ReadCSV(bytes.NewReader(tt.data), "orders.csv", Options{Strict: true})
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Row != 4 || !strings.HasPrefix(err.Error(), "orders.csv:4: ") {
				t.Errorf("strict: %v", err)
			}
		})
	}
	// Legitimate quoted fields spanning lines are still read.
	in := "case_id,activity,timestamp,note\n1,a,2024-01-01,\"two\nlines\"\n1,b,2024-01-02,\"\"\"quoted\"\"\n" + strings.Repeat("x\n", 5000) + "\"\n"
	l, err := ReadCSV(strings.NewReader(in), "notes.csv", Options{EventAttrs: true})
	if err != nil || l.Events() != 2 || l.Quality.BadRows != 0 || !strings.HasSuffix(l.Attrs(&l.Cases[0].Instances[1])["note"], "x\n") {
		t.Fatalf("%v %+v", err, l.Quality)
	}
	// Wide exports recover the same way.
	wide := strayQuoteCSV(1000, "")
	lw, err := ReadCSV(bytes.NewReader(wide), "orders.csv", Options{Wide: []string{"timestamp"}})
	if err != nil || lw.Quality.Rows != 1000 || lw.Quality.BadRows != 1 || lw.Quality.Samples[0].Row != 4 {
		t.Fatalf("wide: %v %+v", err, lw.Quality)
	}
}

func TestLineTooLong(t *testing.T) {
	head := "case_id,activity,timestamp\n1,a,2024-01-01\n"
	for _, tail := range []string{"\n", "", "\n2,b,2024-01-02\n"} {
		in := head + "2,b," + strings.Repeat("9", 16<<20) + tail
		for _, opt := range []Options{{}, {Wide: []string{"timestamp"}}} {
			_, err := ReadCSV(strings.NewReader(in), "big.csv", opt)
			var pe *ParseError
			if !errors.Is(err, ErrTooLarge) || !errors.As(err, &pe) || pe.Row != 3 ||
				err.Error() != "big.csv:3: line is longer than 16 MiB, the limit for a CSV line (is this a CSV event log?)" {
				t.Fatalf("%q…: %v", tail, err)
			}
		}
	}
	// In the header, and within a quoted field spanning lines.
	for _, in := range []string{strings.Repeat("h", 17<<20) + "\n", head + "2,b,\"x\n" + strings.Repeat("9", 17<<20) + "\"\n"} {
		if _, err := ReadCSV(strings.NewReader(in), "big.csv", Options{}); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%v", err)
		}
	}
	// Just under the limit is a field like any other.
	in := head + "2,b,2024-01-02,\n"
	in = strings.Replace(in, "case_id,activity,timestamp", "case_id,activity,timestamp,note", 1)
	in = strings.Replace(in, "2024-01-01\n", "2024-01-01,\n", 1)
	in = strings.Replace(in, "2024-01-02,\n", "2024-01-02,"+strings.Repeat("n", 15<<20)+"\n", 1)
	if l, err := ReadCSV(strings.NewReader(in), "big.csv", Options{}); err != nil || l.Events() != 2 {
		t.Fatalf("%v", err)
	}
}

// xesWith is a log of two traces whose first event's activity is act and
// whose first trace has a "note" attribute read from note.
func xesWith(act string, note io.Reader) io.Reader {
	ev := func(a, ts string) string {
		return "<event>\n<string key=\"concept:name\" value=\"" + a + "\"/>\n<date key=\"time:timestamp\" value=\"" + ts + "\"/>\n</event>\n"
	}
	head := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log>\n<trace>\n<string key=\"concept:name\" value=\"c1\"/>\n<string key=\"note\" value=\""
	mid := "\"/>\n" + ev(act, "2024-01-01T10:00:00Z") + ev("b", "2024-01-01T11:00:00Z") + "</trace>\n<trace>\n<string key=\"concept:name\" value=\"c2\"/>\n" +
		ev("a", "2024-01-02T10:00:00Z") + "</trace>\n</log>\n"
	return io.MultiReader(strings.NewReader(head), note, strings.NewReader(mid))
}

// repeatReader gives n bytes of pattern, without holding them.
type repeatReader struct {
	pattern string
	n       int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && int64(k) < r.n {
		k += copy(p[k:min(len(p), k+int(r.n)-k)], r.pattern)
	}
	r.n -= int64(k)
	return k, nil
}

func TestXESValueCap(t *testing.T) {
	// An activity over the limit, with multi-byte characters, entities and
	// line breaks around the cut; the same in a child the scanner leaves
	// to encoding/xml (a carriage return in a value).
	unit := "ab\nÿ€&amp;😀 " // 18 bytes, 1 line break
	long := strings.Repeat(unit, 3<<20/len(unit))
	for _, cr := range []string{"", "\r"} {
		l, err := ReadXES(xesWith(long, strings.NewReader("short"+cr)), "big.xes", Options{EventAttrs: true})
		if err != nil {
			t.Fatal(err)
		}
		act := l.Activities[l.Cases[0].Instances[0].Activity]
		// The limit counts bytes as written (18 per unit, 14 once decoded).
		if len(act) > maxXESValue || len(act) < (maxXESValue-18)/18*14 || !utf8.ValidString(act) || !strings.HasPrefix(strings.ReplaceAll(long, "&amp;", "&"), act) {
			t.Fatalf("activity of %d bytes, valid %v", len(act), utf8.ValidString(act))
		}
		// Lines stay right after the cut value: event b is two lines
		// after the end of the first event's activity.
		lines := strings.Count(long, "\n")
		if row := int(l.Cases[0].Instances[1].Row); row != 10+lines {
			t.Errorf("event b on line %d, want %d", row, 10+lines)
		}
		// The value starts on line 7.
		want := fmt.Sprintf("1 XES attribute values longer than 1 MiB were cut to their first 1 MiB (the first reaches the limit on line %d)", 7+strings.Count(long[:maxXESValue], "\n"))
		if !slices.Contains(l.Quality.Warnings, want) || l.Events() != 3 || l.Quality.BadRows != 0 {
			t.Errorf("warnings %q, %d events", l.Quality.Warnings, l.Events())
		}
	}
	// Exactly at the limit: kept whole, no warning.
	exact := strings.Repeat("x", maxXESValue)
	l, err := ReadXES(xesWith(exact, strings.NewReader("")), "exact.xes", Options{})
	if err != nil || l.Activities[0] != exact || len(l.Quality.Warnings) != 0 {
		t.Fatalf("%v %q", err, l.Quality.Warnings)
	}
}

// TestXESHugeValueStreams reads a 300 MB attribute value (64 MB with
// -short) with bounded memory.
func TestXESHugeValueStreams(t *testing.T) {
	n := int64(300 << 20)
	if testing.Short() {
		n = 64 << 20
	}
	peak := watchHeap(t)
	l, err := ReadXES(xesWith("a", &repeatReader{pattern: "0123456789abcdef", n: n}), "huge.xes", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := peak()
	t.Logf("heap grew by %d MiB for a %d MiB value", got>>20, n>>20)
	if got > 48<<20 {
		t.Errorf("heap grew by %d MiB for a %d MiB value", got>>20, n>>20)
	}
	if l.Events() != 3 || len(l.Cases[0].Attrs["note"]) != maxXESValue {
		t.Errorf("%d events, note of %d bytes", l.Events(), len(l.Cases[0].Attrs["note"]))
	}
}

// watchHeap samples the heap until the returned function is called, which
// reports the peak growth. The garbage collector runs often meanwhile, so
// that the figure is about live memory (other tests may have left large
// live data, which would let garbage pile up as high).
func watchHeap(t *testing.T) func() uint64 {
	old := debug.SetGCPercent(10)
	runtime.GC()
	var start runtime.MemStats
	runtime.ReadMemStats(&start)
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		debug.SetGCPercent(old)
		return peak.Load() - min(peak.Load(), start.HeapAlloc)
	}
}

// TestGzipInflationStreams reads a small gzip file that inflates to many
// times its size (256 MB of rows, 16 MB with -short) whose rows are nearly
// all bad: memory follows the events kept, not the bytes inflated.
func TestGzipInflationStreams(t *testing.T) {
	size := 256 << 20
	if testing.Short() {
		size = 16 << 20
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write([]byte("case_id,activity,timestamp\n1,a,2024-01-01\n"))
	row := []byte(strings.Repeat("x", 1023) + "\n") // one field: a bad row
	for written := 0; written < size; written += len(row) {
		zw.Write(row)
	}
	zw.Write([]byte("1,b,2024-01-02\n"))
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.csv.gz")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	peak := watchHeap(t)
	l, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := peak()
	t.Logf("heap grew by %d MiB reading %d MiB (%d KiB compressed)", got>>20, size>>20, b.Len()>>10)
	if got > 64<<20 {
		t.Errorf("heap grew by %d MiB reading %d MiB (%d KiB compressed)", got>>20, size>>20, b.Len()>>10)
	}
	if l.Events() != 2 || l.Quality.BadRows != size/len(row) {
		t.Errorf("%d events, %d bad rows", l.Events(), l.Quality.BadRows)
	}
}

// TestValueCapPassesThrough: only attribute values are cut; long text,
// comments, CDATA sections and processing instructions with quotes, and
// values up to the limit pass unchanged, however the input is chunked.
func TestValueCapPassesThrough(t *testing.T) {
	big := strings.Repeat(`say "hi" it's `, 200<<10/14) // 200 KiB with quotes, no '<'
	in := "<?xml version='1.0'?>\n<log a='" + strings.Repeat("v", 300<<10) + "' b=\"x\">" + big +
		"<!-- " + big + " < -->\n<![CDATA[" + big + "<x a=\"" + big + "]]>\n<?pi " + big + "?>\n<!DOCTYPE " + big + ">\n" +
		"<t k=\"" + strings.Repeat("é", maxXESValue/2) + "\"/>" + big + "</log>\n"
	for _, chunk := range []struct{ in, out int }{{1 << 30, 1 << 20}, {4096, 7}, {1, 4096}, {3, 1}} {
		if chunk.in*chunk.out < 10 && testing.Short() {
			continue
		}
		vc := newValueCap(&chunker{data: []byte(in), max: chunk.in})
		var out []byte
		buf := make([]byte, chunk.out)
		for {
			n, err := vc.Read(buf)
			out = append(out, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil || len(out) > len(in) {
				t.Fatalf("%+v: %v after %d bytes", chunk, err, len(out))
			}
		}
		if string(out) != in {
			k := 0
			for k < len(out) && out[k] == in[k] {
				k++
			}
			t.Fatalf("%+v: changed at byte %d (%d bytes, want %d)", chunk, k, len(out), len(in))
		}
	}
}

// chunker hands out data at most max bytes at a time.
type chunker struct {
	data []byte
	max  int
}

func (c *chunker) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.max)], c.data)
	c.data = c.data[n:]
	return n, nil
}
