package eventlog

import (
	"bytes"
	"io"
	"unicode/utf8"
	"unsafe"
)

// The XES scanner reads the children of <log> (traces, and the extensions,
// globals and classifiers it skips) much faster than encoding/xml, for the
// subset of XML that XES writers produce: elements with quoted attributes,
// the predefined and numeric character entities in attribute values,
// whitespace between elements, and comments. It reads one child of <log> at
// a time into xesScan.items and replays them only when the whole child has
// been read; on anything else (CDATA, processing instructions, directives,
// text, carriage returns or control characters in values, invalid UTF-8,
// unknown entities, malformed or truncated XML) it gives up and
// encoding/xml reads the child from its start, so results and errors stay
// exactly those of encoding/xml.

// xesScan buffers the input for both the scanner and encoding/xml (as its
// io.ByteReader), so that either can read the next child of <log>.
type xesScan struct {
	src    io.Reader
	buf    []byte
	r, w   int   // unread bytes are buf[r:w]
	srcErr error // first error of src (io.EOF at the end)

	line    int     // line of buf[r] while the scanner reads
	decLine int     // the decoder's line when the scanner took over
	nl      int     // newlines to give the decoder before buf[r]: the lines the scanner read
	served  int64   // bytes given to the decoder, newlines included
	last    [2]byte // last two bytes given to the decoder

	// One child of <log>, read by scanChild.
	items        []xesItem
	dec          []byte   // attribute values with entities, decoded
	end, endLine int      // where the child ends
	open         [][2]int // names of the open elements of the child: buf[o[0]:o[1]]
	root         string   // the name of the root element, as written
}

// maxXESChild bounds the buffer: a larger child of <log> is read by
// encoding/xml, which streams it.
const maxXESChild = 1 << 30

const xesBufSize = 256 << 10

// xesItem is a step of a trace for replay.
type xesItem struct {
	kind uint8
	row  int
	k, v xesSpan
}

const (
	itTrace = iota
	itTraceAttr
	itEvent
	itEventAttr
	itEventEnd
	itTraceEnd
	itLogEnd
)

// xesSpan is an attribute value: buf[off:off+n], or dec[off:off+n] when
// it had character entities.
type xesSpan struct {
	off, n int32
	dec    bool
}

// ReadByte feeds encoding/xml: first the newlines of the lines the scanner
// read (so that its line numbers stay right), then the buffer.
func (s *xesScan) ReadByte() (byte, error) {
	var c byte
	if s.nl > 0 {
		s.nl--
		c = '\n'
	} else {
		if s.r >= s.w && !s.more(s.r) {
			return 0, s.srcErr
		}
		c = s.buf[s.r]
		s.r++
	}
	s.served++
	s.last[0], s.last[1] = s.last[1], c
	return c, nil
}

// Read is used by charset readers (the decoder then reads only through
// them).
func (s *xesScan) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && s.nl > 0 {
		p[n] = '\n'
		n++
		s.nl--
	}
	if n == len(p) {
		return n, nil
	}
	if s.r >= s.w {
		if n > 0 {
			return n, nil
		}
		if !s.more(s.r) {
			return 0, s.srcErr
		}
	}
	m := copy(p[n:], s.buf[s.r:s.w])
	s.r += m
	return n + m, nil
}

// more reads more input, first dropping the bytes before buf[from]; it
// reports whether there is new input.
func (s *xesScan) more(from int) bool {
	if s.srcErr != nil {
		return false
	}
	if from > 0 {
		s.w = copy(s.buf, s.buf[from:s.w])
		s.r -= from
	}
	if s.w == len(s.buf) {
		nb := make([]byte, max(2*len(s.buf), xesBufSize))
		copy(nb, s.buf[:s.w])
		s.buf = nb
	}
	for range 100 {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.srcErr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.srcErr = io.ErrNoProgress
	return false
}

func (s *xesScan) str(sp xesSpan) string {
	if sp.n == 0 {
		return ""
	}
	if sp.dec {
		return unsafe.String(&s.dec[sp.off], int(sp.n))
	}
	return unsafe.String(&s.buf[sp.off], int(sp.n))
}

// scan reads children of <log> with the scanner until the log ends or the
// scanner gives up; encoding/xml then reads on from the start of the child
// (decode).
func (x *xesReader) scan() error {
	s := &x.s
	for x.state != stDone {
		switch x.scanChild() {
		case scanOK:
			x.stats.fast++
			if err := x.replay(); err != nil {
				return err
			}
			if x.state == stDone {
				// encoding/xml reads what follows </log>; its lines
				// are off by those the scanner read (feeding it as
				// many newlines would cost a byte per line of the log).
				x.chk.lines = s.line - s.decLine
			}
			continue
		case scanMore:
			if !(s.r == 0 && s.w == len(s.buf) && len(s.buf) >= maxXESChild) && s.more(s.r) {
				continue
			}
		}
		// Let encoding/xml read this child, after the newlines it has not
		// seen.
		x.stats.fallbacks++
		if x.stats.fallbacks > 16 && x.stats.fallbacks*4 > x.stats.fast {
			x.fastOn = false // mostly unusual XML: stop trying
		}
		s.nl = s.line - s.decLine
		return nil
	}
	return nil
}

// replay feeds a child of <log> read by scanChild to the reader. Its
// strings alias the buffer, which does not change meanwhile.
func (x *xesReader) replay() error {
	s := &x.s
	x.aliased = true
	for i := range s.items {
		it := &s.items[i]
		switch it.kind {
		case itTrace:
			x.startTrace()
		case itTraceAttr:
			x.traceAttr(s.str(it.k), s.str(it.v))
		case itEvent:
			x.startEvent(it.row)
		case itEventAttr:
			x.eventAttr(s.str(it.k), s.str(it.v))
		case itEventEnd:
			if err := x.endEvent(); err != nil {
				return err
			}
		case itTraceEnd:
			if err := x.endTrace(); err != nil {
				return err
			}
		case itLogEnd:
			x.state = stDone
			x.chk.closed(it.row)
		}
	}
	s.r, s.line = s.end, s.endLine
	return nil
}

// Results of the scanner's steps; a step that succeeds returns the position
// after what it read (>= 0).
const (
	scanOK   = 0
	scanMore = -1 // the input ends within: read more and scan the child again
	scanSlow = -2 // not handled: encoding/xml reads the child
)

// Byte classes.
const (
	cName  = 1 << iota // [A-Za-z0-9_.-]: name bytes other than ':'
	cStart             // [A-Za-z_]: first byte of a name
	cSpace             // ' ', '\t', '\r'; '\n' is handled apart
	cValue             // bytes taken as they are in an attribute value
)

var xesClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', b == '_':
			t[c] |= cName | cStart
		case '0' <= b && b <= '9', b == '.', b == '-':
			t[c] |= cName
		}
		if b == ' ' || b == '\t' || b == '\r' {
			t[c] |= cSpace
		}
		if (b >= 0x20 && b < 0x80 && b != '&' && b != '<' && b != '"' && b != '\'') || b == '\t' {
			t[c] |= cValue
		}
	}
	return t
}()

// space skips whitespace, counting lines.
func space(buf []byte, i int, line *int) int {
	for i < len(buf) {
		c := buf[i]
		if xesClass[c]&cSpace != 0 {
			i++
		} else if c == '\n' {
			*line++
			i++
		} else {
			break
		}
	}
	return i
}

// scanName reads an XML name at buf[i:]; local is where its local part
// starts (after a prefix, as encoding/xml splits it).
func scanName(buf []byte, i int) (end, local int) {
	if i >= len(buf) {
		return scanMore, 0
	}
	if xesClass[buf[i]]&cStart == 0 {
		return scanSlow, 0
	}
	colon := -1
	j := i + 1
	for ; j < len(buf); j++ {
		c := buf[j]
		if xesClass[c]&cName != 0 {
			continue
		}
		if c == ':' {
			if colon >= 0 {
				return scanSlow, 0
			}
			colon = j
			continue
		}
		if c >= utf8.RuneSelf {
			return scanSlow, 0
		}
		break
	}
	if j == len(buf) {
		return scanMore, 0
	}
	local = i
	if colon >= 0 && colon+1 < j {
		local = colon + 1
	}
	return j, local
}

// tag is what startTag read.
type tag struct {
	local, end int // local name: buf[local:end]
	empty      bool
	k, v       xesSpan
}

// startTag reads a start tag whose name begins at buf[i] (after '<'). With
// kv it keeps the values of the key and value attributes.
func (s *xesScan) startTag(buf []byte, i int, line *int, kv bool, t *tag) int {
	j, local := scanName(buf, i)
	if j < 0 {
		return j
	}
	t.local, t.end, t.empty = local, j, false
	t.k, t.v = xesSpan{}, xesSpan{}
	i = j
	for {
		i = space(buf, i, line)
		if i >= len(buf) {
			return scanMore
		}
		switch buf[i] {
		case '>':
			return i + 1
		case '/':
			if i+1 >= len(buf) {
				return scanMore
			}
			if buf[i+1] != '>' {
				return scanSlow
			}
			t.empty = true
			return i + 2
		}
		ne, nl := scanName(buf, i)
		if ne < 0 {
			return ne
		}
		i = space(buf, ne, line)
		if i >= len(buf) {
			return scanMore
		}
		if buf[i] != '=' {
			return scanSlow
		}
		i = space(buf, i+1, line)
		if i >= len(buf) {
			return scanMore
		}
		q := buf[i]
		if q != '"' && q != '\'' {
			return scanSlow
		}
		var sp xesSpan
		if i = s.value(buf, i+1, q, line, &sp); i < 0 {
			return i
		}
		if kv {
			switch string(buf[nl:ne]) {
			case "key":
				t.k = sp
			case "value":
				t.v = sp
			}
		}
	}
}

// value reads an attribute value from buf[i] up to the closing quote q.
func (s *xesScan) value(buf []byte, i int, q byte, line *int, sp *xesSpan) int {
	start := i
	amp := false
	for {
		for i < len(buf) && xesClass[buf[i]]&cValue != 0 {
			i++
		}
		if i >= len(buf) {
			return scanMore
		}
		c := buf[i]
		switch {
		case c == q:
			if !amp {
				*sp = xesSpan{off: int32(start), n: int32(i - start)}
				return i + 1
			}
			off := len(s.dec)
			if !s.decode(buf[start:i]) {
				return scanSlow
			}
			*sp = xesSpan{off: int32(off), n: int32(len(s.dec) - off), dec: true}
			return i + 1
		case c == '"' || c == '\'':
			i++
		case c == '&':
			amp = true
			i++
		case c == '\n':
			*line++
			i++
		case c < utf8.RuneSelf: // '<', '\r', control characters
			return scanSlow
		default:
			if !utf8.FullRune(buf[i:]) {
				return scanMore
			}
			r, n := utf8.DecodeRune(buf[i:])
			if r == utf8.RuneError && n == 1 || !xmlChar(r) {
				return scanSlow
			}
			i += n
		}
	}
}

// xmlChar is encoding/xml's isInCharacterRange.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// decode appends raw with its character entities replaced to s.dec, as
// encoding/xml does; it reports false for anything encoding/xml would
// reject.
func (s *xesScan) decode(raw []byte) bool {
	for j := 0; j < len(raw); {
		c := raw[j]
		if c != '&' {
			s.dec = append(s.dec, c)
			j++
			continue
		}
		j++
		if j < len(raw) && raw[j] == '#' {
			j++
			base := uint64(10)
			if j < len(raw) && raw[j] == 'x' {
				base = 16
				j++
			}
			var n uint64
			digits := 0
			for ; j < len(raw); j++ {
				d := uint64(raw[j])
				switch {
				case '0' <= d && d <= '9':
					d -= '0'
				case base == 16 && 'a' <= d && d <= 'f':
					d -= 'a' - 10
				case base == 16 && 'A' <= d && d <= 'F':
					d -= 'A' - 10
				default:
					d = 99
				}
				if d == 99 {
					break
				}
				n = n*base + d
				digits++
				if n > utf8.MaxRune {
					return false
				}
			}
			if digits == 0 || j >= len(raw) || raw[j] != ';' {
				return false
			}
			j++
			r := rune(n)
			if !utf8.ValidRune(r) {
				r = utf8.RuneError // string(rune(n)) of a surrogate
			}
			if !xmlChar(r) {
				return false
			}
			s.dec = utf8.AppendRune(s.dec, r)
			continue
		}
		rest := raw[j:]
		var r byte
		var n int
		switch {
		case bytes.HasPrefix(rest, []byte("lt;")):
			r, n = '<', 3
		case bytes.HasPrefix(rest, []byte("gt;")):
			r, n = '>', 3
		case bytes.HasPrefix(rest, []byte("amp;")):
			r, n = '&', 4
		case bytes.HasPrefix(rest, []byte("apos;")):
			r, n = '\'', 5
		case bytes.HasPrefix(rest, []byte("quot;")):
			r, n = '"', 5
		default:
			return false
		}
		s.dec = append(s.dec, r)
		j += n
	}
	return true
}

// comment reads a comment at buf[i] ("<!"); anything else after "<!"
// (CDATA, DOCTYPE) is left to encoding/xml.
func comment(buf []byte, i int, line *int) int {
	if i+4 > len(buf) {
		return scanMore
	}
	if buf[i+2] != '-' || buf[i+3] != '-' {
		return scanSlow
	}
	body := buf[i+4:]
	k := bytes.Index(body, []byte("--"))
	if k < 0 || k+2 >= len(body) {
		return scanMore
	}
	if body[k+2] != '>' {
		return scanSlow // "--" inside a comment
	}
	*line += bytes.Count(body[:k], []byte("\n"))
	return i + 4 + k + 3
}

// endTag reads an end tag at buf[i] ("</"); the name is buf[i+2:nameEnd].
func endTag(buf []byte, i int, line *int) (end, nameEnd int) {
	j, _ := scanName(buf, i+2)
	if j < 0 {
		return j, 0
	}
	k := space(buf, j, line)
	if k >= len(buf) {
		return scanMore, 0
	}
	if buf[k] != '>' {
		return scanSlow, 0
	}
	return k + 1, j
}

// scanChild reads the next child of <log> at buf[r]: whitespace, a
// comment, the end of the log, a trace (into s.items) or another element
// (skipped). It returns scanOK, scanMore or scanSlow.
func (x *xesReader) scanChild() int {
	s := &x.s
	buf := s.buf[:s.w]
	line := s.line
	s.items = s.items[:0]
	s.dec = s.dec[:0]
	i := space(buf, s.r, &line)
	if i >= len(buf) {
		return scanMore
	}
	if buf[i] != '<' {
		return scanSlow
	}
	if i+1 >= len(buf) {
		return scanMore
	}
	switch buf[i+1] {
	case '/':
		endLine := line
		end, nameEnd := endTag(buf, i, &line)
		if end < 0 {
			return end
		}
		if string(buf[i+2:nameEnd]) != s.root {
			return scanSlow // encoding/xml reports the mismatch
		}
		s.items = append(s.items, xesItem{kind: itLogEnd, row: endLine})
		s.end, s.endLine = end, line
		return scanOK
	case '!':
		if i = comment(buf, i, &line); i < 0 {
			return i
		}
		s.end, s.endLine = i, line
		return scanOK
	case '?':
		return scanSlow
	}
	if i = s.element(buf, i, &line); i < 0 {
		return i
	}
	s.end, s.endLine = i, line
	return scanOK
}

// element reads a child of <log> that starts at buf[i] ('<'): a trace
// into s.items, another element skipped. Anything the reader must report
// (end tags that do not match, nested events or traces) is left to
// encoding/xml (scanSlow).
func (s *xesScan) element(buf []byte, i int, line *int) int {
	var t tag
	name := i + 1
	if i = s.startTag(buf, name, line, false, &t); i < 0 {
		return i
	}
	trace := string(buf[t.local:t.end]) == "trace"
	if trace {
		s.items = append(s.items, xesItem{kind: itTrace})
		if t.empty {
			s.items = append(s.items, xesItem{kind: itTraceEnd})
			return i
		}
	} else if t.empty {
		return i
	}
	s.open = append(s.open[:0], [2]int{name, t.end})
	inEvent := false
	for len(s.open) > 0 {
		i = space(buf, i, line)
		if i >= len(buf) {
			return scanMore
		}
		if buf[i] != '<' {
			return scanSlow
		}
		if i+1 >= len(buf) {
			return scanMore
		}
		switch buf[i+1] {
		case '/':
			if i = s.endTag(buf, i, line); i < 0 {
				return i
			}
			if trace {
				if depth := len(s.open); depth == 1 && inEvent {
					s.items = append(s.items, xesItem{kind: itEventEnd})
					inEvent = false
				} else if depth == 0 {
					s.items = append(s.items, xesItem{kind: itTraceEnd})
				}
			}
			continue
		case '!':
			if i = comment(buf, i, line); i < 0 {
				return i
			}
			continue
		case '?':
			return scanSlow
		}
		// A start tag: in a trace, an event or an attribute of the trace
		// or of an event (into s.items).
		depth := len(s.open)
		attr := trace && (depth == 1 || depth == 2 && inEvent)
		name := i + 1
		if i = s.startTag(buf, name, line, attr, &t); i < 0 {
			return i
		}
		switch local := buf[t.local:t.end]; {
		case string(local) == "event" && (inEvent || !trace), string(local) == "trace":
			return scanSlow // nested: encoding/xml reports it
		case !attr:
		case depth == 2:
			s.items = append(s.items, xesItem{kind: itEventAttr, k: t.k, v: t.v})
		case string(local) == "event":
			s.items = append(s.items, xesItem{kind: itEvent, row: *line})
			if t.empty {
				s.items = append(s.items, xesItem{kind: itEventEnd})
				continue
			}
			inEvent = true
		default:
			s.items = append(s.items, xesItem{kind: itTraceAttr, k: t.k, v: t.v})
		}
		if !t.empty {
			s.open = append(s.open, [2]int{name, t.end})
		}
	}
	return i
}

// endTag reads the end tag at buf[i] of the innermost open element.
func (s *xesScan) endTag(buf []byte, i int, line *int) int {
	end, nameEnd := endTag(buf, i, line)
	if end < 0 {
		return end
	}
	o := s.open[len(s.open)-1]
	if !bytes.Equal(buf[i+2:nameEnd], buf[o[0]:o[1]]) {
		return scanSlow
	}
	s.open = s.open[:len(s.open)-1]
	return end
}
