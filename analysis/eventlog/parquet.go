package eventlog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// Apache Parquet input. A Parquet log is a table like a CSV log: its
// columns (a field of a group is named by its dotted path) are found by the
// same names and flags as CSV headers, and its rows are read column by
// column, a batch of rows at a time, page by page, so that memory stays
// bounded whatever the size of the file. Row numbers in the quality report
// are 1-based record indexes (there is no header row).
//
// Cells are read by their Parquet type:
//   - strings (and integers, for time columns) exactly as the same text in a
//     CSV file: case ids, activities, resources; timestamps in the layouts the
//     CSV reader detects, or integer epoch seconds / milliseconds;
//   - TIMESTAMP(unit, isAdjustedToUTC=true) (and the legacy TIMESTAMP_MILLIS /
//     TIMESTAMP_MICROS, and INT96) as instants;
//   - TIMESTAMP(unit, isAdjustedToUTC=false) and DATE as wall-clock times
//     read in Options.Location, like a CSV timestamp without an offset;
//   - a null case id, activity or time makes a bad row; a null start time or
//     resource is a missing one.

// pqMagic starts and ends every Parquet file.
const pqMagic = "PAR1"

// pqBatchRows is the number of rows read from every column at a time.
const pqBatchRows = 4096

// isParquetName reports whether a file name says Parquet.
func isParquetName(lower string) bool {
	return strings.HasSuffix(lower, ".parquet") || strings.HasSuffix(lower, ".parq") || strings.HasSuffix(lower, ".pq")
}

// sniffParquet reports whether the open file f starts and ends with the
// Parquet magic number (for a file whose name does not say Parquet).
func sniffParquet(f *os.File) bool {
	var head, tail [4]byte
	st, err := f.Stat()
	if err != nil || st.Size() < 12 {
		return false
	}
	if n, _ := f.ReadAt(head[:], 0); n < 4 || string(head[:]) != pqMagic {
		return false
	}
	n, _ := f.ReadAt(tail[:], st.Size()-4)
	return n == 4 && string(tail[:]) == pqMagic
}

// readParquetFile reads the Parquet log in the open file f.
func readParquetFile(f *os.File, name string, opt Options) (*Log, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	var r io.ReaderAt = f
	if opt.Progress != nil {
		r = &progressReaderAt{r: f, total: st.Size(), report: opt.Progress}
	}
	return ReadParquet(r, st.Size(), name, opt)
}

// ReadParquet reads an Apache Parquet event log of size bytes from r. name is
// used in errors and as Log.Source. Options work as for a CSV log, except
// Wide and Encoding (Parquet strings are UTF-8).
func ReadParquet(r io.ReaderAt, size int64, name string, opt Options) (lg *Log, err error) {
	defer func() {
		// The Parquet library trusts the sizes and offsets written in the
		// file; a corrupt file must be an error, never a crash.
		if p := recover(); p != nil {
			lg, err = nil, &ParseError{File: name, Err: reason(ErrSyntax, "corrupt Parquet file: %v", p)}
		}
	}()
	if len(opt.Wide) > 0 {
		return nil, &ParseError{File: name, Err: errors.New("--wide reads a wide CSV export; a Parquet file is read as a long log (one row per event): convert the wide export to CSV")}
	}
	if e := strings.ToLower(strings.ReplaceAll(opt.Encoding, "-", "")); e != "" && e != "utf8" {
		return nil, &ParseError{File: name, Err: fmt.Errorf("--encoding %s: Parquet strings are always UTF-8 (the option is for text logs)", opt.Encoding)}
	}
	f, err := openParquet(r, size, name)
	if err != nil {
		return nil, err
	}
	p, err := newPQReader(f, r, size, name, &opt)
	if err != nil {
		return nil, err
	}
	defer p.close()
	if err := p.run(); err != nil {
		return nil, err
	}
	tcs := []*timeCol{p.time.tc}
	if p.start != nil {
		tcs = append(tcs, p.start.tc)
	}
	return finishRead(p.b, tcs)
}

// openParquet checks the magic numbers and the footer's length (which the
// library would allocate before reading) and opens the file.
func openParquet(r io.ReaderAt, size int64, name string) (*parquet.File, error) {
	var head [4]byte
	if n, _ := r.ReadAt(head[:], 0); n < 4 || string(head[:]) != pqMagic {
		if n == 0 {
			return nil, emptyLog(name, "the file is empty; expected a Parquet event log")
		}
		if string(head[:]) == "PARE" {
			return nil, notEventLog(name, "the Parquet file is encrypted (its footer too): flowmap reads unencrypted Parquet files only")
		}
		if head[0] == 0x1f && head[1] == 0x8b {
			return nil, notEventLog(name, "the file is gzip-compressed, not a Parquet file: Parquet compresses its own pages; decompress it first (gunzip)")
		}
		return nil, notEventLog(name, "not a Parquet file (it does not start with %q); expected a Parquet event log with case id, activity and timestamp columns", pqMagic)
	}
	var tail [8]byte
	if size < 12 {
		return nil, &ParseError{File: name, Err: reason(ErrTruncated, "the Parquet file is cut short (%d bytes): it is incomplete", size)}
	}
	if n, err := r.ReadAt(tail[:], size-8); n < 8 {
		return nil, &ParseError{File: name, Err: err}
	}
	if string(tail[4:]) != pqMagic {
		return nil, &ParseError{File: name, Err: reason(ErrTruncated, "the Parquet file does not end with %q: it is truncated (or still being written)", pqMagic)}
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return nil, &ParseError{File: name, Err: reason(ErrTruncated, "the Parquet footer claims %d bytes but the file has %d: it is truncated or corrupt", n, size)}
	}
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(64<<10))
	if err != nil {
		return nil, &ParseError{File: name, Err: reason(ErrSyntax, "corrupt Parquet file: %v", err)}
	}
	var rows int64
	for _, rg := range f.Metadata().RowGroups {
		if rg.NumRows < 0 || rows+rg.NumRows < rows {
			return nil, &ParseError{File: name, Err: reason(ErrSyntax, "corrupt Parquet file: a row group of %d rows", rg.NumRows)}
		}
		rows += rg.NumRows
	}
	if f.NumRows() != rows {
		// Reading f.NumRows() rows would lose rows, or find too few.
		return nil, &ParseError{File: name, Err: reason(ErrSyntax, "corrupt Parquet file: the footer says %d rows, its row groups hold %d", f.NumRows(), rows)}
	}
	return f, nil
}

// progressReaderAt reports how much of a file has been read, at most every
// 4 MiB.
type progressReaderAt struct {
	r          io.ReaderAt
	total      int64
	read, last atomic.Int64
	report     func(read, total int64)
}

func (p *progressReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n, err := p.r.ReadAt(b, off)
	read := p.read.Add(int64(n))
	if last := p.last.Load(); read-last >= 4<<20 && p.last.CompareAndSwap(last, read) {
		p.report(min(read, p.total), p.total)
	}
	return n, err
}

// pqLeaf is a column of the file: its name (the path of a nested field
// joined with dots), schema node and schema element (the types as written).
type pqLeaf struct {
	name string
	col  *parquet.Column
	elem *format.SchemaElement
}

// pqLeaves lists the leaf columns of f in schema order.
func pqLeaves(f *parquet.File) []pqLeaf {
	var elems []*format.SchemaElement // the leaves' elements, in order
	schema := f.Metadata().Schema
	for i := 1; i < len(schema); i++ {
		if e := &schema[i]; !e.NumChildren.Valid || e.NumChildren.V == 0 {
			elems = append(elems, e)
		}
	}
	var out []pqLeaf
	var walk func(c *parquet.Column)
	walk = func(c *parquet.Column) {
		if c.Leaf() {
			l := pqLeaf{name: strings.Join(c.Path(), "."), col: c}
			if i := c.Index(); i >= 0 && i < len(elems) && elems[i].Name == c.Name() {
				l.elem = elems[i]
			}
			out = append(out, l)
			return
		}
		for _, k := range c.Columns() {
			walk(k)
		}
	}
	for _, c := range f.Root().Columns() {
		walk(c)
	}
	return out
}

// pqReader reads the rows of a Parquet log into a builder.
type pqReader struct {
	b     *builder
	name  string
	opt   *Options
	nrows int64

	cas, act, time   *pqCol
	start, res       *pqCol // nil when absent
	lc, inst         *pqCol // lifecycle and concept:instance (lifecycle logs)
	caseAttrs, attrs []*pqCol
	cols             []*pqCol // every column read, for batches

	full chan *pqBatch // producer → consumer
	free chan *pqBatch // consumer → producer (recycling)
	quit chan struct{} // closed by the consumer to stop the producer
}

// newPQReader finds the columns of the roles and checks their types.
func newPQReader(f *parquet.File, r io.ReaderAt, size int64, name string, opt *Options) (*pqReader, error) {
	leaves := pqLeaves(f)
	headers := make([]string, len(leaves))
	for i, l := range leaves {
		headers[i] = l.name
	}
	if len(headers) == 0 {
		return nil, notEventLog(name, "the Parquet file has no columns; expected case id, activity and timestamp columns")
	}
	idx, taken, err := pickColumns(headers, name, opt, true)
	if err == nil {
		err = missingRoles(idx, name, headers, "")
	}
	if err != nil {
		return nil, err
	}
	ci, ai, ti, si, ri, li := idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]
	b := newBuilder(name, "parquet", opt)
	p := &pqReader{b: b, name: name, opt: opt, nrows: f.NumRows()}
	lg := b.log
	lg.Columns = Columns{Case: headers[ci], Activity: headers[ai], Time: headers[ti], TimeZone: zoneName(opt.Location)}
	use := func(i int, flag string, typed bool) (*pqCol, error) {
		c, err := newPQCol(f, r, size, leaves[i], name, flag, typed, opt)
		if err == nil {
			p.cols = append(p.cols, c)
		}
		return c, err
	}
	if p.cas, err = use(ci, "--case", false); err != nil {
		return nil, err
	}
	if p.act, err = use(ai, "--activity", false); err != nil {
		return nil, err
	}
	if p.time, err = use(ti, "--time", true); err != nil {
		return nil, err
	}
	if si >= 0 {
		lg.Columns.StartTime = headers[si]
		if p.start, err = use(si, "--start-time", true); err != nil {
			return nil, err
		}
	}
	if ri >= 0 {
		lg.Columns.Resource = headers[ri]
		if opt.Resource == "" && !primaryResource(headers[ri]) {
			b.warn("there is no resource column: column %q is used as the resource (use --resource to choose another)", headers[ri])
		}
		if p.res, err = use(ri, "--resource", false); err != nil {
			return nil, err
		}
	}
	if err := p.lifecycle(leaves, headers, li, si, taken, use); err != nil {
		return nil, err
	}
	return p, p.attrColumns(leaves, taken, use)
}

// lifecycle sets up the lifecycle column li (if any), as the CSV reader does.
func (p *pqReader) lifecycle(leaves []pqLeaf, headers []string, li, si int, taken map[int]bool, use func(int, string, bool) (*pqCol, error)) error {
	if li < 0 {
		return nil
	}
	b := p.b
	b.log.Columns.Lifecycle = headers[li]
	if si >= 0 {
		b.warn("column %q (lifecycle) is kept as data: start times come from column %q", headers[li], headers[si])
		taken[li] = false
		return nil
	}
	b.lifecycle = true
	b.lcKeyName = headers[li]
	var err error
	if p.lc, err = use(li, "--lifecycle", false); err != nil {
		return err
	}
	if ii := findColumn(headers, "concept:instance"); ii >= 0 && !taken[ii] {
		taken[ii] = true
		if p.inst, err = use(ii, "concept:instance", false); err != nil {
			return err
		}
	}
	return nil
}

// attrColumns sets up the case attribute columns ("case:" names) and, with
// Options.EventAttrs, the event attribute columns.
func (p *pqReader) attrColumns(leaves []pqLeaf, taken map[int]bool, use func(int, string, bool) (*pqCol, error)) error {
	for i, l := range leaves {
		h := l.name
		if taken[i] || h == "" || l.col.MaxRepetitionLevel() > 0 {
			continue
		}
		isCase := len(h) > 5 && strings.EqualFold(h[:5], "case:")
		if !isCase && !p.opt.EventAttrs {
			continue
		}
		c, err := use(i, "", false)
		if err != nil {
			return err
		}
		c.attr = true
		if isCase {
			c.key = h[5:]
			p.b.caseAttrColumn(c.key)
			p.caseAttrs = append(p.caseAttrs, c)
		} else {
			c.key = h
			p.attrs = append(p.attrs, c)
		}
	}
	return nil
}

// close releases the columns' page readers.
func (p *pqReader) close() {
	for _, c := range p.cols {
		c.close()
	}
}

// text returns the string of c's cell i, checked for UTF-8; ok is false for
// a null.
func (p *pqReader) text(c *pqCol, i, rec int) (s string, ok bool, err error) {
	s, ok = c.str(i)
	if ok && c.checkUTF8 && !utf8.ValidString(s) {
		return "", false, invalidUTF8(p.name, rec, c.name, strings.Clone(s))
	}
	return s, ok, nil
}

// lcInfo interns the lifecycle transition and concept:instance of row i.
func (p *pqReader) lcInfo(i, rec int) (lcInfo, error) {
	lc := lcInfo{trans: -1, inst: -1}
	v, _, err := p.text(p.lc, i, rec)
	if err != nil {
		return lc, err
	}
	if v != "" {
		lc.trans = p.b.transition(v)
	}
	if p.inst != nil {
		v, _, err := p.text(p.inst, i, rec)
		if err != nil {
			return lc, err
		}
		lc.inst = p.b.instance(v)
	}
	return lc, nil
}

// eventAttrs returns the event attributes of row i (Options.EventAttrs).
func (p *pqReader) eventAttrs(i, rec int) (map[string]string, error) {
	var m map[string]string
	for _, a := range p.attrs {
		v, _, err := p.text(a, i, rec)
		if err != nil {
			return nil, err
		}
		if v == "" {
			continue
		}
		if m == nil {
			m = make(map[string]string)
		}
		m[a.key] = strings.Clone(v)
	}
	return m, nil
}
