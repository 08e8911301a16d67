package eventlog

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/shareddata"
)

const benchEvents = 200_000

var (
	benchOnce     sync.Once
	benchCSV      []byte
	benchXES      []byte
	benchActivity = []string{"Order received", "Credit check", "Pick items", "Pack", "Ship", "Invoice", "Payment received", "Close order"}
)

// benchLogs generates a synthetic order log once: 25,000 orders of 8 steps,
// 100 orders in flight at a time (interleaved rows), 40 resources.
func benchLogs() {
	benchOnce.Do(func() {
		var c, x bytes.Buffer
		c.WriteString("case_id,activity,timestamp,resource,case:channel\n")
		x.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>` + "\n<log xes.version=\"1.0\">\n")
		base := time.Date(2024, 1, 1, 8, 0, 0, 0, time.FixedZone("", 3600))
		const inFlight = 100
		channels := []string{"web", "phone", "shop"}
		for block := 0; block < benchEvents/len(benchActivity)/inFlight; block++ {
			type ev struct {
				id, act, res string
				t            time.Time
			}
			traces := make([][]ev, inFlight)
			for step := range benchActivity {
				for k := 0; k < inFlight; k++ {
					id := fmt.Sprintf("order-%06d", block*inFlight+k)
					t := base.Add(time.Duration(block*3600+k*37+step*911) * time.Second).Add(time.Duration(k*step) * time.Millisecond)
					res := fmt.Sprintf("clerk%02d", (k*7+step*3)%40)
					fmt.Fprintf(&c, "%s,%s,%s,%s,%s\n", id, benchActivity[step], t.Format("2006-01-02 15:04:05.000-07:00"), res, channels[k%3])
					traces[k] = append(traces[k], ev{id, benchActivity[step], res, t})
				}
			}
			for _, tr := range traces {
				fmt.Fprintf(&x, "\t<trace>\n\t\t<string key=\"concept:name\" value=\"%s\"/>\n\t\t<string key=\"channel\" value=\"web\"/>\n", tr[0].id)
				for _, e := range tr {
					fmt.Fprintf(&x, "\t\t<event>\n\t\t\t<string key=\"concept:name\" value=\"%s\"/>\n\t\t\t<string key=\"org:resource\" value=\"%s\"/>\n"+
						"\t\t\t<date key=\"time:timestamp\" value=\"%s\"/>\n\t\t\t<string key=\"lifecycle:transition\" value=\"complete\"/>\n\t\t</event>\n",
						e.act, e.res, e.t.Format("2006-01-02T15:04:05.000-07:00"))
				}
				x.WriteString("\t</trace>\n")
			}
		}
		x.WriteString("</log>\n")
		benchCSV, benchXES = c.Bytes(), x.Bytes()
	})
}

func benchRead(b *testing.B, data []byte, read func([]byte) (*Log, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		l, err := read(data)
		if err != nil {
			b.Fatal(err)
		}
		n = l.Events()
	}
	if n != benchEvents {
		b.Fatalf("read %d events, want %d", n, benchEvents)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkReadCSV(b *testing.B) {
	benchLogs()
	benchRead(b, benchCSV, func(d []byte) (*Log, error) { return ReadCSV(bytes.NewReader(d), "bench.csv", Options{}) })
}

func BenchmarkReadXES(b *testing.B) {
	benchLogs()
	benchRead(b, benchXES, func(d []byte) (*Log, error) { return ReadXES(bytes.NewReader(d), "bench.xes", Options{}) })
}

// BenchmarkReadXESStdlib is the encoding/xml reader ReadXES replaced, for
// comparison.
func BenchmarkReadXESStdlib(b *testing.B) {
	benchLogs()
	benchRead(b, benchXES, func(d []byte) (*Log, error) { return readXESRef(bytes.NewReader(d), "bench.xes", Options{}) })
}

var (
	bpicOnce sync.Once
	bpicXES  []byte
	bpicErr  error
)

// BenchmarkReadXESBPIC2012 reads the real BPI Challenge 2012 log (74 MB of
// XML, 262,200 events) decompressed into memory once; skipped when the
// shared data is absent.
func BenchmarkReadXESBPIC2012(b *testing.B) {
	sharedData := shareddata.Dir(b)
	bpicOnce.Do(func() {
		var f *os.File
		if f, bpicErr = os.Open(filepath.Join(sharedData, "logs", "bpic2012.xes.gz")); bpicErr != nil {
			return
		}
		defer f.Close()
		var zr *gzip.Reader
		if zr, bpicErr = gzip.NewReader(f); bpicErr != nil {
			return
		}
		bpicXES, bpicErr = io.ReadAll(zr)
	})
	if bpicErr != nil {
		b.Skip("bpic2012 not available:", bpicErr)
	}
	for _, bb := range []struct {
		name string
		read func(io.Reader, string, Options) (*Log, error)
	}{{"scanner", ReadXES}, {"stdlib", readXESRef}} {
		b.Run(bb.name, func(b *testing.B) { benchBPIC(b, bb.read) })
	}
}

func benchBPIC(b *testing.B, read func(io.Reader, string, Options) (*Log, error)) {
	b.SetBytes(int64(len(bpicXES)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		l, err := read(bytes.NewReader(bpicXES), "bpic2012.xes", Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = l.Quality.Rows
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReadCSVRef is the encoding/csv reader ReadCSV replaced
// (csv_ref_test.go), for comparison.
func BenchmarkReadCSVRef(b *testing.B) {
	benchLogs()
	benchRead(b, benchCSV, func(d []byte) (*Log, error) { return readCSVRef(bytes.NewReader(d), "bench.csv", Options{}) })
}

// BenchmarkReadCSVFile reads the CSV file named by $FLOWMAP_BENCH_CSV (e.g.
// bench/gen's 1M-event orders-1m.csv) with ReadFile, as the CLI does;
// skipped when unset.
func BenchmarkReadCSVFile(b *testing.B) {
	path := os.Getenv("FLOWMAP_BENCH_CSV")
	if path == "" {
		b.Skip("FLOWMAP_BENCH_CSV not set")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name string
		read func(io.Reader, string, Options) (*Log, error)
	}{{"fast", ReadCSV}, {"ref", readCSVRef}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				l, err := bb.read(f, path, Options{})
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
				n = l.Quality.Rows
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
