package table

import (
	"errors"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the workshop workbook.
const (
	SheetWorkshop = "Workshop"
	SheetOwners   = "Owners"
	SheetSystems  = "Systems"
)

// Bounds on a workbook: its size on disk and unpacked. A workshop workbook
// is tens of kilobytes; the bounds keep a hostile file (a zip bomb) from
// costing more.
const (
	maxXLSXSize  = 16 << 20
	maxUnzipSize = 64 << 20
)

// workbook is the text of a workshop workbook's sheets; owners and
// systems are nil when the workbook has no such sheet.
type workbook struct {
	main, owners, systems *sheet
}

// readXLSX reads the sheets of a workshop workbook: the main sheet
// (Workshop, else the first sheet that is not Owners or Systems) and the
// Owners and Systems sheets when present.
func readXLSX(path string, p *problems) *workbook {
	whole := &sheet{}
	fi, err := os.Stat(path)
	if err != nil {
		p.errorf(whole, 0, 0, "%v", unwrapPath(err))
		return nil
	}
	if fi.Size() > maxXLSXSize {
		p.errorf(whole, 0, 0, "the workbook is larger than %d MB; a workshop table is far smaller", maxXLSXSize>>20)
		return nil
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxUnzipSize})
	if err != nil {
		p.errorf(whole, 0, 0, "not a readable .xlsx workbook: %v", unwrapPath(err))
		return nil
	}
	defer f.Close()
	wb := &workbook{}
	var first string
	for _, name := range f.GetSheetList() {
		switch {
		case strings.EqualFold(name, SheetWorkshop):
			wb.main = &sheet{name: name}
		case strings.EqualFold(name, SheetOwners):
			wb.owners = &sheet{name: name, index: 1}
		case strings.EqualFold(name, SheetSystems):
			wb.systems = &sheet{name: name, index: 2}
		case first == "":
			first = name
		}
	}
	if wb.main == nil {
		if first == "" {
			p.errorf(whole, 0, 0, "the workbook has no sheet of steps (expected a sheet %q)", SheetWorkshop)
			return nil
		}
		wb.main = &sheet{name: first}
	}
	ok := true
	for _, sh := range []*sheet{wb.main, wb.owners, wb.systems} {
		if sh != nil {
			ok = readSheet(f, sh, p) && ok
		}
	}
	if !ok {
		return nil
	}
	return wb
}

// readSheet reads the cells of a sheet as text, as the workbook shows them,
// at most MaxRows rows.
func readSheet(f *excelize.File, sh *sheet, p *problems) bool {
	rows, err := f.Rows(sh.name)
	if err != nil {
		p.errorf(sh, 0, 0, "cannot read the sheet: %v", err)
		return false
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			p.errorf(sh, n, 1, "cannot read the row: %v", err)
			return false
		}
		if n > MaxRows {
			if len(strings.Join(cells, "")) == 0 {
				continue // formatted but empty rows cost nothing
			}
			p.errorf(sh, n, 1, "more than %d rows: a workshop table holds at most %d rows", MaxRows, MaxRows)
			return false
		}
		sh.rows = append(sh.rows, cells)
	}
	if err := rows.Error(); err != nil {
		p.errorf(sh, len(sh.rows)+1, 1, "cannot read the sheet: %v", err)
		return false
	}
	return true
}

// unwrapPath drops the path an *os.PathError repeats: the message already
// starts with the file's name.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
