// Package testdb starts real database servers for tests: PostgreSQL 15 and
// ClickHouse (one server, or two servers forming a 2-shard cluster), each
// on 127.0.0.1 with its data in a temporary directory, loads event tables
// into them and stops them when the test binary ends.
//
// A test package that uses it wraps its tests with Run, which stops every
// server started and removes its directory whatever the outcome:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }
//
//	func TestAgreement(t *testing.T) {
//		pg := testdb.Postgres(t) // started on first use, shared by the package's tests
//		pg.Load(t, "receipt", testdb.FromLog(log))
//		out := analyze(pg.URL("receipt")) // postgres://flowmap@127.0.0.1:PORT/flowmap?sslmode=disable&table=receipt
//	}
//
// Servers are process-wide: the first call starts one, later calls (also
// from parallel tests) get the same one, and a server that failed to start
// fails every later caller with the same error (including the tail of its
// log) instead of being retried. Load drops and recreates its table, so
// tests sharing a server must use different table names to run in
// parallel.
//
// Every table has the columns
//
//	case_id, activity, resource (NULL when empty), start_time (NULL when
//	zero), end_time, seq (file order)
//
// PostgreSQL: text, timestamptz (microseconds) and bigint. ClickHouse 18.16
// (Debian's package) has no DateTime64, so the times are either DateTime
// (seconds) or Int64 epoch milliseconds (see TimeKind).
//
// Programs: Debian's postgresql-15 (initdb and postgres, looked up on PATH
// and in /usr/lib/postgresql/15/bin) and clickhouse-server (PATH and
// /usr/sbin). When one is missing the test is skipped with a loud message,
// or fails when the CI environment variable is set (.ci/run installs them).
//
// PostgreSQL refuses to run as root: when the tests run as root the
// server runs as the postgres system user, in a temporary directory owned by
// it. It runs with fsync off (the data is thrown away) and trusts every
// loopback connection. Servers get the parent-death signal (Linux), so a
// test binary that panics or times out does not leave them running; their
// temporary directories (flowmap-testdb-*, each with the owner's pid) are
// removed by the next test binary that starts a server.
//
// ClickHouse notes for 18.16 with clickhouse-go v2: a batch insert must
// name its columns (INSERT INTO t (a, b) ...; without them the driver sees
// no columns), and query-level settings (clickhouse.WithSettings) reach the
// server. Exec runs on the first server; ExecEach on every shard, for DDL
// of tables of one's own.
package testdb
