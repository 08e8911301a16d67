package eventlog

import (
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// pqKind is how the cells of a Parquet column are read.
type pqKind uint8

const (
	pqText  pqKind = iota // BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY: text
	pqInt                 // INT32, INT64 without a time type: decimal digits
	pqUint                // unsigned INT32, INT64
	pqBool                // BOOLEAN: true / false
	pqFloat               // FLOAT, DOUBLE
	pqStamp               // INT64 TIMESTAMP (or TIMESTAMP_MILLIS / _MICROS)
	pqDate                // INT32 DATE: days since 1970-01-01
	pqInt96               // INT96 (legacy Impala / Spark timestamps)
	pqUUID                // FIXED_LEN_BYTE_ARRAY(16) UUID
	pqOther               // anything else (decimals, times of day): the library's text
)

const dayNs = 86400 * int64(time.Second)

// The supported instants (see minYear and maxYear) in Unix nanoseconds.
var (
	pqMinNs = daysFromCivil(minYear, 1, 1) * dayNs
	pqMaxNs = (maxUnixSec+1)*int64(time.Second) - 1
)

// julianUnixEpoch is the Julian day number of 1970-01-01 (INT96 days).
const julianUnixEpoch = 2440588

// pqCol is a column being read: the values of the current batch of rows and
// how to read them.
type pqCol struct {
	name string // column name (dotted path)
	key  string // attribute key (attribute columns)
	attr bool

	pages parquet.Pages
	vr    parquet.ValueReader // of the current page; nil between pages
	vals  []parquet.Value     // the batch
	typ   parquet.Type

	kind      pqKind
	unit      int64 // pqStamp: nanoseconds per unit
	utc       bool  // pqStamp: isAdjustedToUTC (an instant, not a wall-clock time)
	checkUTF8 bool

	tc      *timeCol // time columns
	scratch []byte   // the text of the last cell formatted

	// The zone period of Options.Location last used for an instant:
	// [zStart, zEnd) at offset zOff seconds (midnight checks).
	zStart, zEnd int64
	zOff         int64
}

// newPQCol prepares leaf for reading. flag names the role ("" for an
// attribute column); typed is true for a time column.
func newPQCol(f *parquet.File, r io.ReaderAt, size int64, leaf pqLeaf, file, flag string, typed bool, opt *Options) (*pqCol, error) {
	c := &pqCol{name: leaf.name, typ: leaf.col.Type()}
	if leaf.col.MaxRepetitionLevel() > 0 {
		return nil, &ParseError{File: file, Column: c.name, Err: reason(ErrNotEventLog, "column %q (%s) is a list (a repeated field); expected one value per row", c.name, flag)}
	}
	c.classify(leaf.elem)
	if typed {
		switch c.kind {
		case pqText, pqInt, pqUint, pqStamp, pqDate, pqInt96:
		default:
			return nil, &ParseError{File: file, Column: c.name, Err: reason(ErrBadTimestamp, "column %q (%s) has Parquet type %s; expected a TIMESTAMP, DATE, INT96, string or integer (epoch) column", c.name, flag, c.typ)}
		}
		c.tc = newTimeCol(c.name, opt)
		if layout := c.layout(); layout != "" {
			c.tc.p = newTimeParser(tsNone, "", c.tc.loc)
			c.tc.detected, c.tc.layout = true, layout
		}
	}
	if err := checkPages(f, r, size, leaf.col.Index()); err != nil {
		return nil, &ParseError{File: file, Column: c.name, Err: reason(ErrSyntax, "corrupt Parquet file: %v", err)}
	}
	c.pages = leaf.col.Pages()
	return c, nil
}

// classify sets the kind of the column from its physical and logical types
// as written in the file (elem; nil: as the library sees them).
func (c *pqCol) classify(elem *format.SchemaElement) {
	var lv format.LogicalTypeValue
	var ct *deprecated.ConvertedType
	if elem != nil {
		lv = elem.LogicalType.Value
		if elem.ConvertedType.Valid {
			ct = &elem.ConvertedType.V
		}
	} else {
		if lt := c.typ.LogicalType(); lt != nil {
			lv = lt.Value
		}
		ct = c.typ.ConvertedType()
	}
	conv := func(want deprecated.ConvertedType) bool { return ct != nil && *ct == want }
	if _, ok := lv.(*format.DecimalType); ok || conv(deprecated.Decimal) {
		c.kind = pqOther
		return
	}
	switch c.typ.Kind() {
	case parquet.ByteArray:
		c.kind, c.checkUTF8 = pqText, true
	case parquet.FixedLenByteArray:
		c.kind, c.checkUTF8 = pqText, true
		if _, ok := lv.(*format.UUIDType); ok {
			c.kind, c.checkUTF8 = pqUUID, false
		}
	case parquet.Int64, parquet.Int32:
		c.classifyInt(lv, conv)
	case parquet.Int96:
		c.kind = pqInt96
	case parquet.Boolean:
		c.kind = pqBool
	case parquet.Float, parquet.Double:
		c.kind = pqFloat
	default:
		c.kind = pqOther
	}
}

// classifyInt sets the kind of an INT32 or INT64 column.
func (c *pqCol) classifyInt(lv format.LogicalTypeValue, conv func(deprecated.ConvertedType) bool) {
	c.kind = pqInt
	switch t := lv.(type) {
	case *format.TimestampType:
		c.kind, c.utc = pqStamp, t.IsAdjustedToUTC
		switch t.Unit.Value.(type) {
		case *format.MilliSeconds:
			c.unit = int64(time.Millisecond)
		case *format.MicroSeconds:
			c.unit = int64(time.Microsecond)
		default:
			c.unit = 1
		}
	case *format.DateType:
		c.kind = pqDate
	case *format.TimeType:
		c.kind = pqOther
	case *format.IntType:
		if !t.IsSigned {
			c.kind = pqUint
		}
	}
	if _, isInt := lv.(*format.IntType); lv == nil || isInt {
		// Legacy annotations (some writers add them to an INT logical type).
		switch {
		case conv(deprecated.TimestampMillis):
			c.kind, c.utc, c.unit = pqStamp, true, int64(time.Millisecond)
		case conv(deprecated.TimestampMicros):
			c.kind, c.utc, c.unit = pqStamp, true, int64(time.Microsecond)
		case conv(deprecated.Date):
			c.kind = pqDate
		case conv(deprecated.TimeMillis), conv(deprecated.TimeMicros):
			c.kind = pqOther
		case conv(deprecated.Uint8), conv(deprecated.Uint16), conv(deprecated.Uint32), conv(deprecated.Uint64):
			c.kind = pqUint
		}
	}
	if c.kind == pqDate && c.typ.Kind() != parquet.Int32 || c.kind == pqStamp && c.typ.Kind() != parquet.Int64 {
		c.kind = pqInt // a time type on the wrong physical type: read the numbers
	}
}

// layout describes a typed time column for the report ("" for text).
func (c *pqCol) layout() string {
	switch c.kind {
	case pqStamp:
		unit := map[int64]string{int64(time.Millisecond): "MILLIS", int64(time.Microsecond): "MICROS", 1: "NANOS"}[c.unit]
		if c.utc {
			return "Parquet TIMESTAMP(" + unit + ", UTC)"
		}
		return "Parquet TIMESTAMP(" + unit + ", local)"
	case pqDate:
		return "Parquet DATE"
	case pqInt96:
		return "Parquet INT96 timestamp"
	}
	return ""
}

// read reads the cells of the next n rows (first: the index of the first;
// total: the rows of the file).
func (c *pqCol) read(n int, first, total int64) error {
	if cap(c.vals) < n {
		c.vals = make([]parquet.Value, 0, n)
	}
	c.vals = c.vals[:0]
	for len(c.vals) < n {
		if c.vr == nil {
			pg, err := c.pages.ReadPage()
			if err == io.EOF {
				return reason(ErrTruncated, "column %q ends after %d values but the file has %d rows: the file is corrupt", c.name, first+int64(len(c.vals)), total)
			}
			if err != nil {
				return reason(ErrSyntax, "corrupt Parquet file: column %q: %v", c.name, err)
			}
			c.vr = pg.Values()
		}
		k, err := c.vr.ReadValues(c.vals[len(c.vals):n])
		c.vals = c.vals[:len(c.vals)+k]
		switch {
		case err == io.EOF || err == nil && k == 0:
			c.vr = nil
		case err != nil:
			return reason(ErrSyntax, "corrupt Parquet file: column %q: %v", c.name, err)
		}
	}
	return nil
}

func (c *pqCol) close() {
	if c.pages != nil {
		c.pages.Close()
	}
}

// resolve lets a text time column decide its layout (day/month order) from
// the first values, as the CSV reader does.
func (c *pqCol) resolve(n int) {
	if c.kind != pqText && c.kind != pqInt && c.kind != pqUint {
		return
	}
	var vals []string
	for i := 0; i < min(n, lookahead); i++ {
		if s, ok := c.str(i); ok {
			vals = append(vals, strings.Clone(s))
		}
	}
	c.tc.resolve(vals)
}

// bytesString is the string of b without a copy: valid until b changes
// (the builder clones what it keeps).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// str returns the text of cell i; ok is false for a null. The string may
// alias the page or c.scratch: it is valid until the next call.
func (c *pqCol) str(i int) (s string, ok bool) {
	v := c.vals[i]
	if v.IsNull() {
		return "", false
	}
	b := c.scratch[:0]
	switch c.kind {
	case pqText:
		return bytesString(v.ByteArray()), true
	case pqInt:
		if v.Kind() == parquet.Int32 {
			b = strconv.AppendInt(b, int64(v.Int32()), 10)
		} else {
			b = strconv.AppendInt(b, v.Int64(), 10)
		}
	case pqUint:
		if v.Kind() == parquet.Int32 {
			b = strconv.AppendUint(b, uint64(v.Uint32()), 10)
		} else {
			b = strconv.AppendUint(b, v.Uint64(), 10)
		}
	case pqBool:
		b = strconv.AppendBool(b, v.Boolean())
	case pqFloat:
		if v.Kind() == parquet.Float {
			b = strconv.AppendFloat(b, float64(v.Float()), 'g', -1, 32)
		} else {
			b = strconv.AppendFloat(b, v.Double(), 'g', -1, 64)
		}
	case pqUUID:
		b = appendUUID(b, v.ByteArray())
	case pqStamp, pqDate, pqInt96:
		b = c.appendTime(b, v)
	default:
		b = append(b, v.String()...)
	}
	c.scratch = b
	return bytesString(b), true
}

// appendUUID formats a 16-byte UUID as 8-4-4-4-12 hex digits.
func appendUUID(b, u []byte) []byte {
	if len(u) != 16 {
		return hex.AppendEncode(b, u)
	}
	for k, part := range [][]byte{u[:4], u[4:6], u[6:8], u[8:10], u[10:]} {
		if k > 0 {
			b = append(b, '-')
		}
		b = hex.AppendEncode(b, part)
	}
	return b
}

// raw returns the Unix nanoseconds a typed time cell holds (a wall-clock
// time read as if in UTC when local), whether it is local, and whether it
// is in the supported years.
func (c *pqCol) raw(v parquet.Value) (ns int64, local, ok bool) {
	switch c.kind {
	case pqStamp:
		x := v.Int64()
		if x < pqMinNs/c.unit || x > pqMaxNs/c.unit {
			return 0, false, false
		}
		return x * c.unit, !c.utc, true
	case pqDate:
		d := int64(v.Int32())
		if d < pqMinNs/dayNs || d > pqMaxNs/dayNs {
			return 0, false, false
		}
		return d * dayNs, true, true
	default: // pqInt96: nanoseconds of the day, then the Julian day
		w := v.Int96()
		nanos, day := int64(uint64(w[1])<<32|uint64(w[0])), int64(w[2])-julianUnixEpoch
		if nanos < 0 || nanos >= dayNs || day < pqMinNs/dayNs || day > pqMaxNs/dayNs {
			return 0, false, false
		}
		return day*dayNs + nanos, false, true
	}
}

// rawText is a typed time cell as stored: the number (INT96: the Julian day
// and the nanoseconds), for messages.
func (c *pqCol) rawText(v parquet.Value) string {
	switch c.kind {
	case pqStamp:
		return strconv.FormatInt(v.Int64(), 10)
	case pqDate:
		return strconv.FormatInt(int64(v.Int32()), 10)
	}
	w := v.Int96()
	return fmt.Sprintf("%d %d", w[2], uint64(w[1])<<32|uint64(w[0]))
}

// appendTime formats a typed time cell: RFC 3339 in UTC for an instant,
// without a zone for a wall-clock time, a date alone for a DATE.
func (c *pqCol) appendTime(b []byte, v parquet.Value) []byte {
	ns, local, ok := c.raw(v)
	if !ok {
		return append(b, c.rawText(v)...)
	}
	t := time.Unix(0, ns).UTC()
	switch {
	case c.kind == pqDate:
		return t.AppendFormat(b, time.DateOnly)
	case local:
		return t.AppendFormat(b, "2006-01-02T15:04:05.999999999")
	}
	return t.AppendFormat(b, time.RFC3339Nano)
}

// time reads the time in cell i of row rec: Unix nanoseconds, or the value
// to show and the reason the row is bad. A null or empty cell is NoTime when
// optional (a start time), else bad.
func (c *pqCol) time(i, rec int, optional bool) (ns int64, val string, bad error) {
	v := c.vals[i]
	if v.IsNull() {
		if optional {
			return NoTime, "", nil
		}
		return 0, "", reason(ErrBadTimestamp, "null timestamp")
	}
	tc := c.tc
	switch c.kind {
	case pqText, pqInt, pqUint:
		s, _ := c.str(i)
		if s == "" {
			if optional {
				return NoTime, "", nil
			}
			return 0, "", reason(ErrBadTimestamp, "empty timestamp")
		}
		ns, ok := tc.parseAt(s, rec)
		if !ok {
			return 0, s, tc.badValue(s)
		}
		return ns, "", nil
	}
	ns, local, ok := c.raw(v)
	if !ok {
		text := c.rawText(v)
		return 0, text, reason(ErrBadTimestamp, "%s value %s is outside the supported years %d-%d", c.layout(), text, minYear, maxYear)
	}
	if local {
		return c.wall(ns, rec), "", nil
	}
	tc.midnight = c.midnightIn(ns)
	return ns, "", nil
}

// wall returns the instant of a wall-clock time (given as Unix nanoseconds
// of that time in UTC) in the column's zone, noting it as a time without an
// offset, as the CSV reader does.
func (c *pqCol) wall(w int64, rec int) int64 {
	tc := c.tc
	tc.naive++
	days, rem := w/dayNs, w%dayNs
	if rem < 0 {
		days, rem = days-1, rem+dayNs
	}
	tc.midnight = rem == 0
	if tc.loc == time.UTC {
		return w
	}
	y, mo, d := civilFromDays(days)
	s := rem / int64(time.Second)
	ns := tc.p.local(days, y, mo, d, int(s/3600), int(s/60%60), int(s%60), int(rem%int64(time.Second)))
	if tc.p.dst != dstNone {
		tc.noteDST(tc.p.dst, time.Unix(0, w).UTC().Format("2006-01-02 15:04:05.999999999"), rec)
		tc.p.dst = dstNone
	}
	return ns
}

// midnightIn reports whether instant ns is at 00:00:00 in the column's zone.
func (c *pqCol) midnightIn(ns int64) bool {
	loc := c.tc.loc
	if loc != time.UTC && (ns < c.zStart || ns >= c.zEnd) {
		t := time.Unix(0, ns).In(loc)
		_, off := t.Zone()
		start, end := t.ZoneBounds()
		c.zStart, c.zEnd, c.zOff = pqMinNs, pqMaxNs, int64(off)
		if !start.IsZero() {
			c.zStart = start.UnixNano()
		}
		if !end.IsZero() {
			c.zEnd = end.UnixNano()
		}
	}
	r := (ns + c.zOff*int64(time.Second)) % dayNs
	return r == 0
}

// civilFromDays is the date of a day number (days since 1970-01-01), the
// inverse of daysFromCivil (Howard Hinnant's algorithm).
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// Bounds on what one page of a column may claim. The library allocates a
// page's sizes and value counts as its header states them, before reading
// its bytes: a corrupt header must be an error, not gigabytes of memory.
const (
	pqMaxPageBytes  = 256 << 20 // uncompressed
	pqMaxPageValues = 16 << 20
)

// checkPages reads the page headers of the column chunks of leaf (in every
// row group) and checks that every page lies inside its chunk and inside
// the file, and claims no more than pqMaxPageBytes and pqMaxPageValues.
func checkPages(f *parquet.File, r io.ReaderAt, size int64, leaf int) error {
	for g, rg := range f.Metadata().RowGroups {
		if leaf >= len(rg.Columns) {
			return fmt.Errorf("row group %d has %d columns, the schema %d or more", g, len(rg.Columns), leaf+1)
		}
		md := &rg.Columns[leaf].MetaData
		start := md.DataPageOffset
		if d := md.DictionaryPageOffset; d != 0 && d < start {
			start = d
		}
		end := start + md.TotalCompressedSize
		if start < 4 || md.TotalCompressedSize < 0 || end > size-8 || end < start {
			return fmt.Errorf("row group %d: the column's pages (bytes %d to %d) are not inside the file (%d bytes)", g, start, end, size)
		}
		for off := start; off < end; {
			n, err := checkPage(r, off, end)
			if err != nil {
				return fmt.Errorf("row group %d, page at byte %d: %v", g, off, err)
			}
			off += n
		}
	}
	return nil
}

// checkPage checks the header of the page at off (its chunk ends at end)
// and returns the length of the page, header included.
func checkPage(r io.ReaderAt, off, end int64) (int64, error) {
	var h format.PageHeader
	var hlen int
	for _, want := range []int64{256, 64 << 10} {
		buf := make([]byte, min(want, end-off))
		n, err := r.ReadAt(buf, off)
		if n < len(buf) {
			return 0, fmt.Errorf("cannot read the page header: %v", err)
		}
		br := (&thrift.CompactProtocol{}).NewReaderFromBytes(buf)
		h = format.PageHeader{}
		if err = thrift.NewDecoder(br).Decode(&h); err == nil {
			hlen = br.BytesRead()
			break
		}
		if int64(len(buf)) == end-off || want > 256 {
			return 0, fmt.Errorf("corrupt page header: %v", err)
		}
	}
	values := int64(0)
	switch {
	case h.DataPageHeader.Valid:
		values = int64(h.DataPageHeader.V.NumValues)
	case h.DataPageHeaderV2.Valid:
		values = int64(h.DataPageHeaderV2.V.NumValues)
	case h.DictionaryPageHeader.Valid:
		values = int64(h.DictionaryPageHeader.V.NumValues)
	}
	switch {
	case h.CompressedPageSize < 0 || int64(h.CompressedPageSize) > end-off-int64(hlen):
		return 0, fmt.Errorf("the page claims %d bytes, its column chunk has %d left", h.CompressedPageSize, end-off-int64(hlen))
	case h.UncompressedPageSize < 0 || h.UncompressedPageSize > pqMaxPageBytes:
		return 0, fmt.Errorf("the page claims %d bytes uncompressed (at most %d are read)", h.UncompressedPageSize, pqMaxPageBytes)
	case values < 0 || values > pqMaxPageValues:
		return 0, fmt.Errorf("the page claims %d values (at most %d are read)", values, pqMaxPageValues)
	}
	return int64(hlen) + int64(h.CompressedPageSize), nil
}
