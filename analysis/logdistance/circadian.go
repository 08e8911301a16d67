package logdistance

import "github.com/flowmap/flowmap/analysis/eventlog"

// oneSided is the distance of a weekday on which only one log has
// observations: the widest possible gap between two hours of the day.
const oneSided = 23.0

// CircadianEventDistance is the circadian event distribution distance
// (CEDD), in hours: for each weekday, W1 between the hours of the day of the
// start and end timestamps falling on it in each log (23 when only one log
// has any, 0 when neither has), averaged over the seven weekdays.
func CircadianEventDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return circadianEventDistance(a, b)
}

func circadianEventDistance(a, b *view) (float64, error) {
	byDay := func(v *view) (days [7][]int64) {
		for _, c := range v.cases {
			for _, e := range c {
				for _, t := range [2]int64{e.start, e.end} {
					_, wd, h := utcDay(t)
					days[wd] = append(days[wd], h)
				}
			}
		}
		return days
	}
	da, db := byDay(a), byDay(b)
	var hs [7]hist
	var hb [7]hist
	for d := range 7 {
		hs[d], hb[d] = histOf(da[d]), histOf(db[d])
	}
	return weekdayMean(hs, hb)
}

// weekdayMean averages W1 over the seven weekdays, with 0 for a day empty
// in both and 23 for a day empty in one.
func weekdayMean(a, b [7]hist) (float64, error) {
	var sum float64
	for d := range 7 {
		ea, eb := a[d].total() == 0, b[d].total() == 0
		switch {
		case ea && eb:
		case ea || eb:
			sum += oneSided
		default:
			w, err := w1(a[d], b[d])
			if err != nil {
				return 0, err
			}
			sum += w
		}
	}
	return sum / 7, nil
}

// CircadianWorkforceDistance is the circadian workforce distribution
// distance (CWDD), in hours. Per log, the workforce of a weekday and hour is
// the number of distinct (calendar hour, resource) pairs among the start and
// end timestamps on that weekday and hour, divided by the number of distinct
// dates of that weekday with any timestamp. For each weekday, the hours
// weighted by int(100 × workforce) are compared with W1 (23 when only one
// log has timestamps on it, 0 when neither has), averaged over the weekdays.
func CircadianWorkforceDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return circadianWorkforceDistance(a, b)
}

func circadianWorkforceDistance(a, b *view) (float64, error) {
	ha, hb := workforce(a), workforce(b)
	for d := range 7 {
		// a weekday with timestamps whose weights all truncate to 0 is an
		// empty sample for scipy: an error, not a one-sided day
		if (ha[d].seen && ha[d].h.total() == 0) || (hb[d].seen && hb[d].h.total() == 0) {
			return 0, ErrEmpty
		}
	}
	var xa, xb [7]hist
	for d := range 7 {
		xa[d], xb[d] = ha[d].h, hb[d].h
	}
	return weekdayMean(xa, xb)
}

// dayWorkforce is one weekday's hours weighted by int(100 × workforce),
// seen when the log has any timestamp on that weekday.
type dayWorkforce struct {
	h    hist
	seen bool
}

func workforce(v *view) [7]dayWorkforce {
	type slot struct {
		hour int64 // hours since the epoch
		res  int32
	}
	pairs := map[slot]bool{}
	dates := map[int64]bool{}
	var count [7][24]int64
	for _, c := range v.cases {
		for _, e := range c {
			for _, t := range [2]int64{e.start, e.end} {
				day, wd, h := utcDay(t)
				dates[day] = true
				s := slot{floorDiv(t, hour), e.res}
				if !pairs[s] {
					pairs[s] = true
					count[wd][h]++
				}
			}
		}
	}
	var days [7]int64
	for day := range dates {
		_, wd, _ := utcDay(day * 24 * hour)
		days[wd]++
	}
	var out [7]dayWorkforce
	for d := range 7 {
		out[d].seen = days[d] > 0
		for h := range int64(24) {
			if count[d][h] == 0 {
				continue
			}
			w := int64(float64(count[d][h]) / float64(days[d]) * 100)
			if w > 0 {
				out[d].h.x = append(out[d].h.x, h)
				out[d].h.w = append(out[d].h.w, w)
			}
		}
	}
	return out
}
