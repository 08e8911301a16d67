package table

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

func init() {
	mapping.RegisterFormat(".xlsx", ReadFile)
	mapping.RegisterFormat(".csv", ReadFile)
	for _, ext := range []string{".xls", ".ods", ".numbers"} {
		mapping.RegisterFormat(ext, refuse)
	}
}

// refuse answers for the spreadsheet formats flowmap cannot read, saying
// how to save the table so that it can.
func refuse(path string) (*mapping.Map, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	return nil, mapping.ErrorList{{File: path, Msg: fmt.Sprintf("flowmap reads workshop tables as .xlsx or .csv, not %s: save the table as an Excel workbook (.xlsx) or as CSV UTF-8",
		filepath.Ext(path))}}
}

// ReadFile reads and validates a workshop table: a .xlsx workbook or a .csv
// file. Problems come back as a mapping.ErrorList in sheet, row and column
// order, each at its cell ("workshop.xlsx:Workshop!C7: …"); warnings are in
// the map's Warnings. The map is returned with the error too (it may be
// empty), so that its warnings can be shown.
func ReadFile(path string) (*mapping.Map, error) {
	p := &problems{file: path}
	var wb *workbook
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		src, err := mapping.ReadSource(path)
		if err != nil {
			return nil, err
		}
		if len(src) > mapping.MaxFileSize {
			return nil, mapping.ErrorList{{File: path, Msg: csvTooLarge(mapping.MaxFileSize)}}
		}
		if sh := readCSV(path, src, p); sh != nil {
			wb = &workbook{main: sh}
		}
	} else {
		if _, err := os.Stat(path); err != nil {
			return nil, err // not found, not readable: an I/O error, not an invalid map
		}
		wb = readXLSX(path, p)
	}
	return finish(path, wb, p)
}

// ReadCSV reads a workshop table in CSV from memory; file names it in
// messages. It is ReadFile without the file.
func ReadCSV(file string, src []byte) (*mapping.Map, error) {
	p := &problems{file: file}
	if len(src) > mapping.MaxFileSize {
		return nil, mapping.ErrorList{{File: file, Msg: csvTooLarge(mapping.MaxFileSize)}}
	}
	var wb *workbook
	if sh := readCSV(file, src, p); sh != nil {
		wb = &workbook{main: sh}
	}
	return finish(file, wb, p)
}

// finish builds the map of a table that could be read and reports.
func finish(file string, wb *workbook, p *problems) (*mapping.Map, error) {
	var m *mapping.Map
	if wb != nil {
		m = build(file, wb, p)
	}
	if m == nil {
		m = &mapping.Map{File: file}
	}
	errs, warns := p.split()
	m.Warnings = warns
	if len(errs) > 0 {
		return m, errs
	}
	if len(m.Steps) == 0 {
		return m, mapping.ErrorList{{File: file, Msg: fmt.Sprintf("no steps in %s", file)}}
	}
	return m, nil
}
