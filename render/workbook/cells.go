package workbook

import (
	"fmt"

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
	c.check(c.f.SetCellValue(c.sheet, cell, v))
	c.check(c.f.SetCellStyle(c.sheet, cell, cell, style))
}

// text writes s to cell as text (never a formula) with a style.
func (c *cells) text(cell, s string, style int) {
	c.check(c.f.SetCellStr(c.sheet, cell, s))
	c.check(c.f.SetCellStyle(c.sheet, cell, cell, style))
}

// err returns the first error of the writes so far.
func (c *cells) err() error { return c.first }
