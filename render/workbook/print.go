package workbook

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/internal/format"
)

// pageSetup is how a sheet prints.
type pageSetup struct {
	landscape bool
	// titles are the rows repeated on every printed page ("$1:$1"), or "".
	titles string
	// area is the print area ("'Sheet'!$A$1:$J$80"), or "" for all.
	area string
	// header is printed at the top of every page (what the print leaves
	// out), or "".
	header string
}

// printRows is how many data rows of a table sheet print: a few pages.
// A longer table (bpic2012's 4,366 variants, its thousands of waiting
// causes by transition and resource) prints its first rows, which are its
// most important (tables are ranked), and every printed page says how many
// the workbook holds.
const printRows = 150

// tablePrint is the page setup of a table sheet of n columns totalling
// width characters and rows data rows.
func tablePrint(sheet string, n, rows int, width float64) pageSetup {
	ps := pageSetup{landscape: width > portraitChars, titles: "$1:$1"}
	if rows > printRows {
		ps.area = fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, colName(n), printRows+1)
		ps.header = fmt.Sprintf("Printed: the first %d of %s rows; the workbook holds them all.", printRows, format.Thousands(rows))
	}
	return ps
}

// portraitChars is about how many characters of column width a portrait
// page holds at full size; a wider sheet prints landscape.
const portraitChars = 100

// Page margins, in inches.
var (
	marginSide   = 0.4
	marginTop    = 0.5
	marginBottom = 0.6
	marginHF     = 0.25 // header and footer
)

// footer names the sheet and the page on every printed page.
const footer = `&L&"Arial,Regular"&8&A&R&"Arial,Regular"&8Page &P of &N`

// printable sets up a sheet for printing: fitted to one page wide (as many
// pages tall as it takes), margins, a footer with the sheet's name and the
// page, and the rows repeated on every page.
func printable(f *excelize.File, sheet string, ps pageSetup) error {
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	orientation, one, zero := "portrait", 1, 0
	if ps.landscape {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &marginSide, Right: &marginSide, Top: &marginTop, Bottom: &marginBottom, Header: &marginHF, Footer: &marginHF,
	}); err != nil {
		return err
	}
	hf := &excelize.HeaderFooterOptions{OddFooter: footer}
	if ps.header != "" {
		hf.OddHeader = `&L&"Arial,Regular"&8` + strings.ReplaceAll(ps.header, "&", "&&")
	}
	if err := f.SetHeaderFooter(sheet, hf); err != nil {
		return err
	}
	if ps.titles != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!%s", sheet, ps.titles), Scope: sheet}); err != nil {
			return err
		}
	}
	if ps.area != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: ps.area, Scope: sheet}); err != nil {
			return err
		}
	}
	return nil
}

// lineHeight is the height in points of a line of 10-point text, and
// rowPadding what a row adds around its lines.
const (
	lineHeight = 13
	rowPadding = 3
)

// wrappedLines is how many lines text takes wrapped at perLine characters
// as a spreadsheet wraps it: at spaces, a word longer than a line broken,
// and at each newline.
func wrappedLines(text string, perLine int) int {
	perLine = max(perLine, 1)
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines++
		used := 0
		for _, w := range strings.Fields(para) {
			n := utf8.RuneCountInString(w)
			switch {
			case used == 0:
				used = n
			case used+1+n <= perLine:
				used += 1 + n
			default:
				lines++
				used = n
			}
			for used > perLine { // a word longer than a line
				lines++
				used -= perLine
			}
		}
	}
	return lines
}

// wrappedHeight is the height in points of a row whose text wraps at
// perLine characters; Excel's rows are at most 409 points high (about 30
// lines).
func wrappedHeight(text string, perLine int) float64 {
	return min(float64(lineHeight*wrappedLines(text, perLine)+rowPadding), excelize.MaxRowHeight)
}

// charsPerLine is how many characters of 10-point text a wrapped cell of
// a column width holds: widths count the default font's digits, of which
// LibreOffice prints about 1.35 characters of plain text (a column 90
// wide holds about 120) and 1 of bold. It errs short, so rows err tall.
func charsPerLine(width float64, bold bool) int {
	per := 1.25
	if bold {
		per = 1
	}
	return max(int(width*per)-1, 1)
}

// rowHeight is the height in points of a row of wrapped texts in columns
// of the widths: its tallest cell's.
func rowHeight(texts []string, widths []float64, bold bool) float64 {
	h := float64(lineHeight + rowPadding)
	for i, t := range texts {
		if i < len(widths) {
			h = max(h, wrappedHeight(t, charsPerLine(widths[i], bold)))
		}
	}
	return h
}
