package pushdown_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/pushdown"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// sharedLogs are the logs of ../shared/data/logs, with -short only the
// small ones.
func sharedLogs(t *testing.T) []string {
	dir := sharedDir(t)
	var out []string
	for _, pat := range []string{"*.csv", "*.xes", "*.xes.gz"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		out = append(out, m...)
	}
	slices.Sort(out)
	if testing.Short() {
		out = slices.DeleteFunc(out, func(p string) bool {
			fi, err := os.Stat(p)
			return err != nil || fi.Size() > 300_000
		})
	}
	if len(out) == 0 {
		t.Fatalf("no logs in %s", dir)
	}
	return out
}

// sharedDir is ../shared/data/logs.
func sharedDir(t *testing.T) string { return filepath.Join(shareddata.Dir(t), "logs") }

// tableLog is a log as a table holds it, and the in-memory analysis of
// exactly those rows: the rows are written to a CSV file (case_id,
// activity, resource, start_time, end_time in seq order) and read back,
// so a lifecycle log's instances are the table's rows.
type tableLog struct {
	name   string
	events []testdb.Event
	want   *analysis.Result
	millis bool // some time has a fraction of a second
}

func loadTableLog(t *testing.T, path string) *tableLog {
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tl := &tableLog{name: tableName(filepath.Base(path)), events: testdb.FromLog(l)}
	csvPath := filepath.Join(t.TempDir(), tl.name+".csv")
	f, err := os.Create(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"case_id", "activity", "resource", "start_time", "end_time"})
	ts := func(x time.Time) string {
		if x.IsZero() {
			return ""
		}
		if x.Nanosecond() != 0 {
			tl.millis = true
		}
		return x.UTC().Format(time.RFC3339Nano)
	}
	for _, e := range tl.events {
		_ = w.Write([]string{e.Case, e.Activity, e.Resource, ts(e.Start), ts(e.End)})
	}
	w.Flush()
	if err := f.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
	lt, err := eventlog.ReadFile(csvPath, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tl.want = analysis.Analyze(lt, analysis.Options{})
	return tl
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

func tableName(file string) string {
	return "log_" + strings.Trim(nonWord.ReplaceAllString(strings.ToLower(file), "_"), "_")
}

// engine is a database setup the logs are loaded into.
type engine struct {
	name string
	load func(t *testing.T, tl *tableLog) string // returns the table's URL
}

func engines() []engine {
	ch := func(shards int) func(t *testing.T, tl *tableLog) string {
		return func(t *testing.T, tl *tableLog) string {
			c := testdb.ClickHouse(t, shards)
			kind := testdb.DateTime
			if tl.millis {
				kind = testdb.EpochMillis
			}
			c.Load(t, tl.name, tl.events, kind)
			return c.URL(tl.name)
		}
	}
	return []engine{
		{"postgres", func(t *testing.T, tl *tableLog) string {
			p := testdb.Postgres(t)
			p.Load(t, tl.name, tl.events)
			return p.URL(tl.name)
		}},
		{"clickhouse-1", ch(1)},
		{"clickhouse-2", ch(2)},
	}
}

// TestAgreement loads every shared log into PostgreSQL and ClickHouse (one
// and two shards) and checks that the pushed-down analysis equals the
// in-memory one for everything pushed down (counts and variants exactly,
// durations within 1e-6 relative), and the 2-shard result the 1-shard one.
func TestAgreement(t *testing.T) {
	ctx := context.Background()
	for _, path := range sharedLogs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			tl := loadTableLog(t, path)
			results := map[string]any{}
			for _, e := range engines() {
				url := e.load(t, tl)
				src, err := pushdown.ParseSource(url)
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				got, info, err := pushdown.Analyze(ctx, src, pushdown.Options{Seq: "seq"})
				if err != nil {
					t.Fatalf("%s: %v", e.name, err)
				}
				t.Logf("%s: %d events analysed in %v (%d queries)", e.name, got.Log.Instances, time.Since(start).Round(time.Millisecond), info.Queries)
				if wantFold := map[string]string{"postgres": "engine", "clickhouse-1": "engine", "clickhouse-2": "shards"}[e.name]; !strings.HasPrefix(info.Fold, wantFold) {
					t.Errorf("%s: cases folded on %q, want %s", e.name, info.Fold, wantFold)
				}
				skip := append(slices.Clone(info.NotComputed), intrinsic...)
				if diffs := compare(toJSON(t, tl.want), toJSON(t, got), skip); len(diffs) > 0 {
					t.Errorf("%s: %d differences from the in-memory analysis, first: %s", e.name, len(diffs), strings.Join(diffs[:min(len(diffs), 12)], "\n"))
				}
				results[e.name] = toJSON(t, got)
			}
			if diffs := compare(results["clickhouse-1"], results["clickhouse-2"], []string{"log.source"}); len(diffs) > 0 {
				t.Errorf("2 shards differ from 1 shard: %s", strings.Join(diffs[:min(len(diffs), 12)], "\n"))
			}
		})
	}
}

// intrinsic are the keys where a table and a file differ by nature: where
// the log came from and how its file was read.
var intrinsic = []string{"log.source", "log.format", "log.columns", "data_quality.warnings"}

func toJSON(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compare lists the differences between two JSON values, skipping paths
// (array indexes written []) that start with a skip entry, or whose last
// key does; whole numbers must be equal, others agree within 1e-6
// relative.
func compare(want, got any, skip []string) []string {
	var diffs []string
	var walk func(path string, w, g any)
	walk = func(path string, w, g any) {
		norm := regexp.MustCompile(`\[\d+\]`).ReplaceAllString(path, "[]")
		last := norm[strings.LastIndex(norm, ".")+1:]
		for _, s := range skip {
			s, _, _ = strings.Cut(s, "*")
			if strings.HasPrefix(norm, s) || strings.HasPrefix(last, s) {
				return
			}
		}
		switch wv := w.(type) {
		case map[string]any:
			gv, ok := g.(map[string]any)
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: want an object, got %v", path, g))
				return
			}
			keys := map[string]bool{}
			for k := range wv {
				keys[k] = true
			}
			for k := range gv {
				keys[k] = true
			}
			for k := range keys {
				walk(strings.TrimPrefix(path+"."+k, "."), wv[k], gv[k])
			}
		case []any:
			gv, ok := g.([]any)
			if !ok || len(gv) != len(wv) {
				diffs = append(diffs, fmt.Sprintf("%s: want %d elements, got %v", path, len(wv), short(g)))
				return
			}
			for i := range wv {
				walk(fmt.Sprintf("%s[%d]", path, i), wv[i], gv[i])
			}
		case float64: // counts (whole numbers) exactly, durations within 1e-6 relative
			gv, ok := g.(float64)
			whole := wv == math.Trunc(wv) && gv == math.Trunc(gv)
			if !ok || whole && wv != gv || math.Abs(wv-gv) > 1e-6*math.Max(math.Abs(wv), math.Abs(gv))+1e-9 {
				diffs = append(diffs, fmt.Sprintf("%s: want %v, got %v", path, wv, g))
			}
		default:
			if fmt.Sprint(w) != fmt.Sprint(g) {
				diffs = append(diffs, fmt.Sprintf("%s: want %v, got %v", path, short(w), short(g)))
			}
		}
	}
	walk("", want, got)
	slices.Sort(diffs)
	return diffs
}

func short(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// TestCompare: the agreement's comparison finds what it must.
func TestCompare(t *testing.T) {
	base := `{"log": {"cases": 10, "source": "a"}, "cycle_time": {"mean": 1000.0}, "variants": [{"cases": 3}], "queues": [{"peak": 2}]}`
	tests := []struct {
		got  string
		skip []string
		want int
	}{
		{base, nil, 0},
		{`{"log": {"cases": 11, "source": "a"}, "cycle_time": {"mean": 1000.0}, "variants": [{"cases": 3}], "queues": [{"peak": 2}]}`, nil, 1},
		{`{"log": {"cases": 10, "source": "b"}, "cycle_time": {"mean": 1000.0000001}, "variants": [{"cases": 3}], "queues": [{"peak": 2}]}`, []string{"log.source"}, 0},
		{`{"log": {"cases": 10, "source": "a"}, "cycle_time": {"mean": 1000.01}, "variants": [{"cases": 3}], "queues": [{"peak": 2}]}`, nil, 1},
		{`{"log": {"cases": 10, "source": "a"}, "cycle_time": {"mean": 1000.0}, "variants": [], "queues": [{"peak": 3}]}`, nil, 2},
		{`{"log": {"cases": 10, "source": "a"}, "cycle_time": {"mean": 1000.0}, "variants": [{"cases": 3}], "queues": [{"peak": 3}]}`, []string{"queues"}, 0},
		{`{"log": {"cases": 10, "source": "a"}, "cycle_time": {"mean": 1000.0}, "variants": [{"cases": 3}]}`, nil, 1},
	}
	var want any
	if err := json.Unmarshal([]byte(base), &want); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		var got any
		if err := json.Unmarshal([]byte(tt.got), &got); err != nil {
			t.Fatal(err)
		}
		if d := compare(want, got, tt.skip); len(d) != tt.want {
			t.Errorf("%s: %d differences %v, want %d", tt.got, len(d), d, tt.want)
		}
	}
}
