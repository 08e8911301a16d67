package eventlog

import (
	"fmt"
	"strings"
	"time"
)

// tsKind is a family of timestamp layouts the fast parser understands.
type tsKind uint8

const (
	tsNone      tsKind = iota
	tsISO              // 2006-01-02[( |T)15:04[:05][.000]][Z|±07[:00]]
	tsYMDSlash         // 2006/01/02[ 15:04[:05]...]
	tsDMYDot           // 02.01.2006[ 15:04[:05]...]
	tsDMYDash          // 02-01-2006[ 15:04[:05]...]
	tsDMYSlash         // 02/01/2006[ 15:04[:05]...]
	tsMDYSlash         // 01/02/2006[ 15:04[:05]...]
	tsUnixSec          // 1293715920 (10 digits)
	tsUnixMilli        // 1293715920000 (13 digits)
	tsLayout           // explicit Go layout (Options.TimeFormat)
)

// Unix nanoseconds (int64) cover 1677-09-21 to 2262-04-11; timestamps are
// accepted in whole years inside that: 1678-2261.
const minYear, maxYear = 1678, 2261

// maxUnixSec is the last second of maxYear: 2261-12-31T23:59:59Z. Unix
// times are unsigned digits (never before 1970), so only the upper bound
// can be crossed: a 10-digit value above it (e.g. 9999999999, 2286) or a
// 13-digit one above maxUnixSec*1000 would overflow int64 nanoseconds or
// leave the supported years; the row is bad (see unixOutOfRange).
const maxUnixSec = 9214646399

// timeParser parses one layout family in a zone (used for values without
// an offset).
type timeParser struct {
	kind   tsKind
	layout string
	loc    *time.Location
	utc    bool

	// The last date of ten characters parsed (values of a log in time
	// order share their date): its text, fields and day number.
	memo     [10]byte
	memoKind tsKind // tsNone: no memo
	memoY    int
	memoMo   int
	memoD    int
	memoDays int64

	dst uint8 // daylight-saving note of the last value read in loc (local)
	// midnight: the last date read had no time of day, or 00:00:00 (as
	// written, whatever its offset).
	midnight bool
}

func newTimeParser(kind tsKind, layout string, loc *time.Location) timeParser {
	if loc == nil {
		loc = time.UTC
	}
	return timeParser{kind: kind, layout: layout, loc: loc, utc: loc == time.UTC}
}

// parse returns Unix nanoseconds, whether the value had no UTC offset, and ok.
// It does not allocate.
func (p *timeParser) parse(s string) (ns int64, naive, ok bool) {
	switch p.kind {
	case tsISO:
		return p.parseDate(s, 'y', '-')
	case tsYMDSlash:
		return p.parseDate(s, 'y', '/')
	case tsDMYDot:
		return p.parseDate(s, 'd', '.')
	case tsDMYDash:
		return p.parseDate(s, 'd', '-')
	case tsDMYSlash:
		return p.parseDate(s, 'd', '/')
	case tsMDYSlash:
		return p.parseDate(s, 'm', '/')
	case tsUnixSec, tsUnixMilli:
		n := len(s)
		if (p.kind == tsUnixSec && n != 10) || (p.kind == tsUnixMilli && n != 13) {
			return 0, false, false
		}
		var v int64
		for i := 0; i < n; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false, false
			}
			v = v*10 + int64(c-'0')
		}
		if p.kind == tsUnixSec {
			if v > maxUnixSec {
				return 0, false, false
			}
			return v * 1e9, false, true
		}
		if v > maxUnixSec*1000+999 {
			return 0, false, false
		}
		return v * 1e6, false, true
	case tsLayout:
		t, err := time.ParseInLocation(p.layout, s, p.loc)
		if err != nil || t.Year() < minYear || t.Year() > maxYear {
			return 0, false, false
		}
		return t.UnixNano(), !layoutHasZone(p.layout), true
	}
	return 0, false, false
}

func layoutHasZone(layout string) bool {
	return strings.Contains(layout, "Z07") || strings.Contains(layout, "-07") || strings.Contains(layout, "MST")
}

// num reads between min and max ASCII digits at s[i:].
func num(s string, i, min, max int) (v, j int, ok bool) {
	j = i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		v = v*10 + int(s[j]-'0')
		j++
	}
	return v, j, j-i >= min
}

// parseDate parses a numeric date in the given order ('y' = Y M D, 'd' = D M
// Y, 'm' = M D Y) with separator sep, then an optional clock and zone.
func (p *timeParser) parseDate(s string, order byte, sep byte) (int64, bool, bool) {
	y, mo, d, i, days, ok := p.date(s, order, sep)
	if !ok {
		return 0, false, false
	}
	var c clock
	c.naive = true
	if i < len(s) && !c.parse(s, i) {
		return 0, false, false
	}
	p.midnight = c.h|c.mi|c.sec|c.frac == 0
	if c.naive && !p.utc {
		return p.local(days, y, mo, d, c.h, c.mi, c.sec, c.frac), true, true
	}
	secs := days*86400 + int64(c.h*3600+c.mi*60+c.sec-c.off)
	return secs*1e9 + int64(c.frac), c.naive, true
}

// date reads the date at the start of s (see parseDate): its fields, the
// index after it and its day number. The last date of ten characters is
// remembered: the next value usually has the same.
func (p *timeParser) date(s string, order byte, sep byte) (y, mo, d, i int, days int64, ok bool) {
	if len(s) >= 10 && p.memoKind == p.kind && string(p.memo[:]) == s[:10] {
		// Parsing s[:10] again would read the same fields: a date that
		// ends at 10 has every field at its widest.
		return p.memoY, p.memoMo, p.memoD, 10, p.memoDays, true
	}
	if order == 'y' {
		if y, i, ok = num(s, 0, 4, 4); !ok || i >= len(s) || s[i] != sep {
			return y, mo, d, i, 0, false
		}
		if mo, i, ok = num(s, i+1, 1, 2); !ok || i >= len(s) || s[i] != sep {
			return y, mo, d, i, 0, false
		}
		if d, i, ok = num(s, i+1, 1, 2); !ok {
			return
		}
	} else {
		var a, b int
		if a, i, ok = num(s, 0, 1, 2); !ok || i >= len(s) || s[i] != sep {
			return y, mo, d, i, 0, false
		}
		if b, i, ok = num(s, i+1, 1, 2); !ok || i >= len(s) || s[i] != sep {
			return y, mo, d, i, 0, false
		}
		if y, i, ok = num(s, i+1, 4, 4); !ok {
			return
		}
		if order == 'd' {
			d, mo = a, b
		} else {
			mo, d = a, b
		}
	}
	if y < minYear || y > maxYear || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) {
		return y, mo, d, i, 0, false
	}
	days = daysFromCivil(y, mo, d)
	if i == 10 && p.kind != tsNone {
		copy(p.memo[:], s[:10])
		p.memoKind, p.memoY, p.memoMo, p.memoD, p.memoDays = p.kind, y, mo, d, days
	}
	return y, mo, d, i, days, true
}

// clock is the time of day and zone after a date.
type clock struct {
	h, mi, sec, frac int
	off              int  // seconds east of UTC
	naive            bool // no offset written
}

// parse reads s[i:], the part of a timestamp after its date: a separator,
// hh:mm[:ss[.fff]], then optionally a zone (Z, ±hh[:mm], UTC, GMT).
func (c *clock) parse(s string, i int) bool {
	var ok bool
	if s[i] != 'T' && s[i] != ' ' && s[i] != 't' {
		return false
	}
	if c.h, i, ok = num(s, i+1, 1, 2); !ok || i >= len(s) || s[i] != ':' {
		return false
	}
	if c.mi, i, ok = num(s, i+1, 2, 2); !ok {
		return false
	}
	if i < len(s) && s[i] == ':' {
		if c.sec, i, ok = num(s, i+1, 2, 2); !ok {
			return false
		}
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			if c.frac, i, ok = fraction(s, i+1); !ok {
				return false
			}
		}
	}
	if c.h > 23 || c.mi > 59 || c.sec > 59 {
		return false
	}
	if i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) {
		if i, ok = c.zone(s, i); !ok {
			return false
		}
	}
	return i == len(s)
}

// fraction reads the digits of a fraction of a second at s[i:] as
// nanoseconds (digits after the ninth are ignored).
func fraction(s string, i int) (frac, j int, ok bool) {
	j = i
	scale := 100000000
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		frac += int(s[j]-'0') * scale
		scale /= 10
		j++
	}
	return frac, j, j > i
}

// zone reads a zone at s[i:]: Z, ±hh, ±hhmm, ±hh:mm, UTC or GMT. Anything
// else is left unread (the caller then finds s not at its end).
func (c *clock) zone(s string, i int) (int, bool) {
	switch ch := s[i]; ch {
	case 'Z', 'z':
		c.naive = false
		return i + 1, true
	case '+', '-':
		oh, j, ok := num(s, i+1, 2, 2)
		if !ok {
			return j, false
		}
		// Minutes: "+01:00", "+0100" or none ("+01"); a colon must be
		// followed by them.
		om := 0
		colon := j < len(s) && s[j] == ':'
		if colon {
			j++
		}
		if colon || j < len(s) {
			if om, j, ok = num(s, j, 2, 2); !ok {
				return j, false
			}
		}
		if oh > 23 || om > 59 {
			return j, false
		}
		c.off = oh*3600 + om*60
		if ch == '-' {
			c.off = -c.off
		}
		c.naive = false
		return j, true
	case 'U', 'G':
		if s[i:] == "UTC" || s[i:] == "GMT" {
			c.naive = false
			return i + 3, true
		}
	}
	return i, true
}

// Daylight-saving notes of the last value timeParser.parse read (dst).
const (
	dstNone     = iota
	dstGap      // the wall-clock time does not exist in the zone (spring forward)
	dstRepeated // it exists twice (fall back): read as the first
)

// local returns the instant of a wall-clock time in p.loc (days: the date's
// day number). A time in a daylight-saving gap is read with the offset
// before the change, as time.Date does; a time in a repeated hour as its
// first occurrence. p.dst says which (dstNone otherwise).
func (p *timeParser) local(days int64, y, mo, d, h, mi, sec, frac int) int64 {
	t := time.Date(y, time.Month(mo), d, h, mi, sec, frac, p.loc)
	_, off := t.Zone()
	if wall := t.Unix() + int64(off); wall != days*86400+int64(h*3600+mi*60+sec) {
		p.dst = dstGap
		return t.UnixNano()
	}
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		// The same wall-clock time, earlier, in the zone period before?
		if _, prev := start.Add(-time.Second).Zone(); prev > off {
			if u := t.Add(time.Duration(off-prev) * time.Second); u.Before(start) {
				p.dst = dstRepeated
				return u.UnixNano()
			}
		}
	}
	if !end.IsZero() {
		// Or later, in the period after?
		if _, next := end.Zone(); next < off && !t.Add(time.Duration(off-next)*time.Second).Before(end) {
			p.dst = dstRepeated
		}
	}
	return t.UnixNano()
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns days since 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// detectKind guesses the layout family of s. ambiguous is true for a
// slash date whose first two numbers are both <= 12.
func detectKind(s string) (k tsKind, ambiguous bool) {
	if len(s) < 6 {
		return tsNone, false
	}
	allDigits := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			allDigits = false
			break
		}
	}
	if allDigits {
		switch len(s) {
		case 10:
			return tsUnixSec, false
		case 13:
			return tsUnixMilli, false
		}
		return tsNone, false
	}
	p := timeParser{utc: true, loc: time.UTC}
	try := func(k tsKind) bool {
		p.kind = k
		_, _, ok := p.parse(s)
		return ok
	}
	for _, k := range []tsKind{tsISO, tsYMDSlash, tsDMYDot, tsDMYDash} {
		if try(k) {
			return k, false
		}
	}
	m, d := try(tsMDYSlash), try(tsDMYSlash)
	switch {
	case m && d:
		return tsMDYSlash, true
	case m:
		return tsMDYSlash, false
	case d:
		return tsDMYSlash, false
	}
	return tsNone, false
}

// describeLayout renders the layout of a parsed value as a Go time layout,
// for the report (Columns.TimeFormats).
func describeLayout(k tsKind, s, custom string) string {
	var date string
	switch k {
	case tsUnixSec:
		return "unix seconds"
	case tsUnixMilli:
		return "unix milliseconds"
	case tsLayout:
		return custom
	case tsISO:
		date = "2006-01-02"
	case tsYMDSlash:
		date = "2006/01/02"
	case tsDMYDot:
		date = "02.01.2006"
	case tsDMYDash:
		date = "02-01-2006"
	case tsDMYSlash:
		date = "02/01/2006"
	case tsMDYSlash:
		date = "01/02/2006"
	default:
		return ""
	}
	// Find where the date ends: at the first 'T' or ' '.
	i := strings.IndexAny(s, "T ")
	if i < 0 {
		return date
	}
	b := []byte(date)
	b = append(b, s[i])
	rest := s[i+1:]
	// clock
	colons := 0
	j := 0
	for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == ':') {
		if rest[j] == ':' {
			colons++
		}
		j++
	}
	b = append(b, "15:04"...)
	if colons >= 2 {
		b = append(b, ":05"...)
	}
	if j < len(rest) && (rest[j] == '.' || rest[j] == ',') {
		b = append(b, rest[j])
		j++
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			b = append(b, '0')
			j++
		}
	}
	zone := rest[j:]
	sp := strings.HasPrefix(zone, " ")
	zone = strings.TrimPrefix(zone, " ")
	if sp && zone != "" {
		b = append(b, ' ')
	}
	switch {
	case zone == "":
	case zone == "Z" || zone == "z":
		b = append(b, "Z07:00"...)
	case zone == "UTC" || zone == "GMT":
		b = append(b, "MST"...)
	case strings.Contains(zone, ":"):
		b = append(b, "-07:00"...)
	case len(zone) == 3:
		b = append(b, "-07"...)
	default:
		b = append(b, "-0700"...)
	}
	return string(b)
}

// timeCol is the timestamp state of one column / key: the detected layout,
// used as a fast path, and counts for the report.
type timeCol struct {
	name      string
	loc       *time.Location
	p         timeParser
	detected  bool
	ambiguous bool   // day/month order not evident from the data
	layout    string // description for the report
	naive     int    // values read without an offset

	// midnight: the last value parsed is a date at 00:00:00 as written
	// (or a date alone).
	midnight bool

	// An example of the detected layout, and of each other layout values
	// needed (a column that mixes layouts), with their counts.
	example tsExample
	others  [tsLayout + 1]tsExample

	// Values in a daylight-saving gap (dst[dstGap]) or in a repeated hour
	// (dst[dstRepeated]) of loc: counts and sampled rows.
	dst [3]dstNotes
}

// dstNotes counts and samples the values of one daylight-saving case.
type dstNotes struct {
	n       int
	samples []BadRow
}

// maxDSTSamples bounds the rows sampled per daylight-saving case.
const maxDSTSamples = 20

// noteDST records the daylight-saving note of the value just parsed.
func (c *timeCol) noteDST(k uint8, s string, row int) {
	dn := &c.dst[k]
	dn.n++
	if len(dn.samples) < maxDSTSamples {
		why := fmt.Sprintf("%s does not exist in %s (daylight-saving gap): read with the UTC offset before the change", s, c.loc)
		if k == dstRepeated {
			why = fmt.Sprintf("%s occurs twice in %s (the repeated hour when daylight saving ends): read as the first", s, c.loc)
		}
		dn.samples = append(dn.samples, BadRow{Row: row, Column: c.name, Value: strings.Clone(s), Reason: why})
	}
}

// tsExample is the first value of a layout in a column, where it is.
type tsExample struct {
	value     string
	row       int // 1-based line; 0 = unknown
	n         int // values of this layout
	ambiguous bool
}

func newTimeCol(name string, opt *Options) *timeCol {
	c := &timeCol{name: name, loc: opt.Location}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if opt.TimeFormat != "" {
		switch strings.ToLower(opt.TimeFormat) {
		case "unix", "unix_s", "unixs", "epoch":
			c.p = newTimeParser(tsUnixSec, "", c.loc)
		case "unix_ms", "unixms", "epoch_ms":
			c.p = newTimeParser(tsUnixMilli, "", c.loc)
		default:
			c.p = newTimeParser(tsLayout, opt.TimeFormat, c.loc)
		}
		c.detected = true
		c.layout = describeLayout(c.p.kind, "", opt.TimeFormat)
	}
	return c
}

// parse parses one value whose row is unknown.
func (c *timeCol) parse(s string) (int64, bool) { return c.parseAt(s, 0) }

// parseAt parses one value, on line row: the detected layout first, then
// full detection.
func (c *timeCol) parseAt(s string, row int) (int64, bool) {
	if c.detected {
		if ns, naive, ok := c.p.parse(s); ok {
			if naive {
				c.naive++
				if c.p.dst != dstNone {
					c.noteDST(c.p.dst, s, row)
					c.p.dst = dstNone
				}
			}
			if c.example.n == 0 {
				c.example = tsExample{value: strings.Clone(s), row: row}
			}
			c.example.n++
			c.midnight = c.p.midnight
			return ns, true
		}
		if c.p.kind == tsLayout {
			return 0, false
		}
	}
	return c.detect(s, row)
}

// detect parses a value the detected layout does not read (or the first).
func (c *timeCol) detect(s string, row int) (int64, bool) {
	k, amb := detectKind(s)
	if k == tsNone {
		return 0, false
	}
	p := newTimeParser(k, "", c.loc)
	ns, naive, ok := p.parse(s)
	if !ok {
		return 0, false
	}
	dst := p.dst
	p.dst = dstNone
	c.midnight = p.midnight
	if !c.detected {
		c.p, c.detected, c.ambiguous = p, true, amb
		c.layout = describeLayout(k, s, "")
		c.example = tsExample{value: strings.Clone(s), row: row, n: 1}
	} else {
		if o := &c.others[k]; o.n == 0 {
			*o = tsExample{value: strings.Clone(s), row: row, ambiguous: amb}
		}
		c.others[k].n++
	}
	if naive {
		c.naive++
		if dst != dstNone {
			c.noteDST(dst, s, row)
		}
	}
	return ns, true
}

// resolve looks at a sample of values before the first is parsed, so that a
// day/month order can be decided from evidence (a day > 12).
func (c *timeCol) resolve(values []string) {
	if c.detected {
		return
	}
	var first string
	for _, v := range values {
		if v == "" {
			continue
		}
		k, amb := detectKind(v)
		if k == tsNone {
			continue
		}
		if first == "" {
			first = v
			c.p, c.detected, c.ambiguous = newTimeParser(k, "", c.loc), true, amb
			c.layout = describeLayout(k, v, "")
			if !amb && k != tsMDYSlash && k != tsDMYSlash {
				return
			}
			continue
		}
		if c.p.kind != tsMDYSlash && c.p.kind != tsDMYSlash {
			return
		}
		if !amb && (k == tsMDYSlash || k == tsDMYSlash) {
			c.p.kind, c.ambiguous = k, false
			c.layout = describeLayout(k, first, "")
			return
		}
	}
}

// expected is the example layout named in bad-timestamp messages.
func (c *timeCol) expected() string {
	if c.detected && c.layout != "" {
		return humanLayout(c.layout)
	}
	return "YYYY-MM-DD hh:mm:ss[.sss][±hh:mm]"
}

// layoutWords spells a Go time layout's reference values as a person
// reads a date pattern; longer tokens first.
var layoutWords = strings.NewReplacer(
	"2006", "YYYY", "Z07:00", "±hh:mm", "-07:00", "±hh:mm", "-0700", "±hhmm", "Z0700", "±hhmm",
	".000000000", ".sssssssss", ".000000", ".ssssss", ".000", ".sss",
	"January", "Month", "Jan", "Mon", "Monday", "Weekday",
	"01", "MM", "02", "DD", "15", "hh", "04", "mm", "05", "ss", "PM", "AM/PM", "MST", "zone")

// values says "1 value" or "N values".
func values(n int) string {
	if n == 1 {
		return "1 value"
	}
	return fmt.Sprintf("%d values", n)
}

// humanLayout renders a Go time layout ("02/01/2006 15:04") as a pattern a
// person reads ("DD/MM/YYYY hh:mm"); descriptions such as "unix seconds"
// pass unchanged.
func humanLayout(layout string) string {
	if strings.HasPrefix(layout, "unix ") {
		return layout
	}
	return layoutWords.Replace(layout)
}

func (c *timeCol) badValue(v string) error {
	if unixOutOfRange(v) {
		return reason(ErrBadTimestamp, "unix time %q is after %d-12-31 (the latest supported date)", v, maxYear)
	}
	return reason(ErrBadTimestamp, "cannot parse %q as a timestamp (expected e.g. %s)", v, c.expected())
}

// warnings returns the report notes about this column.
func (c *timeCol) warnings() []string {
	var w []string
	if c.naive > 0 {
		zone := "UTC"
		if c.loc != time.UTC {
			zone = c.loc.String()
		}
		w = append(w, fmt.Sprintf("timestamps in column %q have no UTC offset (%d values); read as %s (use --tz to change)", c.name, c.naive, zone))
	}
	if n := c.dst[dstGap].n; n > 0 {
		w = append(w, fmt.Sprintf("%d timestamps in column %q fall in the daylight-saving gap of %s: they do not exist there (e.g. %s); read with the UTC offset before the change", n, c.name, c.loc, dstWhere(c.dst[dstGap].samples[0])))
	}
	if n := c.dst[dstRepeated].n; n > 0 {
		w = append(w, fmt.Sprintf("%d timestamps in column %q fall in the repeated hour when daylight saving ends in %s: they are ambiguous (e.g. %s); read as the first", n, c.name, c.loc, dstWhere(c.dst[dstRepeated].samples[0])))
	}
	if c.ambiguous {
		w = append(w, fmt.Sprintf("dates in column %q are ambiguous (no day above 12, e.g. %s); read as month/day/year (use --time-format to change)", c.name, c.example.where()))
	}
	var mixed []string
	for k := range c.others {
		o := &c.others[k]
		if o.n == 0 {
			continue
		}
		m := fmt.Sprintf("%s (%s, e.g. %s", humanLayout(describeLayout(tsKind(k), o.value, "")), values(o.n), o.where())
		if o.ambiguous {
			m += ", read as month/day: day and month cannot be told apart"
		}
		mixed = append(mixed, m+")")
	}
	if len(mixed) > 0 {
		w = append(w, fmt.Sprintf("timestamps in column %q mix layouts: %s (%s, e.g. %s) and %s; each value was read in the layout that fits it, so check the day/month order (use --time-format to set one)",
			c.name, humanLayout(c.layout), values(c.example.n), c.example.where(), strings.Join(mixed, " and ")))
	}
	return w
}

func dstWhere(b BadRow) string {
	e := tsExample{value: b.Value, row: b.Row}
	return e.where()
}

// where describes an example: `row 5: "03/04/2020"`.
func (e *tsExample) where() string {
	if e.row > 0 {
		return fmt.Sprintf("row %d: %q", e.row, e.value)
	}
	return fmt.Sprintf("%q", e.value)
}

// unixOutOfRange reports whether v is a unix time in seconds (10 digits) or
// milliseconds (13 digits) after maxUnixSec.
func unixOutOfRange(v string) bool {
	if len(v) != 10 && len(v) != 13 {
		return false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
		n = n*10 + int64(v[i]-'0')
	}
	if len(v) == 13 {
		n /= 1000
	}
	return n > maxUnixSec
}
