// Package csvsplit splits CSV records as encoding/csv does, without a
// string per field: the event log reader's fast path.
package csvsplit

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// MaxLine is the longest physical line read: 16 MiB. A longer line (a
// binary file, a file with no line breaks) ends the read with a
// *LineTooLongError: "line 7 is longer than 16 MiB (the limit for a CSV
// line)". A field can never be larger, so memory stays bounded.
const MaxLine = 16 << 20

// MaxMultiline bounds a record that spans lines (a quoted field with line
// breaks): 1 MiB, counted from the start of its first line. A quote that is
// never closed (a stray '"') would otherwise hold every following line in
// one bad record. A record that spans lines and is bad — over this limit,
// not closed at the end of the input, malformed, or with another number of
// fields than Splitter.Want — is reported as one bad record at its first
// line, and reading resumes at the line after that one, so that the lines
// it held are read again as records and counted. Over the limit the error
// is a *csv.ParseError wrapping ErrMultiline.
const MaxMultiline = 1 << 20

// ErrMultiline: a record spanning lines reached MaxMultiline.
var ErrMultiline = fmt.Errorf("quoted field not closed within %d MiB", MaxMultiline>>20)

// LineTooLongError reports a physical line longer than MaxLine.
type LineTooLongError struct {
	Line int // 1-based physical line
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d is longer than %d MiB (the limit for a CSV line)", e.Line, MaxLine>>20)
}

// Span is a field of a record: Buf[Off:End] of the buffer it was split into.
type Span struct{ Off, End int }

// Splitter splits CSV records as encoding/csv's Reader does with Comma set
// to a one-byte delimiter, FieldsPerRecord = -1 and the other options at
// their defaults: the same fields, the same line of each field, the same
// *csv.ParseError values, the same line counting — except for the limits
// MaxLine and MaxMultiline, and that a bad record spanning lines is
// read again from its second line (see MaxMultiline). Instead of a string
// per record it appends the fields to Buf (which the caller owns and
// resets) and describes them in Spans. A line without a quote, the common
// case, is copied once and split with bytes.IndexByte; a line with a quote
// goes through a port of encoding/csv's quoted-field parser.
type Splitter struct {
	r       *bufio.Reader
	comma   byte
	numLine int    // lines read so far (encoding/csv's numLine)
	raw     []byte // a line longer than r's buffer
	rawLen  int    // length of the last line read, before \r\n became \n

	// Want is the number of fields a record must have (0 = any): a record
	// spanning lines with another number is read again from its second
	// line.
	Want int

	// The lines after the first of a record spanning lines, as read, kept
	// to read them again (hold, while holding); lines to read again before
	// r (replay[rpos:]).
	hold, replay, spare []byte
	holding             bool
	rpos                int

	// Output of next, appended to.
	Buf   []byte
	Spans []Span
	Lines []int // line of each field, for records parsed by the slow path
}

// New returns a splitter reading r with the delimiter comma.
func New(r *bufio.Reader, comma byte) *Splitter {
	return &Splitter{r: r, comma: comma}
}

// readLine is encoding/csv's readLine: the next line with its trailing \n
// (none at EOF), \r\n normalised to \n, a \r before EOF dropped.
func (s *Splitter) readLine() ([]byte, error) {
	var line []byte
	var err error
	if s.rpos < len(s.replay) {
		rest := s.replay[s.rpos:]
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		} else {
			line, err = rest, io.EOF // the last line of the input
		}
		s.rpos += len(line)
	} else {
		line, err = s.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			s.raw = append(s.raw[:0], line...)
			for err == bufio.ErrBufferFull && len(s.raw) <= MaxLine+2 {
				line, err = s.r.ReadSlice('\n')
				s.raw = append(s.raw, line...)
			}
			n := len(s.raw) // without the line break
			if n > 0 && s.raw[n-1] == '\n' {
				n--
				if n > 0 && s.raw[n-1] == '\r' {
					n--
				}
			}
			if n > MaxLine {
				return nil, &LineTooLongError{Line: s.numLine + 1}
			}
			line = s.raw
		}
	}
	if s.holding {
		s.hold = append(s.hold, line...)
	}
	readSize := len(line)
	s.rawLen = readSize
	if readSize > 0 && err == io.EOF {
		err = nil
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	s.numLine++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// rewind makes the lines held after the first line of the record that
// started on recLine the next ones to read.
func (s *Splitter) rewind(recLine int) {
	next := append(s.spare[:0], s.hold...)
	next = append(next, s.replay[s.rpos:]...)
	s.spare, s.replay, s.rpos = s.replay, next, 0
	s.numLine = recLine
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// Next reads the next record (empty lines are skipped) and appends it to
// s.Buf and s.Spans. recLine is the line it starts on; perField is true when
// the line of each field was appended to s.Lines (the record went through
// the quoted-field parser and may span lines), false when every field is on
// recLine. err is io.EOF at the end of the input, a *csv.ParseError for
// malformed CSV or a read error; the record then has no fields (buf, spans
// and lines are left as they were).
func (s *Splitter) Next() (recLine int, perField bool, err error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = s.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // skip empty lines
		}
		break
	}
	if errRead == io.EOF {
		return 0, false, errRead
	}
	recLine = s.numLine
	nbuf, nspans, nlines := len(s.Buf), len(s.Spans), len(s.Lines)
	if bytes.IndexByte(line, '"') < 0 {
		// Fast path: no quote, so every field is a plain run of bytes
		// between delimiters on this line.
		line = line[:len(line)-lengthNL(line)]
		off := len(s.Buf)
		s.Buf = append(s.Buf, line...)
		for {
			i := bytes.IndexByte(line, s.comma)
			if i < 0 {
				s.Spans = append(s.Spans, Span{off, off + len(line)})
				break
			}
			s.Spans = append(s.Spans, Span{off, off + i})
			off += i + 1
			line = line[i+1:]
		}
		if errRead != nil {
			s.Buf, s.Spans = s.Buf[:nbuf], s.Spans[:nspans]
		}
		return recLine, false, errRead
	}

	return recLine, true, s.quoted(line, errRead, recLine, nbuf, nspans, nlines)
}

// quoted is Next's slow path for a line with a quote: encoding/csv's
// readRecord, field for field. nbuf, nspans and nlines are the lengths of
// the output to go back to on an error. It stays one function so that it
// can be read line by line against encoding/csv's readRecord, which the
// differential tests compare it with.
func (s *Splitter) quoted(line []byte, errRead error, recLine, nbuf, nspans, nlines int) (err error) {
	openLen := s.rawLen
	s.hold, s.holding = s.hold[:0], false
	over := false
	const quoteLen = 1
	const commaLen = 1
	type position struct{ line, col int }
	pos := position{line: s.numLine, col: 1}
	start := len(s.Buf)
	field := func(line int) {
		s.Spans = append(s.Spans, Span{start, len(s.Buf)})
		s.Lines = append(s.Lines, line)
		start = len(s.Buf)
	}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			var i int
			if i, err = s.plainField(line, recLine, pos.col); err != nil {
				break parseField
			}
			field(pos.line)
			if i >= 0 {
				line = line[i+commaLen:]
				pos.col += i + commaLen
				continue parseField
			}
			break parseField
		}
		// Quoted field.
		fieldPos := pos
		line = line[quoteLen:]
		pos.col += quoteLen
		for {
			i := bytes.IndexByte(line, '"')
			if i >= 0 {
				// Hit the next quote.
				s.Buf = append(s.Buf, line[:i]...)
				line = line[i+quoteLen:]
				pos.col += i + quoteLen
				switch {
				case len(line) > 0 && line[0] == '"':
					// `""`: a quote.
					s.Buf = append(s.Buf, '"')
					line = line[quoteLen:]
					pos.col += quoteLen
				case len(line) > 0 && line[0] == s.comma:
					// `",`: end of field.
					line = line[commaLen:]
					pos.col += commaLen
					field(fieldPos.line)
					continue parseField
				case lengthNL(line) == len(line):
					// `"\n`: end of line.
					field(fieldPos.line)
					break parseField
				default:
					// `"*`: a quote that is neither escaped nor closing.
					err = &csv.ParseError{StartLine: recLine, Line: s.numLine, Column: pos.col - quoteLen, Err: csv.ErrQuote}
					break parseField
				}
			} else if len(line) > 0 {
				// Hit the end of the line: the field goes on.
				s.Buf = append(s.Buf, line...)
				if errRead != nil {
					break parseField
				}
				if openLen+len(s.hold) > MaxMultiline {
					over = true
					break parseField
				}
				pos.col += len(line)
				line, errRead = s.nextLine(&pos.line, &pos.col)
			} else {
				// Abrupt end of file.
				if errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
					break parseField
				}
				field(fieldPos.line)
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	err = s.spanned(err, over, openLen, recLine, nspans)
	if err != nil {
		s.Buf, s.Spans, s.Lines = s.Buf[:nbuf], s.Spans[:nspans], s.Lines[:nlines]
	}
	return err
}

// plainField appends the non-quoted field at the start of line to s.Buf
// and returns the index of the delimiter after it (-1: the field ends the
// line), or a bare-quote error (col: the field's column).
func (s *Splitter) plainField(line []byte, recLine, col int) (int, error) {
	i := bytes.IndexByte(line, s.comma)
	f := line
	if i >= 0 {
		f = f[:i]
	} else {
		f = f[:len(f)-lengthNL(f)]
	}
	if j := bytes.IndexByte(f, '"'); j >= 0 {
		return i, &csv.ParseError{StartLine: recLine, Line: s.numLine, Column: col + j, Err: csv.ErrBareQuote}
	}
	s.Buf = append(s.Buf, f...)
	return i, nil
}

// nextLine reads the next line of a quoted field that spans lines, held
// to be read again if the record is bad, and moves the position (line,
// col) to its start.
func (s *Splitter) nextLine(line, col *int) ([]byte, error) {
	s.holding = true
	next, err := s.readLine()
	s.holding = false
	if len(next) > 0 {
		*line++
		*col = 1
	}
	if err == io.EOF {
		err = nil
	}
	return next, err
}

// spanned checks a record that spans lines (the lines after its first are
// held): if it is bad — err, over the limit (over), or with another number
// of fields than Want — it is one bad record and its other lines are read
// again. It returns the record's error.
func (s *Splitter) spanned(err error, over bool, openLen, recLine, nspans int) error {
	if len(s.hold) == 0 {
		return err
	}
	var pe *csv.ParseError
	switch {
	case err != nil && !errors.As(err, &pe):
		// A read error ends the read.
	case over || openLen+len(s.hold) > MaxMultiline:
		err = &csv.ParseError{StartLine: recLine, Line: recLine, Err: ErrMultiline}
		s.rewind(recLine)
	case err != nil || s.Want > 0 && len(s.Spans)-nspans != s.Want:
		s.rewind(recLine)
	}
	return err
}

// Records reads records one at a time as strings, like an
// encoding/csv Reader with ReuseRecord: for the header row and wide
// exports.
type Records struct {
	s     Splitter
	rec   []string
	lines []int
}

// NewRecords returns a record reader for br with the delimiter comma.
func NewRecords(br *bufio.Reader, comma byte) *Records {
	return &Records{s: Splitter{r: br, comma: comma}}
}

// Splitter returns the splitter under c, to read the records after the
// header without strings.
func (c *Records) Splitter() *Splitter { return &c.s }

// Read returns the next record (valid until the next call), or io.EOF.
func (c *Records) Read() ([]string, error) {
	s := &c.s
	s.Buf, s.Spans, s.Lines = s.Buf[:0], s.Spans[:0], s.Lines[:0]
	recLine, perField, err := s.Next()
	if err != nil {
		return nil, err
	}
	str := string(s.Buf)
	c.rec, c.lines = c.rec[:0], c.lines[:0]
	for i, sp := range s.Spans {
		c.rec = append(c.rec, str[sp.Off:sp.End])
		if perField {
			c.lines = append(c.lines, s.Lines[i])
		} else {
			c.lines = append(c.lines, recLine)
		}
	}
	return c.rec, nil
}

// FieldPos returns the line field i of the last record starts on (the
// column is not tracked: 0).
func (c *Records) FieldPos(i int) (line, column int) {
	return c.lines[i], 0
}
