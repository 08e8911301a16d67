package eventlog

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The readers alias their reused buffers with unsafe.String (csv_pipe.go's
// chunk fields, xes_scan.go's attribute values) and copy only what they
// keep. These tests make a missing copy visible: the input comes through a
// reader that scribbles over every buffer it is given (an io.Reader may use
// all of p as scratch space) and in small pieces, so that the readers'
// own buffers are recycled and compacted many times; then another log is
// read the same way, and the names of the first log must be intact.

// scribbler hands out data at most max bytes at a time, after filling the
// whole of p with junk.
type scribbler struct {
	data []byte
	max  int
}

func (s *scribbler) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), s.max)], s.data)
	s.data = s.data[n:]
	return n, nil
}

// scribbleCSV is a long-format log of n rows whose names all start with
// prefix (of the same length for every prefix): case ids, activities,
// resources, a case attribute and an event attribute, a bad timestamp on
// row 2 and a case attribute that changes within a case.
func scribbleCSV(prefix string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("case_id,activity,timestamp,resource,case:channel,note\n")
	for i := 0; i < n; i++ {
		ts := fmt.Sprintf("2024-01-%02d 10:%02d:00", 1+i%28, i%60)
		if i == 0 {
			ts = prefix + "-bad-timestamp"
		}
		channel := fmt.Sprintf("%s-channel-%d", prefix, i%5000)
		if i%5000 == 1 {
			channel = prefix + "-changed"
		}
		fmt.Fprintf(&b, "%s-case-%05d,%s-activity-%d,%s,%s-resource-%d,%s,%s-note-%d\n",
			prefix, i%5000, prefix, i%7, ts, prefix, i%11, channel, prefix, i)
	}
	return b.Bytes()
}

// checkNames asserts that every name of l starts with prefix.
func checkNames(t *testing.T, l *Log, prefix string) {
	t.Helper()
	bad := func(what, s string) {
		t.Helper()
		if !strings.HasPrefix(s, prefix+"-") || strings.Contains(s, "#") {
			t.Fatalf("%s %q: overwritten (want prefix %q)", what, s, prefix)
		}
	}
	for _, a := range l.Activities {
		if l.Format != "wide" { // wide: the activities are the headers
			bad("activity", a)
		}
	}
	for _, r := range l.Resources {
		bad("resource", r)
	}
	for _, c := range l.Cases {
		bad("case", c.ID)
		for k, v := range c.Attrs {
			bad("case attribute "+k, v)
		}
		for _, in := range c.Instances {
			for k, v := range l.Attrs(&in) {
				if k != "lifecycle:transition" {
					bad("event attribute "+k, v)
				}
			}
		}
	}
	for _, s := range l.Quality.Samples {
		if s.Value != "" {
			bad("sample value", s.Value)
		}
	}
	for _, w := range l.Quality.Warnings {
		if strings.Contains(w, "#") {
			t.Fatalf("warning %q: overwritten", w)
		}
	}
}

// scrub allocates and fills memory, so that anything freed too early is
// reused.
func scrub() {
	runtime.GC()
	junk := make([][]byte, 64)
	for i := range junk {
		junk[i] = bytes.Repeat([]byte{'#'}, 64<<10)
	}
	runtime.KeepAlive(junk)
}

func TestCSVNamesSurviveBufferReuse(t *testing.T) {
	const rows = 30_000 // more chunks (of 4096 rows) than the pipeline recycles
	for _, opt := range []Options{{EventAttrs: true}, {}, {Wide: []string{"timestamp"}}} {
		first, err := ReadCSV(&scribbler{data: scribbleCSV("aaaa", rows), max: 20_000}, "first.csv", opt)
		if err != nil {
			t.Fatal(err)
		}
		want := first.Events()
		second, err := ReadCSV(&scribbler{data: scribbleCSV("bbbb", rows), max: 70_000}, "second.csv", opt)
		if err != nil {
			t.Fatal(err)
		}
		scrub()
		checkNames(t, first, "aaaa")
		checkNames(t, second, "bbbb")
		if first.Events() != want || len(first.Cases) != 5000 || first.Quality.BadRows != 1 || len(first.Quality.Samples) != 1 {
			t.Fatalf("%+v: %d events, %d cases, %d bad rows", opt, first.Events(), len(first.Cases), first.Quality.BadRows)
		}
		if len(opt.Wide) == 0 && (len(first.Activities) != 7 || len(first.Resources) != 11) {
			t.Fatalf("%d activities, %d resources", len(first.Activities), len(first.Resources))
		}
	}
}

// scribbleXES is the XES counterpart of scribbleCSV: traces whose case ids
// repeat (so that case attributes change within a case), events with
// extra attributes, an event with a bad timestamp.
func scribbleXES(prefix string, traces int) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1.0\">\n")
	for i := 0; i < traces; i++ {
		fmt.Fprintf(&b, "<trace>\n<string key=\"concept:name\" value=\"%s-case-%04d\"/>\n<string key=\"%s-key-%d\" value=\"%s-value-%d\"/>\n",
			prefix, i%1000, prefix, i%1000%3, prefix, i)
		for e := 0; e < 4; e++ {
			ts := fmt.Sprintf("2024-01-%02dT10:%02d:00Z", 1+i%28, e)
			if i == 0 && e == 0 {
				ts = prefix + "-bad-timestamp"
			}
			fmt.Fprintf(&b, "<event>\n<string key=\"concept:name\" value=\"%s-activity-%d\"/>\n<string key=\"org:resource\" value=\"%s-resource-%d\"/>\n"+
				"<date key=\"time:timestamp\" value=\"%s\"/>\n<string key=\"%s-attr\" value=\"%s-x&amp;y-%d\"/>\n</event>\n",
				prefix, e, prefix, (i+e)%13, ts, prefix, prefix, i)
		}
		b.WriteString("</trace>\n")
	}
	b.WriteString("</log>\n")
	return b.Bytes()
}

func TestXESNamesSurviveBufferReuse(t *testing.T) {
	const traces = 3000 // about 1.3 MB: the scanner's buffer is compacted many times
	for _, opt := range []Options{{EventAttrs: true}, {}} {
		first, err := ReadXES(&scribbler{data: scribbleXES("aaaa", traces), max: 5000}, "first.xes", opt)
		if err != nil {
			t.Fatal(err)
		}
		second, err := ReadXES(&scribbler{data: scribbleXES("bbbb", traces), max: 100_000}, "second.xes", opt)
		if err != nil {
			t.Fatal(err)
		}
		scrub()
		checkNames(t, first, "aaaa")
		checkNames(t, second, "bbbb")
		if first.Events() != 4*traces-1 || len(first.Cases) != 1000 || len(first.Activities) != 4 || len(first.Resources) != 13 {
			t.Fatalf("%d events, %d cases, %d activities, %d resources", first.Events(), len(first.Cases), len(first.Activities), len(first.Resources))
		}
		// One warning per changing case attribute key, however often it
		// changes: the keys of the warnings are remembered intact.
		var changed []string
		for _, w := range first.Quality.Warnings {
			if strings.Contains(w, "is not constant") {
				changed = append(changed, w[:strings.Index(w, " is not")])
			}
		}
		slices.Sort(changed)
		if want := []string{`case attribute "aaaa-key-0"`, `case attribute "aaaa-key-1"`, `case attribute "aaaa-key-2"`}; !slices.Equal(changed, want) {
			t.Fatalf("warnings about changing case attributes: %q, want %q", changed, want)
		}
	}
}
