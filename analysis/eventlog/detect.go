package eventlog

import (
	"fmt"
	"strings"
)

// DetectColumns picks the case, activity, time, start time and resource
// columns among headers (a database table's column names) as a CSV reader
// does: a column named in opt must exist (case-insensitive), the others are
// detected from common names. source names the table in errors, which wrap
// ErrMissingColumn or ErrNotEventLog. The lifecycle role is not detected:
// a table holds one row per activity instance.
func DetectColumns(headers []string, source string, opt Options) (Columns, error) {
	roles := []role{
		{"--case", "case id", opt.Case, caseNames, caseWords, nil},
		{"--activity", "activity", opt.Activity, activityNames, activityWords, nil},
		{"--time", "timestamp", opt.Time, timeNames, timeWords, func(n string) bool { return strings.Contains(n, "start") }},
		{"--start-time", "start timestamp", opt.StartTime, startNames, startWords, nil},
		{"--resource", "resource", opt.Resource, resourceNames, resourceWords, nil},
	}
	idx := make([]int, len(roles))
	taken := map[int]bool{}
	for k, r := range roles {
		if r.name != "" {
			if idx[k] = findColumn(headers, r.name); idx[k] < 0 {
				return Columns{}, missingColumn(source, ErrMissingColumn, fmt.Sprintf("no column %q (%s %s)", r.name, r.flag, r.name), headers)
			}
		} else {
			idx[k] = detectColumn(headers, r.names, r.words, taken, r.excl)
		}
		if idx[k] >= 0 {
			taken[idx[k]] = true
		}
	}
	var miss []string
	for k := range 3 {
		if idx[k] < 0 {
			miss = append(miss, fmt.Sprintf("%s (e.g. %s)", roles[k].what, quoteList(roles[k].names[:3])))
		}
	}
	if miss != nil {
		kind := ErrMissingColumn
		if len(miss) == 3 {
			kind = ErrNotEventLog
		}
		return Columns{}, missingColumn(source, kind, "not an event log: no column found for "+strings.Join(miss, ", "), headers)
	}
	name := func(k int) string {
		if idx[k] < 0 {
			return ""
		}
		return headers[idx[k]]
	}
	return Columns{Case: name(0), Activity: name(1), Time: name(2), StartTime: name(3), Resource: name(4)}, nil
}

// PrimaryResource reports whether a resource column is named as one (else
// a report says which column stands in for the resource).
func PrimaryResource(header string) bool { return primaryResource(header) }
