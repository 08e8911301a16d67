package pushdown

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
)

// Options tune a pushed-down analysis.
type Options struct {
	// Columns names the table's columns (Case, Activity, Time, StartTime,
	// Resource); "" detects them from the column names as for CSV headers.
	Columns eventlog.Options
	// Seq names a column that orders equal timestamps (the row number of
	// the file the table came from); "" orders them by activity name.
	Seq string
	// Where is an SQL condition on the table's rows (engine syntax).
	Where string
	// WIPPoints is the number of samples of the queue-length series per
	// activity (default 100).
	WIPPoints int
	// Log, when set, receives each SQL statement before it runs.
	Log func(sql string)
}

// Info says how the analysis was pushed down; its JSON is the "pushdown"
// key of `flowmap analyze --json` for a database source.
type Info struct {
	Engine  string `json:"engine"`
	Dialect string `json:"dialect"`
	Table   string `json:"table"`
	Where   string `json:"where,omitempty"`
	// Fold says where the cases are folded: "engine", or on a ClickHouse
	// Distributed table "shards" (sharded by the case column, so each shard
	// folds its own cases) or "initiator" (sharded otherwise: the shards'
	// partial folds are merged on the server queried).
	Fold string `json:"fold"`
	// TieOrder says how equal timestamps are ordered in a trace.
	TieOrder string `json:"tie_order"`
	// Steps says where the per-instance relation the queries share is
	// computed: "temporary table" (PostgreSQL: once, in the session) or
	// "each query" (ClickHouse, or where a temporary table is refused,
	// with the reason).
	Steps   string `json:"steps"`
	Queries int    `json:"queries"`
	// NotComputed lists the keys of the JSON that are not pushed down
	// (empty or null in the result, never meant as "none").
	NotComputed []string `json:"not_computed"`
}

// notComputed are the parts of analysis.Result a table source leaves out:
// they need the whole log in memory (waiting causes, calendars and the
// recommendations built on them), a process map (not supported with a
// table yet) or row numbers a table does not have.
var notComputed = []string{
	"wait_causes", "calendars", "recommendations",
	"conformance", "sla", "steps", "handoffs.owner", "handoffs.system_switches",
	"data_quality.samples", "data_quality.details.samples", "data_quality.details.warnings",
	"data_quality.details.time_samples", "data_quality.details.out_of_order_events",
	"working_* (the working-time twins of durations)", "log.has_enabled_times",
}

// Analyze analyses the table of src in its engine and returns the same
// Result as analysis.Analyze would for the table's rows, less what Info
// lists as not computed.
func Analyze(ctx context.Context, src *Source, opt Options) (*analysis.Result, *Info, error) {
	conn, err := open(ctx, src)
	if err != nil {
		return nil, nil, err
	}
	defer conn.close()
	cols, err := conn.columns(ctx, src.Table)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: cannot read the columns of table %s: %s", src, src.Table, scrub(err.Error(), src))
	}
	a, err := plan(src, cols, opt)
	if err != nil {
		return nil, nil, err
	}
	if ch, ok := conn.(*chDB); ok {
		if err := a.shards(ctx, ch); err != nil {
			return nil, nil, err
		}
	}
	a.run = &runner{db: conn, src: src, log: opt.Log}
	if pg, ok := conn.(*pgDB); ok {
		a.materialize(ctx, pg)
	}
	if err := a.analyze(ctx); err != nil {
		return nil, nil, err
	}
	a.info.Queries = a.run.queries
	return a.r, a.info, nil
}

// job is one analysis: the plan of its queries and the result they fill.
type job struct {
	src      *Source
	dl       dialect
	b        *base
	opt      Options
	run      *runner
	r        *analysis.Result
	info     *Info
	hasStart bool
	// first and last are the log's first moment and last end (ticks).
	first, last int64
	hist        []bin    // cases by number of resource handoffs (cases.go)
	warnings    []string // for the data-quality report, found while planning
	caseName    string   // the case column's name
	steps       string   // the steps relation
	stepsOcc    string   // the same with occ (the activities need it)
	cases       string   // the cases relation
}

// plan resolves the columns and builds the relations.
func plan(src *Source, cols []column, opt Options) (*job, error) {
	names := make([]string, len(cols))
	byName := map[string]column{}
	for i, c := range cols {
		names[i] = c.Name
		byName[strings.ToLower(c.Name)] = c
	}
	ec, err := eventlog.DetectColumns(names, src.String(), opt.Columns)
	if err != nil {
		return nil, err
	}
	j := &job{src: src, opt: opt, info: &Info{Engine: string(src.Engine), Table: src.String(), Where: opt.Where}}
	var dl dialect = standard{}
	j.info.Dialect = "standard SQL (window functions)"
	if src.Engine == ClickHouse {
		dl = clickhouseSQL{}
		j.info.Dialect = "ClickHouse (per-case arrays)"
	}
	j.dl = dl
	b := &base{d: dl, table: src.Table, caseCol: dl.ident(ec.Case), act: dl.ident(ec.Activity), endCol: dl.ident(ec.Time), where: strings.TrimSpace(opt.Where)}
	if b.end, b.perSecond, err = dl.ticks(byName[strings.ToLower(ec.Time)]); err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	if ec.StartTime != "" {
		per := int64(0)
		b.startCol = dl.ident(ec.StartTime)
		if b.start, per, err = dl.ticks(byName[strings.ToLower(ec.StartTime)]); err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		if per != b.perSecond {
			return nil, fmt.Errorf("%s: the time column %q and the start time column %q have different types (%s, %s): give both the same",
				src, ec.Time, ec.StartTime, byName[strings.ToLower(ec.Time)].Type, byName[strings.ToLower(ec.StartTime)].Type)
		}
	}
	if ec.Resource != "" {
		b.res = dl.ident(ec.Resource)
		if opt.Columns.Resource == "" && !eventlog.PrimaryResource(ec.Resource) {
			j.warnings = append(j.warnings, fmt.Sprintf("there is no resource column: column %q is used as the resource (use --resource to choose another)", ec.Resource))
		}
	}
	j.info.Fold = "engine"
	j.info.Steps = "each query"
	j.caseName = ec.Case
	j.info.TieOrder = "activity name (no --seq column)"
	if opt.Seq != "" {
		c, ok := byName[strings.ToLower(strings.TrimSpace(opt.Seq))]
		if !ok {
			return nil, fmt.Errorf("%s: %w: no column %q (--seq %s); columns: %s", src, eventlog.ErrMissingColumn, opt.Seq, opt.Seq, identList(cols))
		}
		b.seq = dl.ident(c.Name)
		j.info.TieOrder = "column " + c.Name
	}
	ec.TimeZone = "UTC"
	j.b = b
	for _, name := range []string{ec.Time, ec.StartTime} {
		if c := byName[strings.ToLower(name)]; name != "" && c.Type == "timestamp" {
			j.warnings = append(j.warnings, fmt.Sprintf("column %q is a timestamp without time zone: read as UTC", c.Name))
		}
	}
	j.steps, j.stepsOcc = steps(b, false), steps(b, true)
	j.cases = dl.cases(b, j.steps)
	j.r = &analysis.Result{StartActivities: map[string]int{}, EndActivities: map[string]int{}}
	j.r.Log = analysis.LogInfo{Source: src.String(), Format: string(src.Engine), Columns: ec}
	j.info.NotComputed = append([]string{}, notComputed...)
	return j, nil
}

// stepsTable is the session's temporary table of the steps relation.
const stepsTable = "flowmap_steps"

// materialize computes the steps relation once into a temporary table of
// the PostgreSQL session, which the queries then read instead of sorting
// the table by case again each (a million events: 28 s → see
// docs/BENCHMARKS.md). A connection that may not create one (a read-only
// replica, no TEMP privilege) keeps the inline relation: same results,
// slower; Info.Steps says which and why.
func (j *job) materialize(ctx context.Context, pg *pgDB) {
	stmt := "CREATE TEMPORARY TABLE " + stepsTable + " AS " + j.stepsOcc
	j.run.queries++
	if j.run.log != nil {
		j.run.log(stmt)
	}
	if _, err := pg.c.Exec(ctx, stmt); err != nil {
		j.info.Steps = "each query (no temporary table: " + scrub(firstLine(err.Error()), j.src) + ")"
		return
	}
	j.run.queries++
	if j.run.log != nil {
		j.run.log("ANALYZE " + stepsTable)
	}
	_, _ = pg.c.Exec(ctx, "ANALYZE "+stepsTable) // statistics for the planner; the queries run without
	j.steps = "SELECT * FROM " + stepsTable
	j.stepsOcc = j.steps
	j.cases = j.dl.cases(j.b, j.steps)
	j.info.Steps = "temporary table"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// analyze runs the queries and fills the result.
func (j *job) analyze(ctx context.Context) error {
	for _, step := range []func(context.Context) error{
		j.summary, j.activities, j.transitions, j.handoffs, j.caseFigures, j.variants, j.waitByHandoffs, j.queues,
	} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	r := j.r
	r.Log.Activities = len(r.Activities)
	r.DataQuality.Warnings = append(r.DataQuality.Warnings, j.warnings...)
	r.DataQuality.Warnings = append(r.DataQuality.Warnings, "equal timestamps are ordered by "+j.info.TieOrder)
	analysis.FillDerived(r)
	return nil
}

// summary counts the rows, the bad ones and the start times.
func (j *job) summary(ctx context.Context) error {
	b, dl := j.b, j.dl
	starts := "0"
	if b.startCol != "" {
		starts = dl.countIf(b.valid() + " AND " + b.startCol + " IS NOT NULL")
	}
	where := ""
	if b.where != "" {
		where = "(" + b.where + ")"
	}
	q := &query{table: dl.table(b.table), where: where, merged: true, cols: []string{dl.countIf(""), dl.countIf(b.valid()), starts}}
	var total, valid, started int64
	err := j.run.run(ctx, q, func(scan func(...any) error) error { return scan(&total, &valid, &started) })
	if err != nil {
		return err
	}
	if total == 0 && b.where != "" {
		return fmt.Errorf("%s: %w: no rows match --where %q", j.src, eventlog.ErrEmpty, b.where)
	}
	if valid == 0 {
		return fmt.Errorf("%s: %w: %d rows, none with a case id, an activity and a time", j.src, eventlog.ErrEmpty, total)
	}
	j.hasStart = started > 0
	r := j.r
	r.Log.Events, r.Log.Instances = int(valid), int(valid)
	r.Log.SkippedRows = int(total - valid)
	r.Log.HasStartTimes = j.hasStart
	r.Log.TimeBasis = "sojourn"
	if j.hasStart {
		r.Log.TimeBasis = "wait"
	}
	r.DataQuality = analysis.DataQuality{BadRows: int(total - valid), Samples: []eventlog.BadRow{}, Warnings: []string{}}
	r.DataQuality.Details = eventlog.Quality{Rows: int(total), BadRows: int(total - valid), Samples: []eventlog.BadRow{}, Warnings: []string{}}
	e := b.exprs() // grouped by case at the table's level: on the shards of a Distributed table
	q = &query{from: fmt.Sprintf("SELECT %s AS k FROM %s WHERE %s GROUP BY %s, %s, %s", e[0], dl.table(b.table), b.whereSQL(), e[0], e[1], e[5]),
		cols: []string{dl.countIf("")}}
	var distinct int64
	if err := j.run.run(ctx, q, func(scan func(...any) error) error { return scan(&distinct) }); err != nil {
		return err
	}
	// Extra instances with the same case, activity and end as another.
	r.DataQuality.Details.Duplicates = int(valid - distinct)
	if total > valid {
		r.DataQuality.Warnings = append(r.DataQuality.Warnings, fmt.Sprintf(
			"%d rows have no case id, activity or time and are not analysed (a table has no row numbers to sample)", total-valid))
	}
	return nil
}

// formatTicks is a tick count as an RFC 3339 UTC time.
func (j *job) formatTicks(t int64) string {
	return time.Unix(0, t*(1_000_000_000/j.b.perSecond)).UTC().Format(time.RFC3339Nano)
}

// shards looks at how a ClickHouse table is distributed: sharded by the
// case column, each shard folds its own cases completely
// (distributed_group_by_no_merge: the initiator merges no per-case state).
func (j *job) shards(ctx context.Context, ch *chDB) error {
	key, byCase, err := ch.shardedByCase(ctx, j.src.Table, j.caseName)
	if err != nil {
		return fmt.Errorf("%s: cannot read how table %s is defined: %s", j.src, j.src.Table, scrub(err.Error(), j.src))
	}
	switch {
	case key == "":
	case byCase:
		j.info.Fold = "shards (Distributed, sharded by " + key + ")"
		ch.settings = clickhouse.Settings{"distributed_group_by_no_merge": 1}
	default:
		j.info.Fold = "initiator (Distributed, sharded by " + key + ", not by the case column)"
	}
	return nil
}
