package main

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"github.com/spf13/pflag"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/render/text"
)

// logFlags are the flags that say how to read an event log; analyze and
// report share them.
type logFlags struct {
	eventlog.Options
	Wide     string
	TZ       string
	Strict   bool
	Calendar string // --calendar FILE: working calendars for the waiting causes
	Where    string // --where SQL: rows of a database table (URL logs only)
	Seq      string // --seq COLUMN: orders equal timestamps in a database table
}

func (lf *logFlags) register(f *pflag.FlagSet) {
	f.StringVar(&lf.Case, "case", "", "case id column or XES key (default: detected)")
	f.StringVar(&lf.Activity, "activity", "", "activity column or XES key (default: detected)")
	f.StringVar(&lf.Time, "time", "", "timestamp (completion) column or XES key (default: detected)")
	f.StringVar(&lf.StartTime, "start-time", "", "start timestamp column (default: detected)")
	f.StringVar(&lf.Resource, "resource", "", "resource column or XES key, e.g. org:group (default: detected)")
	f.StringVar(&lf.Lifecycle, "lifecycle", "", "lifecycle column or XES key (default: detected)")
	f.StringVar(&lf.TimeFormat, "time-format", "", "layout of all time columns: strftime (%d/%m/%Y %H:%M) or Go (02/01/2006 15:04), or unix / unix_ms (default: detected per column)")
	f.StringVar(&lf.TZ, "tz", "", "time zone for timestamps without UTC offset (default UTC; the report says so)")
	f.StringVar(&lf.Wide, "wide", "", "wide order export: comma-separated timestamp columns, one event per non-empty cell")
	f.StringVar(&lf.Encoding, "encoding", "", "text encoding of the log: utf-8 (default), latin1, windows-1252, utf-16 (UTF-16 with a byte-order mark is detected)")
	f.BoolVar(&lf.Strict, "strict", false, "treat the first bad row as an error (exit 3)")
	f.StringVar(&lf.Where, "where", "", "database table only: SQL condition on its rows, e.g. \"shop = 'berlin' AND end_time >= '2026-01-01'\"")
	f.StringVar(&lf.Seq, "seq", "", "database table only: column ordering equal timestamps, e.g. the row number of the file it came from (default: activity name)")
	f.StringVar(&lf.Calendar, "calendar", "", "working calendars (YAML) by resource or owner for the waiting causes: calendars: {Marcus: \"Mon-Fri 08:00-17:00\"}, default:, holidays:")
}

// calendars reads the --calendar file (nil without one), printing its
// problems to stderr like a map's.
func (lf *logFlags) calendars(s Streams) (*analysis.CalendarFile, error) {
	if lf.Calendar == "" {
		return nil, nil
	}
	cf, err := analysis.ReadCalendarFile(lf.Calendar)
	if err != nil {
		return nil, listProblems(err, s)
	}
	return cf, nil
}

// options resolves the flags into reader options (usage errors for a bad zone).
func (lf *logFlags) options() (eventlog.Options, error) {
	o := lf.Options
	if strings.Contains(o.TimeFormat, "%") {
		layout, err := strftimeLayout(o.TimeFormat)
		if err != nil {
			return o, usageError{err: err}
		}
		o.TimeFormat = layout
	}
	if lf.TZ != "" {
		loc, err := time.LoadLocation(lf.TZ)
		if err != nil {
			return o, usageError{err: fmt.Errorf("--tz %q: unknown time zone (use e.g. UTC, Europe/Berlin, America/New_York)", lf.TZ)}
		}
		o.Location = loc
	}
	for _, c := range strings.Split(lf.Wide, ",") {
		if c = strings.TrimSpace(c); c != "" {
			if slices.Contains(o.Wide, c) {
				return o, usageError{err: fmt.Errorf("--wide names column %q twice: each milestone column once", c)}
			}
			o.Wide = append(o.Wide, c)
		}
	}
	if err := eventlog.CheckEncoding(o.Encoding); err != nil {
		return o, usageError{err: fmt.Errorf("--encoding: %v", err)}
	}
	o.Strict = lf.Strict
	return o, nil
}

// strftimeLayout turns a strftime format such as "%d/%m/%Y %H:%M" into the
// Go layout the readers take ("02/01/2006 15:04").
func strftimeLayout(f string) (string, error) {
	repl := map[byte]string{
		'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'H': "15", 'I': "03", 'M': "04", 'S': "05",
		'f': "000000", 'p': "PM", 'b': "Jan", 'h': "Jan", 'B': "January", 'a': "Mon", 'A': "Monday",
		'z': "-0700", 'Z': "MST", 'T': "15:04:05", 'F': "2006-01-02", '%': "%",
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		if i+1 >= len(f) {
			return "", fmt.Errorf("--time-format %q ends with a lone %%", f)
		}
		i++
		r, ok := repl[f[i]]
		if !ok {
			return "", fmt.Errorf("--time-format %q: %%%c is not supported (use %%Y %%m %%d %%H %%M %%S %%f %%z, or a Go layout such as 02/01/2006 15:04)", f, f[i])
		}
		b.WriteString(r)
	}
	return b.String(), nil
}

// readLog reads an event log, with a progress line on a terminal.
func readLog(path string, cols eventlog.Options, quiet bool, s Streams) (*eventlog.Log, error) {
	progress, done := progressLine(s.Err, quiet, "reading "+path)
	cols.Progress = progress
	tuneGCForLog(path)
	l, err := eventlog.ReadFile(path, cols)
	done()
	if err != nil {
		return nil, logError(err)
	}
	if q := l.Quality; q.BadRows > 0 {
		// Printed even with -q: rows that yield no event are data left out.
		fmt.Fprintf(s.Err, "warning: %s: %s of %s rows skipped as bad (%s); see Data quality (or --json log.quality) for which and why, --strict to stop at the first\n",
			text.Safe(path), format.Thousands(q.BadRows), format.Thousands(q.Rows), format.Percent(float64(q.BadRows)/float64(max(q.Rows, 1))))
	}
	return l, nil
}

// logError marks reader errors about the file's content as invalid input.
func logError(err error) error {
	var pe *eventlog.ParseError
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return err // the file could not be read at all (missing, a directory, no permission): I/O, exit 1
	}
	for _, kind := range []error{eventlog.ErrNotEventLog, eventlog.ErrEmpty, eventlog.ErrMissingColumn, eventlog.ErrBadTimestamp,
		eventlog.ErrMissingValue, eventlog.ErrFieldCount, eventlog.ErrSyntax, eventlog.ErrEncoding} {
		if errors.Is(err, kind) {
			return invalidInput{err}
		}
	}
	if errors.As(err, &pe) {
		return invalidInput{err}
	}
	return err
}
