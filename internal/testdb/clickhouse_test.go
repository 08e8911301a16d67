package testdb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// chQuery runs a query on one server of the setup (0 = first).
func chRows(t *testing.T, c *CH, server int, table string, times TimeKind) []row {
	t.Helper()
	ctx := context.Background()
	rs, err := c.servers[server].conn.Query(ctx, "SELECT case_id, activity, resource, start_time, end_time, seq FROM "+
		chIdent(table)+" ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		var res *string
		if times == EpochMillis {
			var start *int64
			var end int64
			if err := rs.Scan(&r.Case, &r.Activity, &res, &start, &end, &r.Seq); err != nil {
				t.Fatal(err)
			}
			r.End = time.UnixMilli(end).UTC()
			if r.NullStart = start == nil; start != nil {
				r.Start = time.UnixMilli(*start).UTC()
			}
		} else {
			var start *time.Time
			if err := rs.Scan(&r.Case, &r.Activity, &res, &start, &r.End, &r.Seq); err != nil {
				t.Fatal(err)
			}
			if r.NullStart = start == nil; start != nil {
				r.Start = *start
			}
		}
		if r.NullResource = res == nil; res != nil {
			r.Resource = *res
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// chCount returns SELECT count() ... on one server.
func chCount(t *testing.T, c *CH, server int, query string) uint64 {
	t.Helper()
	var n uint64
	if err := c.servers[server].conn.QueryRow(context.Background(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestClickHouseSmall(t *testing.T) {
	for _, shards := range []int{1, 2} {
		for _, times := range []TimeKind{DateTime, EpochMillis} {
			t.Run(fmt.Sprintf("%dshards/%s", shards, times), func(t *testing.T) {
				start := time.Now()
				c := ClickHouse(t, shards)
				t.Logf("ClickHouse (%d shards) ready in %v at %s", shards, time.Since(start).Round(time.Millisecond), c.Addr())
				if want := "clickhouse://" + c.Addr() + "/flowmap?table=small+log"; c.URL("small log") != want {
					t.Errorf("URL = %q, want %q", c.URL("small log"), want)
				}
				trunc := time.Millisecond
				if times == DateTime {
					trunc = time.Second
				}
				table := "small_" + strings.ToLower(times.String())
				c.Load(t, table, smallLog, times)
				compareRows(t, chRows(t, c, 0, table, times), want(smallLog, trunc))
				if shards == 2 {
					checkShards(t, c, table, len(smallLog))
				}
			})
		}
	}
}

// checkShards checks that each shard holds the cases cityHash64 gives it,
// and all of them together every row.
func checkShards(t *testing.T, c *CH, table string, rows int) {
	t.Helper()
	var sum uint64
	for i := range c.servers {
		local := chIdent(table + chLocalSuffix)
		sum += chCount(t, c, i, "SELECT count() FROM "+local)
		if n := chCount(t, c, i, "SELECT count() FROM "+local+" WHERE cityHash64(case_id) % 2 != "+strconv.Itoa(i)); n != 0 {
			t.Errorf("shard %d holds %d rows of cases of the other shard", i+1, n)
		}
	}
	if sum != uint64(rows) {
		t.Errorf("the shards hold %d rows together, want %d", sum, rows)
	}
}

// TestClickHouseDriverSettings pins what the driver can send to 18.16: a
// query-level setting (the pushed-down SQL may need some).
func TestClickHouseDriverSettings(t *testing.T) {
	c := ClickHouse(t, 1)
	ctx := clickhouse.Context(context.Background(), clickhouse.WithSettings(clickhouse.Settings{"max_threads": 1}))
	var v string
	if err := c.servers[0].conn.QueryRow(ctx, "SELECT value FROM system.settings WHERE name = 'max_threads'").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != "1" {
		t.Errorf("max_threads = %q with the setting sent, want 1", v)
	}
}
