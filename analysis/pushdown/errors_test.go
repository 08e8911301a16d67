package pushdown_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/pushdown"
	"github.com/flowmap/flowmap/internal/testdb"
)

// small is a table with a tie (case c1: B then A at the same time, in
// seq order), a case with one event, and a row without a case id.
func small() []testdb.Event {
	at := func(m int) time.Time { return time.Date(2026, 3, 2, 9, m, 0, 0, time.UTC) }
	return []testdb.Event{
		{Case: "c1", Activity: "B", Resource: "ann", End: at(0), Seq: 1},
		{Case: "c1", Activity: "A", Resource: "bob", End: at(0), Seq: 2},
		{Case: "c1", Activity: "C", Resource: "bob", End: at(30), Seq: 3},
		{Case: "c2", Activity: "C", End: at(10), Seq: 4},
	}
}

// setups loads the small table into PostgreSQL and a 1-shard ClickHouse,
// with exec to run DDL on each.
type setup struct {
	name string
	url  func(table string) string
	exec func(t *testing.T, sql string)
}

func setups(t *testing.T) []setup {
	p := testdb.Postgres(t)
	p.Load(t, "small", small())
	c := testdb.ClickHouse(t, 1)
	c.Load(t, "small", small(), testdb.DateTime)
	return []setup{
		{"postgres", p.URL, func(t *testing.T, sql string) { p.Exec(t, sql) }},
		{"clickhouse", c.URL, func(t *testing.T, sql string) { c.Exec(t, sql) }},
	}
}

func analyze(t *testing.T, url string, opt pushdown.Options) (*pushdownResult, error) {
	t.Helper()
	src, err := pushdown.ParseSource(url)
	if err != nil {
		t.Fatal(err)
	}
	r, info, err := pushdown.Analyze(context.Background(), src, opt)
	if err != nil {
		return nil, err
	}
	return &pushdownResult{r.Variants[0].Activities, r.Log.Cases, r.Log.SkippedRows, info.TieOrder}, nil
}

type pushdownResult struct {
	first   []string // the most common variant (the first in order)
	cases   int
	skipped int
	tie     string
}

// TestTies: equal timestamps follow --seq when given, else the activity
// name, and the result says which.
func TestTies(t *testing.T) {
	for _, s := range setups(t) {
		t.Run(s.name, func(t *testing.T) {
			for _, tt := range []struct {
				seq, want, tie string
			}{
				{"seq", "B,A,C", "column seq"},
				{"", "A,B,C", "activity name (no --seq column)"},
			} {
				got, err := analyze(t, s.url("small"), pushdown.Options{Seq: tt.seq, Where: "case_id = 'c1'"})
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(got.first, ",") != tt.want || got.tie != tt.tie {
					t.Errorf("--seq %q: variant %v ordered by %q, want %s by %q", tt.seq, got.first, got.tie, tt.want, tt.tie)
				}
			}
		})
	}
}

// TestTableErrors: what a bad table, column or condition gives.
func TestTableErrors(t *testing.T) {
	for _, s := range setups(t) {
		t.Run(s.name, func(t *testing.T) {
			textType := map[string]string{"postgres": "text", "clickhouse": "String"}[s.name]
			s.exec(t, "DROP TABLE IF EXISTS texttime")
			s.exec(t, "DROP TABLE IF EXISTS nolog")
			engine := map[string]string{"postgres": "", "clickhouse": " ENGINE = Memory"}[s.name]
			s.exec(t, "CREATE TABLE texttime (case_id "+textType+", activity "+textType+", timestamp "+textType+")"+engine)
			s.exec(t, "CREATE TABLE nolog (a "+textType+", b "+textType+")"+engine)
			for _, tt := range []struct {
				table string
				opt   pushdown.Options
				is    error
				want  string
			}{
				{"no_such_table", pushdown.Options{}, nil, "cannot read the columns of table no_such_table"},
				{"texttime", pushdown.Options{}, nil, `column "timestamp" has type ` + textType},
				{"nolog", pushdown.Options{}, eventlog.ErrNotEventLog, `headers found: "a", "b"`},
				{"small", pushdown.Options{Columns: eventlog.Options{Activity: "verb"}}, eventlog.ErrMissingColumn, `no column "verb" (--activity verb)`},
				{"small", pushdown.Options{Seq: "line"}, eventlog.ErrMissingColumn, `no column "line" (--seq line)`},
				{"small", pushdown.Options{Where: "case_id = 'nobody'"}, eventlog.ErrEmpty, `no rows match --where "case_id = 'nobody'"`},
				{"small", pushdown.Options{Where: "no_such_column = 1"}, nil, "query failed"},
			} {
				_, err := analyze(t, s.url(tt.table), tt.opt)
				if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.is != nil && !errors.Is(err, tt.is)) {
					t.Errorf("%s %+v: error %v, want %q (%v)", tt.table, tt.opt, err, tt.want, tt.is)
				}
			}
		})
	}
}

// TestBadRows: rows without a case id or activity are counted, not
// analysed.
func TestBadRows(t *testing.T) {
	for _, s := range setups(t) {
		t.Run(s.name, func(t *testing.T) {
			s.exec(t, "DROP TABLE IF EXISTS bad")
			if s.name == "postgres" {
				s.exec(t, "CREATE TABLE bad AS SELECT * FROM small")
				s.exec(t, "INSERT INTO bad (case_id, activity, end_time, seq) VALUES (NULL, 'A', now(), 9), ('c9', '', now(), 10)")
			} else {
				// Nullable case and activity columns, unlike testdb's.
				s.exec(t, "CREATE TABLE bad (case_id Nullable(String), activity Nullable(String), resource Nullable(String), "+
					"start_time Nullable(DateTime), end_time DateTime, seq Int64) ENGINE = Memory")
				s.exec(t, "INSERT INTO bad SELECT * FROM small")
				// Through SELECT: the driver's INSERT ... VALUES waits for a data block.
				s.exec(t, "INSERT INTO bad (case_id, activity, end_time, seq) SELECT NULL, 'A', now(), 9 UNION ALL SELECT 'c9', '', now(), 10")
			}
			got, err := analyze(t, s.url("bad"), pushdown.Options{Seq: "seq"})
			if err != nil {
				t.Fatal(err)
			}
			if got.cases != 2 || got.skipped != 2 {
				t.Errorf("%d cases, %d skipped rows, want 2 and 2", got.cases, got.skipped)
			}
		})
	}
}

// TestReadOnlyConnection: where PostgreSQL refuses a temporary table (a
// read-only replica), each query computes the steps itself: the same
// result, and Info.Steps says why.
func TestReadOnlyConnection(t *testing.T) {
	p := testdb.Postgres(t)
	p.Load(t, "small", small())
	run := func(u string) ([]byte, *pushdown.Info) {
		t.Helper()
		src, err := pushdown.ParseSource(u)
		if err != nil {
			t.Fatal(err)
		}
		r, info, err := pushdown.Analyze(context.Background(), src, pushdown.Options{Seq: "seq"})
		if err != nil {
			t.Fatal(err)
		}
		r.Log.Source = "" // the URLs differ
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return b, info
	}
	table, tableInfo := run(p.URL("small"))
	inline, inlineInfo := run(p.URL("small") + "&options=" + url.PathEscape("-c default_transaction_read_only=on"))
	if tableInfo.Steps != "temporary table" {
		t.Errorf("steps %q on a writable connection, want a temporary table", tableInfo.Steps)
	}
	if !strings.HasPrefix(inlineInfo.Steps, "each query (no temporary table: ") || !strings.Contains(inlineInfo.Steps, "read-only") {
		t.Errorf("steps %q on a read-only connection, want each query and the reason", inlineInfo.Steps)
	}
	if !bytes.Equal(table, inline) {
		t.Errorf("a read-only connection gives another result:\n%s\nwant\n%s", inline, table)
	}
}
