package eventlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog/internal/csvsplit"
	"github.com/flowmap/flowmap/internal/diag"
)

// lookahead is the number of rows buffered before the first one is
// processed, so that a day/month order can be decided from the data.
const lookahead = 1000

// ReadCSV reads a CSV event log (or, with Options.Wide, a wide export) from r.
// name is used in errors and as Log.Source.
func ReadCSV(r io.Reader, name string, opt Options) (*Log, error) {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 256<<10)
	}
	head, err := br.Peek(4096)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			return nil, &ParseError{File: name, Err: err}
		}
		return nil, emptyLog(name, "the file is empty; expected a CSV event log with a header row (case id, activity, timestamp columns) or an XES log")
	}
	var decoded bool
	if br, decoded, err = decodeInput(br, head, name, &opt); err != nil {
		return nil, err
	} else if decoded {
		head, _ = br.Peek(4096)
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		head = head[3:]
	}
	if looksBinary(head) {
		return nil, notEventLog(name, "looks like binary data; expected a CSV event log (header row with case id, activity and timestamp columns) or an XES log")
	}
	delim := sniffDelimiter(br)
	cr := csvsplit.NewRecords(br, byte(delim))
	header, err := cr.Read()
	if err == io.EOF {
		return nil, emptyLog(name, "the file has no header row; expected a CSV event log")
	}
	if pe := (*csv.ParseError)(nil); err != nil && !errors.As(err, &pe) {
		return nil, readErr(name, err) // a line over the limit, a read error (e.g. a truncated gzip stream)
	}
	if err != nil {
		return nil, notEventLog(name, "cannot read the header row as CSV (%v); expected a CSV event log with case id, activity and timestamp columns", errors.Unwrap(err))
	}
	if i := firstInvalid(header); i >= 0 {
		return nil, invalidUTF8(name, 1, "", header[i])
	}
	headers := make([]string, len(header))
	for i, h := range header {
		headers[i] = strings.TrimSpace(h)
	}
	cr.Splitter().Want = len(headers)
	var lg *Log
	if len(opt.Wide) > 0 {
		lg, err = readWide(cr, headers, name, &opt)
	} else {
		lg, err = readLong(cr, headers, name, &opt)
	}
	if err != nil {
		return nil, err
	}
	lg.Columns.Delimiter = string(delim)
	return lg, nil
}

// sniffDelimiter picks , ; tab or | by counting them, outside quotes, in
// the header line.
func sniffDelimiter(br *bufio.Reader) rune {
	line, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	var n [4]int
	cands := [4]byte{',', ';', '\t', '|'}
	inQ := false
	for _, c := range line {
		if c == '"' {
			inQ = !inQ
			continue
		}
		if inQ {
			continue
		}
		for k, d := range cands {
			if c == d {
				n[k]++
			}
		}
	}
	best := 0
	for k := 1; k < 4; k++ {
		if n[k] > n[best] {
			best = k
		}
	}
	return rune(cands[best])
}

// row is a buffered CSV record with the line of each field.
type row struct {
	rec   []string
	lines []int
	err   error
}

// recordReader is the part of encoding/csv's Reader that rowSource uses.
type recordReader interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
}

// rowSource yields CSV records: first the buffered lookahead rows, then the
// rest of the stream. line(i) is the physical line of field i.
type rowSource struct {
	cr   recordReader
	buf  []row
	pos  int
	cur  *row
	done bool
}

func (s *rowSource) fill(n int) {
	for len(s.buf) < n {
		rec, err := s.cr.Read()
		if err == io.EOF {
			s.done = true
			return
		}
		r := row{err: err}
		if err == nil {
			r.rec = append([]string(nil), rec...)
			r.lines = make([]int, len(rec))
			for i := range rec {
				r.lines[i], _ = s.cr.FieldPos(i)
			}
		}
		s.buf = append(s.buf, r)
	}
}

// next returns the next record, or io.EOF.
func (s *rowSource) next() ([]string, error) {
	if s.pos < len(s.buf) {
		s.cur = &s.buf[s.pos]
		s.pos++
		return s.cur.rec, s.cur.err
	}
	if s.buf != nil {
		s.buf, s.cur = nil, nil
	}
	if s.done {
		return nil, io.EOF
	}
	return s.cr.Read()
}

func (s *rowSource) line(i int) int {
	if s.cur != nil {
		if i < len(s.cur.lines) {
			return s.cur.lines[i]
		}
		return 0
	}
	l, _ := s.cr.FieldPos(i)
	return l
}

// values returns the buffered values of column c.
func (s *rowSource) values(c int) []string {
	var v []string
	for _, r := range s.buf {
		if c < len(r.rec) {
			v = append(v, r.rec[c])
		}
	}
	return v
}

// rowErr turns a csv syntax error into a bad row.
func rowErr(err error) (int, error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.Err == csvsplit.ErrMultiline {
			return pe.StartLine, reason(ErrSyntax, "malformed CSV: the quoted field that starts on line %d is not closed within %d MiB (a stray quote?); reading resumes at line %d", pe.StartLine, csvsplit.MaxMultiline>>20, pe.StartLine+1)
		}
		if pe.Line > pe.StartLine {
			return pe.StartLine, reason(ErrSyntax, "malformed CSV: the quoted field that starts on line %d runs on to line %d (column %d: %v), a stray quote?; reading resumes at line %d", pe.StartLine, pe.Line, pe.Column, pe.Err, pe.StartLine+1)
		}
		return pe.StartLine, reason(ErrSyntax, "malformed CSV at line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return 0, err
}

// readErr is the error that ends a CSV read early: a line over the limit,
// or a read error (e.g. a truncated gzip stream).
func readErr(file string, err error) error {
	if pe := (*ParseError)(nil); errors.As(err, &pe) {
		return err // e.g. invalid UTF-8
	}
	var le *csvsplit.LineTooLongError
	if errors.As(err, &le) {
		return &ParseError{File: file, Row: le.Line, Err: reason(ErrTooLarge, "line is longer than %d MiB, the limit for a CSV line (is this a CSV event log?)", csvsplit.MaxLine>>20)}
	}
	return &ParseError{File: file, Err: err}
}

type role struct {
	flag  string
	what  string
	name  string // option value
	names []string
	words []string
	excl  func(string) bool
}

// noColumn says that no header is want (the value of flag), suggesting
// the closest header.
func noColumn(want, flag string, headers []string) string {
	return fmt.Sprintf("no column %q (%s)%s", want, flag, diag.Suggest(want, headers))
}

func missingColumn(file string, kind error, msg string, headers []string) error {
	return &ParseError{File: file, Err: reason(kind, "%s; headers found: %s; choose columns with --case, --activity and --time", msg, quoteList(headers))}
}

func readLong(cr *csvsplit.Records, headers []string, name string, opt *Options) (*Log, error) {
	idx, taken, err := pickColumns(headers, name, opt, true)
	if err != nil {
		return nil, err
	}
	ci, ai, ti, si, ri, li := idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]
	hint := ""
	if ai < 0 {
		hint = wideHint(cr, headers, ci)
	}
	if err := missingRoles(idx, name, headers, hint); err != nil {
		return nil, err
	}

	b := newBuilder(name, "csv", opt)
	lg := b.log
	lg.Columns = Columns{Case: headers[ci], Activity: headers[ai], Time: headers[ti], TimeZone: zoneName(opt.Location)}
	if si >= 0 {
		lg.Columns.StartTime = headers[si]
	}
	if ri >= 0 {
		lg.Columns.Resource = headers[ri]
		if opt.Resource == "" && !primaryResource(headers[ri]) {
			b.warn("there is no resource column: column %q is used as the resource (use --resource to choose another)", headers[ri])
		}
	}
	ii := -1
	if li >= 0 {
		lg.Columns.Lifecycle = headers[li]
		if si < 0 {
			b.lifecycle = true
			b.lcKeyName = headers[li]
			ii = findColumn(headers, "concept:instance")
			if ii >= 0 {
				taken[ii] = true
			}
		} else {
			b.warn("column %q (lifecycle) is kept as data: start times come from column %q", headers[li], headers[si])
			taken[li] = false
		}
	}
	// Case attributes: "case:" columns; event attributes: the rest.
	var caseAttrs, eventAttrs []attrCol
	for i, h := range headers {
		if taken[i] || h == "" {
			continue
		}
		if len(h) > 5 && strings.EqualFold(h[:5], "case:") {
			caseAttrs = append(caseAttrs, attrCol{i, h[5:]})
			b.caseAttrColumn(h[5:])
		} else if opt.EventAttrs {
			eventAttrs = append(eventAttrs, attrCol{i, h})
		}
	}
	p := &longPipe{
		b: b, s: cr.Splitter(), headers: headers, ncol: len(headers),
		ci: ci, ai: ai, ti: ti, si: si, ri: ri, li: li, ii: ii,
		caseAttrs: caseAttrs, eventAttrs: eventAttrs,
		tc: newTimeCol(headers[ti], opt),
	}
	if si >= 0 {
		p.sc = newTimeCol(headers[si], opt)
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	return finishRead(b, []*timeCol{p.tc, p.sc})
}

// wideHint reads the first rows after the header and, when two or more
// columns hold only timestamps (a wide export: one row per case, a column
// per milestone), returns the command line that reads the file as one.
func wideHint(cr interface{ Read() ([]string, error) }, headers []string, ci int) string {
	stamps := make([]int, len(headers)) // values read as timestamps; -1: a value that is not one
	for n := 0; n < 50; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil || len(rec) != len(headers) {
			continue
		}
		for i, v := range rec {
			if v = strings.TrimSpace(v); v == "" || stamps[i] < 0 || i == ci {
				continue
			}
			if k, _ := detectKind(v); k == tsNone || k == tsUnixSec || k == tsUnixMilli {
				stamps[i] = -1
			} else {
				stamps[i]++
			}
		}
	}
	var cols []string
	for i, n := range stamps {
		if n > 0 && headers[i] != "" {
			cols = append(cols, headers[i])
		}
	}
	if len(cols) < 2 {
		return ""
	}
	caseCol := "CASE_COLUMN"
	if ci >= 0 {
		caseCol = headers[ci]
	}
	return fmt.Sprintf("this looks like a wide export (one row per case, a timestamp column per milestone: %s); read it with --wide %s --case %s",
		quoteList(cols), shellWord(strings.Join(cols, ",")), shellWord(caseCol))
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.,:/@+", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// attrCol is a column kept as a case or event attribute.
type attrCol struct {
	i   int
	key string
}

// finishRead completes the log and reports the time columns.
func finishRead(b *builder, tcs []*timeCol) (*Log, error) {
	lg := b.log
	for _, tc := range tcs {
		if tc == nil {
			continue
		}
		if tc.detected {
			if lg.Columns.TimeFormats == nil {
				lg.Columns.TimeFormats = map[string]string{}
			}
			lg.Columns.TimeFormats[tc.name] = tc.layout
		}
		lg.Quality.Warnings = append(lg.Quality.Warnings, tc.warnings()...)
		lg.Quality.DSTGap += tc.dst[dstGap].n
		lg.Quality.DSTRepeated += tc.dst[dstRepeated].n
		b.timeSamples(tc.dst[dstGap].samples)
		b.timeSamples(tc.dst[dstRepeated].samples)
	}
	if b.tooLarge > 0 {
		return nil, &ParseError{File: b.file, Err: reason(ErrTooLarge, "more than %d events (or lines): the most a log can hold", MaxEvents)}
	}
	b.finish()
	q := &lg.Quality
	if q.Rows == 0 {
		return nil, emptyLog(b.file, "no events: the file has a header but no data rows")
	}
	if lg.Events() == 0 && q.BadRows > 0 && len(q.Samples) > 0 {
		s := q.Samples[0]
		return nil, &ParseError{File: b.file, Row: s.Row, Column: s.Column, Value: s.Value,
			Err: reason(ErrNotEventLog, "no event could be read (%d of %d rows bad); first: %s", q.BadRows, q.Rows, s.Reason)}
	}
	return lg, nil
}

func zoneName(loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	return loc.String()
}

// wideReader reads the rows of a wide export: one case per row, one event
// per non-empty milestone cell.
type wideReader struct {
	b       *builder
	src     *rowSource
	headers []string
	name    string
	opt     *Options
	ci, ri  int
	wide    []int // the milestone columns
	acts    []int32
	tcs     []*timeCol
	attrs   []attrCol
	evs     []Instance // the events of the row being read
}

func readWide(cr recordReader, headers []string, name string, opt *Options) (*Log, error) {
	w := &wideReader{headers: headers, name: name, opt: opt, ri: -1}
	taken, err := w.columns()
	if err != nil {
		return nil, err
	}
	b := newBuilder(name, "wide", opt)
	w.b = b
	lg := b.log
	lg.Columns = Columns{Case: headers[w.ci], Wide: append([]string(nil), opt.Wide...), TimeZone: zoneName(opt.Location)}
	if w.ri >= 0 {
		lg.Columns.Resource = headers[w.ri]
	}
	w.src = &rowSource{cr: cr}
	w.src.fill(lookahead)
	w.acts = make([]int32, len(w.wide))
	w.tcs = make([]*timeCol, len(w.wide))
	for k, i := range w.wide {
		w.acts[k] = b.activity(headers[i])
		w.tcs[k] = newTimeCol(headers[i], opt)
		w.tcs[k].resolve(w.src.values(i))
	}
	for i, h := range headers {
		if taken[i] || h == "" {
			continue
		}
		key := h
		if len(h) > 5 && strings.EqualFold(h[:5], "case:") {
			key = h[5:]
		}
		w.attrs = append(w.attrs, attrCol{i, key})
		b.caseAttrColumn(key)
	}
	for {
		rec, err := w.src.next()
		if err == io.EOF {
			break
		}
		lg.Quality.Rows++
		if err := w.row(rec, err); err != nil {
			return nil, err
		}
	}
	return finishRead(b, w.tcs)
}

// columns finds the case id, milestone and resource columns.
func (w *wideReader) columns() (taken map[int]bool, err error) {
	headers, name, opt := w.headers, w.name, w.opt
	if opt.Case != "" {
		if w.ci = findColumn(headers, opt.Case); w.ci < 0 {
			return nil, missingColumn(name, ErrMissingColumn, noColumn(opt.Case, "--case "+opt.Case, headers), headers)
		}
	} else if w.ci = detectColumn(headers, caseNames, caseWords, nil, nil); w.ci < 0 {
		return nil, missingColumn(name, ErrMissingColumn, "wide export: no case id column found (use --case)", headers)
	}
	taken = map[int]bool{w.ci: true}
	w.wide = make([]int, len(opt.Wide))
	for k, c := range opt.Wide {
		w.wide[k] = -1
		for i, h := range headers {
			if h == strings.TrimSpace(c) && !taken[i] {
				w.wide[k] = i
				break
			}
		}
		if w.wide[k] < 0 {
			if w.wide[k] = findColumn(headers, c); w.wide[k] < 0 {
				return nil, missingColumn(name, ErrMissingColumn, noColumn(c, "--wide", headers), headers)
			}
		}
		taken[w.wide[k]] = true
	}
	if opt.Resource != "" {
		if w.ri = findColumn(headers, opt.Resource); w.ri < 0 {
			return nil, missingColumn(name, ErrMissingColumn, noColumn(opt.Resource, "--resource "+opt.Resource, headers), headers)
		}
		taken[w.ri] = true
	}
	return taken, nil
}

// row reads one record (or its error): a bad row, or a case with an event
// per milestone. A row with no milestone at all is a bad row.
func (w *wideReader) row(rec []string, err error) error {
	b, src, headers := w.b, w.src, w.headers
	if err != nil {
		line, e := rowErr(err)
		if line == 0 {
			return readErr(w.name, e)
		}
		return b.bad(line, "", "", e)
	}
	line := src.line(0)
	if i := firstInvalid(rec); i >= 0 {
		return invalidUTF8(w.name, src.line(i), headers[i], rec[i])
	}
	if ncol := len(headers); len(rec) != ncol {
		return b.bad(line, "", "", fieldCount(len(rec), headers))
	}
	if rec[w.ci] == "" {
		return b.bad(line, headers[w.ci], "", reason(ErrMissingValue, "empty case id"))
	}
	res := int32(-1)
	if w.ri >= 0 {
		res = b.resource(rec[w.ri])
	}
	w.evs = w.evs[:0]
	cells := 0
	for k, i := range w.wide {
		v := rec[i]
		if v == "" {
			continue
		}
		cells++
		t, ok := w.tcs[k].parseAt(v, src.line(i))
		if !ok {
			if err := b.bad(src.line(i), headers[i], v, w.tcs[k].badValue(v)); err != nil {
				return err
			}
			continue
		}
		b.endClock(w.acts[k], w.tcs[k].midnight)
		w.evs = append(w.evs, Instance{Activity: w.acts[k], Resource: res, Enabled: NoTime, Start: NoTime, End: t, Row: w.b.row32(line)})
	}
	if cells == 0 {
		return b.bad(line, "", "", reason(ErrMissingValue, "no milestone timestamp in columns %s", quoteList(w.opt.Wide)))
	}
	if len(w.evs) == 0 {
		return nil // every milestone cell was bad (counted above)
	}
	c := b.caseOf(rec[w.ci])
	for _, in := range w.evs {
		b.add(c, in)
	}
	for k, a := range w.attrs {
		b.setCaseAttrAt(k, c, rec[a.i])
	}
	return nil
}

// fieldCount explains a row whose number of fields is not the header's:
// which columns have no value, or that the row runs past the last one
// (often a delimiter inside a value that is not quoted).
func fieldCount(n int, headers []string) error {
	switch {
	case n < len(headers) && len(headers)-n == 1:
		return reason(ErrFieldCount, "row has %d fields, the header has %d: no value for column %q", n, len(headers), headers[n])
	case n < len(headers):
		return reason(ErrFieldCount, "row has %d fields, the header has %d: no values for columns %q to %q", n, len(headers), headers[n], headers[len(headers)-1])
	}
	return reason(ErrFieldCount, "row has %d fields, the header has %d: %d more than the columns (a delimiter inside a value that is not in quotes?)", n, len(headers), n-len(headers))
}
