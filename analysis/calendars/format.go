package calendars

import (
	"fmt"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// dayAbbr are the day names of flowmap's calendar syntax, by time.Weekday.
var dayAbbr = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// Format prints a week of working intervals (index time.Weekday, each day
// sorted and disjoint, in seconds since midnight) in flowmap's calendar
// syntax: days with the same hours are grouped ("Mon-Fri", "Mon-Wed Fri"),
// groups in the order of their first day from Monday, separated by "; ".
// A week open around the clock prints as "24/7", an empty week as "".
// mapping.ParseCalendar reads the result back to the same intervals.
func Format(week [7][]mapping.Interval) string {
	full := true
	for _, d := range week {
		if len(d) != 1 || d[0].From != 0 || d[0].To != 86400 {
			full = false
			break
		}
	}
	if full {
		return "24/7"
	}
	var groups []string // hours, in order of first day
	members := map[string][]int{}
	for _, wd := range mondayFirst {
		if len(week[wd]) == 0 {
			continue
		}
		h := hours(week[wd])
		if _, ok := members[h]; !ok {
			groups = append(groups, h)
		}
		members[h] = append(members[h], wd)
	}
	var b strings.Builder
	for i, h := range groups {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(days(members[h]))
		b.WriteByte(' ')
		b.WriteString(h)
	}
	return b.String()
}

// position of a weekday from Monday (Monday 0 ... Sunday 6).
func position(wd int) int { return (wd + 6) % 7 }

// days prints weekdays (in Monday-first order) as runs: "Mon-Fri",
// "Mon Wed", "Sat-Sun".
func days(wds []int) string {
	var parts []string
	for i := 0; i < len(wds); {
		j := i
		for j+1 < len(wds) && position(wds[j+1]) == position(wds[j])+1 {
			j++
		}
		if j == i {
			parts = append(parts, dayAbbr[wds[i]])
		} else {
			parts = append(parts, dayAbbr[wds[i]]+"-"+dayAbbr[wds[j]])
		}
		i = j + 1
	}
	return strings.Join(parts, " ")
}

func hours(ivs []mapping.Interval) string {
	parts := make([]string, len(ivs))
	for i, iv := range ivs {
		parts[i] = clock(iv.From) + "-" + clock(iv.To)
	}
	return strings.Join(parts, " ")
}

func clock(s int) string {
	return fmt.Sprintf("%02d:%02d", s/3600, s%3600/60)
}
