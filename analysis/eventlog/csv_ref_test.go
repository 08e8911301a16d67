package eventlog

// This file keeps the encoding/csv reader that the pipelined ReadCSV
// (csv_pipe.go) replaced, verbatim but for the names, as the reference for
// the differential tests (csv_diff_test.go) — with encoding/csv wrapped in
// recoverReader, which applies the splitter's limit and recovery rule for
// records spanning lines (csvsplit.MaxMultiline). Wide exports are read by
// the production readWide, fed by encoding/csv.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing/iotest"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog/internal/csvsplit"
)

// lookaheadRef is the number of rows buffered before the first one is
// processed, so that a day/month order can be decided from the data.
const lookaheadRef = 1000

// readCSVRef reads a CSV event log (or, with Options.Wide, a wide export) from r.
// name is used in errors and as Log.Source.
func readCSVRef(r io.Reader, name string, opt Options) (*Log, error) {
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
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		head = head[3:]
	}
	if looksBinary(head) {
		return nil, notEventLog(name, "looks like binary data; expected a CSV event log (header row with case id, activity and timestamp columns) or an XES log")
	}
	delim := sniffDelimiterRef(br)
	data, rerr := io.ReadAll(br)
	cr := newRecoverReader(data, rerr, delim)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, emptyLog(name, "the file has no header row; expected a CSV event log")
	}
	if pe := (*csv.ParseError)(nil); err != nil && !errors.As(err, &pe) {
		return nil, &ParseError{File: name, Err: err} // a read error, e.g. a truncated gzip stream
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
	cr.want = len(headers)
	var lg *Log
	if len(opt.Wide) > 0 {
		// Wide exports: the production readWide reads any recordReader,
		// so it is the one wide reader, fed by encoding/csv here.
		lg, err = readWide(cr, headers, name, &opt)
	} else {
		lg, err = readLongRef(cr, headers, name, &opt)
	}
	if err != nil {
		return nil, err
	}
	lg.Columns.Delimiter = string(delim)
	return lg, nil
}

// sniffDelimiterRef picks , ; tab or | by counting them, outside quotes, in
// the header line.
func sniffDelimiterRef(br *bufio.Reader) rune {
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
type rowRef struct {
	rec   []string
	lines []int
	err   error
}

// rowSourceRef yields CSV records: first the buffered lookaheadRef rows, then the
// rest of the stream. line(i) is the physical line of field i.
type rowSourceRef struct {
	cr   recordReader
	buf  []rowRef
	pos  int
	cur  *rowRef
	done bool
}

func (s *rowSourceRef) fill(n int) {
	for len(s.buf) < n {
		rec, err := s.cr.Read()
		if err == io.EOF {
			s.done = true
			return
		}
		r := rowRef{err: err}
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
func (s *rowSourceRef) next() ([]string, error) {
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

func (s *rowSourceRef) line(i int) int {
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
func (s *rowSourceRef) values(c int) []string {
	var v []string
	for _, r := range s.buf {
		if c < len(r.rec) {
			v = append(v, r.rec[c])
		}
	}
	return v
}

type roleRef struct {
	flag  string
	what  string
	name  string // option value
	names []string
	words []string
	excl  func(string) bool
}

func missingColumnRef(file string, kind error, msg string, headers []string) error {
	return &ParseError{File: file, Err: reason(kind, "%s; headers found: %s; choose columns with --case, --activity and --time", msg, quoteList(headers))}
}

func readLongRef(cr recordReader, headers []string, name string, opt *Options) (*Log, error) {
	roles := []roleRef{
		{"--case", "case id", opt.Case, caseNames, caseWords, nil},
		{"--activity", "activity", opt.Activity, activityNames, activityWords, nil},
		{"--time", "timestamp", opt.Time, timeNames, timeWords, func(n string) bool { return strings.Contains(n, "start") }},
		{"--start-time", "start timestamp", opt.StartTime, startNames, startWords, nil},
		{"--resource", "resource", opt.Resource, resourceNames, resourceWords, nil},
		{"--lifecycle", "lifecycle", opt.Lifecycle, lifecycleNames, nil, nil},
	}
	idx := make([]int, len(roles))
	taken := map[int]bool{}
	for k, r := range roles {
		if r.name != "" {
			idx[k] = findColumn(headers, r.name)
			if idx[k] < 0 {
				return nil, missingColumnRef(name, ErrMissingColumn, noColumn(r.name, r.flag+" "+r.name, headers), headers)
			}
		} else {
			idx[k] = detectColumn(headers, r.names, r.words, taken, r.excl)
		}
		if idx[k] >= 0 {
			taken[idx[k]] = true
		}
	}
	ci, ai, ti, si, ri, li := idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]
	if ci < 0 || ai < 0 || ti < 0 {
		var miss []string
		for k := 0; k < 3; k++ {
			if idx[k] < 0 {
				miss = append(miss, fmt.Sprintf("%s (e.g. %s)", roles[k].what, quoteList(roles[k].names[:3])))
			}
		}
		kind := ErrMissingColumn
		if ci < 0 && ai < 0 && ti < 0 {
			kind = ErrNotEventLog
		}
		if ai < 0 {
			if hint := wideHint(cr, headers, ci); hint != "" {
				return nil, missingColumnRef(name, kind, "no activity column found; "+hint, headers)
			}
		}
		return nil, missingColumnRef(name, kind, "not an event log: no column found for "+strings.Join(miss, ", "), headers)
	}

	b := newBuilder(name, "csv", opt)
	lg := b.log
	lg.Columns = Columns{Case: headers[ci], Activity: headers[ai], Time: headers[ti], TimeZone: zoneNameRef(opt.Location)}
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
	type attrCol struct {
		i   int
		key string
	}
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

	src := &rowSourceRef{cr: cr}
	src.fill(lookaheadRef)
	tc := newTimeCol(headers[ti], opt)
	tc.resolve(src.values(ti))
	var sc *timeCol
	if si >= 0 {
		sc = newTimeCol(headers[si], opt)
		sc.resolve(src.values(si))
	}
	ncol := len(headers)
	q := &lg.Quality
	for {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		q.Rows++
		if err != nil {
			line, e := rowErr(err)
			if line == 0 {
				return nil, readErr(name, e)
			}
			if err := b.bad(line, "", "", e); err != nil {
				return nil, err
			}
			continue
		}
		line := src.line(0)
		if i := firstInvalid(rec); i >= 0 {
			col := ""
			if i < ncol {
				col = headers[i]
			}
			return nil, invalidUTF8(name, src.line(i), col, rec[i])
		}
		if len(rec) != ncol {
			if err := b.bad(line, "", "", fieldCount(len(rec), headers)); err != nil {
				return nil, err
			}
			continue
		}
		cid, act, ts := rec[ci], rec[ai], rec[ti]
		if cid == "" {
			if err := b.bad(line, headers[ci], "", reason(ErrMissingValue, "empty case id")); err != nil {
				return nil, err
			}
			continue
		}
		if act == "" {
			if err := b.bad(line, headers[ai], "", reason(ErrMissingValue, "empty activity")); err != nil {
				return nil, err
			}
			continue
		}
		end, ok := tc.parseAt(ts, src.line(ti))
		if !ok {
			var e error
			if ts == "" {
				e = reason(ErrBadTimestamp, "empty timestamp")
			} else {
				e = tc.badValue(ts)
			}
			if err := b.bad(src.line(ti), headers[ti], ts, e); err != nil {
				return nil, err
			}
			continue
		}
		start := NoTime
		if sc != nil && rec[si] != "" {
			if start, ok = sc.parseAt(rec[si], src.line(si)); !ok {
				if err := b.bad(src.line(si), headers[si], rec[si], sc.badValue(rec[si])); err != nil {
					return nil, err
				}
				continue
			}
		}
		res := int32(-1)
		if ri >= 0 {
			res = b.resource(rec[ri])
		}
		c := b.caseOf(cid)
		in := Instance{Activity: b.activity(act), Resource: res, Enabled: NoTime, Start: start, End: end, Row: b.row32(line)}
		b.endClock(in.Activity, tc.midnight)
		var attrs map[string]string
		for _, a := range eventAttrs {
			if v := rec[a.i]; v != "" {
				if attrs == nil {
					attrs = make(map[string]string)
				}
				attrs[a.key] = strings.Clone(v)
			}
		}
		b.eventAttrs(attrs)
		if b.lifecycle {
			lc := lcInfo{trans: -1, inst: -1}
			if v := rec[li]; v != "" {
				lc.trans = b.transition(v)
			}
			if ii >= 0 {
				lc.inst = b.instance(rec[ii])
			}
			b.addLC(c, in, lc)
		} else {
			b.add(c, in)
		}
		for k, a := range caseAttrs {
			b.setCaseAttrAt(k, c, rec[a.i])
		}
	}
	return finishReadRef(b, []*timeCol{tc, sc})
}

// finishReadRef completes the log and reports the time columns.
func finishReadRef(b *builder, tcs []*timeCol) (*Log, error) {
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

func zoneNameRef(loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	return loc.String()
}

// recoverReader is encoding/csv with the recovery rule of the splitter
// (csvsplit.MaxMultiline): a bad record spanning lines is one bad record,
// and reading resumes at the line after its first line. It reads data (the
// input after the BOM, then tail, the read error that ended the input, if
// any) with a new csv.Reader from that line on.
type recoverReader struct {
	data   []byte
	tail   error
	comma  rune
	want   int   // fields a record must have (0 = any)
	starts []int // starts[g-1]: offset of line g in data
	cr     *csv.Reader
	base   int // lines before the first line of cr
	off    int // offset of the first byte of cr
	lines  []int
}

func newRecoverReader(data []byte, tail error, comma rune) *recoverReader {
	r := &recoverReader{data: data, tail: tail, comma: comma, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			r.starts = append(r.starts, i+1)
		}
	}
	r.start(1)
	return r
}

// start makes cr read from line g on.
func (r *recoverReader) start(g int) {
	off := len(r.data)
	if g-1 < len(r.starts) {
		off = r.starts[g-1]
	}
	var in io.Reader = bytes.NewReader(r.data[off:])
	if r.tail != nil {
		in = io.MultiReader(in, iotest.ErrReader(r.tail))
	}
	r.cr = csv.NewReader(in)
	r.cr.Comma = r.comma
	r.cr.ReuseRecord = true
	r.cr.FieldsPerRecord = -1
	r.base, r.off = g-1, off
}

func (r *recoverReader) Read() ([]string, error) {
	rec, err := r.cr.Read()
	if err == io.EOF {
		return nil, err
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return nil, err
	}
	var first int // line the record starts on
	r.lines = r.lines[:0]
	if pe != nil {
		first = r.base + pe.StartLine
		e := *pe
		e.StartLine += r.base
		e.Line += r.base
		err = &e
	} else {
		for i := range rec {
			l, _ := r.cr.FieldPos(i)
			r.lines = append(r.lines, r.base+l)
		}
		first = r.lines[0]
	}
	end := r.off + int(r.cr.InputOffset())
	next := len(r.data) // where line first+1 starts
	if first < len(r.starts) {
		next = r.starts[first]
	}
	if end > next { // the record spans lines
		switch {
		case end-r.starts[first-1] > csvsplit.MaxMultiline:
			r.start(first + 1)
			return nil, &csv.ParseError{StartLine: first, Line: first, Err: csvsplit.ErrMultiline}
		case err != nil || r.want > 0 && len(rec) != r.want:
			r.start(first + 1)
		}
	}
	return rec, err
}

func (r *recoverReader) FieldPos(i int) (line, column int) { return r.lines[i], 0 }
