package waitcause

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// fromLog converts an event log, keeping the instances whose activity
// passes keep (nil: all).
func fromLog(l *eventlog.Log, keep func(activity string) bool) [][]Instance {
	cases := make([][]Instance, 0, len(l.Cases))
	for _, c := range l.Cases {
		var out []Instance
		for _, in := range c.Instances {
			if keep != nil && !keep(l.Activities[in.Activity]) {
				continue
			}
			out = append(out, Instance{Activity: in.Activity, Resource: in.Resource, Enabled: in.Enabled, Start: in.Start, End: in.End})
		}
		cases = append(cases, out)
	}
	return cases
}

var realLogs = []struct {
	file string
	keep func(string) bool
}{
	{"repairExample.xes.gz", nil},
	{"interval_event_log.csv", nil},
	{"bpic2012.xes.gz", func(a string) bool { return strings.HasPrefix(a, "W_") }},
}

// TestInvariantRealLogs checks the invariant on shared logs with start
// times, around the clock and with an office calendar.
func TestInvariantRealLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("reads large logs")
	}
	office := mustCalendar(t, "Mon-Fri 08:00-17:00")
	for _, rl := range realLogs {
		t.Run(rl.file, func(t *testing.T) {
			path := filepath.Join(shareddata.Dir(t), "logs", rl.file)
			l, err := eventlog.ReadFile(path, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !l.HasStartTimes {
				t.Fatalf("%s has no start times", rl.file)
			}
			cases := fromLog(l, rl.keep)
			for _, cal := range []*Calendar{nil, office} {
				res := Analyze(cases, func(int32) *Calendar { return cal })
				checkInvariant(t, cases, res)
				s := Summarize(cases, res)
				d := func(x int64) time.Duration { return time.Duration(x).Round(time.Hour) }
				t.Logf("calendar %v: %d instances, wait %v = batching %v + contention %v + prioritization %v + unavailability %v + extraneous %v",
					cal != nil, s.Total.Count, d(s.Total.Wait), d(s.Total.Batching), d(s.Total.Contention),
					d(s.Total.Prioritization), d(s.Total.Unavailability), d(s.Total.Extraneous))
				if cal == nil && s.Total.Unavailability != 0 {
					t.Error("unavailability around the clock")
				}
				if s.Total.Count <= 10000 { // the quadratic reference is affordable
					ref := referenceAnalyze(cases, func(int32) *Calendar { return cal })
					for ci := range cases {
						for i := range cases[ci] {
							if g, w := res[ci][i], ref[ci][i]; g.Parts != w.Parts || g.Source != w.Source {
								t.Fatalf("case %d instance %d: got %v, reference %v", ci, i, show(g.Parts), show(w.Parts))
							}
						}
					}
				}
			}
		})
	}
}

// BenchmarkBPIC2012 reads bpic2012 (262k events) and splits its waits with
// an office calendar for every resource: the target is < 5 s on 2 cores.
//
//	go test ./analysis/waitcause -run XXX -bench BPIC2012 -benchtime 3x
func BenchmarkBPIC2012(b *testing.B) {
	path := filepath.Join(shareddata.Dir(b), "logs", "bpic2012.xes.gz")
	office := mustCalendar(b, "Mon-Fri 08:00-17:00")
	for b.Loop() {
		l, err := eventlog.ReadFile(path, eventlog.Options{})
		if err != nil {
			b.Fatal(err)
		}
		cases := fromLog(l, nil)
		res := Analyze(cases, func(int32) *Calendar { return office })
		Summarize(cases, res)
	}
}

// BenchmarkAnalyzeBPIC2012 times the causes alone (the log read once).
func BenchmarkAnalyzeBPIC2012(b *testing.B) {
	path := filepath.Join(shareddata.Dir(b), "logs", "bpic2012.xes.gz")
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cases := fromLog(l, nil)
	office := mustCalendar(b, "Mon-Fri 08:00-17:00")
	for b.Loop() {
		res := Analyze(cases, func(int32) *Calendar { return office })
		Summarize(cases, res)
	}
}

// BenchmarkBacklog is a worst case for a quadratic method: one resource,
// 200k cases whose waits all overlap a long queue (each wait sees about
// 1,000 other instances) and a parallel batch of 1,000 at the start.
func BenchmarkBacklog(b *testing.B) {
	const n = 200_000
	cases := make([][]Instance, n)
	step := int64(time.Minute)
	for i := range cases {
		arrive := monday + int64(i)*step
		start := arrive + 1000*step + int64(i%7)*step // FIFO-ish with a 1,000-deep queue
		if i < 1000 {
			start = monday + 1000*step // one parallel batch
		}
		cases[i] = []Instance{
			{Activity: 0, Resource: 0, Enabled: NoTime, Start: arrive - step, End: arrive},
			{Activity: 1 + int32(i%3), Resource: 1, Enabled: NoTime, Start: start, End: start + step},
		}
	}
	office := mustCalendar(b, "Mon-Fri 08:00-17:00")
	for b.Loop() {
		res := Analyze(cases, func(int32) *Calendar { return office })
		Summarize(cases, res)
	}
}
