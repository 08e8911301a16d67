package testdb

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgRows reads a table back in seq order.
func pgRows(t *testing.T, p *PG, table string) []row {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, p.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rs, err := c.Query(ctx, "SELECT case_id, activity, resource, start_time, end_time, seq FROM "+
		pgx.Identifier{table}.Sanitize()+" ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	var out []row
	for rs.Next() {
		var r row
		var res *string
		var start *time.Time
		if err := rs.Scan(&r.Case, &r.Activity, &res, &start, &r.End, &r.Seq); err != nil {
			t.Fatal(err)
		}
		r.NullResource, r.NullStart = res == nil, start == nil
		if res != nil {
			r.Resource = *res
		}
		if start != nil {
			r.Start = *start
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPostgresSmall(t *testing.T) {
	start := time.Now()
	p := Postgres(t)
	t.Logf("PostgreSQL ready in %v at %s", time.Since(start).Round(time.Millisecond), p.DSN())
	if !strings.HasPrefix(p.DSN(), "postgres://flowmap@127.0.0.1:") || !strings.HasSuffix(p.DSN(), "/flowmap?sslmode=disable") {
		t.Errorf("DSN %q", p.DSN())
	}
	if got, want := p.URL("order events"), p.DSN()+"&table=order+events"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	p.Load(t, "small", smallLog)
	compareRows(t, pgRows(t, p, "small"), want(smallLog, time.Millisecond))
	// Loading again replaces the table.
	p.Load(t, "small", smallLog[:2])
	if got := pgRows(t, p, "small"); len(got) != 2 {
		t.Errorf("after reloading 2 events the table has %d rows", len(got))
	}
	p.Exec(t, "DELETE FROM small WHERE seq = 1; INSERT INTO small (case_id, activity, end_time, seq) VALUES ('c9', 'X', now(), 9)")
	if got := pgRows(t, p, "small"); len(got) != 2 || got[1].Case != "c9" || !got[1].NullStart {
		t.Errorf("after Exec: %+v", got)
	}
}
