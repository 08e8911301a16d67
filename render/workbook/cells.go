package workbook

import (
	"fmt"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// cells writes the cells of one sheet one by one and keeps the first error,
// so that a run of writes reads as the layout it makes and is checked once,
// at the end, with err.
type cells struct {
	f     *excelize.File
	sheet string
	first error
}

// check keeps err if it is the first one.
func (c *cells) check(err error) {
	if err != nil && c.first == nil {
		c.first = fmt.Errorf("sheet %s: %w", c.sheet, err)
	}
}

// set writes v to cell with a style.
func (c *cells) set(cell string, v any, style int) {
	if s, ok := v.(string); ok {
		v = fitCell(s)
	}
	c.check(c.f.SetCellValue(c.sheet, cell, v))
	c.check(c.f.SetCellStyle(c.sheet, cell, cell, style))
}

// text writes s to cell as text (never a formula) with a style.
func (c *cells) text(cell, s string, style int) {
	c.check(c.f.SetCellStr(c.sheet, cell, fitCell(s)))
	c.check(c.f.SetCellStyle(c.sheet, cell, cell, style))
}

// err returns the first error of the writes so far.
func (c *cells) err() error { return c.first }

// fitCell returns s as a cell can hold it: Excel keeps at most 32,767
// characters per cell (excelize cuts silently), so a longer text is cut
// with a note of how much was left out, at its end where a reader sees it.
func fitCell(s string) string {
	if len(s) <= excelize.TotalCellChars { // bytes ≥ characters: the common case costs nothing
		return s
	}
	n := utf8.RuneCountInString(s)
	if n <= excelize.TotalCellChars {
		return s
	}
	note := ""
	for keep := excelize.TotalCellChars; ; keep -= 16 {
		note = fmt.Sprintf(" … [cut: %d more characters; an Excel cell holds 32,767]", n-keep)
		if keep+utf8.RuneCountInString(note) <= excelize.TotalCellChars {
			runes := []rune(s)
			return string(runes[:keep]) + note
		}
	}
}
