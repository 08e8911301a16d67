package eventlog

import "math"

// NoTime marks an unknown timestamp in an Instance (Enabled or Start).
const NoTime int64 = math.MinInt64

// Log is an event log grouped into cases. Activity and resource names are
// interned: an Instance refers to them by index into Activities and
// Resources, which keeps a million-event log compact and makes comparisons
// cheap.
type Log struct {
	Source     string   // file name as given by the user
	Format     string   // "csv", "xes", "wide", "parquet"
	Activities []string // interned activity names, in order of first appearance
	Resources  []string // interned resource names, in order of first appearance
	Cases      []Case   // in order of first appearance in the file

	// EventAttrs holds the extra event attributes, by Instance.Seq: nil
	// when no event has any (they are read only with Options.EventAttrs,
	// or when lifecycle values are kept as data). An entry is nil for an
	// event without attributes. Kept apart from the instances so that an
	// Instance stays small and pointer-free. See Attrs.
	EventAttrs []map[string]string

	// HasStartTimes is true when at least one instance has a known start
	// (a start timestamp column, or XES lifecycle start events).
	HasStartTimes bool
	// HasEnabledTimes is true when at least one instance has a known enabled
	// time (XES lifecycle schedule/assign events).
	HasEnabledTimes bool

	Columns Columns // which columns / attribute keys were used
	Quality Quality // data-quality report: bad rows, warnings, counts
}

// Case is one case (order, ticket, application) with its activity instances
// in trace order: sorted by start when known, else by end; equal starts by
// end; then file order of the completing event (Seq), as PM4Py orders them.
type Case struct {
	ID        string
	Attrs     map[string]string // case attributes (XES trace attributes, wide/extra CSV columns); nil when none
	Instances []Instance
}

// Instance is one execution of an activity in a case. For a single-timestamp
// log it is one event (End set, Start and Enabled = NoTime). For lifecycle
// logs a start and a complete event are paired into one instance.
// Times are Unix nanoseconds (UTC instants).
//
// An Instance is 40 bytes and holds no pointer (the garbage collector does
// not scan the instances of a log); its extra attributes are in
// Log.EventAttrs.
type Instance struct {
	Activity int32 // index into Log.Activities
	Resource int32 // index into Log.Resources; -1 when missing (field absent or empty)
	Enabled  int64 // when the work was queued (schedule/assign); NoTime if unknown
	Start    int64 // when work began; NoTime if unknown
	End      int64 // when work completed (the complete event / the only timestamp)
	Row      int32 // 1-based physical line (CSV) or line of the event element (XES) of the complete event
	Seq      int32 // position in the file among all events (for stable ordering; the index into Log.EventAttrs)
}

// MaxEvents is the most events (rows, or XES events) a log can hold: an
// Instance keeps its row and position as 32-bit numbers. A larger input is
// an ErrTooLarge error, never a silent wrap-around.
const MaxEvents = math.MaxInt32

// Attrs returns the extra attributes of in (an instance of l): nil when it
// has none or they were not read (Options.EventAttrs).
func (l *Log) Attrs(in *Instance) map[string]string {
	if int(in.Seq) < len(l.EventAttrs) {
		return l.EventAttrs[in.Seq]
	}
	return nil
}

// SortTime is the time a trace is ordered by: the start when known, else the end.
func (in *Instance) SortTime() int64 {
	if in.Start != NoTime {
		return in.Start
	}
	return in.End
}

// Columns records which input columns (CSV headers) or XES attribute keys were
// used for each role. Empty means "not used / not present".
type Columns struct {
	Case      string   `json:"case"`
	Activity  string   `json:"activity"`
	Time      string   `json:"time"`
	StartTime string   `json:"start_time,omitempty"`
	Resource  string   `json:"resource,omitempty"`
	Lifecycle string   `json:"lifecycle,omitempty"`
	Wide      []string `json:"wide,omitempty"`
	// TimeZone is the zone used for timestamps written without an offset.
	TimeZone string `json:"time_zone"`
	// TimeFormats lists the detected timestamp layout per time column.
	TimeFormats map[string]string `json:"time_formats,omitempty"`
	Delimiter   string            `json:"delimiter,omitempty"`
}

// Quality is the data-quality report of a read: nothing is dropped silently.
type Quality struct {
	Rows             int            `json:"rows"`                            // data rows (CSV) / event elements (XES) read, bad ones included
	BadRows          int            `json:"bad_rows"`                        // rows that yielded no event
	Samples          []BadRow       `json:"samples"`                         // first bad rows (bounded)
	Warnings         []string       `json:"warnings"`                        // plain-language notes (lifecycle kept as data, naive timestamps read in UTC, ...)
	Duplicates       int            `json:"duplicate_events"`                // extra instances with the same case, activity and end time as an earlier one (kept)
	OutOfOrder       int            `json:"out_of_order_events"`             // events earlier than the previous event of their case in the file
	Unmatched        int            `json:"unmatched_lifecycle"`             // lifecycle start events without a complete (they make no instance)
	UnmatchedSamples []BadRow       `json:"unmatched_samples,omitempty"`     // first unmatched starts (bounded)
	Transitions      map[string]int `json:"lifecycle_transitions,omitempty"` // count per lifecycle value seen
	Ignored          int            `json:"ignored_lifecycle_events"`        // suspend/resume/abort/assign, schedules never started... counted, no flow step

	// Timestamps kept but questionable (the event stays; see TimeSamples).
	DSTGap      int `json:"dst_gap,omitempty"`      // wall-clock times (read in Columns.TimeZone) that do not exist there: read with the offset before the change
	DSTRepeated int `json:"dst_repeated,omitempty"` // wall-clock times that exist twice there (fall back): read as the first
	// In a log with start times: instances without a start (of an activity
	// that has starts elsewhere; one that never has a start is instant), and
	// instances whose start is after their end. The latter, and the former
	// in a log with a start-time column, have an unknown service time (the
	// analysis leaves them out); a complete without a start event in a
	// lifecycle log is read as instant (0 s), as PM4Py does.
	MissingStart  int `json:"missing_start,omitempty"`
	StartAfterEnd int `json:"start_after_end,omitempty"`
	// TimeSamples samples the rows behind DSTGap, DSTRepeated,
	// MissingStart and StartAfterEnd, in row order (bounded).
	TimeSamples []BadRow `json:"time_samples,omitempty"`
}

// BadRow is one sampled bad row: where it is and why it was rejected.
type BadRow struct {
	Row    int    `json:"row"`    // 1-based physical line, header included
	Column string `json:"column"` // column name or XES key
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// Events returns the total number of activity instances in the log.
func (l *Log) Events() int {
	n := 0
	for i := range l.Cases {
		n += len(l.Cases[i].Instances)
	}
	return n
}
