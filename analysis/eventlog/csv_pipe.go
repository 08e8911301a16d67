package eventlog

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/flowmap/flowmap/analysis/eventlog/internal/csvsplit"
)

// The long-format CSV reader runs as a two-stage pipeline on two cores:
//
//   - the producer (a goroutine) splits records into chunks of rows, checks
//     them, parses their timestamps and interns activities, resources and
//     lifecycle values;
//   - the consumer (the caller's goroutine) counts the rows, records bad
//     ones, interns case ids and adds the events to the builder.
//
// Chunks go over a channel and are recycled, so memory stays bounded. Each
// stage does its work in file order and touches only its own part of the
// builder (see classify and consume), so the log is the one a sequential
// reader builds: the same interning order, Seq, Row, samples and errors.

const (
	chunkRows   = 4096      // rows per chunk
	chunkBytes  = 512 << 10 // or fewer rows once the fields take this much
	chunksAhead = 4         // chunks the producer may be ahead
)

// csvChunk is a run of records: their bytes, fields and what the producer
// found out about them.
type csvChunk struct {
	buf   []byte
	spans []csvsplit.Span
	lines []int // line of each field, for records with fl >= 0
	recs  []csvRec
}

// csvRec is one record of a chunk.
type csvRec struct {
	f, nf int32 // fields: spans[f : f+nf]
	fl    int32 // line of field i: lines[fl+i]; -1 = every field on line
	tcol  int32 // column of the bad timestamp (bad != nil)
	line  int   // line of the first field (the row's line)
	err   error // syntax or read error: the record has no fields
	bad   error // the timestamp in column tcol cannot be parsed

	// Set by classify for a good row (bad == nil after the checks).
	end, start            int64
	act, res, trans, inst int32
	caseHash              uint64 // of the case id, for caseOfHash
}

// field returns field i of r. The string aliases the chunk's buffer: it is
// valid until the chunk is recycled, and the builder clones what it keeps.
func (ch *csvChunk) field(r *csvRec, i int) string {
	sp := ch.spans[int(r.f)+i]
	if sp.End == sp.Off {
		return ""
	}
	return unsafe.String(&ch.buf[sp.Off], sp.End-sp.Off)
}

// line returns the line field i of r starts on.
func (ch *csvChunk) line(r *csvRec, i int) int {
	if r.fl < 0 {
		return r.line
	}
	return ch.lines[int(r.fl)+i]
}

// longPipe reads the data rows of a long-format CSV log into b.
type longPipe struct {
	b       *builder
	s       *csvsplit.Splitter
	headers []string
	ncol    int

	ci, ai, ti, si, ri, li, ii int
	caseAttrs, eventAttrs      []attrCol
	tc, sc                     *timeCol // sc: nil without a start column

	full chan *csvChunk // producer → consumer
	free chan *csvChunk // consumer → producer (recycling)
	quit chan struct{}  // closed by the consumer to stop the producer
}

// run reads every row. It returns the error that ends the read early
// (Strict, or a read error), after the producer has stopped.
func (p *longPipe) run() error {
	p.full = make(chan *csvChunk, chunksAhead)
	p.free = make(chan *csvChunk, chunksAhead+2)
	p.quit = make(chan struct{})
	go p.produce()
	var err error
	for ch := range p.full {
		if err == nil {
			if err = p.consume(ch); err != nil {
				close(p.quit)
			}
		}
		select {
		case p.free <- ch:
		default:
		}
	}
	// p.full is closed: the producer is done with the builder and the
	// time columns.
	return err
}

// chunk returns an empty chunk for the splitter to fill.
func (p *longPipe) chunk() *csvChunk {
	var ch *csvChunk
	select {
	case ch = <-p.free:
	default:
		ch = &csvChunk{}
	}
	clear(ch.recs) // drop the errors of the chunk's last use
	ch.recs = ch.recs[:0]
	s := p.s
	s.Buf, s.Spans, s.Lines = ch.buf[:0], ch.spans[:0], ch.lines[:0]
	return ch
}

// send hands ch to the consumer; false when the consumer has stopped.
func (p *longPipe) send(ch *csvChunk) bool {
	select {
	case p.full <- ch:
		return true
	case <-p.quit:
		return false
	}
}

// split reads the next record into ch; false at the end of the input.
func (p *longPipe) split(ch *csvChunk) bool {
	s := p.s
	f, fl := len(s.Spans), len(s.Lines)
	line, perField, err := s.Next()
	ch.buf, ch.spans, ch.lines = s.Buf, s.Spans, s.Lines
	if err == io.EOF {
		return false
	}
	r := csvRec{f: int32(f), nf: int32(len(s.Spans) - f), fl: -1, line: line, err: err}
	if perField && err == nil {
		r.fl = int32(fl)
	}
	ch.recs = append(ch.recs, r)
	return true
}

func (p *longPipe) produce() {
	defer close(p.full)
	ch := p.chunk()
	// Buffer the first rows so that the time columns' layouts (day/month
	// order) can be decided from them before the first value is parsed.
	for len(ch.recs) < lookahead && p.split(ch) {
	}
	p.tc.resolve(p.values(ch, p.ti))
	if p.sc != nil {
		p.sc.resolve(p.values(ch, p.si))
	}
	for i := range ch.recs {
		p.classify(ch, &ch.recs[i])
	}
	// Let the consumer start.
	if !p.checkUTF8(ch) || !p.send(ch) {
		return
	}
	ch = p.chunk()
	for {
		if len(ch.recs) >= chunkRows || len(p.s.Buf) >= chunkBytes {
			if !p.checkUTF8(ch) || !p.send(ch) {
				return
			}
			ch = p.chunk()
		}
		if !p.split(ch) {
			break
		}
		r := &ch.recs[len(ch.recs)-1]
		if r.err != nil {
			var pe *csv.ParseError
			if !errors.As(r.err, &pe) {
				// A read error ends the read when the consumer gets to it.
				break
			}
			continue
		}
		p.classify(ch, r)
	}
	if p.checkUTF8(ch) {
		p.send(ch)
	}
}

// checkUTF8 checks that the fields of ch are valid UTF-8. If not, the first
// record with a field that is not ends the chunk with an error, which the
// consumer returns; the chunk is sent and checkUTF8 reports false: the
// producer stops.
func (p *longPipe) checkUTF8(ch *csvChunk) bool {
	if utf8.Valid(ch.buf) {
		return true
	}
	for k := range ch.recs {
		r := &ch.recs[k]
		for i := 0; r.err == nil && i < int(r.nf); i++ {
			if v := ch.field(r, i); !utf8.ValidString(v) {
				col := ""
				if i < len(p.headers) {
					col = p.headers[i]
				}
				r.err = invalidUTF8(p.b.file, ch.line(r, i), col, strings.Clone(v))
				ch.recs = ch.recs[:k+1]
				p.send(ch)
				return false
			}
		}
	}
	return true
}

// values returns the values of column c in the rows of ch (for resolve).
func (p *longPipe) values(ch *csvChunk, c int) []string {
	var v []string
	for i := range ch.recs {
		if r := &ch.recs[i]; r.err == nil && c < int(r.nf) {
			v = append(v, ch.field(r, c))
		}
	}
	return v
}

// classify does the producer's part of a row, in file order: the checks,
// the timestamps (so that the time columns see the values in the order a
// sequential reader parses them) and the interning of activities,
// resources and lifecycle values (in order of first appearance among good
// rows). The consumer repeats the cheap checks to report bad rows.
func (p *longPipe) classify(ch *csvChunk, r *csvRec) {
	if r.err != nil || int(r.nf) != p.ncol {
		return
	}
	act := ch.field(r, p.ai)
	if ch.field(r, p.ci) == "" || act == "" {
		return
	}
	ts := ch.field(r, p.ti)
	end, ok := p.tc.parseAt(ts, ch.line(r, p.ti))
	if !ok {
		if ts == "" {
			r.bad = reason(ErrBadTimestamp, "empty timestamp")
		} else {
			r.bad = p.tc.badValue(ts)
		}
		r.tcol = int32(p.ti)
		return
	}
	r.end, r.start = end, NoTime
	r.caseHash = p.b.cases.hash(ch.field(r, p.ci)) // here, off the consumer's core
	midnight := p.tc.midnight
	if p.sc != nil {
		if v := ch.field(r, p.si); v != "" {
			if r.start, ok = p.sc.parseAt(v, ch.line(r, p.si)); !ok {
				r.bad, r.tcol = p.sc.badValue(v), int32(p.si)
				return
			}
		}
	}
	b := p.b
	r.res = -1
	if p.ri >= 0 {
		r.res = b.resource(ch.field(r, p.ri))
	}
	r.act = b.activity(act)
	b.endClock(r.act, midnight)
	if b.lifecycle {
		r.trans, r.inst = -1, -1
		if v := ch.field(r, p.li); v != "" {
			r.trans = b.transition(v)
		}
		if p.ii >= 0 {
			r.inst = b.instance(ch.field(r, p.ii))
		}
	}
}

// touch reads the recent-case slots of the rows of ch, and the first byte of
// the id of the case in each, before consume looks them up: these loads do
// not depend on each other, so the processor overlaps their cache misses,
// which consume would take one row at a time (see builder.caseOf).
func (p *longPipe) touch(ch *csvChunk) {
	b := p.b
	if b.recent == nil {
		return
	}
	var sink uint32
	for i := range ch.recs {
		s := &b.recent[ch.recs[i].caseHash%recentSlots]
		sink += s.tag
		if s.ci1 > 0 {
			if id := b.cases.at(int32(s.ci1 - 1)).id; id != "" {
				sink += uint32(id[0])
			}
		}
	}
	b.touched += sink
}

// consume does the consumer's part of the rows of ch.
func (p *longPipe) consume(ch *csvChunk) error {
	b := p.b
	p.touch(ch)
	q := &b.log.Quality
	headers := p.headers
	for i := range ch.recs {
		r := &ch.recs[i]
		q.Rows++
		if r.err != nil {
			line, e := rowErr(r.err)
			if line == 0 {
				return readErr(b.file, e)
			}
			if err := b.bad(line, "", "", e); err != nil {
				return err
			}
			continue
		}
		line := r.line
		if int(r.nf) != p.ncol {
			if err := b.bad(line, "", "", fieldCount(int(r.nf), p.headers)); err != nil {
				return err
			}
			continue
		}
		cid := ch.field(r, p.ci)
		if cid == "" {
			if err := b.bad(line, headers[p.ci], "", reason(ErrMissingValue, "empty case id")); err != nil {
				return err
			}
			continue
		}
		if ch.field(r, p.ai) == "" {
			if err := b.bad(line, headers[p.ai], "", reason(ErrMissingValue, "empty activity")); err != nil {
				return err
			}
			continue
		}
		if r.bad != nil {
			c := int(r.tcol)
			if err := b.bad(ch.line(r, c), headers[c], ch.field(r, c), r.bad); err != nil {
				return err
			}
			continue
		}
		c := b.caseOfHash(cid, r.caseHash)
		in := Instance{Activity: r.act, Resource: r.res, Enabled: NoTime, Start: r.start, End: r.end, Row: b.row32(line)}
		if len(p.eventAttrs) > 0 {
			var attrs map[string]string
			for _, a := range p.eventAttrs {
				if v := ch.field(r, a.i); v != "" {
					if attrs == nil {
						attrs = make(map[string]string)
					}
					attrs[a.key] = strings.Clone(v)
				}
			}
			b.eventAttrs(attrs)
		}
		if b.lifecycle {
			b.addLC(c, in, lcInfo{trans: r.trans, inst: r.inst})
		} else {
			b.add(c, in)
		}
		for k, a := range p.caseAttrs {
			b.setCaseAttrAt(k, c, ch.field(r, a.i))
		}
	}
	return nil
}
