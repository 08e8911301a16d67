package pushdown

import (
	"strings"
	"testing"
)

func TestParseSource(t *testing.T) {
	tests := []struct {
		url, engine, table, redacted, err string
		dsn                               string // when set, the driver's DSN
	}{
		// A space stays a space for pgx (%20; it reads "+" as a plus).
		{url: "postgres://db/shop?table=t&options=-c%20work_mem%3D256MB", engine: "postgres", table: "t",
			redacted: "postgres://db/shop?options=-c+work_mem%3D256MB", dsn: "postgres://db/shop?options=-c%20work_mem%3D256MB"},
		{url: "postgres://db/shop?table=t&options=-c+work_mem%3D256MB", engine: "postgres", table: "t",
			redacted: "postgres://db/shop?options=-c+work_mem%3D256MB", dsn: "postgres://db/shop?options=-c%20work_mem%3D256MB"},
		{url: "postgres://ann:s3cret@db:5432/shop?table=order_events&sslmode=disable", engine: "postgres", table: "order_events",
			redacted: "postgres://ann:xxxxx@db:5432/shop?sslmode=disable"},
		{url: "postgresql://db/shop?table=public.events", engine: "postgres", table: "public.events", redacted: "postgresql://db/shop"},
		{url: "clickhouse://u:pw@ch:9000/logs?table=ev&password=pw2", engine: "clickhouse", table: "ev",
			redacted: "clickhouse://u:xxxxx@ch:9000/logs?password=xxxxx"},
		{url: "postgres://ann:s3cret@db:5432/shop", err: "no table: add ?table=NAME"},
		{url: "postgres://ann:s3cret@/shop?table=t", err: "no host"},
		{url: "mysql://ann:s3cret@db/shop?table=t", err: `unknown scheme "mysql"`},
		{url: "postgres://ann:s3cret@db:xx/shop?table=t", err: "not a valid URL"},
	}
	for _, tt := range tests {
		s, err := ParseSource(tt.url)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.url, err, tt.err)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%s: error %q shows the password", tt.url, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if string(s.Engine) != tt.engine || s.Table != tt.table || s.Redacted != tt.redacted {
			t.Errorf("%s: got %s %q %q, want %s %q %q", tt.url, s.Engine, s.Table, s.Redacted, tt.engine, tt.table, tt.redacted)
		}
		if tt.dsn != "" && s.dsn != tt.dsn {
			t.Errorf("%s: DSN %q, want %q", tt.url, s.dsn, tt.dsn)
		}
		if strings.Contains(s.dsn, "table=") {
			t.Errorf("%s: the driver's DSN %q keeps table=", tt.url, s.dsn)
		}
	}
}

func TestIsURL(t *testing.T) {
	for arg, want := range map[string]bool{
		"postgres://h/db?table=t": true, "POSTGRESQL://h/db": true, "clickhouse://h:9000/db": true,
		"orders.csv": false, "postgres.csv": false, "": false,
	} {
		if got := IsURL(arg); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", arg, got, want)
		}
	}
}

func TestShardingKey(t *testing.T) {
	tests := []struct {
		ddl  string
		key  string
		refs []string
	}{
		{"CREATE TABLE flowmap.ev (`case_id` String) ENGINE = Distributed(flowmap, flowmap, ev_local, cityHash64(case_id))",
			"cityHash64(case_id)", []string{"case_id"}},
		{"CREATE TABLE db.ev (c String) ENGINE = Distributed(c1, db, ev_local, sipHash64(`order id`, toStartOfDay(t)))",
			"sipHash64(`order id`, toStartOfDay(t))", []string{"order id", "t"}},
		{"CREATE TABLE db.ev (c String) ENGINE = Distributed(c1, db, ev_local, rand())", "rand()", nil},
		{"CREATE TABLE db.ev (c String) ENGINE = Distributed(c1, db, ev_local)", "", nil},
		{"CREATE TABLE db.ev (c String) ENGINE = MergeTree ORDER BY c", "", nil},
	}
	for _, tt := range tests {
		args := distributedArgs(tt.ddl)
		key := ""
		if len(args) >= 4 {
			key = args[3]
		}
		if key != tt.key || strings.Join(columnRefs(key), "|") != strings.Join(tt.refs, "|") {
			t.Errorf("%s: key %q refs %q, want %q %q", tt.ddl, key, columnRefs(key), tt.key, tt.refs)
		}
	}
}
