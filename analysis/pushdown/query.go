package pushdown

import (
	"context"
	"fmt"
	"strings"

	"github.com/flowmap/flowmap/analysis"
)

// query is one aggregate over a relation: the group keys come first in the
// result row, then the measures.
type query struct {
	from  string // the relation (a SELECT)
	table string // or a table, read directly: from is then ""
	// merged: the query aggregates the table's rows directly, not case by
	// case, so a Distributed table's shards must have their partial
	// results merged (never distributed_group_by_no_merge).
	merged  bool
	where   string   // "" for all rows
	groupBy []string // column names of the relation
	cols    []string // aggregate expressions
	stats   int      // stats measures so far, for their aliases
}

// stat adds the Stats of expr over the rows meeting cond.
func (q *query) stat(dl dialect, expr, cond string) *query {
	q.stats++
	q.cols = append(q.cols, dl.stats(expr, cond, fmt.Sprintf("sorted%d", q.stats))...)
	return q
}

// add adds aggregate expressions.
func (q *query) add(cols ...string) *query {
	q.cols = append(q.cols, cols...)
	return q
}

func (q *query) sql() string {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(strings.Join(append(append([]string{}, q.groupBy...), q.cols...), ", "))
	if q.table != "" {
		b.WriteString("\nFROM " + q.table)
	} else {
		b.WriteString("\nFROM (" + q.from + ") AS rel")
	}
	if q.where != "" {
		b.WriteString("\nWHERE " + q.where)
	}
	if len(q.groupBy) > 0 {
		b.WriteString("\nGROUP BY " + strings.Join(q.groupBy, ", "))
	}
	return b.String()
}

// runner runs the queries of one analysis, counting them.
type runner struct {
	db      db
	src     *Source
	queries int
	// log, when set, receives every statement (tests, --debug).
	log func(sql string)
}

// run runs q, handing each row's scan function to row.
func (r *runner) run(ctx context.Context, q *query, row func(scan func(dest ...any) error) error) error {
	s := q.sql()
	r.queries++
	if r.log != nil {
		r.log(s)
	}
	if err := r.db.query(ctx, s, q.merged, row); err != nil {
		return fmt.Errorf("%s: query failed: %s", r.src, scrub(err.Error(), r.src))
	}
	return nil
}

// statsDest is the scan destination of a stats measure.
type statsDest struct {
	count                            int64
	mean, median, p90, max, min, sum float64
}

func (s *statsDest) dest() []any {
	return []any{&s.count, &s.mean, &s.median, &s.p90, &s.max, &s.min, &s.sum}
}

func (s *statsDest) stats() analysis.Stats {
	return analysis.Stats{Count: int(s.count), Mean: s.mean, Median: s.median, P90: s.p90, Max: s.max, Min: s.min, Sum: s.sum}
}

// ptr is the stats, or nil for an empty sample.
func (s *statsDest) ptr() *analysis.Stats {
	if s.count == 0 {
		return nil
	}
	st := s.stats()
	return &st
}
