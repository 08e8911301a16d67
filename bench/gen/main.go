// Command gen writes a synthetic but realistic eCommerce order event log for
// benchmarking `flowmap analyze`.
//
// Every order follows
//
//	Order placed → Payment captured → Picked → Packed → Label printed → Shipped → Delivered
//
// with a 10% rework loop (Packed → Picked → Packed, possibly repeated), 3% of
// orders hitting a "Stock-out" before picking (resolved days later) and 2%
// cancelled after payment. Orders arrive as a Poisson process with a daily
// profile over months; about 50 resources (shop system, payment gateway,
// pickers, packers, shipping clerks, customer service, carriers) do the work.
//
// The CSV output is sorted by timestamp overall, so the orders are
// interleaved like a real export, not grouped by case. It is written as a
// stream: memory is bounded by the orders in flight (a heap of pending
// events), not by -events. XES output groups events by trace, as XES does.
//
// Output is deterministic for a given -seed (math/rand/v2 PCG).
//
// Usage:
//
//	go run ./bench/gen -events 1000000 -o bench/out/orders-1m.csv
//	go run ./bench/gen -events 1000000 -format xes -o bench/out/orders-1m.xes
//	go run ./bench/gen -events 1000000 -start -o bench/out/orders-1m-start.csv
package main

import (
	"bufio"
	"container/heap"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

const (
	actPlaced = iota
	actPayment
	actStockOut
	actPicked
	actPacked
	actLabel
	actShipped
	actDelivered
	actCancelled
)

var activities = [...]string{
	actPlaced:    "Order placed",
	actPayment:   "Payment captured",
	actStockOut:  "Stock-out",
	actPicked:    "Picked",
	actPacked:    "Packed",
	actLabel:     "Label printed",
	actShipped:   "Shipped",
	actDelivered: "Delivered",
	actCancelled: "Order cancelled",
}

// Resource pools (52 resources in all).
var (
	resShop     = []string{"shop"}
	resPayment  = []string{"payment-gateway"}
	resPickers  = names("picker", 18)
	resPackers  = names("packer", 14)
	resClerks   = names("shipping-clerk", 8)
	resService  = names("customer-service", 5)
	resCarriers = []string{"DHL", "UPS", "DPD", "GLS", "Hermes", "FedEx"}
)

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%02d", prefix, i+1)
	}
	return out
}

// event is one activity instance of an order.
type event struct {
	order int64
	act   uint8
	res   string
	start int64 // Unix ms; equals end for instantaneous activities
	end   int64 // Unix ms
	seq   int64 // generation order, to break ties deterministically
}

type gen struct {
	rng       *rand.Rand
	orders    int64
	t         float64 // current arrival time, Unix ms
	meanGapMs float64
}

func (g *gen) exp(mean float64) float64 { return g.rng.ExpFloat64() * mean }

// logn draws a log-normal duration with the given median and spread (sigma).
func (g *gen) logn(median, sigma float64) float64 {
	return median * math.Exp(g.rng.NormFloat64()*sigma)
}

func (g *gen) pick(pool []string) string { return pool[g.rng.IntN(len(pool))] }

const (
	sec    = 1000.0
	minute = 60 * sec
	hour   = 60 * minute
	day    = 24 * hour
)

// nextArrival advances the arrival clock: a Poisson process whose rate
// follows the hour of day (quiet nights, evening peak).
func (g *gen) nextArrival() int64 {
	for {
		g.t += g.exp(g.meanGapMs / 2.2) // thinning against the peak rate
		h := time.UnixMilli(int64(g.t)).UTC().Hour()
		if g.rng.Float64()*2.2 < hourWeight[h] {
			return int64(g.t)
		}
	}
}

// hourWeight is the relative order rate per hour of day (mean ≈ 1).
var hourWeight = [24]float64{0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.2, 1.3, 1.3,
	1.4, 1.3, 1.2, 1.2, 1.3, 1.5, 1.7, 1.9, 2.2, 2.0, 1.4, 0.7}

// order generates the events of one order, in case order, appending to buf.
func (g *gen) order(buf []event, withStart bool) []event {
	id := g.orders
	g.orders++
	t := float64(g.nextArrival())
	add := func(act uint8, res string, gap, service float64) {
		end := t + gap
		start := end
		if withStart && service > 0 {
			start = max(t, end-service)
		}
		buf = append(buf, event{order: id, act: act, res: res, start: int64(start), end: int64(end)})
		t = end
	}
	add(actPlaced, resShop[0], 0, 0)
	add(actPayment, resPayment[0], g.logn(2*minute, 1.0), 0)
	if g.rng.Float64() < 0.02 {
		add(actCancelled, g.pick(resService), g.logn(3*hour, 1.2), g.logn(4*minute, 0.5))
		return buf
	}
	if g.rng.Float64() < 0.03 {
		add(actStockOut, g.pick(resPickers), g.logn(3*hour, 0.8), g.logn(5*minute, 0.5))
		t += g.logn(2*day, 0.6) // replenishment
	}
	picker := g.pick(resPickers)
	packer := g.pick(resPackers)
	add(actPicked, picker, g.logn(4*hour, 0.9), g.logn(8*minute, 0.5))
	add(actPacked, packer, g.logn(25*minute, 0.8), g.logn(6*minute, 0.4))
	for g.rng.Float64() < 0.10 { // rework: repacking needs a re-pick
		if g.rng.Float64() < 0.5 {
			picker = g.pick(resPickers)
		}
		add(actPicked, picker, g.logn(40*minute, 0.7), g.logn(8*minute, 0.5))
		add(actPacked, packer, g.logn(20*minute, 0.7), g.logn(6*minute, 0.4))
	}
	clerk := g.pick(resClerks)
	add(actLabel, clerk, g.logn(15*minute, 0.8), g.logn(2*minute, 0.4))
	carrier := g.pick(resCarriers)
	add(actShipped, carrier, g.logn(6*hour, 0.7), 0)
	add(actDelivered, carrier, g.logn(2*day, 0.5), 0)
	return buf
}

// pending is a min-heap of events by end time, then generation order.
type pending []event

func (p pending) Len() int { return len(p) }
func (p pending) Less(i, j int) bool {
	if p[i].end != p[j].end {
		return p[i].end < p[j].end
	}
	return p[i].seq < p[j].seq
}
func (p pending) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p *pending) Push(x any)   { *p = append(*p, x.(event)) }
func (p *pending) Pop() any {
	old := *p
	e := old[len(old)-1]
	*p = old[:len(old)-1]
	return e
}

type writer struct {
	w         *bufio.Writer
	withStart bool
	line      []byte
	pq        *pqWriter // -format parquet: rows go here
	err       error     // the first error of pq
}

const tsLayout = "2006-01-02T15:04:05.000Z07:00"

func appendTime(b []byte, ms int64) []byte {
	return time.UnixMilli(ms).UTC().AppendFormat(b, tsLayout)
}

func caseID(b []byte, order int64) []byte {
	b = append(b, "ORD-"...)
	s := strconv.AppendInt(nil, 1000000+order, 10)
	return append(b, s...)
}

func (w *writer) csvHeader() {
	if w.pq != nil {
		return
	}
	if w.withStart {
		w.w.WriteString("case_id,activity,start_timestamp,timestamp,resource\n")
	} else {
		w.w.WriteString("case_id,activity,timestamp,resource\n")
	}
}

func (w *writer) csvRow(e *event) {
	if w.pq != nil {
		if err := w.pq.row(e); err != nil && w.err == nil {
			w.err = err
		}
		return
	}
	b := caseID(w.line[:0], e.order)
	b = append(b, ',')
	b = append(b, activities[e.act]...)
	b = append(b, ',')
	if w.withStart {
		b = appendTime(b, e.start)
		b = append(b, ',')
	}
	b = appendTime(b, e.end)
	b = append(b, ',')
	b = append(b, e.res...)
	b = append(b, '\n')
	w.line = b
	w.w.Write(b)
}

func (w *writer) xesHeader() {
	w.w.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
	<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
	<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
	<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
	<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
	<global scope="trace">
		<string key="concept:name" value="__INVALID__"/>
	</global>
	<global scope="event">
		<string key="concept:name" value="__INVALID__"/>
		<date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
		<string key="lifecycle:transition" value="complete"/>
	</global>
	<classifier name="Activity" keys="concept:name"/>
	<string key="concept:name" value="flowmap synthetic orders"/>
`)
}

func (w *writer) xesEvent(b []byte, e *event, trans string, ms int64) []byte {
	b = append(b, "\t\t<event>\n\t\t\t<string key=\"concept:name\" value=\""...)
	b = append(b, activities[e.act]...)
	b = append(b, "\"/>\n\t\t\t<string key=\"org:resource\" value=\""...)
	b = append(b, e.res...)
	b = append(b, "\"/>\n\t\t\t<date key=\"time:timestamp\" value=\""...)
	b = appendTime(b, ms)
	b = append(b, "\"/>\n\t\t\t<string key=\"lifecycle:transition\" value=\""...)
	b = append(b, trans...)
	b = append(b, "\"/>\n\t\t</event>\n"...)
	return b
}

// xesTrace writes one order; with start times, activities that take time
// get a start and a complete event.
func (w *writer) xesTrace(evs []event) {
	b := append(w.line[:0], "\t<trace>\n\t\t<string key=\"concept:name\" value=\""...)
	b = caseID(b, evs[0].order)
	b = append(b, "\"/>\n"...)
	for i := range evs {
		e := &evs[i]
		if w.withStart && e.start != e.end {
			b = w.xesEvent(b, e, "start", e.start)
		}
		b = w.xesEvent(b, e, "complete", e.end)
	}
	b = append(b, "\t</trace>\n"...)
	w.line = b
	w.w.Write(b)
}

func main() {
	var (
		n         = flag.Int64("events", 1_000_000, "number of events to write")
		out       = flag.String("o", "", "output file (required; - for stdout)")
		format    = flag.String("format", "csv", "csv, xes or parquet (the CSV's columns)")
		withStart = flag.Bool("start", false, "add start times (CSV: start_timestamp column; XES: lifecycle start events)")
		seed      = flag.Uint64("seed", 1, "random seed")
		from      = flag.String("from", "2025-01-01", "date of the first order (UTC)")
		perDay    = flag.Float64("orders-per-day", 0, "mean orders per day (default: spread the log over ~6 months)")
	)
	flag.Parse()
	if *out == "" || *n <= 0 || (*format != "csv" && *format != "xes" && *format != "parquet") {
		fmt.Fprintln(os.Stderr, "usage: gen -events N -o FILE [-format csv|xes|parquet] [-start] [-seed S]")
		os.Exit(2)
	}
	t0, err := time.Parse("2006-01-02", *from)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen: -from:", err)
		os.Exit(2)
	}
	rate := *perDay
	if rate <= 0 {
		rate = float64(*n) / 7.3 / 182 // ≈7.3 events per order over ~6 months
	}
	var f io.Writer = os.Stdout
	if *out != "-" {
		file, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		defer file.Close()
		f = file
	}
	g := &gen{rng: rand.New(rand.NewPCG(*seed, 0x666c6f776d6170)), t: float64(t0.UnixMilli()), meanGapMs: day / rate}
	w := &writer{w: bufio.NewWriterSize(f, 1<<20), withStart: *withStart}
	switch *format {
	case "parquet":
		w.pq = newPQWriter(w.w, *withStart)
		if err = writeCSV(g, w, *n); err == nil {
			err = w.err
		}
		if err == nil {
			err = w.pq.close()
		}
	case "csv":
		err = writeCSV(g, w, *n)
	default:
		err = writeXES(g, w, *n)
	}
	if err == nil {
		err = w.w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// writeCSV emits events in global timestamp order. Orders are generated at
// their arrival; an event is written once no later arrival can precede it.
// The last order is truncated so that exactly n events are written.
func writeCSV(g *gen, w *writer, n int64) error {
	w.csvHeader()
	h := &pending{}
	var buf []event
	var made, seq int64
	for made < n {
		buf = g.order(buf[:0], w.withStart)
		if rest := n - made; int64(len(buf)) > rest {
			buf = buf[:rest]
		}
		arrival := buf[0].end
		for h.Len() > 0 && (*h)[0].end < arrival {
			e := heap.Pop(h).(event)
			w.csvRow(&e)
		}
		for _, e := range buf {
			e.seq = seq
			seq++
			heap.Push(h, e)
		}
		made += int64(len(buf))
	}
	for h.Len() > 0 {
		e := heap.Pop(h).(event)
		w.csvRow(&e)
	}
	return nil
}

// writeXES emits one trace per order in arrival order; exactly n events.
func writeXES(g *gen, w *writer, n int64) error {
	w.xesHeader()
	var buf []event
	var made int64
	for made < n {
		buf = g.order(buf[:0], w.withStart)
		k := 0
		for k < len(buf) && made < n {
			if w.withStart && buf[k].start != buf[k].end {
				if made+2 > n { // room for one event only: keep it a plain complete
					buf[k].start = buf[k].end
				} else {
					made++
				}
			}
			made++
			k++
		}
		w.xesTrace(buf[:k])
	}
	w.w.WriteString("</log>\n")
	if made != n {
		return errors.New("internal error: wrote a different number of events")
	}
	return nil
}
