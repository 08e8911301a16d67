package testdb

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// chLocalSuffix names a Distributed table's shard tables: table
// "receipt" is stored in "receipt_local" on every shard.
const chLocalSuffix = "_local"

// Load (re)creates table in the flowmap database with the columns
//
//	case_id String, activity String, resource Nullable(String) (empty → NULL),
//	start_time Nullable(T) (zero → NULL), end_time T, seq Int64
//
// where T is DateTime (seconds, UTC) or Int64 (epoch milliseconds) as times
// says, and inserts events in slice order. One shard: table is a MergeTree
// ordered by (case_id, seq). Two shards: table_local is that MergeTree on
// each server and table a Distributed table over the cluster "flowmap"
// (created on each server), sharded by cityHash64(case_id); the insert
// goes through it synchronously, so every case lives on one shard.
func (c *CH) Load(tb testing.TB, table string, events []Event, times TimeKind) {
	tb.Helper()
	if err := checkEvents(events); err != nil {
		tb.Fatalf("testdb: loading %s: %v", table, err)
	}
	if err := checkTimes(events, times); err != nil {
		tb.Fatalf("testdb: loading %s: %v", table, err)
	}
	id := chIdent(table)
	cols := fmt.Sprintf("(case_id String, activity String, resource Nullable(String), "+
		"start_time Nullable(%[1]s), end_time %[1]s, seq Int64)", times)
	const engine = " ENGINE = MergeTree() ORDER BY (case_id, seq)"
	if len(c.servers) == 1 {
		c.Exec(tb, "DROP TABLE IF EXISTS "+id)
		c.Exec(tb, "CREATE TABLE "+id+" "+cols+engine)
	} else {
		local := chIdent(table + chLocalSuffix)
		c.ExecEach(tb, "DROP TABLE IF EXISTS "+id)
		c.ExecEach(tb, "DROP TABLE IF EXISTS "+local)
		c.ExecEach(tb, "CREATE TABLE "+local+" "+cols+engine)
		c.ExecEach(tb, fmt.Sprintf("CREATE TABLE %s %s ENGINE = Distributed(flowmap, %s, %s, cityHash64(case_id))",
			id, cols, chDatabase, local))
	}
	if err := c.insert(table, events, times); err != nil {
		tb.Fatalf("testdb: %s: inserting %d events into %s: %v", c.servers[0].proc.name, len(events), table, err)
	}
}

// insert sends the events in batches of a million rows through the first
// server.
func (c *CH) insert(table string, events []Event, times TimeKind) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	const batchRows = 1 << 20
	for lo := 0; lo < len(events); lo += batchRows {
		b, err := c.servers[0].conn.PrepareBatch(ctx, "INSERT INTO "+chIdent(table)+" (case_id, activity, resource, start_time, end_time, seq)")
		if err != nil {
			return err
		}
		for i := lo; i < min(lo+batchRows, len(events)); i++ {
			e := &events[i]
			var res *string
			if e.Resource != "" {
				res = &e.Resource
			}
			if err := b.Append(e.Case, e.Activity, res, chTime(e.Start, times, true), chTime(e.End, times, false), e.Seq); err != nil {
				b.Abort()
				return fmt.Errorf("event %d: %w", i, err)
			}
		}
		if err := b.Send(); err != nil {
			return err
		}
	}
	return nil
}

// chTime converts a time to what the driver appends to a column of the
// given kind: time.Time or int64 milliseconds, a nil pointer for a NULL
// (zero time in a nullable column).
func chTime(t time.Time, kind TimeKind, nullable bool) any {
	if kind == EpochMillis {
		ms := t.UnixMilli()
		switch {
		case !nullable:
			return ms
		case t.IsZero():
			return (*int64)(nil)
		}
		return &ms
	}
	t = t.UTC().Truncate(time.Second)
	switch {
	case !nullable:
		return t
	case t.IsZero():
		return (*time.Time)(nil)
	}
	return &t
}

// checkTimes rejects times a DateTime column cannot hold (UInt32 seconds:
// 1970-01-01 to 2106-02-07).
func checkTimes(events []Event, times TimeKind) error {
	if times != DateTime {
		return nil
	}
	lo, hi := time.Unix(0, 0), time.Unix(1<<32-1, 0)
	for i := range events {
		e := &events[i]
		for _, t := range []time.Time{e.Start, e.End} {
			if !t.IsZero() && (t.Before(lo) || t.After(hi)) {
				return fmt.Errorf("event %d (case %q, activity %q): time %s outside DateTime's range 1970 to 2106; load as EpochMillis",
					i, e.Case, e.Activity, t.Format(time.RFC3339Nano))
			}
		}
	}
	return nil
}

// chIdent quotes a ClickHouse identifier with backquotes.
func chIdent(name string) string {
	out := []byte{'`'}
	for i := 0; i < len(name); i++ {
		if name[i] == '`' || name[i] == '\\' {
			out = append(out, '\\')
		}
		out = append(out, name[i])
	}
	return string(append(out, '`'))
}
