package eventlog

import (
	"strings"
)

// The Parquet reader runs as a two-stage pipeline, as the CSV reader does:
//
//   - the producer (a goroutine) decodes a batch of rows from every column,
//     checks the rows, reads their times and interns activities, resources
//     and lifecycle values;
//   - the consumer (the caller's goroutine) counts the rows, records the bad
//     ones, interns case ids and adds the events to the builder.
//
// Each stage works in row order and touches only its own part of the
// builder, so the log is the one a sequential reader builds.

// pqRec is what the producer found out about a row.
type pqRec struct {
	cid            string            // case id (valid while the batch is)
	caseHash       uint64            // of cid, for caseOfHash (computed on the producer's core)
	in             Instance          // Activity, Resource, Start, End (Row: consume sets it from row)
	row            int               // 1-based record index
	attrs          map[string]string // event attributes (Options.EventAttrs)
	lc             lcInfo
	attr           int32 // the row's case attribute values: batch.attrs[attr:]
	bad            error // the row is bad, at column badCol, value badVal
	badCol, badVal string
}

// pqBatch is a batch of rows on its way from producer to consumer.
type pqBatch struct {
	recs  []pqRec
	attrs []string
	err   error // ends the read after recs
}

// run reads every row. It returns the error that ends the read early
// (Strict, a corrupt file), after the producer has stopped.
func (p *pqReader) run() error {
	if p.nrows == 0 {
		return emptyLog(p.name, "no events: the Parquet file has no rows")
	}
	p.full = make(chan *pqBatch, 2)
	p.free = make(chan *pqBatch, 4)
	p.quit = make(chan struct{})
	go p.produce()
	stopped := false
	defer func() {
		if !stopped { // a panic (recovered by ReadParquet): stop the producer too
			close(p.quit)
		}
	}()
	var err error
	for bt := range p.full {
		if err == nil {
			if err = p.consume(bt); err != nil {
				close(p.quit)
				stopped = true
			}
		}
		select {
		case p.free <- bt:
		default:
		}
	}
	stopped = true // the producer is done
	return err
}

// batch returns an empty batch.
func (p *pqReader) batch() *pqBatch {
	var bt *pqBatch
	select {
	case bt = <-p.free:
	default:
		bt = &pqBatch{}
	}
	clear(bt.recs) // drop the strings and errors of its last use
	bt.recs, bt.attrs, bt.err = bt.recs[:0], bt.attrs[:0], nil
	return bt
}

// send hands bt to the consumer; false when the consumer has stopped.
func (p *pqReader) send(bt *pqBatch) bool {
	select {
	case p.full <- bt:
		return true
	case <-p.quit:
		return false
	}
}

// produce decodes the rows, a batch at a time.
func (p *pqReader) produce() {
	defer close(p.full)
	defer func() {
		// See ReadParquet: a corrupt file must be an error.
		if r := recover(); r != nil {
			p.send(&pqBatch{err: &ParseError{File: p.name, Err: reason(ErrSyntax, "corrupt Parquet file: %v", r)}})
		}
	}()
	for row := int64(0); row < p.nrows; {
		n := int(min(pqBatchRows, p.nrows-row))
		bt := p.batch()
		for _, c := range p.cols {
			if err := c.read(n, row, p.nrows); err != nil {
				bt.err = &ParseError{File: p.name, Err: err}
				p.send(bt)
				return
			}
		}
		if row == 0 {
			p.time.resolve(n)
			if p.start != nil {
				p.start.resolve(n)
			}
		}
		for i := 0; i < n; i++ {
			if err := p.classify(bt, i, int(row)+i+1); err != nil {
				bt.recs, bt.err = bt.recs[:len(bt.recs)-1], err // the row of the error is not read
				break
			}
		}
		if !p.send(bt) || bt.err != nil {
			return
		}
		row += int64(n)
	}
}

// consume does the consumer's part of the rows of bt.
func (p *pqReader) consume(bt *pqBatch) error {
	b := p.b
	for k := range bt.recs {
		r := &bt.recs[k]
		b.log.Quality.Rows++
		if r.bad != nil {
			if err := b.bad(r.row, r.badCol, r.badVal, r.bad); err != nil {
				return err
			}
			continue
		}
		c := b.caseOfHash(r.cid, r.caseHash)
		r.in.Row = b.row32(r.row)
		b.eventAttrs(r.attrs)
		if b.lifecycle {
			b.addLC(c, r.in, r.lc)
		} else {
			b.add(c, r.in)
		}
		for j := range p.caseAttrs {
			b.setCaseAttrAt(j, c, bt.attrs[int(r.attr)+j])
		}
	}
	return bt.err
}

// classify does the producer's part of row i of the batch (rec: its 1-based
// record index) and appends it to bt. An error (invalid UTF-8) ends the
// read: the caller drops the row.
func (p *pqReader) classify(bt *pqBatch, i, rec int) error {
	bt.recs = append(bt.recs, pqRec{in: Instance{Resource: -1, Enabled: NoTime, Start: NoTime}, row: rec})
	r := &bt.recs[len(bt.recs)-1]
	cid, ok, err := p.text(p.cas, i, rec)
	if err != nil || !ok || cid == "" {
		return p.missing(r, err, ok, p.cas, "case id")
	}
	if p.cas.kind != pqText {
		cid = strings.Clone(cid) // formatted in the column's scratch space
	}
	act, ok, err := p.text(p.act, i, rec)
	if err != nil || !ok || act == "" {
		return p.missing(r, err, ok, p.act, "activity")
	}
	var val string
	if r.in.End, val, r.bad = p.time.time(i, rec, false); r.bad != nil {
		r.badCol, r.badVal = p.time.name, strings.Clone(val)
		return nil
	}
	midnight := p.time.tc.midnight
	if p.start != nil {
		if r.in.Start, val, r.bad = p.start.time(i, rec, true); r.bad != nil {
			r.badCol, r.badVal = p.start.name, strings.Clone(val)
			return nil
		}
	}
	b := p.b
	if p.res != nil {
		v, _, err := p.text(p.res, i, rec)
		if err != nil {
			return err
		}
		r.in.Resource = b.resource(v)
	}
	r.in.Activity = b.activity(act)
	b.endClock(r.in.Activity, midnight)
	r.cid, r.lc = cid, lcInfo{trans: -1, inst: -1}
	r.caseHash = b.cases.hash(cid) // here, off the consumer's core
	if b.lifecycle {
		if r.lc, err = p.lcInfo(i, rec); err != nil {
			return err
		}
	}
	if r.attrs, err = p.eventAttrs(i, rec); err != nil {
		return err
	}
	r.attr = int32(len(bt.attrs))
	for _, a := range p.caseAttrs {
		v, _, err := p.text(a, i, rec)
		if err != nil {
			return err
		}
		bt.attrs = append(bt.attrs, strings.Clone(v))
	}
	return nil
}

// missing makes r a row without a case id or activity (null or empty), or
// returns err (which ends the read; r is dropped).
func (p *pqReader) missing(r *pqRec, err error, notNull bool, c *pqCol, what string) error {
	if err != nil {
		return err
	}
	r.badCol = c.name
	if notNull {
		r.bad = reason(ErrMissingValue, "empty %s", what)
	} else {
		r.bad = reason(ErrMissingValue, "null %s", what)
	}
	return nil
}
