package table

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/flowmap/flowmap/internal/stablezip"
	"github.com/xuri/excelize/v2"
)

// SeedRow is one step of the workshop seed, as the template writes it.
type SeedRow struct {
	Step                                                  int
	Action, Owner, System, Duration, Next, SLA, Automated string
}

// SeedOwner is an owner of the seed, as the Owners sheet lists it.
type SeedOwner struct {
	Name     string
	Capacity int // 0 = unlimited
	External bool
}

// The workshop seed: the online store's order flow as a first workshop
// writes it, six steps in a row. examples/workshop-seed.yaml is the same
// map written by hand.
var (
	SeedProcess = "Order fulfillment (workshop seed)"
	SeedSLA     = "48h"
	Seed        = []SeedRow{
		{1, "The customer places an order online", "Customer", "Shopify", "5m", "", "", "no"},
		{2, "The order is received in the Shopify system", "Store operations", "Shopify", "1m", "", "", "yes"},
		{3, "The warehouse team is notified to pick and pack the items", "Warehouse team", "Warehouse management system", "tri(5m, 12m, 40m)", "", "8h", "no"},
		{4, "The shipping label is generated and applied", "Warehouse team", "ShipStation", "tri(1m, 3m, 8m)", "", "", "no"},
		{5, "The carrier picks up the package for delivery", "Carrier", "Carrier portal", "uniform(1h, 8h)", "", "", "no"},
		{6, "Customer receives a shipping confirmation email with tracking", "Store operations", "Shopify", "1m", "end", "", "yes"},
	}
	SeedOwners = []SeedOwner{
		{Name: "Customer", External: true},
		{Name: "Store operations", Capacity: 2},
		{Name: "Warehouse team", Capacity: 4},
		{Name: "Carrier", External: true},
	}
	SeedSystems = []string{"Shopify", "Warehouse management system", "ShipStation", "Carrier portal"}
)

// Instructions is the text of the template's instructions row.
const Instructions = "One row per step, in the order a case goes through them. " +
	"Step: a number. Action: what happens, in a few words. " +
	"Owner and System: pick from the lists (add names on the Owners and Systems sheets). " +
	"Duration: hands-on work time: 90s, 10m, 1.5h, 2d, or a range tri(min, likely, max) such as tri(5m, 12m, 40m). " +
	"Next: empty = the next row; end = the case ends here; 3 (85%), 8 (15%) = branches to steps 3 and 8 with their shares. " +
	"SLA: target time for the step, e.g. 4h. Automated: yes when a system does it alone. " +
	"Optional columns: Decision (yes/no; else an Action ending in ? is a decision); Owner capacity and External (yes/no), on any row of an owner, " +
	"needed when saving as CSV, which keeps this sheet only and so loses the Owners sheet. A Unit row above says what one case is (order). " +
	"Then: flowmap map import workshop.xlsx -o map.yaml"

// Template layout: rows of the Workshop sheet and how far the drop-down
// lists reach.
const (
	rowProcess      = 1
	rowSLA          = 2
	rowInstructions = 3
	rowHeader       = 4
	rowFirstStep    = 5
	lastListRow     = 1000 // drop-downs reach down to this row
	lastNameRow     = 101  // the Owners and Systems sheets hold names down to this row
)

// widths of the Workshop sheet's columns, in characters: about 140, one
// landscape page wide.
var widths = [numCols]float64{7, 44, 17, 27, 16, 16, 8, 11}

// Template writes the workshop workbook: the Workshop sheet filled with
// the seed, the Owners and Systems sheets that feed its drop-down lists. The
// bytes are the same on every run.
func Template(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	t := &tmpl{f: f}
	t.check(f.SetDefaultFont("Arial"))
	t.styles()
	t.check(f.SetSheetName("Sheet1", SheetWorkshop))
	for _, name := range []string{SheetOwners, SheetSystems} {
		_, err := f.NewSheet(name)
		t.check(err)
	}
	t.workshop()
	t.owners()
	t.systems()
	t.validations()
	if t.err != nil {
		return fmt.Errorf("writing the workshop template: %w", t.err)
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	return stablezip.Rewrite(buf.Bytes(), w)
}

// tmpl writes the template and keeps the first error.
type tmpl struct {
	f                                   *excelize.File
	err                                 error
	text, wrap, header, label, muted, n int
}

func (t *tmpl) check(err error) {
	if err != nil && t.err == nil {
		t.err = err
	}
}

func (t *tmpl) style(s *excelize.Style) int {
	id, err := t.f.NewStyle(s)
	t.check(err)
	return id
}

func (t *tmpl) styles() {
	font := func(bold, italic bool, color string) *excelize.Font {
		return &excelize.Font{Family: "Arial", Size: 10, Bold: bold, Italic: italic, Color: color}
	}
	top := &excelize.Alignment{Vertical: "top"}
	t.text = t.style(&excelize.Style{Font: font(false, false, ""), Alignment: top})
	t.wrap = t.style(&excelize.Style{Font: font(false, false, ""), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	t.n = t.style(&excelize.Style{Font: font(false, false, ""), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	t.label = t.style(&excelize.Style{Font: font(true, false, "#334E68")})
	t.muted = t.style(&excelize.Style{Font: font(false, true, "#627D98"), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	t.header = t.style(&excelize.Style{Font: font(true, false, "#FFFFFF"),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#334E68"}},
		Alignment: &excelize.Alignment{Vertical: "center"}})
}

// set writes text (never a formula) to a cell with a style.
func (t *tmpl) set(sheet string, col, row int, v string, style int) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	t.check(err)
	t.check(t.f.SetCellStr(sheet, cell, v))
	t.check(t.f.SetCellStyle(sheet, cell, cell, style))
}

func (t *tmpl) workshop() {
	const sh = SheetWorkshop
	t.set(sh, 1, rowProcess, "Process", t.label)
	t.set(sh, 2, rowProcess, SeedProcess, t.text)
	t.set(sh, 1, rowSLA, "SLA", t.label)
	t.set(sh, 2, rowSLA, SeedSLA, t.text)
	last, _ := excelize.CoordinatesToCellName(numCols, rowInstructions)
	t.set(sh, 1, rowInstructions, Instructions, t.muted)
	t.check(t.f.MergeCell(sh, "A3", last))
	t.check(t.f.SetRowHeight(sh, rowInstructions, 92))
	for i, name := range Columns {
		t.set(sh, i+1, rowHeader, name, t.header)
		col := colName(i + 1)
		t.check(t.f.SetColWidth(sh, col, col, widths[i]))
	}
	t.check(t.f.SetRowHeight(sh, rowHeader, 20))
	for i, s := range Seed {
		r := rowFirstStep + i
		cell, _ := excelize.CoordinatesToCellName(1, r)
		t.check(t.f.SetCellInt(sh, cell, int64(s.Step)))
		t.check(t.f.SetCellStyle(sh, cell, cell, t.n))
		for j, v := range []string{s.Action, s.Owner, s.System, s.Duration, s.Next, s.SLA, s.Automated} {
			st := t.text
			if j == 0 {
				st = t.wrap
			}
			t.set(sh, j+2, r, v, st)
		}
	}
	t.check(t.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: rowHeader, TopLeftCell: "A" + strconv.Itoa(rowFirstStep), ActivePane: "bottomLeft"}))
	t.printable(sh, true, fmt.Sprintf("$%d:$%d", rowHeader, rowHeader))
}

func (t *tmpl) owners() {
	const sh = SheetOwners
	for i, h := range []string{"Owner", "Capacity", "External"} {
		t.set(sh, i+1, 1, h, t.header)
	}
	t.check(t.f.SetColWidth(sh, "A", "A", 30))
	t.check(t.f.SetColWidth(sh, "B", "C", 12))
	for i, o := range SeedOwners {
		r := i + 2
		t.set(sh, 1, r, o.Name, t.text)
		if o.Capacity > 0 {
			t.check(t.f.SetCellInt(sh, "B"+strconv.Itoa(r), int64(o.Capacity)))
			t.check(t.f.SetCellStyle(sh, "B"+strconv.Itoa(r), "B"+strconv.Itoa(r), t.n))
		}
		ext := "no"
		if o.External {
			ext = "yes"
		}
		t.set(sh, 3, r, ext, t.text)
	}
	t.set(sh, 5, 1, "One owner (team, role or outside party) per row; the Workshop sheet's Owner list shows these. "+
		"Capacity: people working in parallel (empty = unlimited). External: yes for parties outside the team's control (customer, carrier).", t.muted)
	t.check(t.f.SetColWidth(sh, "E", "E", 60))
	t.check(t.f.SetRowHeight(sh, 1, 40)) // the note wraps on three lines
	t.printable(sh, false, "$1:$1")
}

func (t *tmpl) systems() {
	const sh = SheetSystems
	t.set(sh, 1, 1, "System", t.header)
	t.check(t.f.SetColWidth(sh, "A", "A", 34))
	for i, s := range SeedSystems {
		t.set(sh, 1, i+2, s, t.text)
	}
	t.set(sh, 3, 1, "One information system per row; the Workshop sheet's System list shows these. Leave a step's System empty for phone, paper or email.", t.muted)
	t.check(t.f.SetColWidth(sh, "C", "C", 60))
	t.check(t.f.SetRowHeight(sh, 1, 40))
	t.printable(sh, false, "$1:$1")
}

// validations adds the drop-down lists: owners and systems from their
// sheets, yes/no for Automated and External, whole numbers for Capacity.
func (t *tmpl) validations() {
	span := func(col int) string {
		return fmt.Sprintf("%s%d:%s%d", colName(col), rowFirstStep, colName(col), lastListRow)
	}
	list := func(sheet, sqref, source, title, prompt string, values []string) {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(sqref)
		if values != nil {
			t.check(dv.SetDropList(values))
		} else {
			dv.SetSqrefDropList(source)
		}
		dv.SetInput(title, prompt)
		dv.SetError(excelize.DataValidationErrorStyleStop, title, prompt)
		t.check(t.f.AddDataValidation(sheet, dv))
	}
	names := func(sheet string) string { return fmt.Sprintf("%s!$A$2:$A$%d", sheet, lastNameRow) }
	list(SheetWorkshop, span(colOwner+1), names(SheetOwners), "Owner", "Who does this step? Add names on the Owners sheet.", nil)
	list(SheetWorkshop, span(colSystem+1), names(SheetSystems), "System", "Where is it done? Add names on the Systems sheet; empty = none.", nil)
	list(SheetWorkshop, span(colAutomated+1), "", "Automated", "yes when a system does the step alone, else no.", []string{"yes", "no"})
	list(SheetOwners, fmt.Sprintf("C2:C%d", lastNameRow), "", "External", "yes for a party outside the team's control.", []string{"yes", "no"})
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("B2:B%d", lastNameRow))
	t.check(dv.SetRange(1, 10000, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Capacity", "A whole number from 1 to 10,000, or empty for unlimited.")
	t.check(t.f.AddDataValidation(SheetOwners, dv))
}

// printable fits a sheet to one page wide, repeats its header row on every
// page and names the sheet and page in the footer.
func (t *tmpl) printable(sheet string, landscape bool, titles string) {
	fit := true
	t.check(t.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	orientation, one, zero := "portrait", 1, 0
	if landscape {
		orientation = "landscape"
	}
	t.check(t.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero}))
	side, top, hf := 0.4, 0.5, 0.25
	t.check(t.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &top, Bottom: &top, Header: &hf, Footer: &hf}))
	t.check(t.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: `&L&"Arial,Regular"&8&A&R&"Arial,Regular"&8Page &P of &N`}))
	t.check(t.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!%s", sheet, titles), Scope: sheet}))
}
