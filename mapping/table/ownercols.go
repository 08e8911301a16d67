package table

import (
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// readUnit reads a "Unit" row above the header: what one case is, in the
// singular ("order"), as a YAML map's unit: field.
func (b *builder) readUnit(r int) string {
	s := b.main.cell(r, 2)
	if !mapping.ValidUnit(s) {
		b.p.errorf(b.main, r, 2, "Unit: %q is not a unit name; write what one case is, in the singular, e.g. order", s)
		return ""
	}
	return s
}

// readOwnerCells reads a step row's Owner capacity and External cells
// into its owner e. A value may be given on any row of the owner (or on the
// Owners sheet); a different value elsewhere is refused at its cell.
func (b *builder) readOwnerCells(r int, e *entry) {
	sh, p := b.main, b.p
	if e == nil {
		return
	}
	if text, c := b.get(r, colCapacity); text != "" {
		v, msg := parseCapacity(text)
		switch {
		case msg != "":
			p.errorf(sh, r, c, "Owner capacity: %s", strings.TrimPrefix(msg, "capacity: "))
		case e.capAt != "" && e.capacity != v:
			p.errorf(sh, r, c, "Owner capacity: owner %q has capacity %d (%s), here %d; give an owner one capacity", e.name, e.capacity, e.capAt, v)
		case e.capAt == "":
			e.capacity, e.capAt = v, sh.ref(r, c)
		}
	}
	if text, c := b.get(r, colExternal); text != "" {
		v, ok := parseBool(text)
		switch {
		case !ok:
			p.errorf(sh, r, c, "External: expected yes or no, found %q", text)
		case e.extAt != "" && e.external != v:
			p.errorf(sh, r, c, "External: owner %q is %s (%s), here %s; an owner is external on every row or on none", e.name, yesNo(e.external, "external", "not external"), e.extAt, yesNo(v, "yes", "no"))
		case e.extAt == "":
			e.external, e.extAt = v, sh.ref(r, c)
		}
	}
}

func yesNo(v bool, yes, no string) string {
	if v {
		return yes
	}
	return no
}

// isDecision reports whether a step is a decision: its Decision cell, else
// an Action ending in "?".
func (s *stepRow) isDecision() bool {
	if s.decision != 0 {
		return s.decision == 2
	}
	return strings.HasSuffix(s.action, "?")
}

// warnOwnersLost says, once, that the owners of a table without an Owners
// sheet and without the Owner capacity or External column get no capacity
// or are not marked external: a workbook saved as CSV loses its Owners
// sheet, and that must not go unnoticed.
func (b *builder) warnOwnersLost(wb *workbook) {
	if wb.owners != nil || b.cols[colOwner] == 0 {
		return
	}
	var effects, cols []string
	if b.cols[colCapacity] == 0 {
		effects = append(effects, "get no capacity (unlimited)")
		cols = append(cols, OptionalColumns[colCapacity-numCols]+" (people working in parallel)")
	}
	if b.cols[colExternal] == 0 {
		effects = append(effects, "are not marked external")
		cols = append(cols, OptionalColumns[colExternal-numCols]+" (yes for a customer, carrier or other outside party)")
	}
	if len(effects) == 0 {
		return
	}
	col := "column"
	if len(cols) > 1 {
		col = "columns"
	}
	b.p.warnf(b.main, b.header, b.cols[colOwner],
		"the owners %s: the table has no Owners sheet (a CSV file keeps one sheet only); add the %s %s, filled on any row of each owner",
		strings.Join(effects, " and "), col, strings.Join(cols, " and "))
}
