CREATE TEMPORARY TABLE flowmap_steps AS SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN CAST(greatest(0, t_start - prev_end) AS DOUBLE PRECISION) / 1000000 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN CAST(t_end - t_start AS DOUBLE PRECISION) / 1000000 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res,
 COALESCE(LAG(act) OVER w, '') AS prev_act, COALESCE(LAG(res) OVER w, '') AS prev_res,
 ROW_NUMBER() OVER w AS pos, COUNT(*) OVER (PARTITION BY case_id) AS n,
 ROW_NUMBER() OVER (PARTITION BY case_id, act ORDER BY t_start, t_end, tie, res) AS occ,
 has_start, t_start, t_end, COALESCE(LAG(t_end) OVER w, 0) AS prev_end
FROM (SELECT CAST("case_id" AS TEXT) AS case_id, CAST("activity" AS TEXT) AS act, COALESCE(CAST("resource" AS TEXT), '') AS res, COALESCE(CAST(EXTRACT(EPOCH FROM "start_time") * 1000000 AS BIGINT), CAST(EXTRACT(EPOCH FROM "end_time") * 1000000 AS BIGINT)) AS t_start, CASE WHEN "start_time" IS NULL THEN 0 ELSE 1 END AS has_start, CAST(EXTRACT(EPOCH FROM "end_time") * 1000000 AS BIGINT) AS t_end, "seq" AS tie FROM "sql_golden" WHERE (resource <> 'Pete') AND "case_id" IS NOT NULL AND "activity" IS NOT NULL AND "end_time" IS NOT NULL AND CAST("case_id" AS TEXT) <> '' AND CAST("activity" AS TEXT) <> '') AS b
WINDOW w AS (PARTITION BY case_id ORDER BY t_start, t_end, tie, res)) AS raw;

ANALYZE flowmap_steps;

SELECT COUNT(*), COUNT(*) FILTER (WHERE "case_id" IS NOT NULL AND "activity" IS NOT NULL AND "end_time" IS NOT NULL AND CAST("case_id" AS TEXT) <> '' AND CAST("activity" AS TEXT) <> ''), COUNT(*) FILTER (WHERE "case_id" IS NOT NULL AND "activity" IS NOT NULL AND "end_time" IS NOT NULL AND CAST("case_id" AS TEXT) <> '' AND CAST("activity" AS TEXT) <> '' AND "start_time" IS NOT NULL)
FROM "sql_golden"
WHERE (resource <> 'Pete');

SELECT COUNT(*)
FROM (SELECT CAST("case_id" AS TEXT) AS k FROM "sql_golden" WHERE (resource <> 'Pete') AND "case_id" IS NOT NULL AND "activity" IS NOT NULL AND "end_time" IS NOT NULL AND CAST("case_id" AS TEXT) <> '' AND CAST("activity" AS TEXT) <> '' GROUP BY CAST("case_id" AS TEXT), CAST("activity" AS TEXT), CAST(EXTRACT(EPOCH FROM "end_time") * 1000000 AS BIGINT)) AS rel;

SELECT act, COUNT(*), COUNT(*) FILTER (WHERE occ = 1), COUNT(*) FILTER (WHERE occ = 2), COUNT(*) FILTER (WHERE has_start = 1), COUNT(*) FILTER (WHERE has_start = 1 AND service_ok = 0), COUNT(trans) FILTER (WHERE pos > 1), COALESCE(AVG(trans) FILTER (WHERE pos > 1), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY trans) FILTER (WHERE pos > 1), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY trans) FILTER (WHERE pos > 1), 0), COALESCE(MAX(trans) FILTER (WHERE pos > 1), 0), COALESCE(MIN(trans) FILTER (WHERE pos > 1), 0), COALESCE(SUM(trans) FILTER (WHERE pos > 1), 0), COUNT(service) FILTER (WHERE service_ok = 1), COALESCE(AVG(service) FILTER (WHERE service_ok = 1), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY service) FILTER (WHERE service_ok = 1), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY service) FILTER (WHERE service_ok = 1), 0), COALESCE(MAX(service) FILTER (WHERE service_ok = 1), 0), COALESCE(MIN(service) FILTER (WHERE service_ok = 1), 0), COALESCE(SUM(service) FILTER (WHERE service_ok = 1), 0)
FROM (SELECT * FROM flowmap_steps) AS rel
GROUP BY act;

SELECT prev_act, act, COUNT(*), COUNT(trans), COALESCE(AVG(trans), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY trans), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY trans), 0), COALESCE(MAX(trans), 0), COALESCE(MIN(trans), 0), COALESCE(SUM(trans), 0), CAST(COALESCE(SUM(handoff), 0) AS BIGINT)
FROM (SELECT * FROM flowmap_steps) AS rel
WHERE pos > 1
GROUP BY prev_act, act;

SELECT COUNT(*) FILTER (WHERE pos > 1), CAST(COALESCE(SUM(known), 0) AS BIGINT), CAST(COALESCE(SUM(handoff), 0) AS BIGINT), COUNT(trans) FILTER (WHERE handoff = 1), COALESCE(AVG(trans) FILTER (WHERE handoff = 1), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY trans) FILTER (WHERE handoff = 1), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY trans) FILTER (WHERE handoff = 1), 0), COALESCE(MAX(trans) FILTER (WHERE handoff = 1), 0), COALESCE(MIN(trans) FILTER (WHERE handoff = 1), 0), COALESCE(SUM(trans) FILTER (WHERE handoff = 1), 0), COUNT(trans) FILTER (WHERE known = 1 AND handoff = 0), COALESCE(AVG(trans) FILTER (WHERE known = 1 AND handoff = 0), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY trans) FILTER (WHERE known = 1 AND handoff = 0), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY trans) FILTER (WHERE known = 1 AND handoff = 0), 0), COALESCE(MAX(trans) FILTER (WHERE known = 1 AND handoff = 0), 0), COALESCE(MIN(trans) FILTER (WHERE known = 1 AND handoff = 0), 0), COALESCE(SUM(trans) FILTER (WHERE known = 1 AND handoff = 0), 0)
FROM (SELECT * FROM flowmap_steps) AS rel;

SELECT prev_res, res, COUNT(*)
FROM (SELECT * FROM flowmap_steps) AS rel
WHERE handoff = 1
GROUP BY prev_res, res;

SELECT CAST(handoffs AS BIGINT), COUNT(*)
FROM (SELECT case_id, COUNT(*) AS n, MIN(t_start) AS first, MAX(t_end) AS last,
 CAST(MAX(t_end) - MIN(t_start) AS DOUBLE PRECISION) / 1000000 AS cycle, SUM(handoff) AS handoffs, SUM(trans) AS total_wait,
 ARRAY_AGG(act ORDER BY pos) AS variant
FROM (SELECT * FROM flowmap_steps) AS s GROUP BY case_id) AS rel
GROUP BY CAST(handoffs AS BIGINT);

SELECT COUNT(*), CAST(min(first) AS BIGINT), CAST(max(last) AS BIGINT), COUNT(cycle), COALESCE(AVG(cycle), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY cycle), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY cycle), 0), COALESCE(MAX(cycle), 0), COALESCE(MIN(cycle), 0), COALESCE(SUM(cycle), 0)
FROM (SELECT case_id, COUNT(*) AS n, MIN(t_start) AS first, MAX(t_end) AS last,
 CAST(MAX(t_end) - MIN(t_start) AS DOUBLE PRECISION) / 1000000 AS cycle, SUM(handoff) AS handoffs, SUM(trans) AS total_wait,
 ARRAY_AGG(act ORDER BY pos) AS variant
FROM (SELECT * FROM flowmap_steps) AS s GROUP BY case_id) AS rel;

SELECT variant, COUNT(*)
FROM (SELECT case_id, COUNT(*) AS n, MIN(t_start) AS first, MAX(t_end) AS last,
 CAST(MAX(t_end) - MIN(t_start) AS DOUBLE PRECISION) / 1000000 AS cycle, SUM(handoff) AS handoffs, SUM(trans) AS total_wait,
 ARRAY_AGG(act ORDER BY pos) AS variant
FROM (SELECT * FROM flowmap_steps) AS s GROUP BY case_id) AS rel
GROUP BY variant;

SELECT bucket, COUNT(*), COUNT(total_wait), COALESCE(AVG(total_wait), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY total_wait), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY total_wait), 0), COALESCE(MAX(total_wait), 0), COALESCE(MIN(total_wait), 0), COALESCE(SUM(total_wait), 0), COUNT(cycle), COALESCE(AVG(cycle), 0), COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY cycle), 0), COALESCE(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY cycle), 0), COALESCE(MAX(cycle), 0), COALESCE(MIN(cycle), 0), COALESCE(SUM(cycle), 0)
FROM (SELECT CAST(least(greatest(CAST(handoffs AS BIGINT) - 2, 0), 5) AS BIGINT) AS bucket, total_wait, cycle FROM (SELECT case_id, COUNT(*) AS n, MIN(t_start) AS first, MAX(t_end) AS last,
 CAST(MAX(t_end) - MIN(t_start) AS DOUBLE PRECISION) / 1000000 AS cycle, SUM(handoff) AS handoffs, SUM(trans) AS total_wait,
 ARRAY_AGG(act ORDER BY pos) AS variant
FROM (SELECT * FROM flowmap_steps) AS s GROUP BY case_id) AS c) AS rel
GROUP BY bucket;

SELECT act, kf, kt, COUNT(*)
FROM (SELECT act, CAST(least(100, (t_from * 1000 - 1293705120000000000 + 21941818181817) / (21941818181818)) AS BIGINT) AS kf, CAST(least(100, (t_to * 1000 - 1293705120000000000 + 21941818181817) / (21941818181818)) AS BIGINT) AS kt FROM (SELECT act, prev_end AS t_from, t_start AS t_to FROM (SELECT * FROM flowmap_steps) AS s WHERE pos > 1 AND t_start > prev_end) AS iv) AS rel
GROUP BY act, kf, kt;

SELECT *
FROM (SELECT act, CAST(peak AS BIGINT), MIN(t) FROM (
 SELECT act, t, c, MAX(c) OVER (PARTITION BY act) AS peak FROM (
  SELECT act, t, SUM(d) OVER (PARTITION BY act ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c
  FROM (SELECT act, t_from AS t, 1 AS d FROM (SELECT act, prev_end AS t_from, t_start AS t_to FROM (SELECT * FROM flowmap_steps) AS s WHERE pos > 1 AND t_start > prev_end) AS a UNION ALL SELECT act, t_to, -1 FROM (SELECT act, prev_end AS t_from, t_start AS t_to FROM (SELECT * FROM flowmap_steps) AS s WHERE pos > 1 AND t_start > prev_end) AS b) AS e) AS x) AS y
WHERE c = peak GROUP BY act, peak) AS rel;

