package testdb

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// sharedLogs are the logs the test loads, with what FromLog must find in
// them: bpic2012 is the largest shared log and the only one with NULL
// starts, starts and NULL resources together; with -short the smaller
// receipt log (all starts NULL, milliseconds) stands in.
var sharedLogs = map[bool]struct {
	name                        string
	events, nullStarts, nullRes int
}{
	false: {"bpic2012.xes.gz", 164506, 164506 - 71373, 5913},
	true:  {"receipt.xes.gz", 8577, 8577, 0},
}

// sharedLog reads the log for this mode and checks FromLog's rows: one
// per activity instance, in file order, with the expected NULLs.
func sharedLog(t *testing.T) (string, []Event) {
	want := sharedLogs[testing.Short()]
	l, err := eventlog.ReadFile(filepath.Join(shareddata.Dir(t), "logs", want.name), eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := FromLog(l)
	nullStarts, nullRes := 0, 0
	for i, e := range events {
		if i > 0 && e.Seq <= events[i-1].Seq {
			t.Fatalf("FromLog: seq %d after %d: not in file order", e.Seq, events[i-1].Seq)
		}
		if e.Start.IsZero() {
			nullStarts++
		}
		if e.Resource == "" {
			nullRes++
		}
	}
	if len(events) != want.events || nullStarts != want.nullStarts || nullRes != want.nullRes {
		t.Fatalf("FromLog(%s): %d events, %d NULL starts, %d NULL resources; want %d, %d, %d",
			want.name, len(events), nullStarts, nullRes, want.events, want.nullStarts, want.nullRes)
	}
	return want.name, events
}

// TestLoadSharedLog loads a real log into every setup and reads every row
// back: same cases, activities, resources, NULLs, seq, and times to the
// millisecond (the log's precision; whole seconds for DateTime).
func TestLoadSharedLog(t *testing.T) {
	name, events := sharedLog(t)
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
