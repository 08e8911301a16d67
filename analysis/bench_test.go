package analysis_test

import (
	"bytes"
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
)

// The benchmarks use a synthetic eCommerce order flow shaped like
// bench/gen's (docs/BENCHMARKS.md): Order placed → Payment captured →
// Picked → Packed → Label printed → Shipped → Delivered, 10% Packed → Picked
// rework, 3% stock-outs, 2% cancellations, 52 resources. Nothing here runs in
// a plain `go test`: the data is built on the first benchmark call only.

var benchActs = []string{"Order placed", "Payment captured", "Stock-out", "Picked", "Packed",
	"Label printed", "Shipped", "Delivered", "Order cancelled"}

const (
	bPlaced = iota
	bPayment
	bStockOut
	bPicked
	bPacked
	bLabel
	bShipped
	bDelivered
	bCancelled
)

var benchRes = func() []string {
	out := []string{"shop", "payment-gateway", "DHL", "UPS", "DPD", "GLS", "Hermes", "FedEx"}
	for _, p := range []struct {
		prefix string
		n      int
	}{{"picker", 18}, {"packer", 14}, {"shipping-clerk", 8}, {"customer-service", 5}} {
		for i := 1; i <= p.n; i++ {
			out = append(out, p.prefix+"-"+strconv.Itoa(100 + i)[1:])
		}
	}
	return out
}()

// benchOrder appends the instances of one order arriving at t (Unix ns) to
// ins, in trace order. Resources index benchRes.
func benchOrder(r *rand.Rand, t int64, ins []eventlog.Instance) []eventlog.Instance {
	const minute = int64(time.Minute)
	step := func(act, res int32, median int64) {
		t += int64(float64(median) * (0.3 + 1.4*r.Float64()))
		ins = append(ins, eventlog.Instance{Activity: act, Resource: res, Enabled: eventlog.NoTime, Start: eventlog.NoTime, End: t})
	}
	pick := func(from, n int) int32 { return int32(from + r.IntN(n)) }
	ins = append(ins, eventlog.Instance{Activity: bPlaced, Resource: 0, Enabled: eventlog.NoTime, Start: eventlog.NoTime, End: t})
	step(bPayment, 1, 2*minute)
	if r.Float64() < 0.02 {
		step(bCancelled, pick(48, 5), 180*minute)
		return ins
	}
	if r.Float64() < 0.03 {
		step(bStockOut, pick(8, 18), 180*minute)
		t += 2 * 24 * 60 * minute
	}
	picker, packer := pick(8, 18), pick(26, 14)
	step(bPicked, picker, 240*minute)
	step(bPacked, packer, 25*minute)
	for r.Float64() < 0.10 {
		step(bPicked, pick(8, 18), 40*minute)
		step(bPacked, packer, 20*minute)
	}
	step(bLabel, pick(40, 8), 15*minute)
	carrier := pick(2, 6)
	step(bShipped, carrier, 360*minute)
	step(bDelivered, carrier, 2*24*60*minute)
	return ins
}

var (
	benchLogOnce sync.Once
	benchLog     *eventlog.Log
)

const benchInstances = 1_000_000

// benchMemLog builds, once, a log of benchInstances instances directly in
// memory (no parsing), orders arriving every ~2 minutes.
func benchMemLog() *eventlog.Log {
	benchLogOnce.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		l := &eventlog.Log{Source: "bench", Format: "csv", Activities: benchActs, Resources: benchRes}
		t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
		all := make([]eventlog.Instance, 0, benchInstances+16)
		n := 0
		for n < benchInstances {
			start := len(all)
			all = benchOrder(r, t, all)
			if len(all) > benchInstances {
				all = all[:benchInstances]
			}
			n = len(all)
			l.Cases = append(l.Cases, eventlog.Case{ID: "ORD-" + strconv.Itoa(1000000+len(l.Cases)), Instances: all[start:n:n]})
			t += int64(r.ExpFloat64() * float64(2*time.Minute))
		}
		l.Quality.Rows = n
		benchLog = l
	})
	return benchLog
}

// BenchmarkAnalyze measures the metrics alone on an in-memory log of 1M
// activity instances (single timestamps, resources known).
func BenchmarkAnalyze(b *testing.B) {
	l := benchMemLog()
	n := l.Events()
	b.ReportAllocs()
	for b.Loop() {
		r := analysis.Analyze(l, analysis.Options{})
		if r.Log.Instances != n {
			b.Fatalf("analysed %d instances, want %d", r.Log.Instances, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAnalyzeWorkingTime is BenchmarkAnalyze with a --calendar file
// (office hours for the pickers' and packers' owner, a Mon-Sat default), so
// every wait, sojourn and cycle time also gets its working seconds.
func BenchmarkAnalyzeWorkingTime(b *testing.B) {
	l := benchMemLog()
	n := l.Events()
	cf, err := analysis.ParseCalendarFile("bench.yaml", []byte("calendars:\n  shop: \"24/7\"\n  payment-gateway: \"24/7\"\ndefault: \"Mon-Sat 07:00-12:00 12:30-19:00\"\n"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r := analysis.Analyze(l, analysis.Options{Calendars: cf})
		if r.Log.Instances != n || r.Activities[0].Sojourn == nil || r.Activities[len(r.Activities)-1].Sojourn.WorkingStats == nil {
			b.Fatalf("analysed %d instances (want %d), or without working time", r.Log.Instances, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

var (
	benchCSVOnce sync.Once
	benchCSVData []byte
)

const benchCSVEvents = 200_000

// benchCSV renders, once, a 200k-event CSV export: all events sorted by
// timestamp, so orders are interleaved as in a real export.
func benchCSV() []byte {
	benchCSVOnce.Do(func() {
		r := rand.New(rand.NewPCG(3, 4))
		type ev struct {
			c  int
			in eventlog.Instance
		}
		var evs []ev
		var ins []eventlog.Instance
		t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
		for c := 0; len(evs) < benchCSVEvents; c++ {
			ins = benchOrder(r, t, ins[:0])
			for _, in := range ins {
				if len(evs) < benchCSVEvents {
					evs = append(evs, ev{c, in})
				}
			}
			t += int64(r.ExpFloat64() * float64(2*time.Minute))
		}
		slices.SortStableFunc(evs, func(x, y ev) int { return cmp.Compare(x.in.End, y.in.End) })
		var buf bytes.Buffer
		buf.Grow(len(evs) * 64)
		buf.WriteString("case_id,activity,timestamp,resource\n")
		line := make([]byte, 0, 128)
		for _, e := range evs {
			line = append(line[:0], "ORD-"...)
			line = strconv.AppendInt(line, int64(1000000+e.c), 10)
			line = append(line, ',')
			line = append(line, benchActs[e.in.Activity]...)
			line = append(line, ',')
			line = time.Unix(0, e.in.End).UTC().AppendFormat(line, "2006-01-02T15:04:05.000Z07:00")
			line = append(line, ',')
			line = append(line, benchRes[e.in.Resource]...)
			line = append(line, '\n')
			buf.Write(line)
		}
		benchCSVData = buf.Bytes()
	})
	return benchCSVData
}

// BenchmarkReadAndAnalyzeCSV measures what `flowmap analyze` does minus the
// output: parse a 200k-event CSV from memory, then compute every metric.
func BenchmarkReadAndAnalyzeCSV(b *testing.B) {
	data := benchCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		l, err := eventlog.ReadCSV(bytes.NewReader(data), "bench.csv", eventlog.Options{})
		if err != nil {
			b.Fatal(err)
		}
		r := analysis.Analyze(l, analysis.Options{})
		n = r.Log.Events
	}
	if n != benchCSVEvents {
		b.Fatalf("analysed %d events, want %d", n, benchCSVEvents)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
