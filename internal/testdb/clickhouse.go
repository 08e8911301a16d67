package testdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// chDatabase is the database every table is created in.
const chDatabase = "flowmap"

// TimeKind is how Load stores start_time and end_time in ClickHouse.
type TimeKind int

const (
	// DateTime stores times as DateTime, whole seconds in UTC (milliseconds
	// are dropped: 18.16 has no DateTime64).
	DateTime TimeKind = iota
	// EpochMillis stores times as Int64 milliseconds since the Unix epoch.
	EpochMillis
)

// String returns the ClickHouse column type of a time.
func (k TimeKind) String() string {
	if k == EpochMillis {
		return "Int64"
	}
	return "DateTime"
}

// CH is a ClickHouse setup started by the tests: one server, or two
// servers forming the 2-shard cluster "flowmap".
type CH struct {
	servers []*chServer // servers[0] answers URL and Exec
}

var chState struct {
	mu   sync.Mutex
	ch   [3]*CH // by number of shards
	errs [3]error
}

// ClickHouse returns the process-wide ClickHouse setup with the given
// number of shards (1 or 2), starting it on first use. shards=2: two
// clickhouse-server processes on different loopback ports and a
// remote_servers cluster "flowmap" of 2 shards; Load creates a MergeTree
// table on each shard and a Distributed table named `table` over them,
// sharded by cityHash64(case_id). shards=1: one server (not one of the
// 2-shard servers), a plain MergeTree table. Missing binaries: t.Skip with a
// loud message when CI is unset; t.Fatal when CI is set.
func ClickHouse(tb testing.TB, shards int) *CH {
	tb.Helper()
	if shards != 1 && shards != 2 {
		tb.Fatalf("testdb.ClickHouse: %d shards; want 1 or 2", shards)
	}
	bin, ok := findProgram("clickhouse-server", "/usr/sbin", "/usr/bin")
	if !ok {
		missing(tb, "clickhouse-server", "Debian: apt-get install clickhouse-server clickhouse-client")
	}
	chState.mu.Lock()
	defer chState.mu.Unlock()
	if chState.ch[shards] == nil && chState.errs[shards] == nil {
		c, err := withFreshPorts(func() (*CH, error) { return startCH(bin, shards) })
		chState.ch[shards], chState.errs[shards] = c, err
		if err == nil {
			onStop(c.stop)
		}
	}
	if err := chState.errs[shards]; err != nil {
		tb.Fatalf("testdb: ClickHouse (%d shards): %v", shards, err)
	}
	return chState.ch[shards]
}

// startCH starts the servers of a setup, each in its own temporary
// directory, waits until all answer and creates the flowmap database on
// each.
func startCH(bin string, shards int) (*CH, error) {
	ports, err := freePorts(3 * shards)
	if err != nil {
		return nil, err
	}
	c := &CH{}
	var cluster []int
	for i := range shards {
		c.servers = append(c.servers, &chServer{tcp: ports[3*i], http: ports[3*i+1], inter: ports[3*i+2]})
		cluster = append(cluster, ports[3*i])
	}
	for i, s := range c.servers {
		if err := s.start(bin, fmt.Sprintf("clickhouse-server %d of %d", i+1, shards), cluster); err != nil {
			c.stop()
			return nil, err
		}
	}
	for _, s := range c.servers {
		if err := s.ready(); err != nil {
			c.stop()
			return nil, err
		}
	}
	return c, nil
}

// start writes the server's configuration into a new temporary directory
// and starts it (without waiting for it to answer).
func (s *chServer) start(bin, name string, cluster []int) error {
	dir, err := makeTempDir("ch")
	if err != nil {
		return err
	}
	s.dir = dir
	cfg, err := s.writeConfig(cluster)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "--config-file="+cfg)
	cmd.Dir = dir
	s.proc, err = startProc(name, dir+"/server.err.log", cmd, syscall.SIGTERM, nil)
	return err
}

// ready waits until the server answers on its native port, creates the
// flowmap database and keeps a connection whose default database it is.
func (s *chServer) ready() error {
	boot, err := s.open("default")
	if err != nil {
		return err
	}
	defer boot.Close()
	if err := s.proc.waitReady(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return boot.Ping(ctx)
	}); err != nil {
		return err
	}
	if err := boot.Exec(context.Background(), "CREATE DATABASE IF NOT EXISTS "+chDatabase); err != nil {
		return fmt.Errorf("%s: creating database %s: %w", s.proc.name, chDatabase, err)
	}
	s.conn, err = s.open(chDatabase)
	return err
}

// open returns a (lazy) native-protocol connection pool to database db.
func (s *chServer) open(db string) (driver.Conn, error) {
	conn, err := clickhouse.Open(&clickhouse.Options{
		Addr:        []string{"127.0.0.1:" + strconv.Itoa(s.tcp)},
		Auth:        clickhouse.Auth{Database: db},
		DialTimeout: 2 * time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.proc.name, err)
	}
	return conn, nil
}

// stop stops every server of the setup at once (SIGTERM, then kill) and
// removes their directories.
func (c *CH) stop() error {
	errs := make([]error, len(c.servers))
	var wg sync.WaitGroup
	for i, s := range c.servers {
		wg.Go(func() { errs[i] = s.stop() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// stop stops one server and removes its directory.
func (s *chServer) stop() error {
	if s.conn != nil {
		s.conn.Close()
	}
	var err error
	if s.proc != nil {
		err = s.proc.stop(syscall.SIGTERM)
	}
	if s.dir != "" {
		if rmErr := os.RemoveAll(s.dir); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("removing %s: %w", s.dir, rmErr))
		}
	}
	return err
}

// Shards returns the number of shards (servers) of the setup.
func (c *CH) Shards() int { return len(c.servers) }

// Addr returns host:port of the native protocol of the first server.
func (c *CH) Addr() string { return "127.0.0.1:" + strconv.Itoa(c.servers[0].tcp) }

// URL returns clickhouse://127.0.0.1:PORT/flowmap?table=table, the native
// protocol port of the first server, the form `flowmap analyze` takes.
func (c *CH) URL(table string) string {
	return "clickhouse://" + c.Addr() + "/" + chDatabase + "?table=" + url.QueryEscape(table)
}

// Exec runs one SQL statement on the first server (the one URL names) and
// fails the test on error; the default database is flowmap.
func (c *CH) Exec(tb testing.TB, sql string) {
	tb.Helper()
	c.exec(tb, c.servers[0], sql)
}

// ExecEach runs one SQL statement on every server of the setup (on each
// shard), first server first, and fails the test on error.
func (c *CH) ExecEach(tb testing.TB, sql string) {
	tb.Helper()
	for _, s := range c.servers {
		c.exec(tb, s, sql)
	}
}

func (c *CH) exec(tb testing.TB, s *chServer, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := s.conn.Exec(ctx, sql); err != nil {
		tb.Fatalf("testdb: %s: %v\nSQL: %s", s.proc.name, err, sql)
	}
}
