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
	idx, _, err := pickColumns(headers, source, &opt, false)
	if err == nil {
		err = missingRoles(idx, source, headers, "")
	}
	if err != nil {
		return Columns{}, err
	}
	name := func(k int) string {
		if idx[k] < 0 {
			return ""
		}
		return headers[idx[k]]
	}
	return Columns{Case: name(0), Activity: name(1), Time: name(2), StartTime: name(3), Resource: name(4)}, nil
}

// The roles a column can play, in the order of pickColumns' result.
const (
	roleCase = iota
	roleActivity
	roleTime
	roleStart
	roleResource
	roleLifecycle
)

// columnRoles are the roles and how each is found: the flag that names its
// column, the names and words that detect it.
func columnRoles(opt *Options) []role {
	return []role{
		{"--case", "case id", opt.Case, caseNames, caseWords, nil},
		{"--activity", "activity", opt.Activity, activityNames, activityWords, nil},
		{"--time", "timestamp", opt.Time, timeNames, timeWords, func(n string) bool { return strings.Contains(n, "start") }},
		{"--start-time", "start timestamp", opt.StartTime, startNames, startWords, nil},
		{"--resource", "resource", opt.Resource, resourceNames, resourceWords, nil},
		{"--lifecycle", "lifecycle", opt.Lifecycle, lifecycleNames, nil, nil},
	}
}

// pickColumns finds the column of each role among headers (CSV headers,
// Parquet fields, a table's columns): the one named by its flag, which must
// exist, else the one detected from common names; idx[role] is -1 when none
// (the lifecycle role only when withLifecycle). taken marks the columns
// used. The error is a named column that does not exist; missingRoles tells
// whether the three required roles were found.
func pickColumns(headers []string, source string, opt *Options, withLifecycle bool) (idx []int, taken map[int]bool, err error) {
	roles := columnRoles(opt)
	if !withLifecycle {
		roles = roles[:roleLifecycle]
	}
	idx = make([]int, len(roles))
	taken = map[int]bool{}
	for k, r := range roles {
		if r.name != "" {
			if idx[k] = findColumn(headers, r.name); idx[k] < 0 {
				return nil, nil, missingColumn(source, ErrMissingColumn, noColumn(r.name, r.flag+" "+r.name, headers), headers)
			}
		} else {
			idx[k] = detectColumn(headers, r.names, r.words, taken, r.excl)
		}
		if idx[k] >= 0 {
			taken[idx[k]] = true
		}
	}
	return idx, taken, nil
}

// missingRoles returns nil when the case, activity and time columns were
// found, else the error naming the missing ones (ErrNotEventLog when all
// three are). activityHint, when the activity is missing, replaces the
// list (a wide export's advice).
func missingRoles(idx []int, source string, headers []string, activityHint string) error {
	if idx[roleCase] >= 0 && idx[roleActivity] >= 0 && idx[roleTime] >= 0 {
		return nil
	}
	kind := ErrMissingColumn
	if idx[roleCase] < 0 && idx[roleActivity] < 0 && idx[roleTime] < 0 {
		kind = ErrNotEventLog
	}
	if idx[roleActivity] < 0 && activityHint != "" {
		return missingColumn(source, kind, "no activity column found; "+activityHint, headers)
	}
	var opt Options
	roles := columnRoles(&opt)
	var miss []string
	for k := range 3 {
		if idx[k] < 0 {
			miss = append(miss, fmt.Sprintf("%s (e.g. %s)", roles[k].what, quoteList(roles[k].names[:3])))
		}
	}
	return missingColumn(source, kind, "not an event log: no column found for "+strings.Join(miss, ", "), headers)
}

// PrimaryResource reports whether a resource column is named as one (else
// a report says which column stands in for the resource).
func PrimaryResource(header string) bool { return primaryResource(header) }
