package eventlog_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// TestParquetAnalysis writes single-timestamp (or start/end) CSV logs as
// Parquet files, from the events the CSV reader read (strings for ids,
// TIMESTAMP(MILLIS or MICROS, UTC) for times), and checks that the analysis
// of the Parquet file is the analysis of the CSV: the same JSON but for the
// file's name, format and column notes.
func TestParquetAnalysis(t *testing.T) {
	logs := filepath.Join(shareddata.Dir(t), "logs")
	tests := []struct {
		file string
		unit parquet.TimeUnit
	}{
		{filepath.Join("..", "..", "examples", "orders.csv.gz"), parquet.Millisecond},
		{filepath.Join(logs, "interval_event_log.csv"), parquet.Microsecond},
		{filepath.Join(logs, "running-example.csv"), parquet.Millisecond},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			csvLog, err := eventlog.ReadFile(tt.file, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if csvLog.Quality.BadRows != 0 || csvLog.Columns.Lifecycle != "" {
				t.Fatalf("%s: the test rebuilds rows from events: it needs a log without bad rows or lifecycle", tt.file)
			}
			path := filepath.Join(t.TempDir(), "log.parquet")
			writeLogAsParquet(t, path, csvLog, tt.unit)
			pqLog, err := eventlog.ReadFile(path, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, want := analysisJSON(t, pqLog), analysisJSON(t, csvLog)
			for k := range want {
				if !reflect.DeepEqual(got[k], want[k]) {
					g, _ := json.Marshal(got[k])
					w, _ := json.Marshal(want[k])
					t.Errorf("section %q differs:\n%.300s\nwant\n%.300s", k, g, w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d sections, want %d", len(got), len(want))
			}
		})
	}
}

// analysisJSON analyses lg and returns its JSON as generic values, without
// what names the file and how its columns were written.
func analysisJSON(t *testing.T, lg *eventlog.Log) map[string]any {
	t.Helper()
	data, err := json.Marshal(analysis.Analyze(lg, analysis.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	info, _ := m["log"].(map[string]any)
	if info == nil {
		t.Fatalf("no log section in %.200s", data)
	}
	delete(info, "source")
	delete(info, "format")
	delete(info, "columns")
	return m
}

// writeLogAsParquet writes the events of lg, in file order, one row each:
// the case id, activity, resource and case attributes as strings, the end
// (and start) time as TIMESTAMP(unit, UTC).
func writeLogAsParquet(t *testing.T, path string, lg *eventlog.Log, unit parquet.TimeUnit) {
	type ev struct {
		c  *eventlog.Case
		in eventlog.Instance
	}
	var evs []ev
	attrKeys := map[string]bool{}
	for ci := range lg.Cases {
		c := &lg.Cases[ci]
		for k := range c.Attrs {
			attrKeys[k] = true
		}
		for _, in := range c.Instances {
			evs = append(evs, ev{c, in})
		}
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].in.Seq < evs[j].in.Seq })
	cols := lg.Columns
	group := parquet.Group{
		cols.Case:     parquet.String(),
		cols.Activity: parquet.String(),
		cols.Time:     parquet.Timestamp(unit),
		"resource":    parquet.Optional(parquet.String()),
	}
	if cols.StartTime != "" {
		group[cols.StartTime] = parquet.Optional(parquet.Timestamp(unit))
	}
	for k := range attrKeys {
		group["case:"+k] = parquet.Optional(parquet.String())
	}
	schema := parquet.NewSchema("log", group)
	index := map[string]int{}
	for i, p := range schema.Columns() {
		index[p[0]] = i
	}
	per := int64(1000) // nanoseconds per unit
	if unit == parquet.Millisecond {
		per = 1e6
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewWriter(f, schema, parquet.PageBufferSize(8<<10), parquet.MaxRowsPerRowGroup(5000))
	for _, e := range evs {
		row := make(parquet.Row, len(index))
		for _, i := range index {
			row[i] = parquet.NullValue().Level(0, 0, i)
		}
		set := func(col string, v parquet.Value, def int) { row[index[col]] = v.Level(0, def, index[col]) }
		set(cols.Case, parquet.ByteArrayValue([]byte(e.c.ID)), 0)
		set(cols.Activity, parquet.ByteArrayValue([]byte(lg.Activities[e.in.Activity])), 0)
		if e.in.End%per != 0 || e.in.Start != eventlog.NoTime && e.in.Start%per != 0 {
			t.Fatalf("case %q: a time finer than the unit", e.c.ID)
		}
		set(cols.Time, parquet.Int64Value(e.in.End/per), 0)
		if e.in.Resource >= 0 {
			set("resource", parquet.ByteArrayValue([]byte(lg.Resources[e.in.Resource])), 1)
		}
		if cols.StartTime != "" && e.in.Start != eventlog.NoTime {
			set(cols.StartTime, parquet.Int64Value(e.in.Start/per), 1)
		}
		for k, v := range e.c.Attrs {
			set("case:"+k, parquet.ByteArrayValue([]byte(v)), 1)
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
