SELECT toInt64(count()), toInt64(countIf(`case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '')), toInt64(countIf(`case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' AND `start_time` IS NOT NULL))
FROM `sql_golden`
WHERE (resource <> 'Pete');

SELECT toInt64(count())
FROM (SELECT ifNull(toString(`case_id`), '') AS k FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY ifNull(toString(`case_id`), ''), ifNull(toString(`activity`), ''), toInt64(`end_time`)) AS rel;

SELECT act, toInt64(count()), toInt64(countIf(occ = 1)), toInt64(countIf(occ = 2)), toInt64(countIf(has_start = 1)), toInt64(countIf(has_start = 1 AND service_ok = 0)), toInt64(length(arraySort(groupArrayIf(trans, pos > 1)) AS sorted1)), if(toInt64(length(sorted1)) = 0, 0, arraySum(sorted1) / toInt64(length(sorted1))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.5) - floor(((toInt64(length(sorted1)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.9) - floor(((toInt64(length(sorted1)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted1, toInt64(length(sorted1)))), toFloat64(arrayElement(sorted1, 1)), toFloat64(arraySum(sorted1)), toInt64(length(arraySort(groupArrayIf(service, service_ok = 1)) AS sorted2)), if(toInt64(length(sorted2)) = 0, 0, arraySum(sorted2) / toInt64(length(sorted2))), if(toInt64(length(sorted2)) = 0, 0, toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted2)) - 1) * 0.5) - floor(((toInt64(length(sorted2)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted2, least((toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted2))))) - toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted2)) = 0, 0, toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted2)) - 1) * 0.9) - floor(((toInt64(length(sorted2)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted2, least((toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted2))))) - toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted2, toInt64(length(sorted2)))), toFloat64(arrayElement(sorted2, 1)), toFloat64(arraySum(sorted2))
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN toFloat64(greatest(0, t_start - prev_end)) / 1 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN toFloat64(t_end - t_start) / 1 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end) AS raw) AS rel
GROUP BY act;

SELECT prev_act, act, toInt64(count()), toInt64(length(arraySort(groupArray(trans)) AS sorted1)), if(toInt64(length(sorted1)) = 0, 0, arraySum(sorted1) / toInt64(length(sorted1))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.5) - floor(((toInt64(length(sorted1)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.9) - floor(((toInt64(length(sorted1)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted1, toInt64(length(sorted1)))), toFloat64(arrayElement(sorted1, 1)), toFloat64(arraySum(sorted1)), toInt64(sum(handoff))
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN toFloat64(greatest(0, t_start - prev_end)) / 1 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN toFloat64(t_end - t_start) / 1 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end) AS raw) AS rel
WHERE pos > 1
GROUP BY prev_act, act;

SELECT toInt64(countIf(pos > 1)), toInt64(sum(known)), toInt64(sum(handoff)), toInt64(length(arraySort(groupArrayIf(trans, handoff = 1)) AS sorted1)), if(toInt64(length(sorted1)) = 0, 0, arraySum(sorted1) / toInt64(length(sorted1))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.5) - floor(((toInt64(length(sorted1)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.9) - floor(((toInt64(length(sorted1)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted1, toInt64(length(sorted1)))), toFloat64(arrayElement(sorted1, 1)), toFloat64(arraySum(sorted1)), toInt64(length(arraySort(groupArrayIf(trans, known = 1 AND handoff = 0)) AS sorted2)), if(toInt64(length(sorted2)) = 0, 0, arraySum(sorted2) / toInt64(length(sorted2))), if(toInt64(length(sorted2)) = 0, 0, toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted2)) - 1) * 0.5) - floor(((toInt64(length(sorted2)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted2, least((toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted2))))) - toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted2)) = 0, 0, toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted2)) - 1) * 0.9) - floor(((toInt64(length(sorted2)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted2, least((toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted2))))) - toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted2, toInt64(length(sorted2)))), toFloat64(arrayElement(sorted2, 1)), toFloat64(arraySum(sorted2))
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN toFloat64(greatest(0, t_start - prev_end)) / 1 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN toFloat64(t_end - t_start) / 1 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end) AS raw) AS rel;

SELECT prev_res, res, toInt64(count())
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN toFloat64(greatest(0, t_start - prev_end)) / 1 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN toFloat64(t_end - t_start) / 1 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end) AS raw) AS rel
WHERE handoff = 1
GROUP BY prev_res, res;

SELECT toInt64(handoffs), toInt64(count())
FROM (SELECT cid AS case_id, n, first, last, toFloat64(last - first) / 1 AS cycle,
 arraySum(arrayMap((p, r) -> (p != '' AND r != '' AND p != r), arrayPopBack(ress), arrayPopFront(ress))) AS handoffs,
 arraySum(arrayMap((e, s) -> toFloat64(greatest(0, s - e)), arrayPopBack(ends), arrayPopFront(starts))) / 1 AS total_wait,
 acts AS variant
FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid)) AS rel
GROUP BY toInt64(handoffs);

SELECT toInt64(count()), toInt64(min(first)), toInt64(max(last)), toInt64(length(arraySort(groupArray(cycle)) AS sorted1)), if(toInt64(length(sorted1)) = 0, 0, arraySum(sorted1) / toInt64(length(sorted1))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.5) - floor(((toInt64(length(sorted1)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.9) - floor(((toInt64(length(sorted1)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted1, toInt64(length(sorted1)))), toFloat64(arrayElement(sorted1, 1)), toFloat64(arraySum(sorted1))
FROM (SELECT cid AS case_id, n, first, last, toFloat64(last - first) / 1 AS cycle,
 arraySum(arrayMap((p, r) -> (p != '' AND r != '' AND p != r), arrayPopBack(ress), arrayPopFront(ress))) AS handoffs,
 arraySum(arrayMap((e, s) -> toFloat64(greatest(0, s - e)), arrayPopBack(ends), arrayPopFront(starts))) / 1 AS total_wait,
 acts AS variant
FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid)) AS rel;

SELECT variant, toInt64(count())
FROM (SELECT cid AS case_id, n, first, last, toFloat64(last - first) / 1 AS cycle,
 arraySum(arrayMap((p, r) -> (p != '' AND r != '' AND p != r), arrayPopBack(ress), arrayPopFront(ress))) AS handoffs,
 arraySum(arrayMap((e, s) -> toFloat64(greatest(0, s - e)), arrayPopBack(ends), arrayPopFront(starts))) / 1 AS total_wait,
 acts AS variant
FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid)) AS rel
GROUP BY variant;

SELECT bucket, toInt64(count()), toInt64(length(arraySort(groupArray(total_wait)) AS sorted1)), if(toInt64(length(sorted1)) = 0, 0, arraySum(sorted1) / toInt64(length(sorted1))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.5) - floor(((toInt64(length(sorted1)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted1)) = 0, 0, toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted1)) - 1) * 0.9) - floor(((toInt64(length(sorted1)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted1, least((toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted1))))) - toFloat64(arrayElement(sorted1, (toInt64(floor(((toInt64(length(sorted1)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted1, toInt64(length(sorted1)))), toFloat64(arrayElement(sorted1, 1)), toFloat64(arraySum(sorted1)), toInt64(length(arraySort(groupArray(cycle)) AS sorted2)), if(toInt64(length(sorted2)) = 0, 0, arraySum(sorted2) / toInt64(length(sorted2))), if(toInt64(length(sorted2)) = 0, 0, toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1))) + (((toInt64(length(sorted2)) - 1) * 0.5) - floor(((toInt64(length(sorted2)) - 1) * 0.5))) * (toFloat64(arrayElement(sorted2, least((toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1) + 1, toInt64(length(sorted2))))) - toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.5))) + 1))))), if(toInt64(length(sorted2)) = 0, 0, toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1))) + (((toInt64(length(sorted2)) - 1) * 0.9) - floor(((toInt64(length(sorted2)) - 1) * 0.9))) * (toFloat64(arrayElement(sorted2, least((toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1) + 1, toInt64(length(sorted2))))) - toFloat64(arrayElement(sorted2, (toInt64(floor(((toInt64(length(sorted2)) - 1) * 0.9))) + 1))))), toFloat64(arrayElement(sorted2, toInt64(length(sorted2)))), toFloat64(arrayElement(sorted2, 1)), toFloat64(arraySum(sorted2))
FROM (SELECT toInt64(least(greatest(toInt64(handoffs) - 2, 0), 5)) AS bucket, total_wait, cycle FROM (SELECT cid AS case_id, n, first, last, toFloat64(last - first) / 1 AS cycle,
 arraySum(arrayMap((p, r) -> (p != '' AND r != '' AND p != r), arrayPopBack(ress), arrayPopFront(ress))) AS handoffs,
 arraySum(arrayMap((e, s) -> toFloat64(greatest(0, s - e)), arrayPopBack(ends), arrayPopFront(starts))) / 1 AS total_wait,
 acts AS variant
FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid)) AS c) AS rel
GROUP BY bucket;

SELECT act, kf, kt, toInt64(count())
FROM (SELECT act, toInt64(least(100, intDiv(t_from * 1000000000 - 1293705120000000000 + 21941818181817, 21941818181818))) AS kf, toInt64(least(100, intDiv(t_to * 1000000000 - 1293705120000000000 + 21941818181817, 21941818181818))) AS kt FROM (SELECT act, prev_end AS t_from, t_start AS t_to FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN toFloat64(greatest(0, t_start - prev_end)) / 1 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN toFloat64(t_end - t_start) / 1 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end) AS raw) AS s WHERE pos > 1 AND t_start > prev_end) AS iv) AS rel
GROUP BY act, kf, kt;

SELECT *
FROM (SELECT act, toInt64(arrayReduce('max', cum)) AS peak, tupleElement(arrayElement(ev, indexOf(cum, peak)), 1) AS peak_at
FROM (SELECT act, arraySort(groupArray(e)) AS ev, arrayCumSum(arrayMap(x -> tupleElement(x, 2), ev)) AS cum
 FROM (SELECT act, prev_end AS t_from, t_start AS t_to FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end,
 CASE WHEN pos > 1 THEN toFloat64(greatest(0, t_start - prev_end)) / 1 ELSE 0 END AS trans,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' THEN 1 ELSE 0 END AS known,
 CASE WHEN pos > 1 AND res <> '' AND prev_res <> '' AND res <> prev_res THEN 1 ELSE 0 END AS handoff,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN toFloat64(t_end - t_start) / 1 ELSE 0 END AS service,
 CASE WHEN has_start = 1 AND t_start <= t_end THEN 1 ELSE 0 END AS service_ok
FROM (SELECT case_id, act, res, prev_act, prev_res, pos, n, occ, has_start, t_start, t_end, prev_end FROM (SELECT cid AS case_id, n, acts, ress, starts, ends, hss,
 arrayEnumerateUniq(acts) AS occs, arrayPushFront(arrayPopBack(acts), '') AS pacts,
 arrayPushFront(arrayPopBack(ress), '') AS press, arrayPushFront(arrayPopBack(ends), toInt64(0)) AS pends
 FROM (SELECT ifNull(toString(`case_id`), '') AS cid, count() AS n, min(ifNull(toInt64(`start_time`), toInt64(`end_time`))) AS first, max(toInt64(`end_time`)) AS last,
 arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2), tupleElement(x, 3), tupleElement(x, 4)),
   groupArray((ifNull(toInt64(`start_time`), toInt64(`end_time`)), toInt64(`end_time`), `seq`, ifNull(ifNull(toString(`resource`), ''), ''), ifNull(toString(`activity`), ''), CASE WHEN `start_time` IS NULL THEN 0 ELSE 1 END))) AS ev,
 arrayMap(x -> tupleElement(x, 5), ev) AS acts, arrayMap(x -> tupleElement(x, 4), ev) AS ress,
 arrayMap(x -> tupleElement(x, 1), ev) AS starts, arrayMap(x -> tupleElement(x, 2), ev) AS ends,
 arrayMap(x -> tupleElement(x, 6), ev) AS hss
FROM `sql_golden` WHERE (resource <> 'Pete') AND `case_id` IS NOT NULL AND `activity` IS NOT NULL AND `end_time` IS NOT NULL AND ifNull(toString(`case_id`), '') <> '' AND ifNull(toString(`activity`), '') <> '' GROUP BY cid))
ARRAY JOIN acts AS act, ress AS res, pacts AS prev_act, press AS prev_res, arrayEnumerate(acts) AS pos,
 occs AS occ, hss AS has_start, starts AS t_start, ends AS t_end, pends AS prev_end) AS raw) AS s WHERE pos > 1 AND t_start > prev_end) ARRAY JOIN [(t_from, toInt64(1)), (t_to, toInt64(-1))] AS e GROUP BY act)) AS rel;

