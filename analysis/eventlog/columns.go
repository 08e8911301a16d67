package eventlog

import (
	"strings"
)

// Candidate column names per role, most preferred first. XES standard names
// come first, so a CSV exported by PM4Py (which often also has "Activity" and
// "Resource" copies) uses the standard ones.
var (
	caseNames = []string{"case:concept:name", "case_id", "caseid", "case id", "case", "case:id",
		"order_id", "orderid", "order id", "order", "ticket_id", "ticket", "incident_id", "application_id",
		"process_id", "trace_id", "trace", "instance_id"}
	activityNames = []string{"concept:name", "activity", "activity_name", "activityname", "activity name",
		"event", "event_name", "eventname", "task", "task_name", "action", "step", "status", "state", "operation"}
	timeNames = []string{"time:timestamp", "timestamp", "end_timestamp", "end_time", "endtime", "end",
		"complete_timestamp", "complete timestamp", "completion_time", "completed_at", "completetime",
		"time", "event_time", "datetime", "date_time", "date", "created_at"}
	startNames = []string{"start_timestamp", "start_time", "starttime", "start timestamp", "start", "started_at",
		"start_date"}
	resourceNames = []string{"org:resource", "resource", "resource_name", "user", "user_id", "agent",
		"employee", "performer", "actor", "operator", "worker", "org:group", "owner",
		"group", "team", "org:role", "role", "department"}
	lifecycleNames = []string{"lifecycle:transition", "lifecycle", "transition", "event_type", "lifecycle_transition"}
)

// primaryResource reports whether a detected resource column is named as
// one (else the report says which column stands in for the resource).
func primaryResource(header string) bool {
	switch normName(header) {
	case "orgresource", "resource", "resourcename", "resources":
		return true
	}
	return false
}

// Keywords for the last, substring-based detection pass (on normalised names).
var (
	caseWords     = []string{"caseid", "case"}
	activityWords = []string{"activity", "eventname"}
	timeWords     = []string{"timestamp", "endtime", "completetime", "datetime"}
	startWords    = []string{"starttime", "startdate"}
	resourceWords = []string{"resource", "user"}
)

// normName lowercases and drops everything but letters and digits.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// findColumn returns the index of the header named exactly (case-insensitive
// after trimming), or -1.
func findColumn(headers []string, name string) int {
	for i, h := range headers {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			return i
		}
	}
	return -1
}

// detectColumn picks a column for a role: exact (case-insensitive) names in
// preference order, then normalised names, then substrings. Columns in taken
// are skipped; exclude rejects a normalised name in the substring pass.
//
// Columns named "case:..." are case attributes and only considered for the
// case id itself.
func detectColumn(headers []string, names, words []string, taken map[int]bool, exclude func(string) bool) int {
	lower := make([]string, len(headers))
	norm := make([]string, len(headers))
	caseRole := len(names) > 0 && names[0] == caseNames[0]
	for i, h := range headers {
		lower[i] = strings.ToLower(strings.TrimSpace(h))
		norm[i] = normName(h)
		if !caseRole && strings.HasPrefix(lower[i], "case:") {
			lower[i], norm[i] = "", ""
		}
	}
	for _, n := range names {
		for i := range headers {
			if !taken[i] && lower[i] != "" && lower[i] == n {
				return i
			}
		}
	}
	for _, n := range names {
		nn := normName(n)
		for i := range headers {
			if !taken[i] && norm[i] != "" && norm[i] == nn {
				return i
			}
		}
	}
	for _, w := range words {
		for i := range headers {
			if !taken[i] && norm[i] != "" && strings.Contains(norm[i], w) && (exclude == nil || !exclude(norm[i])) {
				return i
			}
		}
	}
	return -1
}
