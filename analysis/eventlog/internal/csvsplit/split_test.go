package csvsplit

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// rec is a record as the tests see it: its fields with the line of each, or
// the error that replaced it.
type rec struct {
	fields []string
	lines  []int
	err    string // "" or the error's text
}

func (r rec) String() string {
	if r.err != "" {
		return "error: " + r.err
	}
	return fmt.Sprintf("%q@%v", r.fields, r.lines)
}

// splitAll reads every record of in with a Splitter.
func splitAll(t *testing.T, in string, comma byte, wrap func(io.Reader) io.Reader) []rec {
	t.Helper()
	var r io.Reader = strings.NewReader(in)
	if wrap != nil {
		r = wrap(r)
	}
	s := &Splitter{r: bufio.NewReaderSize(r, 16), comma: comma}
	var out []rec
	for {
		s.Buf, s.Spans, s.Lines = s.Buf[:0], s.Spans[:0], s.Lines[:0]
		line, perField, err := s.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			if len(s.Buf) != 0 || len(s.Spans) != 0 || len(s.Lines) != 0 {
				t.Fatalf("%q: error %v with fields left in the buffers", in, err)
			}
			out = append(out, rec{err: err.Error()})
			if len(out) > 1000 {
				t.Fatalf("%q: no progress", in)
			}
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return out
			}
			continue
		}
		r := rec{fields: []string{}, lines: []int{}}
		for i, sp := range s.Spans {
			r.fields = append(r.fields, string(s.Buf[sp.Off:sp.End]))
			if perField {
				r.lines = append(r.lines, s.Lines[i])
			} else {
				r.lines = append(r.lines, line)
			}
		}
		out = append(out, r)
	}
}

// stdAll reads every record of in with encoding/csv, configured as the
// Splitter documents.
func stdAll(in string, comma byte) []rec {
	cr := csv.NewReader(strings.NewReader(in))
	cr.Comma = rune(comma)
	cr.FieldsPerRecord = -1
	var out []rec
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, rec{err: err.Error()})
			continue
		}
		r := rec{fields: fields, lines: []int{}}
		for i := range fields {
			l, _ := cr.FieldPos(i)
			r.lines = append(r.lines, l)
		}
		out = append(out, r)
	}
}

func ok(lines []int, fields ...string) rec { return rec{fields: fields, lines: lines} }

func at(line, n int) []int {
	l := make([]int, n)
	for i := range l {
		l[i] = line
	}
	return l
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		comma byte
		want  []rec
	}{
		{"plain", "a,b,c\n1,2,3\n", ',', []rec{ok(at(1, 3), "a", "b", "c"), ok(at(2, 3), "1", "2", "3")}},
		{"final line without newline", "a,b\n1,2", ',', []rec{ok(at(1, 2), "a", "b"), ok(at(2, 2), "1", "2")}},
		{"final CR without newline", "a,b\n1,2\r", ',', []rec{ok(at(1, 2), "a", "b"), ok(at(2, 2), "1", "2")}},
		{"CRLF", "a,b\r\n1,2\r\n", ',', []rec{ok(at(1, 2), "a", "b"), ok(at(2, 2), "1", "2")}},
		{"lone CR is data", "a\rb,c\n", ',', []rec{ok(at(1, 2), "a\rb", "c")}},
		{"empty fields", ",,\na,,b\n", ',', []rec{ok(at(1, 3), "", "", ""), ok(at(2, 3), "a", "", "b")}},
		{"empty lines skipped", "\n\na\n\r\n\nb\n", ',', []rec{ok([]int{3}, "a"), ok([]int{6}, "b")}},
		{"semicolon", "a;b,c;d\n", ';', []rec{ok(at(1, 3), "a", "b,c", "d")}},
		{"tab", "a\tb c\t\n", '\t', []rec{ok(at(1, 3), "a", "b c", "")}},
		{"pipe", "a|\"b|c\"|d\n", '|', []rec{ok(at(1, 3), "a", "b|c", "d")}},
		{"quotes", "\"a\",\"b,c\",\"\"\n", ',', []rec{ok(at(1, 3), "a", "b,c", "")}},
		{"escaped quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", ',', []rec{ok(at(1, 2), `say "hi"`, `"`)}},
		{"multi-line quoted field", "a,\"x\ny\r\nz\",b\nc,d,e\n", ',', []rec{ok([]int{1, 1, 3}, "a", "x\ny\nz", "b"), ok(at(4, 3), "c", "d", "e")}},
		{"quoted field then empty line", "\"a\n\nb\"\nc\n", ',', []rec{ok([]int{1}, "a\n\nb"), ok([]int{4}, "c")}},
		{"BOM is data (the caller strips it)", "\ufeffa,b\n", ',', []rec{ok(at(1, 2), "\ufeffa", "b")}},
		{"bare quote", "a,b\"c\nd\n", ',', []rec{{err: `parse error on line 1, column 4: bare " in non-quoted-field`}, ok([]int{2}, "d")}},
		{"text after closing quote", "\"a\"b,c\nd\n", ',', []rec{{err: `parse error on line 1, column 3: extraneous or missing " in quoted-field`}, ok([]int{2}, "d")}},
		{"long line", strings.Repeat("x", 100) + ",y\n", ',', []rec{ok(at(1, 2), strings.Repeat("x", 100), "y")}},
		{"long quoted line", "\"" + strings.Repeat("x", 100) + "\",y\n", ',', []rec{ok(at(1, 2), strings.Repeat("x", 100), "y")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitAll(t, tt.in, tt.comma, nil)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
			if std := stdAll(tt.in, tt.comma); !reflect.DeepEqual(got, std) {
				t.Errorf("encoding/csv differs:\n got %v\n std %v", got, std)
			}
			if one := splitAll(t, tt.in, tt.comma, iotest.OneByteReader); !reflect.DeepEqual(one, got) {
				t.Errorf("one byte at a time: %v", one)
			}
		})
	}
}

func TestRecords(t *testing.T) {
	c := NewRecords(bufio.NewReader(strings.NewReader("h1,h2\n\"a\nb\",c\n")), ',')
	r, err := c.Read()
	if err != nil || !reflect.DeepEqual(r, []string{"h1", "h2"}) {
		t.Fatalf("%q %v", r, err)
	}
	r, err = c.Read()
	if err != nil || !reflect.DeepEqual(r, []string{"a\nb", "c"}) {
		t.Fatalf("%q %v", r, err)
	}
	if l, _ := c.FieldPos(1); l != 3 {
		t.Errorf("field 1 on line %d, want 3", l)
	}
	if _, err := c.Read(); err != io.EOF {
		t.Errorf("%v, want EOF", err)
	}
}

// TestRecover covers what differs from encoding/csv: a bad record spanning
// lines is one error (or record) at its first line, and its other lines are
// read again; limits on lines and records.
func TestRecover(t *testing.T) {
	const n = MaxMultiline / 2
	tooLong := fmt.Sprintf("parse error on line 2, column 0: quoted field not closed within %d MiB", MaxMultiline>>20)
	tests := []struct {
		name string
		in   string
		want int // Splitter.Want
		recs []rec
	}{
		{"unclosed to the end", "a,\"b\nc,d\ne,f", 0, []rec{
			{err: `record on line 1; parse error on line 3, column 4: extraneous or missing " in quoted-field`}, ok(at(2, 2), "c", "d"), ok(at(3, 2), "e", "f")}},
		{"CRLF lines read again", "a,\"b\r\nc,d\r\ne\"x\r\n", 0, []rec{
			{err: `record on line 1; parse error on line 3, column 2: extraneous or missing " in quoted-field`}, ok(at(2, 2), "c", "d"), {err: `parse error on line 3, column 2: bare " in non-quoted-field`}}},
		{"wrong field count", "a,\"b\nc\",d\ne,f\n", 2, []rec{ok([]int{1, 1, 2}, "a", "b\nc", "d"), {err: `parse error on line 2, column 2: bare " in non-quoted-field`}, ok(at(3, 2), "e", "f")}},
		{"right field count", "a,\"b\nc\"\ne,f\n", 2, []rec{ok([]int{1, 1}, "a", "b\nc"), ok(at(3, 2), "e", "f")}},
		{"read again twice", "a,\"b\nc,\"d\ne\nf\n", 2, []rec{
			{err: `record on line 1; parse error on line 2, column 3: extraneous or missing " in quoted-field`},
			{err: `record on line 2; parse error on line 4, column 3: extraneous or missing " in quoted-field`},
			ok([]int{3}, "e"), ok([]int{4}, "f")}},
		// Line 2 opens a quote that is not closed within the limit; lines
		// 3 to n+1 are "x", line n+2 is a quote alone (a field open to the
		// end), line n+3 is "last".
		{"over the limit", "h\n\"" + strings.Repeat("x\n", n) + "\"\nlast\n", 0, func() []rec {
			r := []rec{ok([]int{1}, "h"), {err: tooLong}}
			for l := 3; l <= n+1; l++ {
				r = append(r, ok([]int{l}, "x"))
			}
			return append(r, rec{err: fmt.Sprintf(`record on line %d; parse error on line %d, column 6: extraneous or missing " in quoted-field`, n+2, n+3)}, ok([]int{n + 3}, "last"))
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, wrap := range []func(io.Reader) io.Reader{nil, iotest.OneByteReader} {
				if wrap != nil && len(tt.in) > 1000 {
					continue
				}
				got := splitWant(t, tt.in, tt.want, wrap)
				if !reflect.DeepEqual(got, tt.recs) {
					for i := range min(len(got), len(tt.recs)) {
						if !reflect.DeepEqual(got[i], tt.recs[i]) {
							t.Fatalf("%d records, want %d; record %d: got %v, want %v", len(got), len(tt.recs), i, got[i], tt.recs[i])
						}
					}
					t.Fatalf("%d records, want %d", len(got), len(tt.recs))
				}
			}
		})
	}
}

func splitWant(t *testing.T, in string, want int, wrap func(io.Reader) io.Reader) []rec {
	var r io.Reader = strings.NewReader(in)
	if wrap != nil {
		r = wrap(r)
	}
	s := New(bufio.NewReaderSize(r, 16), ',')
	s.Want = want
	var out []rec
	for {
		s.Buf, s.Spans, s.Lines = s.Buf[:0], s.Spans[:0], s.Lines[:0]
		line, perField, err := s.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, rec{err: err.Error()})
			continue
		}
		r := rec{fields: []string{}, lines: []int{}}
		for i, sp := range s.Spans {
			r.fields = append(r.fields, string(s.Buf[sp.Off:sp.End]))
			if perField {
				r.lines = append(r.lines, s.Lines[i])
			} else {
				r.lines = append(r.lines, line)
			}
		}
		out = append(out, r)
	}
}

func TestLineTooLong(t *testing.T) {
	in := "a\n" + strings.Repeat("x", MaxLine) + "\n" + strings.Repeat("y", MaxLine+1) + "\nb\n"
	s := New(bufio.NewReader(strings.NewReader(in)), ',')
	var errs []error
	for len(errs) < 3 {
		s.Buf, s.Spans, s.Lines = s.Buf[:0], s.Spans[:0], s.Lines[:0]
		_, _, err := s.Next()
		errs = append(errs, err)
	}
	var le *LineTooLongError
	if len(errs) != 3 || errs[0] != nil || errs[1] != nil || !errors.As(errs[2], &le) || le.Line != 3 ||
		errs[2].Error() != "line 3 is longer than 16 MiB (the limit for a CSV line)" {
		t.Fatalf("%v", errs)
	}
}
