package eventlog

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// xesEvent is an event of the trace being read; it is added to the log when
// the trace ends (its case id may come after its events).
type xesEvent struct {
	act, res, lc, inst string
	group              string // org:group, the stand-in resource
	end, start         int64
	row                int
	midnight           bool // end at 00:00:00 as written
	attrs              map[string]string
}

// Reader states: where the reader is in the <log><trace><event> structure.
const (
	stTop = iota
	stLog
	stTrace
	stEvent
	stDone
)

// ReadXES reads an XES event log from r without building a document tree.
// name is used in errors and as Log.Source. Options.Case names the trace
// attribute holding the case id; Activity, Time, StartTime, Resource and
// Lifecycle name event attribute keys.
//
// The children of <log> are read by a scanner specialised for XES; anything
// it does not handle (CDATA, processing instructions, DOCTYPE, carriage
// returns in values, malformed XML, ...) is read from the start of that
// child by encoding/xml, which also reads the prologue, so the result and
// the errors are those of encoding/xml's RawToken.
func ReadXES(r io.Reader, name string, opt Options) (*Log, error) {
	l, _, err := readXES(r, name, opt, true)
	return l, err
}

// xesStats counts how the children of <log> were read (for tests).
type xesStats struct {
	fast, fallbacks int
}

func readXES(r io.Reader, name string, opt Options, fast bool) (*Log, xesStats, error) {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 256<<10)
	}
	head, _ := br.Peek(512)
	if len(head) == 0 {
		return nil, xesStats{}, emptyLog(name, "the file is empty; expected an XES event log")
	}
	br, decoded, err := decodeInput(br, head, name, &opt)
	if err != nil {
		return nil, xesStats{}, err
	} else if decoded {
		head, _ = br.Peek(512)
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		head = head[3:]
	}
	if looksBinary(head) {
		return nil, xesStats{}, notEventLog(name, "looks like binary data; expected an XES event log (<log><trace><event>...) or a CSV log")
	}
	x := newXESReader(name, &opt)
	vc := newValueCap(br)
	x.s.src = vc
	x.fastOn = fast
	l, err := x.read()
	if err == nil && vc.cuts > 0 {
		l.Quality.Warnings = append(l.Quality.Warnings, fmt.Sprintf("%d XES attribute values longer than %d MiB were cut to their first %d MiB (the first reaches the limit on line %d)",
			vc.cuts, maxXESValue>>20, maxXESValue>>20, vc.firstLine))
	}
	return l, x.stats, err
}

// xesReader holds the state of one ReadXES. Tokens come either from
// encoding/xml (decode) or from the XES scanner (scanFast, replayed by
// replay); both drive the same trace and event methods.
type xesReader struct {
	name                                              string
	opt                                               *Options
	caseKey, actKey, timeKey, startKey, resKey, lcKey string

	b                          *builder
	q                          *Quality
	tc, sc                     *timeCol
	seenRes, seenLC, seenStart bool
	groupKey                   string // org:group when the resource key is not set: stands in for org:resource
	state                      int
	traceID                    string
	hasID                      bool
	traceAttrs                 map[string]string
	events                     []xesEvent
	ev                         xesEvent
	evTime, evStart            string
	hasTime                    bool
	aliased                    bool // strings alias the scan buffer (fast path): clone what outlives the trace
	fastOn, charsetSwitched    bool
	d                          *xml.Decoder
	chk                        xmlCheck
	s                          xesScan
	stats                      xesStats
}

const instKey = "concept:instance"

func newXESReader(name string, opt *Options) *xesReader {
	key := func(o, def string) string {
		if o != "" {
			return o
		}
		return def
	}
	x := &xesReader{
		name:     name,
		opt:      opt,
		caseKey:  key(opt.Case, "concept:name"),
		actKey:   key(opt.Activity, "concept:name"),
		timeKey:  key(opt.Time, "time:timestamp"),
		startKey: opt.StartTime,
		resKey:   key(opt.Resource, "org:resource"),
		lcKey:    key(opt.Lifecycle, "lifecycle:transition"),
	}
	if opt.Resource == "" {
		x.groupKey = "org:group"
	}
	x.b = newBuilder(name, "xes", opt)
	x.b.lifecycle, x.b.lcKeyName = true, x.lcKey
	x.q = &x.b.log.Quality
	x.tc = newTimeCol(x.timeKey, opt)
	if x.startKey != "" {
		x.sc = newTimeCol(x.startKey, opt)
	}
	x.s.line = 1
	x.s.decLine = 1
	return x
}

func (x *xesReader) read() (*Log, error) {
	x.d = xml.NewDecoder(&x.s)
	x.chk.d = x.d
	x.d.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		// The decoder now reads ahead through a charset reader: the scanner
		// can no longer take over.
		r, err := charsetReader(charset, input)
		x.charsetSwitched = r != input
		return r, err
	}
	for x.state != stDone {
		if err := x.decode(); err != nil {
			return nil, err
		}
		if x.state == stDone {
			break
		}
		if err := x.scan(); err != nil {
			return nil, err
		}
	}
	// What follows </log>: white space, comments and processing
	// instructions only.
	if err := x.chk.rest(); err != nil {
		return nil, x.syntax(err)
	}
	b, lg, q := x.b, x.b.log, x.q
	if !x.seenRes && b.useAltResources() {
		x.resKey, x.seenRes = x.groupKey, true
		b.warn("no event has %q: %q stands in for the resource (use --resource to choose another key)", "org:resource", x.groupKey)
	}
	if x.sc != nil && x.seenStart {
		// A start-time attribute makes intervals; lifecycle stays data.
		b.lifecycle = false
	}
	lg.Columns = Columns{Case: x.caseKey, Activity: x.actKey, Time: x.timeKey, TimeZone: zoneName(x.opt.Location)}
	if x.seenRes {
		lg.Columns.Resource = x.resKey
	}
	if x.seenLC {
		lg.Columns.Lifecycle = x.lcKey
	}
	if x.seenStart {
		lg.Columns.StartTime = x.startKey
	}
	if q.Rows == 0 {
		return nil, emptyLog(x.name, "the XES log has no events")
	}
	return finishRead(b, []*timeCol{x.tc, x.sc})
}

func (x *xesReader) startTrace() {
	x.state = stTrace
	x.traceID, x.hasID, x.events = "", false, x.events[:0]
	if len(x.traceAttrs) > 0 {
		clear(x.traceAttrs)
	}
}

func (x *xesReader) traceAttr(k, v string) {
	if k == x.caseKey {
		x.traceID, x.hasID = v, true
	} else if k != "" {
		if x.traceAttrs == nil {
			x.traceAttrs = make(map[string]string)
		}
		x.traceAttrs[k] = v
	}
}

func (x *xesReader) startEvent(row int) {
	x.state = stEvent
	x.ev = xesEvent{row: row, start: NoTime}
	x.evTime, x.evStart, x.hasTime = "", "", false
	x.q.Rows++
}

func (x *xesReader) eventAttr(k, v string) {
	ev := &x.ev
	switch k {
	case x.actKey:
		ev.act = v
	case x.timeKey:
		x.evTime, x.hasTime = v, true
	case x.resKey:
		ev.res = v
	case x.lcKey:
		ev.lc = v
	case instKey:
		ev.inst = v
	case "":
	default:
		if k == x.groupKey {
			ev.group = v // and kept as data
		}
		if k == x.startKey {
			x.evStart = v
		} else if x.opt.EventAttrs {
			if ev.attrs == nil {
				ev.attrs = make(map[string]string)
			}
			if x.aliased {
				k, v = strings.Clone(k), strings.Clone(v)
			}
			ev.attrs[k] = v
		}
	}
}

func (x *xesReader) endEvent() error {
	x.state = stTrace
	b, ev := x.b, &x.ev
	if ev.act == "" {
		return b.bad(ev.row, x.actKey, "", reason(ErrMissingValue, "event has no %q attribute (activity)", x.actKey))
	}
	if !x.hasTime {
		return b.bad(ev.row, x.timeKey, "", reason(ErrBadTimestamp, "event has no %q attribute (timestamp)", x.timeKey))
	}
	var ok bool
	if ev.end, ok = x.tc.parseAt(x.evTime, ev.row); !ok {
		return b.bad(ev.row, x.timeKey, x.evTime, x.tc.badValue(x.evTime))
	}
	ev.midnight = x.tc.midnight
	if x.sc != nil && x.evStart != "" {
		if ev.start, ok = x.sc.parseAt(x.evStart, ev.row); !ok {
			return b.bad(ev.row, x.startKey, x.evStart, x.sc.badValue(x.evStart))
		}
		x.seenStart = true
	}
	x.seenRes = x.seenRes || ev.res != ""
	x.seenLC = x.seenLC || ev.lc != ""
	x.events = append(x.events, *ev)
	return nil
}

// endTrace adds the events of a finished trace.
func (x *xesReader) endTrace() error {
	x.state = stLog
	b := x.b
	if !x.hasID || x.traceID == "" {
		for _, e := range x.events {
			if err := b.bad(e.row, x.caseKey, "", reason(ErrMissingValue, "trace has no %q attribute (case id)", x.caseKey)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(x.events) == 0 && len(x.traceAttrs) == 0 {
		return nil
	}
	c := b.caseOf(x.traceID)
	for k, v := range x.traceAttrs {
		b.setCaseAttr(c, k, v)
	}
	for i := range x.events {
		e := &x.events[i]
		in := Instance{Activity: b.activity(e.act), Resource: b.resource(e.res), Enabled: NoTime, Start: e.start, End: e.end, Row: b.row32(e.row)}
		b.eventAttrs(e.attrs)
		b.endClock(in.Activity, e.midnight)
		if !x.seenRes {
			b.altResource(e.group)
		} else if b.altRes != nil {
			b.dropAltResources()
		}
		lc := lcInfo{trans: -1, inst: -1}
		if e.lc != "" {
			lc.trans = b.transition(e.lc)
		}
		if e.inst != "" {
			lc.inst = b.instance(e.inst)
		}
		b.addLC(c, in, lc)
	}
	return nil
}

// decode reads tokens with encoding/xml until the log ends or, at a point
// between two children of <log>, the scanner can take over.
func (x *xesReader) decode() error {
	x.aliased = false
	for x.state != stDone {
		tok, err := x.chk.token()
		if err == io.EOF {
			if x.state == stTop {
				return notEventLog(x.name, "no <log> element; expected an XES event log")
			}
			return x.syntax(err)
		}
		if err != nil {
			return x.syntax(err)
		}
		var handOver bool
		switch t := tok.(type) {
		case xml.StartElement:
			handOver, err = x.startElement(t)
		case xml.EndElement:
			handOver, err = x.endElement()
		}
		if err != nil || handOver {
			return err
		}
	}
	return nil
}

// startElement handles a start tag read by encoding/xml; handOver is true
// when the scanner takes over after it.
func (x *xesReader) startElement(t xml.StartElement) (handOver bool, err error) {
	switch x.state {
	case stTop:
		if t.Name.Local != "log" {
			return false, notEventLog(x.name, "the root element is <%s>; expected an XES event log (<log><trace><event>...)", t.Name.Local)
		}
		x.state = stLog
		x.s.root = name(t.Name)
		return x.handOver(true), nil
	case stLog:
		if t.Name.Local == "trace" {
			x.startTrace()
			return false, nil
		}
		if err := x.skip(); err != nil {
			return false, x.syntax(err)
		}
		return x.handOver(false), nil
	case stTrace:
		if t.Name.Local == "event" {
			x.startEvent(x.line())
			return false, nil
		}
		x.traceAttr(keyValue(t.Attr))
	case stEvent:
		x.eventAttr(keyValue(t.Attr))
	}
	if err := x.skip(); err != nil {
		return false, x.syntax(err)
	}
	return false, nil
}

// endElement handles an end tag read by encoding/xml; handOver is true
// when the scanner takes over after it.
func (x *xesReader) endElement() (handOver bool, err error) {
	switch x.state {
	case stEvent:
		return false, x.endEvent()
	case stTrace:
		if err := x.endTrace(); err != nil {
			return false, err
		}
		return x.handOver(false), nil
	case stLog:
		x.state = stDone
	}
	return false, nil
}

func (x *xesReader) line() int { l, _ := x.d.InputPos(); return l + x.chk.lines }

// skip reads the rest of the element just started.
func (x *xesReader) skip() error {
	for depth := 1; depth > 0; {
		tok, err := x.chk.token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// syntax turns an error of encoding/xml into a *ParseError.
func (x *xesReader) syntax(err error) error {
	if x.state == stTop {
		return notEventLog(x.name, "not XML (%v); expected an XES event log", err)
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &ParseError{File: x.name, Row: x.line(), Err: reason(ErrSyntax, "the XES file ends early (truncated?)")}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return xmlSyntaxError(x.name, se)
	}
	return &ParseError{File: x.name, Row: x.line(), Err: err}
}

// xmlSyntaxError is the *ParseError for an error of encoding/xml.
func xmlSyntaxError(file string, se *xml.SyntaxError) error {
	if se.Msg == "invalid UTF-8" {
		return &ParseError{File: file, Row: se.Line, Err: reason(ErrEncoding, "invalid UTF-8: %s, or declare it in <?xml encoding=\"...\"?>", encodingHint)}
	}
	return &ParseError{File: file, Row: se.Line, Err: reason(ErrSyntax, "malformed XML: %s", se.Msg)}
}

// handOver reports whether the scanner takes over here: the decoder has no
// byte read ahead and no pending end of a self-closing element.
func (x *xesReader) handOver(start bool) bool {
	s, d := &x.s, x.d
	if !x.fastOn || x.charsetSwitched || s.nl != 0 || d.InputOffset() != s.served || (start && s.last[0] == '/' && s.last[1] == '>') {
		return false
	}
	s.line = x.line()
	s.decLine = s.line
	return true
}

// xmlCheck reads tokens with encoding/xml's RawToken and checks what
// RawToken does not: that end tags match their start tags, that events and
// traces do not nest, and (rest) that nothing but white space, comments
// and processing instructions follows the root element. Its errors are
// *xml.SyntaxError values.
type xmlCheck struct {
	d              *xml.Decoder
	open           []xml.Name // the elements read by the decoder and not yet closed
	events, traces int        // open <event> and <trace> elements among them
	closedLine     int        // line of the root's end tag, once read
	lines          int        // lines the decoder has not seen (read by the scanner), added to its own
	last           *xml.SyntaxError
}

func (c *xmlCheck) token() (xml.Token, error) {
	tok, err := c.d.RawToken()
	if err != nil {
		return tok, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		switch {
		case c.closedLine > 0:
			return nil, c.errorf("element <%s> after the end of the log (</log> on line %d): two logs in one file? Give each its own file", name(t.Name), c.closedLine)
		case t.Name.Local == "event" && c.events > 0:
			return nil, c.errorf("an <event> inside an <event> (the outer one is not closed?): XES events cannot nest")
		case t.Name.Local == "trace" && c.traces > 0:
			return nil, c.errorf("a <trace> inside a <trace> (the outer one is not closed?): XES traces cannot nest")
		}
		c.open = append(c.open, t.Name)
		c.count(t.Name, 1)
	case xml.EndElement:
		n := len(c.open)
		if n == 0 {
			return nil, c.errorf("unexpected end element </%s>", name(t.Name))
		}
		if top := c.open[n-1]; top != t.Name {
			return nil, c.errorf("element <%s> closed by </%s>", name(top), name(t.Name))
		}
		c.open = c.open[:n-1]
		c.count(t.Name, -1)
		if n == 1 {
			c.closedLine = c.line()
		}
	case xml.CharData:
		if text := bytes.TrimLeft(t, " \t\r\n"); c.closedLine > 0 && len(text) > 0 {
			err := c.errorf("text after the end of the log (</log> on line %d)", c.closedLine)
			err.Line -= bytes.Count(text, []byte("\n")) // where the text starts
			return nil, err
		}
	}
	return tok, nil
}

// closed records that the scanner read the root's end tag, on line.
func (c *xmlCheck) closed(line int) {
	c.open = c.open[:0]
	c.closedLine = line
}

func (c *xmlCheck) count(n xml.Name, d int) {
	switch n.Local {
	case "event":
		c.events += d
	case "trace":
		c.traces += d
	}
}

// rest reads the input after the root element to its end.
func (c *xmlCheck) rest() error {
	for {
		_, err := c.token()
		if err == io.EOF {
			return nil
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) && c.lines > 0 && !c.own(se) {
			se.Line += c.lines // the decoder's line
		}
		if err != nil {
			return err
		}
	}
}

func (c *xmlCheck) line() int { l, _ := c.d.InputPos(); return l + c.lines }

func (c *xmlCheck) errorf(format string, args ...any) *xml.SyntaxError {
	c.last = &xml.SyntaxError{Msg: fmt.Sprintf(format, args...), Line: c.line()}
	return c.last
}

// own reports whether se is an error of the checker (its line is right).
func (c *xmlCheck) own(se *xml.SyntaxError) bool { return se == c.last }

func name(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// keyValue returns the key and value attributes of an XES attribute element.
func keyValue(attrs []xml.Attr) (k, v string) {
	for _, a := range attrs {
		switch a.Name.Local {
		case "key":
			k = a.Value
		case "value":
			v = a.Value
		}
	}
	return k, v
}

// charsetReader supports the single-byte encodings older XES exports use.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-16", "utf-16le", "utf-16be", "utf16":
		// Decoded already (decodeInput): a UTF-16 file without a byte-order
		// mark and without Options.Encoding looks binary.
		return input, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252", "us-ascii", "ascii":
		return &latin1Reader{r: bufio.NewReader(input)}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", charset)
}

type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	for n < len(p) {
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c < utf8.RuneSelf {
			p[n] = c
			n++
			continue
		}
		var tmp [2]byte
		m := utf8.EncodeRune(tmp[:], rune(c))
		k := copy(p[n:], tmp[:m])
		n += k
		l.buf = append(l.buf, tmp[k:m]...)
	}
	return n, nil
}
