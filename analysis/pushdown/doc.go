// Package pushdown analyses an event log where it lives: in a PostgreSQL
// table (and the engines that speak its SQL) or a ClickHouse table, single
// server or Distributed over shards. The per-case work (ordering each trace,
// pairing consecutive instances, folding a case into its variant, handoffs
// and cycle time) runs in the engine; only aggregates come back — one row
// per activity, transition, resource pair, variant or histogram bucket,
// never one per event or per case — and fill an analysis.Result, so every
// renderer works unchanged.
//
// The SQL is generated, not written per metric. A dialect (dialect.go)
// gives two relations over the table, with the same column names in both
// dialects: steps, one row per activity instance with its predecessor in
// the trace, and cases, one row per case. The standard dialect
// (standard.go) builds them with window functions (LAG ... OVER (PARTITION
// BY case ORDER BY time, seq)); the ClickHouse dialect (clickhouse.go)
// with per-case arrays (groupArray, arraySort, ARRAY JOIN), which ClickHouse
// 18.16 runs; on a Distributed table sharded by the case column each shard
// folds its own cases. The metrics (metrics.go) are aggregate queries (query.go)
// over those two relations, written once; each dialect renders the
// aggregates, exact R-7 percentiles included (percentile_cont in standard
// SQL; sorted groupArray and interpolation in ClickHouse).
//
// Metric definitions are analysis's (DESIGN.md). What a table cannot tell
// (lifecycle events, enabled times, row numbers of bad rows) or what is not
// pushed down yet is listed in Info.NotComputed, never left silently empty.
package pushdown
