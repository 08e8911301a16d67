package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// pageSetup is how a sheet prints.
type pageSetup struct {
	landscape bool
	// titles are the rows repeated on every printed page ("$1:$1"), or "".
	titles string
	// area is the print area ("'Sheet'!$A$1:$J$80"), or "" for all.
	area string
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
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}); err != nil {
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
