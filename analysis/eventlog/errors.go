package eventlog

import (
	"errors"
	"fmt"
)

// Sentinel errors. A *ParseError wraps one of them, so callers can test with
// errors.Is.
var (
	// ErrNotEventLog: the input is binary, not XES, or has none of the
	// recognisable case / activity / time columns.
	ErrNotEventLog = errors.New("not an event log")
	// ErrEmpty: the input has no content, or a header but no events.
	ErrEmpty = errors.New("empty event log")
	// ErrMissingColumn: a column named in Options (or a required role that
	// could not be detected) is not in the file.
	ErrMissingColumn = errors.New("missing column")
	// ErrBadTimestamp: a timestamp value cannot be parsed.
	ErrBadTimestamp = errors.New("bad timestamp")
	// ErrMissingValue: a row has an empty case id or activity.
	ErrMissingValue = errors.New("missing value")
	// ErrFieldCount: a CSV row has a different number of fields than the header.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrSyntax: the CSV quoting or the XML is malformed.
	ErrSyntax = errors.New("syntax error")
	// ErrTruncated: the file ends early (a gzip stream cut in the middle or
	// missing its trailer): it is incomplete, and reading it as a shorter
	// log would lose data silently.
	ErrTruncated = errors.New("truncated file")
	// ErrEncoding: the input is not valid UTF-8 (and no Options.Encoding
	// says how to read it).
	ErrEncoding = errors.New("invalid text encoding")
	// ErrTooLarge: a CSV line is longer than MaxLineBytes.
	ErrTooLarge = errors.New("input too large")
)

// ParseError reports a problem at a position in an input file, in the style
// of encoding/csv's ParseError: "file:row: column "c": message".
type ParseError struct {
	File   string // file name as given
	Row    int    // 1-based physical line (header = 1), or 0 when not about a row
	Column string // column name or XES key; "" when not about a cell
	Value  string // offending cell value, if any
	Err    error  // the reason; wraps one of the sentinel errors
}

func (e *ParseError) Error() string {
	s := e.File
	if s == "" {
		s = "input"
	}
	if e.Row > 0 {
		s += fmt.Sprintf(":%d", e.Row)
	}
	s += ": "
	if e.Column != "" {
		s += fmt.Sprintf("column %q: ", e.Column)
	}
	return s + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// reasonError is a plain-language reason that still matches a sentinel
// through errors.Is.
type reasonError struct {
	msg  string
	kind error
}

func (e *reasonError) Error() string { return e.msg }
func (e *reasonError) Unwrap() error { return e.kind }

func reason(kind error, format string, args ...any) error {
	return &reasonError{msg: fmt.Sprintf(format, args...), kind: kind}
}
