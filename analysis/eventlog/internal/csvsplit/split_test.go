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
