package pushdown

import (
	"fmt"
	"strings"
)

// clickhouseSQL folds each case into arrays (groupArray, arraySort) and
// unfolds them with ARRAY JOIN: no window functions, no CTEs, so ClickHouse
// 18.16 runs it. The fold reads the table directly, so on a Distributed
// table the shards fold the rows they hold: completely when the table is
// sharded by the case column (job.shards), else partially, the initiator
// merging the parts of a case that spans shards.
type clickhouseSQL struct{}

func (clickhouseSQL) ident(name string) string { return quoteIdent(name, '`') }
func (clickhouseSQL) table(name string) string { return quotePath(name, '`') }
func (clickhouseSQL) text(e string) string     { return "ifNull(toString(" + e + "), '')" } // never Nullable: arrays of it scan as []string
func (clickhouseSQL) float(e string) string    { return "toFloat64(" + e + ")" }
func (clickhouseSQL) int(e string) string      { return "toInt64(" + e + ")" }
func (clickhouseSQL) ifNull(e, o string) string {
	return "ifNull(" + e + ", " + o + ")"
}
func (clickhouseSQL) str(s string) string { return quoteString(s) }

// ticks: DateTime in seconds, DateTime64(p) in its own precision, Date as
// its midnight, integers as epoch milliseconds (ClickHouse 18.16 has no
// DateTime64: load millisecond logs so).
func (clickhouseSQL) ticks(c column) (string, int64, error) {
	q := quoteIdent(c.Name, '`')
	t := strings.TrimSuffix(strings.TrimPrefix(c.Type, "Nullable("), ")")
	switch {
	case strings.HasPrefix(t, "DateTime64("):
		p := 3
		fmt.Sscanf(strings.TrimPrefix(t, "DateTime64("), "%d", &p)
		per := int64(1)
		for range p {
			per *= 10
		}
		return fmt.Sprintf("toInt64(toDecimal64(%s, %d) * %d)", q, p, per), per, nil
	case strings.HasPrefix(t, "DateTime"):
		return "toInt64(" + q + ")", 1, nil
	case t == "Date":
		return "toInt64(toDateTime(" + q + "))", 1, nil
	case strings.HasPrefix(t, "Int") || strings.HasPrefix(t, "UInt"):
		return "toInt64(" + q + ")", 1000, nil
	}
	return "", 0, fmt.Errorf("column %q has type %s: expected DateTime, DateTime64, Date or integer epoch milliseconds", c.Name, c.Type)
}

// perCase groups the table's rows by case into arrays in trace order. It
// reads the table itself (not a subquery of it), so on a Distributed table
// each shard folds the rows it holds; with distributed_group_by_no_merge
// (set when the table is sharded by the case column, see shardedByCase)
// each shard finishes its cases and the initiator merges nothing.
func (c clickhouseSQL) perCase(b *base) string {
	e := b.exprs() // case_id, act, res, t_start, has_start, t_end, tie
	return fmt.Sprintf(`SELECT %[1]s AS cid, count() AS n, min(%[4]s) AS first, max(%[6]s) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((%[4]s, %[6]s, %[7]s, %[3]s, %[2]s, %[5]s))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM %[8]s WHERE %[9]s GROUP BY cid`, e[0], e[1], e[2], e[3], e[4], e[5], e[6], c.table(b.table), b.whereSQL())
}

// rawSteps unfolds the per-case arrays, each instance beside its
// predecessor (the arrays shifted by one).
func (c clickhouseSQL) rawSteps(b *base, _ bool) string {
	return fmt.Sprintf(`SELECT %s FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (%s))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end`, stepColumns, c.perCase(b))
}

// cases computes each case's figures from its arrays directly.
func (c clickhouseSQL) cases(b *base, _ string) string {
	return fmt.Sprintf(`SELECT cid AS case_id, n, first, last, toFloat64(last - first) / %d AS cycle,
 arraySum(arrayMap((p, r) -> (p != '' AND r != '' AND p != r), arrayPopBack(ress), arrayPopFront(ress))) AS handoffs,
 arraySum(arrayMap((e, s) -> toFloat64(greatest(0, s - e)), arrayPopBack(ends), arrayPopFront(starts))) / %d AS total_wait,
 acts AS variant
FROM (%s)`, b.perSecond, b.perSecond, c.perCase(b))
}

func (clickhouseSQL) countIf(cond string) string {
	if cond == "" {
		return "toInt64(count())"
	}
	return "toInt64(countIf(" + cond + "))"
}

func (clickhouseSQL) sumInt(e string) string { return "toInt64(sum(" + e + "))" }

// stats sorts each group's values (alias names the sorted array) and reads
// the R-7 percentiles off it by interpolation: 18.16's quantileExact is
// not R-7.
func (clickhouseSQL) stats(e, cond, alias string) []string {
	arr := "groupArray(" + e + ")"
	if cond != "" {
		arr = "groupArrayIf(" + e + ", " + cond + ")"
	}
	n := "toInt64(length(" + alias + "))"
	return []string{
		fmt.Sprintf("toInt64(length(arraySort(%s) AS %s))", arr, alias),
		fmt.Sprintf("if(%s = 0, 0, arraySum(%s) / %s)", n, alias, n),
		r7(alias, "0.5"), r7(alias, "0.9"),
		fmt.Sprintf("toFloat64(arrayElement(%s, %s))", alias, n),
		fmt.Sprintf("toFloat64(arrayElement(%s, 1))", alias),
		fmt.Sprintf("toFloat64(arraySum(%s))", alias),
	}
}

// r7 interpolates the q-quantile of the sorted array s between its closest
// ranks (h = (n-1)q; s[floor h] + frac(h) (s[floor h + 1] - s[floor h]),
// 1-based here). An empty array gives 0.
func r7(s, q string) string {
	n := "toInt64(length(" + s + "))"
	h := fmt.Sprintf("((%s - 1) * %s)", n, q)
	lo := fmt.Sprintf("(toInt64(floor(%s)) + 1)", h)
	hi := fmt.Sprintf("least(%s + 1, %s)", lo, n)
	return fmt.Sprintf("if(%s = 0, 0, toFloat64(arrayElement(%s, %s)) + (%s - floor(%s)) * (toFloat64(arrayElement(%s, %s)) - toFloat64(arrayElement(%s, %s))))",
		n, s, lo, h, h, s, hi, s, lo)
}

func (clickhouseSQL) intDiv(a, b string) string { return "intDiv(" + a + ", " + b + ")" }

// peaks sorts each activity's interval ends (-1) and starts (+1), ends
// first at equal times, and reads the peak off their cumulative sum.
func (clickhouseSQL) peaks(iv string) string {
	return fmt.Sprintf(`SELECT act, toInt64(arrayReduce('max', cum)) AS peak, tupleElement(arrayElement(ev, indexOf(cum, peak)), 1) AS peak_at
FROM (SELECT act, arraySort(groupArray(e)) AS ev, arrayCumSum(arrayMap(x -> tupleElement(x, 2), ev)) AS cum
 FROM (%s) ARRAY JOIN [(t_from, toInt64(1)), (t_to, toInt64(-1))] AS e GROUP BY act)`, iv)
}
