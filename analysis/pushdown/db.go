package pushdown

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/jackc/pgx/v5"
)

// column is a column of the table: its name and its type as the engine
// names it (ClickHouse) or its type OID's name (PostgreSQL).
type column struct {
	Name, Type string
}

// db is a connection to an engine: the table's columns, and queries whose
// rows are handed to a scan function one by one.
type db interface {
	columns(ctx context.Context, table string) ([]column, error)
	// query runs sql; merged says its aggregates are over the table's rows
	// directly (see query.merged).
	query(ctx context.Context, sql string, merged bool, row func(scan func(dest ...any) error) error) error
	close()
}

// open connects to the source's engine. Passwords come from the URL, else
// PGPASSWORD (read by pgx) or CLICKHOUSE_PASSWORD.
func open(ctx context.Context, s *Source) (db, error) {
	switch s.Engine {
	case Postgres:
		cfg, err := pgx.ParseConfig(s.dsn)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", s.Redacted, scrub(err.Error(), s))
		}
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot connect: %s", s.Redacted, scrub(err.Error(), s))
		}
		// The queries sort each case's rows: give this session's sorts
		// room in memory rather than on disk (the server's default is 4 MB;
		// a URL's options=-c work_mem=... still wins).
		if _, ok := cfg.RuntimeParams["work_mem"]; !ok {
			if _, err := c.Exec(ctx, "SET work_mem = '128MB'"); err != nil {
				_ = c.Close(ctx)
				return nil, fmt.Errorf("%s: %s", s.Redacted, scrub(err.Error(), s))
			}
		}
		return &pgDB{c: c}, nil
	case ClickHouse:
		opt, err := clickhouse.ParseDSN(s.dsn)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", s.Redacted, scrub(err.Error(), s))
		}
		if opt.Auth.Password == "" {
			opt.Auth.Password = os.Getenv("CLICKHOUSE_PASSWORD")
		}
		c, err := clickhouse.Open(opt)
		if err == nil {
			err = c.Ping(ctx)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: cannot connect: %s", s.Redacted, scrub(err.Error(), s))
		}
		return &chDB{c: c, database: opt.Auth.Database}, nil
	}
	return nil, fmt.Errorf("%s: unknown engine %q", s.Redacted, s.Engine)
}

// scrub removes the source's password from a driver's message.
func scrub(msg string, s *Source) string {
	if i := strings.Index(s.dsn, "://"); i >= 0 {
		if j := strings.LastIndex(s.dsn, "@"); j > i {
			if k := strings.Index(s.dsn[i+3:j], ":"); k >= 0 {
				if pw := s.dsn[i+3+k+1 : j]; pw != "" {
					msg = strings.ReplaceAll(msg, pw, "xxxxx")
				}
			}
		}
	}
	for _, env := range []string{"PGPASSWORD", "CLICKHOUSE_PASSWORD"} {
		if pw := os.Getenv(env); pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}

type pgDB struct{ c *pgx.Conn }

// pgTypes names the PostgreSQL type OIDs the analysis tells apart.
var pgTypes = map[uint32]string{
	1184: "timestamptz", 1114: "timestamp", 1082: "date",
	20: "bigint", 23: "integer", 21: "smallint", 1700: "numeric",
	25: "text", 1043: "varchar", 1042: "char", 19: "name",
}

func (d *pgDB) columns(ctx context.Context, table string) ([]column, error) {
	rows, err := d.c.Query(ctx, "SELECT * FROM "+quotePath(table, '"')+" WHERE false")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []column
	for _, f := range rows.FieldDescriptions() {
		t, ok := pgTypes[f.DataTypeOID]
		if !ok {
			t = fmt.Sprintf("oid %d", f.DataTypeOID)
		}
		cols = append(cols, column{Name: f.Name, Type: t})
	}
	return cols, rows.Err()
}

func (d *pgDB) query(ctx context.Context, sql string, _ bool, row func(scan func(dest ...any) error) error) error {
	rows, err := d.c.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	return eachRow(rows, row)
}

// eachRow hands each row's scan function to row (pgx and clickhouse-go
// rows alike); the caller closes rows.
func eachRow(rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}, row func(scan func(dest ...any) error) error) error {
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (d *pgDB) close() { _ = d.c.Close(context.Background()) }

type chDB struct {
	c        driver.Conn
	database string
	settings clickhouse.Settings // for every query (distributed_group_by_no_merge)
}

func (d *chDB) columns(ctx context.Context, table string) ([]column, error) {
	db, name := "currentDatabase()", table
	if i := strings.LastIndex(table, "."); i >= 0 {
		db, name = quoteString(table[:i]), table[i+1:]
	}
	var cols []column
	err := d.query(ctx, "SELECT name, type FROM system.columns WHERE database = "+db+" AND table = "+quoteString(name), true,
		func(scan func(...any) error) error {
			var c column
			if err := scan(&c.Name, &c.Type); err != nil {
				return err
			}
			cols = append(cols, c)
			return nil
		})
	if err == nil && len(cols) == 0 {
		err = fmt.Errorf("table %s does not exist (or has no columns)", table)
	}
	return cols, err
}

func (d *chDB) query(ctx context.Context, sql string, merged bool, row func(scan func(dest ...any) error) error) error {
	if len(d.settings) > 0 && !merged {
		ctx = clickhouse.Context(ctx, clickhouse.WithSettings(d.settings))
	}
	rows, err := d.c.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	return eachRow(rows, row)
}

func (d *chDB) close() { _ = d.c.Close() }

// quotePath quotes a table name, each dot-separated part on its own, with
// q ('"' or '`'), doubling q inside.
func quotePath(name string, q byte) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = quoteIdent(p, q)
	}
	return strings.Join(parts, ".")
}

func quoteIdent(name string, q byte) string {
	s := string(q)
	return s + strings.ReplaceAll(name, s, s+s) + s
}

// quoteString is a SQL string literal; backslashes are doubled for
// ClickHouse, which reads them as escapes (PostgreSQL's standard strings
// never get one: see dialect.str).
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

// shardedByCase reports whether table is a Distributed table whose
// sharding key reads no column but caseCol (cityHash64(case_id), say), so
// every case lives on one shard, and returns its sharding key ("" when the
// table is not Distributed).
func (d *chDB) shardedByCase(ctx context.Context, table, caseCol string) (key string, byCase bool, err error) {
	var ddl string
	err = d.query(ctx, "SHOW CREATE TABLE "+quotePath(table, '`'), true, func(scan func(...any) error) error { return scan(&ddl) })
	if err != nil {
		return "", false, err
	}
	args := distributedArgs(ddl)
	if len(args) < 4 {
		return "", false, nil
	}
	key = args[3]
	cols := columnRefs(key)
	return key, len(cols) > 0 && !slices.ContainsFunc(cols, func(c string) bool { return !strings.EqualFold(c, caseCol) }), nil
}

// distributedArgs are the arguments of ENGINE = Distributed(...) in a
// CREATE TABLE statement, split at top-level commas; nil for another engine.
func distributedArgs(ddl string) []string {
	i := strings.Index(ddl, "ENGINE = Distributed(")
	if i < 0 {
		return nil
	}
	var args []string
	depth, from := 0, i+len("ENGINE = Distributed(")
	for k := from; k < len(ddl); k++ {
		switch ddl[k] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return append(args, strings.TrimSpace(ddl[from:k]))
			}
			depth--
		case ',':
			if depth == 0 {
				args = append(args, strings.TrimSpace(ddl[from:k]))
				from = k + 1
			}
		}
	}
	return nil
}

// columnRefs are the identifiers of an expression that are not function
// names (not followed by "("), backquotes removed.
func columnRefs(expr string) []string {
	var refs []string
	for k := 0; k < len(expr); {
		c := expr[k]
		switch {
		case c == '`':
			end := strings.IndexByte(expr[k+1:], '`')
			if end < 0 {
				return append(refs, expr[k+1:])
			}
			refs = append(refs, expr[k+1:k+1+end])
			k += end + 2
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := k
			for j < len(expr) && (expr[j] == '_' || expr[j] >= 'a' && expr[j] <= 'z' || expr[j] >= 'A' && expr[j] <= 'Z' || expr[j] >= '0' && expr[j] <= '9') {
				j++
			}
			if rest := strings.TrimLeft(expr[j:], " "); !strings.HasPrefix(rest, "(") {
				refs = append(refs, expr[k:j])
			}
			k = j
		default:
			k++
		}
	}
	return refs
}
