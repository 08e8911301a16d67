package table

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// MaxRows bounds the rows read from a sheet or a CSV file: a workshop table
// has tens of rows, and the bound keeps a hostile file from costing more.
const MaxRows = 10_000

// sheet is the text of one sheet: rows[i] holds row i+1, cells[j] column j+1.
type sheet struct {
	name  string // "" for a CSV file, which has no sheets
	index int    // 0 main, 1 Owners, 2 Systems: see pos
	rows  [][]string
}

// cell returns the trimmed text of a cell (1-based row and column), "" outside.
func (sh *sheet) cell(row, col int) string {
	if row < 1 || row > len(sh.rows) || col < 1 || col > len(sh.rows[row-1]) {
		return ""
	}
	return strings.TrimSpace(sh.rows[row-1][col-1])
}

// blank reports whether every cell of a row is empty.
func (sh *sheet) blank(row int) bool {
	for c := range sh.rows[row-1] {
		if sh.cell(row, c+1) != "" {
			return false
		}
	}
	return true
}

// posStride separates the sheets in the positions kept in a map (Step.Pos,
// Owner.Pos…): row r of sheet i is line i*posStride+r, so that problems the
// map's own validation finds can be told at their cell. The main sheet's
// positions are plain rows and columns.
const posStride = 1 << 20

func (sh *sheet) pos(row, col int) mapping.Pos {
	return mapping.Pos{Line: sh.index*posStride + row, Col: col}
}

// colName returns a column's letters: 1 → A, 27 → AA.
func colName(col int) string {
	name := ""
	for ; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name
}

// ref names a cell as a spreadsheet shows it: Workshop!C7, 'My sheet'!C7,
// or C7 in a CSV file. Row 0 names the sheet alone ("" for a CSV file).
func (sh *sheet) ref(row, col int) string {
	prefix := ""
	if sh.name != "" {
		prefix = sh.name
		if strings.ContainsAny(prefix, " '!-()") {
			prefix = "'" + strings.ReplaceAll(prefix, "'", "''") + "'"
		}
		if row == 0 {
			return prefix
		}
		prefix += "!"
	}
	if row == 0 {
		return ""
	}
	return prefix + colName(max(col, 1)) + strconv.Itoa(row)
}

// problem is an error or warning at a cell.
type problem struct {
	sh       *sheet
	row, col int
	msg      string
	warn     bool
}

// problems collects what is wrong with a table, to report it all at once.
type problems struct {
	file string
	list []problem
}

func (p *problems) errorf(sh *sheet, row, col int, format string, args ...any) {
	p.list = append(p.list, problem{sh: sh, row: row, col: col, msg: fmt.Sprintf(format, args...)})
}

func (p *problems) warnf(sh *sheet, row, col int, format string, args ...any) {
	p.list = append(p.list, problem{sh: sh, row: row, col: col, msg: fmt.Sprintf(format, args...), warn: true})
}

// errorCount counts the errors (not the warnings).
func (p *problems) errorCount() int {
	n := 0
	for _, x := range p.list {
		if !x.warn {
			n++
		}
	}
	return n
}

// split returns the errors and the warnings as flowmap reports them, each
// in sheet, row and column order, at "file:Sheet!C7".
func (p *problems) split() (errs mapping.ErrorList, warns []*mapping.Error) {
	sort.SliceStable(p.list, func(i, j int) bool {
		a, b := p.list[i], p.list[j]
		if a.sh.index != b.sh.index {
			return a.sh.index < b.sh.index
		}
		if a.row != b.row {
			return a.row < b.row
		}
		return a.col < b.col
	})
	for _, x := range p.list {
		file := p.file
		if r := x.sh.ref(x.row, x.col); r != "" {
			file += ":" + r
		}
		if x.warn {
			warns = append(warns, &mapping.Error{File: file, Msg: "warning: " + x.msg})
			continue
		}
		errs = append(errs, &mapping.Error{File: file, Msg: x.msg})
	}
	return errs, warns
}
