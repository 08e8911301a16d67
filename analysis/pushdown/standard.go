package pushdown

import (
	"fmt"
	"strings"
)

// standard is SQL with window functions and ordered-set aggregates
// (percentile_cont): PostgreSQL and its family.
type standard struct{}

func (standard) ident(name string) string { return quoteIdent(name, '"') }
func (standard) table(name string) string { return quotePath(name, '"') }
func (standard) text(e string) string     { return "CAST(" + e + " AS TEXT)" }
func (standard) float(e string) string    { return "CAST(" + e + " AS DOUBLE PRECISION)" }
func (standard) int(e string) string      { return "CAST(" + e + " AS BIGINT)" }
func (standard) ifNull(e, o string) string {
	return "COALESCE(" + e + ", " + o + ")"
}

// str is a standard string literal: quotes doubled, backslashes literal.
func (standard) str(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ticks reads timestamps as epoch microseconds (PostgreSQL's precision);
// a timestamp without time zone is read as UTC, a date as its midnight
// UTC, and an integer column as epoch milliseconds.
func (standard) ticks(c column) (string, int64, error) {
	q := quoteIdent(c.Name, '"')
	switch c.Type {
	case "timestamptz", "timestamp", "date":
		if c.Type == "date" {
			q = "CAST(" + q + " AS TIMESTAMP)"
		}
		return "CAST(EXTRACT(EPOCH FROM " + q + ") * 1000000 AS BIGINT)", 1_000_000, nil
	case "bigint", "integer", "smallint", "numeric":
		return "CAST(" + q + " AS BIGINT)", 1000, nil
	}
	return "", 0, fmt.Errorf("column %q has type %s: expected timestamptz, timestamp, date or integer epoch milliseconds", c.Name, c.Type)
}

// rawSteps numbers each case's instances in trace order and looks back one
// with LAG; occ (a second sort, by case and activity) only when asked.
func (s standard) rawSteps(b *base, occ bool) string {
	occSQL := "0"
	if occ {
		occSQL = "ROW_NUMBER() OVER (PARTITION BY case_id, act ORDER BY " + orderKeys + ")"
	}
	return fmt.Sprintf(`SELECT case_id, act, res,
 COALESCE(LAG(act) OVER w, '') AS prev_act, COALESCE(LAG(res) OVER w, '') AS prev_res,
 ROW_NUMBER() OVER w AS pos, COUNT(*) OVER (PARTITION BY case_id) AS n,
 %[3]s AS occ,
 has_start, t_start, t_end, COALESCE(LAG(t_end) OVER w, 0) AS prev_end
FROM (%[2]s) AS b
WINDOW w AS (PARTITION BY case_id ORDER BY %[1]s)`, orderKeys, b.sql(), occSQL)
}

// cases folds the steps of each case.
func (s standard) cases(b *base, steps string) string {
	return fmt.Sprintf(`SELECT case_id, COUNT(*) AS n, MIN(t_start) AS first, MAX(t_end) AS last,
 %s / %d AS cycle, SUM(handoff) AS handoffs, SUM(trans) AS total_wait,
 ARRAY_AGG(act ORDER BY pos) AS variant
FROM (%s) AS s GROUP BY case_id`, s.float("MAX(t_end) - MIN(t_start)"), b.perSecond, steps)
}

func filter(cond string) string {
	if cond == "" {
		return ""
	}
	return " FILTER (WHERE " + cond + ")"
}

func (standard) countIf(cond string) string { return "COUNT(*)" + filter(cond) }
func (s standard) sumInt(e string) string   { return s.int("COALESCE(SUM(" + e + "), 0)") }

// stats: count, mean, median, p90, max, min, sum; percentile_cont is R-7.
func (standard) stats(e, cond, _ string) []string {
	f := filter(cond)
	pct := func(q string) string {
		return "COALESCE(PERCENTILE_CONT(" + q + ") WITHIN GROUP (ORDER BY " + e + ")" + f + ", 0)"
	}
	agg := func(fn string) string { return "COALESCE(" + fn + "(" + e + ")" + f + ", 0)" }
	return []string{"COUNT(" + e + ")" + f, agg("AVG"), pct("0.5"), pct("0.9"), agg("MAX"), agg("MIN"), agg("SUM")}
}

func (standard) intDiv(a, b string) string { return "(" + a + ") / (" + b + ")" }

// peaks sums each activity's interval starts (+1) and ends (-1) per
// instant and runs a cumulative sum over the instants: at an instant the
// ends go first, so the most waiting at once is reached after its starts,
// and the peak is the largest running sum (first reached at MIN(t)).
func (standard) peaks(iv string) string {
	return fmt.Sprintf(`SELECT act, CAST(peak AS BIGINT), MIN(t) FROM (
 SELECT act, t, c, MAX(c) OVER (PARTITION BY act) AS peak FROM (
  SELECT act, t, SUM(d) OVER (PARTITION BY act ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c
  FROM (SELECT act, t_from AS t, 1 AS d FROM (%[1]s) AS a UNION ALL SELECT act, t_to, -1 FROM (%[1]s) AS b) AS e) AS x) AS y
WHERE c = peak GROUP BY act, peak`, iv)
}
