package pushdown

import (
	"fmt"
	"strings"
)

// dialect is what differs between engines: quoting, casts, reading a time
// column as integer ticks, the steps and cases relations, and the
// aggregates. Everything else (metrics.go, query.go) is written once.
type dialect interface {
	// ident quotes a column name; table a table name (dots separate parts).
	ident(name string) string
	table(name string) string
	// text, float and int cast an expression; ifNull is COALESCE of two.
	text(expr string) string
	float(expr string) string
	int(expr string) string
	ifNull(expr, orElse string) string
	// str is a string literal.
	str(s string) string
	// ticks reads a time column as integer ticks (perSecond of them a
	// second), or says why it cannot.
	ticks(c column) (expr string, perSecond int64, err error)
	// rawSteps is one row per activity instance of base, in the columns
	// stepColumns lists; cases (over the steps relation, or base) one row
	// per case: case_id, n, first and last (ticks), cycle (seconds),
	// handoffs (resource handoffs in the case), total_wait (the sum of its
	// moves' seconds), variant (its activities in order).
	// occ false may leave occ 0 where it costs (another sort).
	rawSteps(b *base, occ bool) string
	cases(b *base, steps string) string
	// intDiv divides integers, truncating.
	intDiv(a, b string) string
	// peaks is, per activity, the most cases waiting for it at once and
	// the first time (ticks) that many waited, over the waiting intervals
	// of the relation iv (act, t_from, t_to): a sweep with ends before
	// starts at equal times. Columns: act, peak, peak_at.
	peaks(iv string) string
	// Aggregates: count of rows meeting cond ("" = all), sum of an integer
	// expression, the Stats of a float expression (statsColumns columns;
	// alias is a unique name the dialect may use).
	countIf(cond string) string
	sumInt(expr string) string
	stats(expr, cond, alias string) []string
}

// base is the table as the relations read it: one row per valid activity
// instance with its case, activity, resource (” when missing), times in
// ticks (t_start is the effective start: the start when known, else the
// end; has_start says which) and tie-breaker.
type base struct {
	d                 dialect
	table             string
	caseCol, act, res string // quoted columns; res "" when there is none
	endCol, startCol  string // quoted time columns; startCol "" when there is none
	end, start        string // the time columns as tick expressions
	seq               string // quoted tie-breaker column, "" for the activity name
	where             string // the user's condition, "" for none
	perSecond         int64
}

// valid is the condition of a row that makes an activity instance: case,
// activity and time present (bad rows are counted, not analysed).
func (b *base) valid() string {
	dl := b.d
	return fmt.Sprintf("%s IS NOT NULL AND %s IS NOT NULL AND %s IS NOT NULL AND %s <> '' AND %s <> ''",
		b.caseCol, b.act, b.endCol, dl.text(b.caseCol), dl.text(b.act))
}

// exprs are the base relation's columns as expressions over the table, in
// the order of baseColumns.
func (b *base) exprs() []string {
	dl := b.d
	res := dl.str("")
	if b.res != "" {
		res = dl.ifNull(dl.text(b.res), dl.str(""))
	}
	start, has := b.end, "0"
	if b.startCol != "" {
		start = dl.ifNull(b.start, b.end)
		has = fmt.Sprintf("CASE WHEN %s IS NULL THEN 0 ELSE 1 END", b.startCol)
	}
	tie := dl.text(b.act)
	if b.seq != "" {
		tie = b.seq
	}
	return []string{dl.text(b.caseCol), dl.text(b.act), res, start, has, b.end, tie}
}

// baseColumns name the base relation's columns: case_id, act, res,
// t_start, has_start, t_end, tie (the tie-breaker after the times: seq,
// else the activity).
var baseColumns = []string{"case_id", "act", "res", "t_start", "has_start", "t_end", "tie"}

// where is the condition of the base rows: the user's and valid.
func (b *base) whereSQL() string {
	if b.where != "" {
		return "(" + b.where + ") AND " + b.valid()
	}
	return b.valid()
}

// sql is the base relation.
func (b *base) sql() string {
	cols := b.exprs()
	for i := range cols {
		cols[i] += " AS " + baseColumns[i]
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE %s", strings.Join(cols, ", "), b.d.table(b.table), b.whereSQL())
}

// orderKeys orders a trace: effective start, end, tie-breaker, resource.
const orderKeys = "t_start, t_end, tie, res"

// stepColumns are the columns of rawSteps, all dialects alike:
//
//	case_id, act, res, prev_act, prev_res (strings, '' when none),
//	pos (1-based position in the trace), n (instances in the case),
//	occ (occurrence of act in the case so far, 1-based),
//	has_start (0/1), t_start, t_end, prev_end (ticks; prev_end 0 at pos 1).
const stepColumns = "case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end"

// steps is rawSteps with the derived figures of each instance, in seconds:
// trans (the move from the previous instance: end → start clamped at 0,
// which is end → end without start times; 0 at pos 1), known and handoff
// (0/1: both resources known; and they differ), service and service_ok.
func steps(b *base, occ bool) string {
	dl := b.d
	tps := fmt.Sprint(b.perSecond)
	return fmt.Sprintf(`SELECT %s,
 CASE WHEN pos > 1 THEN %s / %s ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN %s / %s ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (%s) AS raw`, stepColumns,
		dl.float("greatest(0, t_start - prev_end)"), tps,
		dl.float("t_end - t_start"), tps,
		dl.rawSteps(b, occ))
}

// identList is for messages: the column names, quoted for reading.
func identList(cols []column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = fmt.Sprintf("%q (%s)", c.Name, c.Type)
	}
	return strings.Join(names, ", ")
}
