package testdb

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// sharedLog reads a log from the shared data: the largest one
// (bpic2012.xes.gz, 164,506 activity instances, 71,373 with a start time)
// or, with -short, repairExample.xes.gz (7,733 instances, 4,121 starts).
func sharedLog(t *testing.T) (string, []Event) {
	name := "bpic2012.xes.gz"
	if testing.Short() {
		name = "repairExample.xes.gz"
	}
	l, err := eventlog.ReadFile(filepath.Join(shareddata.Dir(t), "logs", name), eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := FromLog(l)
	if len(events) != l.Events() {
		t.Fatalf("FromLog gave %d events, the log has %d", len(events), l.Events())
	}
	for i := 1; i < len(events); i++ {
		if events[i].Seq <= events[i-1].Seq {
			t.Fatalf("FromLog: seq %d after %d: not in file order", events[i].Seq, events[i-1].Seq)
		}
	}
	return name, events
}

// TestLoadSharedLog loads a real log into every setup and reads every row
// back: same cases, activities, resources, NULLs, seq, and times to the
// millisecond (the log's precision; whole seconds for DateTime).
func TestLoadSharedLog(t *testing.T) {
	name, events := sharedLog(t)
	nullStarts, nullRes := 0, 0
	for _, e := range events {
		if e.Start.IsZero() {
			nullStarts++
		}
		if e.Resource == "" {
			nullRes++
		}
	}
	if nullStarts == 0 || nullStarts == len(events) || nullRes == 0 {
		t.Fatalf("%s: %d NULL starts and %d NULL resources of %d events: want both kinds of start and some NULL resources",
			name, nullStarts, nullRes, len(events))
	}
	wantMs, wantS := want(events, time.Millisecond), want(events, time.Second)
	tests := []struct {
		setup string
		load  func(t *testing.T) []row
		want  []row
	}{
		{"postgres", func(t *testing.T) []row {
			p := Postgres(t)
			timed(t, name, func() { p.Load(t, "shared", events) })
			return pgRows(t, p, "shared")
		}, wantMs},
		{"clickhouse-1shard-millis", func(t *testing.T) []row { return chLoad(t, name, 1, events, EpochMillis) }, wantMs},
		{"clickhouse-2shards-millis", func(t *testing.T) []row { return chLoad(t, name, 2, events, EpochMillis) }, wantMs},
		{"clickhouse-2shards-datetime", func(t *testing.T) []row { return chLoad(t, name, 2, events, DateTime) }, wantS},
	}
	for _, tt := range tests {
		t.Run(tt.setup, func(t *testing.T) {
			compareRows(t, tt.load(t), tt.want)
		})
	}
}

// chLoad loads events into a ClickHouse setup and reads them back.
func chLoad(t *testing.T, name string, shards int, events []Event, times TimeKind) []row {
	c := ClickHouse(t, shards)
	table := "shared_" + times.String()
	timed(t, name, func() { c.Load(t, table, events, times) })
	if shards == 2 {
		checkShards(t, c, table, len(events))
	}
	return chRows(t, c, 0, table, times)
}

// timed logs how long a load took.
func timed(t *testing.T, name string, load func()) {
	start := time.Now()
	load()
	t.Logf("loaded %s in %v", name, time.Since(start).Round(time.Millisecond))
}
