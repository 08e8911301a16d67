package eventlog

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/flowmap/flowmap/internal/shareddata"
)

// diffOptions are the option sets the differential tests read with.
var diffOptions = []Options{
	{},
	{EventAttrs: true, MaxSamples: 5},
	{Strict: true},
	{Resource: "org:group", StartTime: "start", Lifecycle: "lifecycle:none"},
	{Case: "variant", Activity: "org:resource", Time: "time:timestamp", EventAttrs: true},
}

// sameXES reads data with ReadXES and the encoding/xml reference and fails
// unless both give the same log or the same error. wrap changes the reader
// given to ReadXES (chunking).
func sameXES(t testing.TB, name string, data []byte, opt Options, wrap func(io.Reader) io.Reader) xesStats {
	t.Helper()
	want, werr := readXESRef(bytes.NewReader(data), name, opt)
	var r io.Reader = bytes.NewReader(data)
	if wrap != nil {
		r = wrap(r)
	}
	got, st, gerr := readXES(r, name, opt, true)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("%s %+v: error\n got %v\nwant %v", name, opt, gerr, werr)
	}
	if gerr != nil {
		if got != nil {
			t.Fatalf("%s: log and error", name)
		}
		return st
	}
	if d := diffLogs(got, want); d != "" {
		t.Fatalf("%s %+v: logs differ: %s", name, opt, d)
	}
	return st
}

// diffLogs deep-compares two logs (warnings as a set: case attributes are
// visited in map order) and describes the first difference.
func diffLogs(got, want *Log) string {
	g, w := *got, *want
	g.Quality.Warnings = slices.Sorted(slices.Values(g.Quality.Warnings))
	w.Quality.Warnings = slices.Sorted(slices.Values(w.Quality.Warnings))
	if reflect.DeepEqual(&g, &w) {
		return ""
	}
	switch {
	case !reflect.DeepEqual(g.Quality, w.Quality):
		return fmt.Sprintf("quality\n got %+v\nwant %+v", g.Quality, w.Quality)
	case !reflect.DeepEqual(g.Columns, w.Columns):
		return fmt.Sprintf("columns\n got %+v\nwant %+v", g.Columns, w.Columns)
	case !reflect.DeepEqual(g.Activities, w.Activities) || !reflect.DeepEqual(g.Resources, w.Resources):
		return fmt.Sprintf("names\n got %q %q\nwant %q %q", g.Activities, g.Resources, w.Activities, w.Resources)
	case len(g.Cases) != len(w.Cases):
		return fmt.Sprintf("%d cases, want %d", len(g.Cases), len(w.Cases))
	}
	for i := range g.Cases {
		if !reflect.DeepEqual(g.Cases[i], w.Cases[i]) {
			return fmt.Sprintf("case %d\n got %+v\nwant %+v", i, g.Cases[i], w.Cases[i])
		}
	}
	return fmt.Sprintf("\n got %+v\nwant %+v", g, w)
}

// xesInputs returns the XES logs of shared/data/logs (decompressed), the
// testdata fixtures and the fuzz seeds.
func xesInputs(t testing.TB, real bool) map[string][]byte {
	in := map[string][]byte{}
	sharedData, _ := shareddata.Optional(t)
	var paths []string
	if real {
		paths, _ = filepath.Glob(filepath.Join(sharedData, "logs", "*.xes*"))
	} else {
		paths, _ = filepath.Glob(filepath.Join(sharedData, "logs", "running-example.xes"))
	}
	fixtures, _ := filepath.Glob("testdata/*.xes")
	for _, p := range append(paths, fixtures...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		in[filepath.Base(p)] = data
	}
	if real && len(paths) == 0 {
		t.Log("shared/data/logs not available: fixtures only")
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzXESDifferential/*")
	more, _ := filepath.Glob("testdata/fuzz/FuzzReadXES/*")
	for _, p := range append(seeds, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// "go test fuzz v1" files: one []byte("...") line.
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

func TestXESDifferential(t *testing.T) {
	for name, data := range xesInputs(t, true) {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && len(data) > 10<<20 {
				t.Skip("large log: not with -short")
			}
			t.Parallel()
			for _, opt := range diffOptions {
				st := sameXES(t, name, data, opt, nil)
				if opt.EventAttrs == false && !strings.HasPrefix(name, "fuzz/") && (st.fast == 0 || st.fallbacks > 0) {
					t.Errorf("%s: %d children scanned, %d fallbacks: the scanner should read the whole log", name, st.fast, st.fallbacks)
				}
			}
			if len(data) < 300<<10 {
				// Input arriving in small pieces: every buffer boundary.
				sameXES(t, name, data, Options{}, iotest.OneByteReader)
				sameXES(t, name, data, Options{}, iotest.HalfReader)
			}
		})
	}
}

// TestXESFallback mixes constructs the scanner leaves to encoding/xml into
// a log and checks that the results stay those of encoding/xml, with the
// scanner taking over again after them.
func TestXESFallback(t *testing.T) {
	data, err := os.ReadFile("testdata/lifecycle.xes")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	ev := `<event><string key="concept:name" value="X"/><date key="time:timestamp" value="2020-01-03T00:00:00Z"/></event>`
	trace := func(id, body string) string {
		return "\n\t<trace>\n\t\t<string key=\"concept:name\" value=\"" + id + "\"/>\n" + body + "\n\t</trace>"
	}
	end := strings.LastIndex(src, "</log>")
	cases := map[string]string{
		"cdata":        trace("t1", `<string key="note"><![CDATA[a <b> c]]></string>`+ev),
		"pi":           trace("t2", "<?pi some data?>"+ev),
		"cr":           trace("t3", "<string key=\"note\" value=\"a\rb\"/>"+ev),
		"crlf":         strings.ReplaceAll(trace("t4", ev+"\n"+ev), "\n", "\r\n"),
		"entities":     trace("t&amp;5", `<event><string key="concept:name" value="&#x41;&#66;&lt;&gt;&amp;&apos;&quot;"/><date key="time:timestamp" value="2020-01-03T00:00:00Z"/></event>`),
		"badentity":    trace("t6", `<string key="x" value="&nbsp;"/>`+ev),
		"text":         trace("t7", "some text"+ev),
		"prefix":       trace("t8", `<xes:event xmlns:xes="x"><xes:string xes:key="concept:name" value="P"/><date key="time:timestamp" value="2020-01-03T00:00:00Z"/></xes:event>`),
		"unicode":      trace("t9", `<string key="org:resource" value="Zoë 🚀"/>`+strings.Replace(ev, `"X"`, `'Ünï "q"'`, 1)),
		"badutf8":      trace("t10", "<string key=\"x\" value=\"\xff\"/>"+ev),
		"control":      trace("t11", "<string key=\"x\" value=\"a\x01b\"/>"+ev),
		"comment":      trace("t12", "<!-- a\ncomment -->"+ev+"<!-- -->"),
		"badcomment":   trace("t13", "<!-- a -- b -->"+ev),
		"doctype":      trace("t14", "<!DOCTYPE x>"+ev),
		"unquoted":     trace("t15", "<string key=concept:name value=\"a\"/>"+ev),
		"nested":       trace("t16", `<list key="l"><values><event><string key="concept:name" value="no"/></event></values></list>`+ev),
		"selfclosing":  "\n<trace/>" + trace("t17", "<event/>"+ev),
		"newlines":     trace("t18", "<event\n\n><string\nkey\n=\n'concept:name'\nvalue='multi\nline'\n/><date key=\"time:timestamp\" value=\"2020-01-03T00:00:00Z\"\n/></event\n>"),
		"mismatched":   trace("t19", ev+"</wrong>"),
		"declaration":  trace("t20", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"+ev),
		"numericrange": trace("t21", `<string key="x" value="&#0;"/>`+ev),
		"surrogate":    trace("t22", `<event><string key="concept:name" value="&#xD800;"/><date key="time:timestamp" value="2020-01-03T00:00:00Z"/></event>`),
	}
	for name, extra := range cases {
		t.Run(name, func(t *testing.T) {
			// Before the first trace, between traces and at the end.
			first := strings.Index(src, "\t<trace>")
			for _, at := range []int{first, end} {
				in := src[:at] + extra + "\n" + src[at:]
				for _, opt := range []Options{{}, {EventAttrs: true}} {
					sameXES(t, name, []byte(in), opt, nil)
				}
				sameXES(t, name, []byte(in), Options{}, iotest.OneByteReader)
			}
			// Repeated many times: falling back and taking over again.
			in := src[:end] + strings.Repeat(extra, 40) + "\n" + src[end:]
			st := sameXES(t, name, []byte(in), Options{}, nil)
			switch name {
			case "pi", "cr", "cdata", "text", "doctype":
				if st.fast == 0 || st.fallbacks == 0 {
					t.Errorf("%+v: want both scanned and decoded children", st)
				}
			case "unicode", "crlf", "newlines", "entities", "comment", "nested", "selfclosing", "surrogate", "prefix":
				if st.fallbacks > 0 {
					t.Errorf("%+v: want no fallback", st)
				}
			}
			// Truncated anywhere: the same error (and line). -short (the
			// race detector's run in CI) cuts at every 61st byte, not 7th.
			in = src[:end] + extra + src[end:]
			stride := 7
			if testing.Short() {
				stride = 61
			}
			for n := len(in) - 1; n > 0; n -= stride {
				sameXES(t, name, []byte(in[:n]), Options{}, nil)
			}
		})
	}
}

// TestXESScannerUsed checks that the scanner reads the children of <log>
// and hands over to encoding/xml only where needed.
func TestXESScannerUsed(t *testing.T) {
	benchLogs()
	_, st, err := readXES(bytes.NewReader(benchXES), "bench.xes", Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if st.fast != 25_001 || st.fallbacks != 0 { // the traces and </log>
		t.Errorf("%+v", st)
	}
	in := strings.Replace(string(benchXES), "<trace>", "<trace><!--x--><?pi?>", 1)
	_, st, err = readXES(strings.NewReader(in), "bench.xes", Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if st.fast != 25_000 || st.fallbacks != 1 {
		t.Errorf("%+v", st)
	}
}

func FuzzXESDifferential(f *testing.F) {
	for _, data := range xesInputs(f, false) {
		if len(data) < 20<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("<log><trace><string key='concept:name' value='1'/><event><string key=\"concept:name\" value=\"a&amp;&#65;\"/><date key=\"time:timestamp\" value=\"2020-01-01T00:00:00Z\"/></event></trace></log>"))
	f.Add([]byte("<?xml version=\"1.0\"?>\n<!-- c -->\n<log xmlns:x=\"u\">\n<x:trace><x:string x:key=\"concept:name\" value=\"1\"/><x:event><x:string key=\"concept:name\" value=\"a\"/><x:date key=\"time:timestamp\" value=\"2020-01-01\"/></x:event></x:trace>\r\n</log>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameXES(t, "fuzz.xes", data, Options{}, nil)
		sameXES(t, "fuzz.xes", data, Options{EventAttrs: true, Strict: true}, iotest.HalfReader)
	})
}
