package eventlog

import (
	"bytes"
	"io"
)

// maxXESValue is the longest XES attribute value kept: 1 MiB, counted in
// bytes as written in the file. A longer value is cut to its first 1 MiB
// (at a character boundary, never inside a character entity) and the rest
// is skipped as it streams by, so that a 300 MB value costs no more memory
// than a 1 MiB one. The event is kept; the cuts are counted in a Quality
// warning: "2 XES attribute values longer than 1 MiB were cut to their
// first 1 MiB (the first reaches the limit on line 1234)".
const maxXESValue = 1 << 20

// xesHoldFrom is where valueCap starts holding a value back (to cut it at a
// safe place if it grows over maxXESValue); shorter values pass through.
const xesHoldFrom = 64 << 10

// valueCap passes XML through, cutting attribute values over maxXESValue.
// It follows just enough of XML to know where attribute values are: tags,
// comments, CDATA sections, processing instructions and directives. The
// line breaks of a skipped part are given out after the value's closing
// quote (white space inside the tag), so line numbers stay right.
type valueCap struct {
	r        io.Reader
	in       []byte
	inR, inW int
	inLine   int // line breaks before in[0]
	err      error
	lt       int    // in[lt] is the last '<' (vcFast, vcFastLT)
	scratch  []byte // for resync

	state    uint8
	q        byte // quote of the current value
	vlen     int  // bytes of the current value so far
	run      int  // dashes / brackets / '?' just seen (comment, CDATA, PI ends)
	held     []byte
	dropping bool
	nl       int    // line breaks of the skipped part of the value
	out      []byte // bytes to give out before reading on
	nlOut    int    // then as many line breaks

	cuts, firstLine int
}

const (
	vcText   = iota
	vcFastLT // after a '<' in the text
	vcFast   // in a tag, its values, the text after it: only '<' is looked for (see resync)
	vcLT     // after '<'
	vcBang   // after "<!"
	vcBangDash
	vcComment
	vcCDATA
	vcPI
	vcDirective
	vcTag
	vcValue
)

func newValueCap(r io.Reader) *valueCap {
	return &valueCap{r: r, in: make([]byte, 256<<10)}
}

// Read fills p as far as the input goes (the XES scanner reads a child of
// <log> again after each short read).
func (c *valueCap) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(c.out) > 0 {
			k := copy(p[n:], c.out)
			c.out = c.out[k:]
			n += k
			continue
		}
		if c.nlOut > 0 {
			k := min(len(p)-n, c.nlOut)
			for i := range k {
				p[n+i] = '\n'
			}
			c.nlOut -= k
			n += k
			continue
		}
		if c.inR == c.inW {
			if c.err != nil {
				if len(c.held) > 0 { // the input ends within a long value
					c.out, c.held = c.held, c.held[:0]
					continue
				}
				break
			}
			// Keep the bytes from the last '<' on (fewer than
			// xesHoldFrom) for resync.
			keep := 0
			if c.state == vcFast || c.state == vcFastLT {
				keep = c.inW - c.lt
			}
			drop := c.inW - keep
			c.inLine += bytes.Count(c.in[:drop], []byte{'\n'})
			copy(c.in, c.in[drop:c.inW])
			c.lt -= drop
			k, err := c.r.Read(c.in[keep:])
			c.inR, c.inW, c.err = keep, keep+k, err
			continue
		}
		n += c.process(p[n:])
	}
	if n == 0 && len(p) > 0 {
		return 0, c.err
	}
	return n, nil
}

// process moves input to p (or to held / out) and returns the bytes
// written to p. Each state's step reads from b, the input that fits in p,
// and returns the new count of bytes written.
func (c *valueCap) process(p []byte) int {
	w := 0
	for c.inR < c.inW && w < len(p) && len(c.out) == 0 && c.nlOut == 0 {
		b := c.in[c.inR:c.inW]
		if room := len(p) - w; len(b) > room {
			b = b[:room]
		}
		switch c.state {
		case vcText, vcDirective:
			w = c.text(p, w, b)
		case vcFastLT:
			// Comments, CDATA sections, processing instructions and
			// directives are followed exactly: they may hold '<'.
			switch b[0] {
			case '!', '?':
				c.state = vcLT
			default:
				c.state = vcFast
			}
		case vcFast:
			w = c.fast(p, w, b)
		case vcLT:
			w = c.afterLT(p, w, b)
		case vcBang, vcBangDash:
			w = c.bang(p, w, b)
		case vcComment, vcCDATA, vcPI:
			w = c.skipped(p, w, b)
		case vcTag:
			w = c.tag(p, w, b)
		case vcValue:
			w = c.value(p, w, b)
		}
	}
	return w
}

// emit copies b to p[w:] (it fits) and consumes it from the input.
func (c *valueCap) emit(p []byte, w int, b []byte) int {
	c.inR += len(b)
	return w + copy(p[w:], b)
}

// text passes text (or a directive) through up to its end: '<' ('>').
func (c *valueCap) text(p []byte, w int, b []byte) int {
	end, next := byte('<'), uint8(vcFastLT)
	if c.state == vcDirective {
		end, next = '>', vcText
	}
	i := bytes.IndexByte(b, end)
	if i < 0 {
		return c.emit(p, w, b)
	}
	w = c.emit(p, w, b[:i+1])
	c.state, c.lt = next, c.inR-1
	return w
}

// fast passes a tag, its values and the text after it through, looking
// only for '<': while the last one is less than xesHoldFrom bytes back, no
// value can be too long.
func (c *valueCap) fast(p []byte, w int, b []byte) int {
	if lim := c.lt + xesHoldFrom - c.inR; len(b) > lim {
		b = b[:lim]
	}
	if i := bytes.IndexByte(b, '<'); i >= 0 {
		w = c.emit(p, w, b[:i+1])
		c.state, c.lt = vcFastLT, c.inR-1
		return w
	}
	w = c.emit(p, w, b)
	if c.inR-c.lt == xesHoldFrom {
		c.resync()
	}
	return w
}

// afterLT follows what comes after a '<': "<!", "<?" or a tag.
func (c *valueCap) afterLT(p []byte, w int, b []byte) int {
	switch b[0] {
	case '!':
		c.state = vcBang
	case '?':
		c.state, c.run = vcPI, 0
	default:
		c.state = vcTag
		return w
	}
	return c.emit(p, w, b[:1])
}

// bang follows "<!": a comment ("<!--"), a CDATA section ("<![") or a
// directive.
func (c *valueCap) bang(p []byte, w int, b []byte) int {
	switch {
	case b[0] == '-' && c.state == vcBang:
		c.state = vcBangDash
	case b[0] == '-':
		c.state, c.run = vcComment, 0
	case b[0] == '[' && c.state == vcBang:
		c.state, c.run = vcCDATA, 0
	default:
		c.state = vcDirective
		return w
	}
	return c.emit(p, w, b[:1])
}

// skipped passes a comment, CDATA section or processing instruction
// through up to its end: "-->", "]]>", "?>".
func (c *valueCap) skipped(p []byte, w int, b []byte) int {
	mark, need := byte('-'), 2
	if c.state == vcCDATA {
		mark = ']'
	} else if c.state == vcPI {
		mark, need = '?', 1
	}
	i := 0
	for ; i < len(b); i++ {
		switch ch := b[i]; {
		case ch == mark:
			c.run++
		case ch == '>' && c.run >= need:
			c.state = vcText
		default:
			c.run = 0
		}
		if c.state == vcText {
			i++
			break
		}
	}
	return c.emit(p, w, b[:i])
}

// tag passes a tag through up to its end or the start of a value.
func (c *valueCap) tag(p []byte, w int, b []byte) int {
	i := 0
	for i < len(b) && b[i] != '"' && b[i] != '\'' && b[i] != '>' {
		i++
	}
	if i == len(b) {
		return c.emit(p, w, b)
	}
	w = c.emit(p, w, b[:i+1])
	if b[i] == '>' {
		c.state = vcText
	} else {
		c.state, c.q, c.vlen, c.dropping = vcValue, b[i], 0, false
	}
	return w
}

// value passes an attribute value through, holding it back from
// xesHoldFrom bytes on and cutting it at maxXESValue.
func (c *valueCap) value(p []byte, w int, b []byte) int {
	i := bytes.IndexByte(b, c.q)
	seg := b
	if i >= 0 {
		seg = b[:i]
	}
	c.inR += len(seg)
	switch {
	case c.dropping:
		c.nl += bytes.Count(seg, []byte{'\n'})
	case len(c.held) == 0 && c.vlen+len(seg) <= xesHoldFrom:
		w += copy(p[w:], seg)
	default:
		direct := max(0, min(len(seg), xesHoldFrom-c.vlen))
		w += copy(p[w:], seg[:direct])
		c.held = append(c.held, seg[direct:]...)
		if over := c.vlen + len(seg) - maxXESValue; over > 0 {
			c.cut(c.inR - over)
		}
	}
	c.vlen += len(seg)
	if i < 0 {
		return w
	}
	// The closing quote.
	c.inR++
	c.state, c.dropping = vcTag, false
	if len(c.held) > 0 { // a long value within the limit
		c.out = append(c.out, c.held...)
		c.held = c.held[:0]
	}
	if len(c.out) > 0 || c.nl > 0 {
		// After the quote, the line breaks of the skipped part: white
		// space in the tag, so that lines stay right.
		c.out = append(c.out, c.q)
		c.nlOut, c.nl = c.nl, 0
		return w
	}
	p[w] = c.q
	return w + 1
}

// resync finds where the bytes since the last '<' (xesHoldFrom of them,
// given out already) leave the XML: in a tag, in one of its values (maybe
// one that is getting too long), or in the text after it.
func (c *valueCap) resync() {
	if c.scratch == nil {
		c.scratch = make([]byte, xesHoldFrom)
	}
	end := c.inW
	c.inW, c.inR, c.state = c.inR, c.lt+1, vcTag
	for c.inR < c.inW {
		c.process(c.scratch)
	}
	c.inW = end
}

// cut gives out the first maxXESValue bytes of the value being held (less
// a partial character or entity at the end), counts the line breaks of the
// rest, and skips the rest of the value; at is where in the input the
// value reaches the limit.
func (c *valueCap) cut(at int) {
	k := maxXESValue - xesHoldFrom
	for k > 0 && c.held[k]&0xC0 == 0x80 { // inside a UTF-8 character
		k--
	}
	if amp := bytes.LastIndexByte(c.held[max(0, k-12):k], '&'); amp >= 0 {
		amp += max(0, k-12)
		if bytes.IndexByte(c.held[amp:k], ';') < 0 { // inside an entity
			k = amp
		}
	}
	c.nl += bytes.Count(c.held[k:], []byte{'\n'})
	c.out = append(c.out, c.held[:k]...)
	c.held = nil
	c.dropping = true
	c.cuts++
	if c.cuts == 1 {
		c.firstLine = 1 + c.inLine + bytes.Count(c.in[:at], []byte{'\n'})
	}
}
