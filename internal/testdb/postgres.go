package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgBinDir is where Debian's postgresql-15 package puts initdb, pg_ctl and
// postgres (only some of them are linked onto PATH).
const pgBinDir = "/usr/lib/postgresql/15/bin"

// pgUser and pgDatabase are the role (a superuser, trust authentication on
// loopback) and the database every test connects to.
const (
	pgUser     = "flowmap"
	pgDatabase = "flowmap"
)

// PG is a PostgreSQL server started by the tests on 127.0.0.1 with its
// data in a temporary directory.
type PG struct {
	port int
	dir  string
	proc *proc
	pool *pgxpool.Pool
}

var pgState struct {
	mu  sync.Mutex
	pg  *PG
	err error // the first start-up failure, repeated to every later caller
}

// Postgres returns the process-wide PostgreSQL 15 server, starting it on
// first use. Missing binaries: t.Skip with a loud message when CI is unset;
// t.Fatal when CI is set. A server that fails to start fails the test with
// the tail of its log.
func Postgres(tb testing.TB) *PG {
	tb.Helper()
	initdb, ok1 := findProgram("initdb", pgBinDir)
	postgres, ok2 := findProgram("postgres", pgBinDir)
	if !ok1 || !ok2 {
		missing(tb, "PostgreSQL 15 (initdb and postgres)", "Debian: apt-get install postgresql-15")
	}
	pgState.mu.Lock()
	defer pgState.mu.Unlock()
	if pgState.pg == nil && pgState.err == nil {
		pgState.pg, pgState.err = withFreshPorts(func() (*PG, error) { return startPG(initdb, postgres) })
		if pgState.err == nil {
			onStop(pgState.pg.stop)
		}
	}
	if pgState.err != nil {
		tb.Fatalf("testdb: PostgreSQL: %v", pgState.err)
	}
	return pgState.pg
}

// pgRunAs returns the postgres system user when the tests run as root
// (the server refuses to run as root), nil otherwise.
func pgRunAs() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, the server must run as the postgres system user: %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("user postgres: unexpected uid %q or gid %q", u.Uid, u.Gid)
	}
	return &runAs{uid: uint32(uid), gid: uint32(gid)}, nil
}

// startPG creates a cluster with initdb in a new temporary directory,
// starts postgres on a free loopback port and creates the flowmap database.
func startPG(initdb, postgres string) (*PG, error) {
	as, err := pgRunAs()
	if err != nil {
		return nil, err
	}
	dir, err := makeTempDir("pg")
	if err != nil {
		return nil, err
	}
	p := &PG{dir: dir}
	if as != nil {
		if err := os.Chown(dir, int(as.uid), int(as.gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := p.start(initdb, postgres, as); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

func (p *PG) start(initdb, postgres string, as *runAs) error {
	data := filepath.Join(p.dir, "data")
	cmd := exec.Command(initdb, "-D", data, "-U", pgUser, "--auth=trust",
		"-E", "UTF8", "--locale=C", "--no-sync")
	cmd.SysProcAttr = childAttr(syscall.SIGKILL, as)
	cmd.Dir = p.dir
	if err := runCmd(cmd); err != nil {
		if as != nil {
			err = fmt.Errorf("%w(the server runs as the postgres user, who must be able to reach %s: "+
				"set TMPDIR to a directory every user can enter)", err, p.dir)
		}
		return fmt.Errorf("initdb in %s: %w", p.dir, err)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	p.port = port
	cmd = exec.Command(postgres, "-D", data, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+p.dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=50", "-c", "TimeZone=UTC")
	cmd.Dir = p.dir
	// SIGINT is PostgreSQL's fast shutdown (pg_ctl stop -m fast).
	p.proc, err = startProc("postgres", filepath.Join(p.dir, "postgres.log"), cmd, syscall.SIGINT, as)
	if err != nil {
		return err
	}
	if err := p.proc.waitReady(func() error { return p.ping("postgres") }); err != nil {
		return err
	}
	cfg, err := pgxpool.ParseConfig(p.DSN())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	admin, err := pgx.Connect(ctx, p.dsn("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgDatabase); err != nil {
		return fmt.Errorf("creating database %s: %w", pgDatabase, err)
	}
	p.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	return err
}

// ping opens and closes one connection to database db.
func (p *PG) ping(db string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, p.dsn(db))
	if err != nil {
		return err
	}
	return c.Close(ctx)
}

// stop closes the connections, shuts the server down (fast mode) and
// removes its directory.
func (p *PG) stop() error {
	if p.pool != nil {
		p.pool.Close()
	}
	var err error
	if p.proc != nil {
		err = p.proc.stop(syscall.SIGINT)
	}
	if rmErr := os.RemoveAll(p.dir); err == nil && rmErr != nil {
		err = fmt.Errorf("removing %s: %w", p.dir, rmErr)
	}
	return err
}

func (p *PG) dsn(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", pgUser, p.port, db)
}

// DSN returns the connection string of the flowmap database:
// postgres://flowmap@127.0.0.1:PORT/flowmap?sslmode=disable.
func (p *PG) DSN() string { return p.dsn(pgDatabase) }

// URL returns DSN + "&table=" + table, the form `flowmap analyze` takes.
func (p *PG) URL(table string) string { return p.DSN() + "&table=" + url.QueryEscape(table) }

// Exec runs SQL (one or more statements, simple protocol) in the flowmap
// database and fails the test on error.
func (p *PG) Exec(tb testing.TB, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := p.pool.Exec(ctx, sql); err != nil {
		tb.Fatalf("testdb: PostgreSQL: %v\nSQL: %s", err, sql)
	}
}

// Load (re)creates table as
//
//	case_id text, activity text, resource text (empty → NULL),
//	start_time timestamptz (zero → NULL), end_time timestamptz, seq bigint
//
// and copies events into it (COPY, in slice order). A zero End fails the
// test: every event has an end time.
func (p *PG) Load(tb testing.TB, table string, events []Event) {
	tb.Helper()
	if err := checkEvents(events); err != nil {
		tb.Fatalf("testdb: loading %s: %v", table, err)
	}
	id := pgx.Identifier{table}.Sanitize()
	p.Exec(tb, "DROP TABLE IF EXISTS "+id+"; CREATE TABLE "+id+
		" (case_id text, activity text, resource text, start_time timestamptz, end_time timestamptz, seq bigint)")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cols := []string{"case_id", "activity", "resource", "start_time", "end_time", "seq"}
	n, err := p.pool.CopyFrom(ctx, pgx.Identifier{table}, cols,
		pgx.CopyFromSlice(len(events), func(i int) ([]any, error) {
			e := &events[i]
			return []any{e.Case, e.Activity, nullString(e.Resource), nullTime(e.Start), e.End, e.Seq}, nil
		}))
	if err != nil {
		tb.Fatalf("testdb: PostgreSQL: copying %d events into %s: %v", len(events), table, err)
	}
	if n != int64(len(events)) {
		tb.Fatalf("testdb: PostgreSQL: copied %d of %d events into %s", n, len(events), table)
	}
}

// checkEvents rejects events without an end time.
func checkEvents(events []Event) error {
	for i := range events {
		if events[i].End.IsZero() {
			return fmt.Errorf("event %d (case %q, activity %q): End is zero; every event needs an end time",
				i, events[i].Case, events[i].Activity)
		}
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
