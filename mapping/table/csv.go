package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// readCSV reads a CSV workshop table: comma, semicolon or tab separated (the
// separator the header line uses most), UTF-8 with or without a byte order
// mark, or Windows-1252 as Excel writes "CSV (Comma delimited)". Rows are
// numbered as a spreadsheet application shows the file: blank lines count.
func readCSV(file string, src []byte, p *problems) *sheet {
	sh := &sheet{}
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		p.errorf(sh, 0, 0, "the file is UTF-16 text; save the table as \"CSV UTF-8\"")
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(src) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(src)
		if err != nil {
			p.errorf(sh, 0, 0, "the file is neither UTF-8 nor Windows-1252 text; save the table as \"CSV UTF-8\"")
			return nil
		}
		src = dec
		p.warnf(sh, 0, 0, "the file is not UTF-8; read as Windows-1252 (Excel's \"CSV\"); save it as \"CSV UTF-8\" to be sure of accents")
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.Comma = sniffSeparator(src)
	r.FieldsPerRecord = -1
	row, endLine := 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return sh
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				row += pe.StartLine - endLine // blank lines count as rows
				p.errorf(sh, row, 1, "malformed CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
			} else {
				p.errorf(sh, row+1, 1, "malformed CSV: %v", err)
			}
			return nil
		}
		start, _ := r.FieldPos(0)
		last, _ := r.FieldPos(len(rec) - 1)
		row += start - endLine // blank lines before the record count as rows
		endLine = last + strings.Count(rec[len(rec)-1], "\n")
		if row > MaxRows {
			p.errorf(sh, row, 1, "more than %d rows: a workshop table holds at most %d rows", MaxRows, MaxRows)
			return nil
		}
		for len(sh.rows) < row-1 {
			sh.rows = append(sh.rows, nil)
		}
		sh.rows = append(sh.rows, rec)
	}
}

// sniffSeparator returns the separator the first line uses most: ',', ';'
// (Excel in countries with a decimal comma) or a tab.
func sniffSeparator(src []byte) rune {
	line := src
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		line = src[:i]
	}
	best, bestN := ',', 0
	for _, sep := range []rune{',', ';', '\t'} {
		n, quoted := 0, false
		for _, r := range string(line) {
			switch {
			case r == '"':
				quoted = !quoted
			case r == sep && !quoted:
				n++
			}
		}
		if n > bestN {
			best, bestN = sep, n
		}
	}
	return best
}

// csvTooLarge is the message for a file over the size bound.
func csvTooLarge(limit int) string {
	return fmt.Sprintf("the file is larger than %d MB; a workshop table is far smaller", limit>>20)
}
