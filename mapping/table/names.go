package table

import (
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// names are the owners (or the systems) of a table: those listed on their
// sheet, in its order, then those the steps name, in the order they first
// appear. Names are compared by nameKey, so "Warehouse team" and "warehouse
// team" are one owner.
type names struct {
	kind   string // "owner" or "system"
	sh     *sheet // the Owners or Systems sheet; nil when the workbook has none
	listed bool   // the sheet lists names: steps must use them
	list   []entry
	byKey  map[string]int
	ids    idSet
}

// entry is one owner or system.
type entry struct {
	name     string
	id       string
	sh       *sheet // where it was named first
	row, col int
	capacity int
	external bool
	// capAt and extAt name the cell that gave the capacity or the external
	// flag ("" when none did), for a conflicting value elsewhere.
	capAt, extAt string
}

// readNames reads an Owners or Systems sheet: a header row (Owner or
// System, and for owners Capacity and External) and one name per row. A
// sheet without that header lists names from its first row in column A.
func readNames(sh *sheet, kind string, p *problems) *names {
	n := &names{kind: kind, sh: sh, byKey: map[string]int{}, ids: idSet{}}
	if sh == nil {
		return n
	}
	nameCol, capCol, extCol, start := 1, 0, 0, 1
	for c := 1; len(sh.rows) > 0 && c <= len(sh.rows[0]); c++ {
		switch headerKey(sh.cell(1, c)) {
		case kind, kind + "s", "name":
			nameCol, start = c, 2
		case "capacity":
			capCol = c
		case "external":
			extCol = c
		}
	}
	for r := start; r <= len(sh.rows); r++ {
		name := sh.cell(r, nameCol)
		if name == "" {
			if !sh.blank(r) {
				p.warnf(sh, r, nameCol, "the row has no %s name in column %s, so it is not read", kind, colName(nameCol))
			}
			continue
		}
		if i, dup := n.byKey[nameKey(name)]; dup {
			p.errorf(sh, r, nameCol, "%s %q is listed twice (first at %s)", kind, name, sh.ref(n.list[i].row, nameCol))
			continue
		}
		e := n.add(name, sh, r, nameCol)
		if kind != "owner" {
			continue
		}
		if text := sh.cell(r, capCol); capCol > 0 {
			v, msg := parseCapacity(text)
			if msg != "" {
				p.errorf(sh, r, capCol, "%s", msg)
			}
			e.capacity = v
			if text != "" {
				e.capAt = sh.ref(r, capCol)
			}
		}
		if text := sh.cell(r, extCol); extCol > 0 {
			v, ok := parseBool(text)
			if !ok {
				p.errorf(sh, r, extCol, "external: expected yes or no, found %q", text)
			}
			e.external = v
			if text != "" {
				e.extAt = sh.ref(r, extCol)
			}
		}
	}
	n.listed = len(n.list) > 0
	return n
}

// add creates an owner or system with an id derived from its name.
func (n *names) add(name string, sh *sheet, row, col int) *entry {
	n.byKey[nameKey(name)] = len(n.list)
	n.list = append(n.list, entry{name: name, id: n.ids.unique(deriveID(name), n.kind), sh: sh, row: row, col: col})
	return &n.list[len(n.list)-1]
}

// use returns the id of the owner or system a step names, creating it
// unless its sheet lists the names; "" after reporting an unknown name.
func (n *names) use(name string, sh *sheet, row, col int, p *problems) string {
	if i, ok := n.byKey[nameKey(name)]; ok {
		return n.list[i].id
	}
	label := strings.ToUpper(n.kind[:1]) + n.kind[1:]
	if n.listed {
		all := make([]string, len(n.list))
		for i, e := range n.list {
			all[i] = e.name
		}
		p.errorf(sh, row, col, "%s: unknown %s %q%s; pick one from the list or add it to the %s sheet", label, n.kind, name, mapping.Suggest(name, all), n.sh.name)
		return ""
	}
	for _, e := range n.list {
		if mapping.Suggest(name, []string{e.name}) != "" {
			p.warnf(sh, row, col, "%s %q is a new %s, but looks like %q (%s); write the same name if they are one", n.kind, name, n.kind, e.name, e.sh.ref(e.row, e.col))
			break
		}
	}
	return n.add(name, sh, row, col).id
}

// entry returns the owner or system of a name, nil when there is none.
func (n *names) entry(name string) *entry {
	if i, ok := n.byKey[nameKey(name)]; ok {
		return &n.list[i]
	}
	return nil
}

// pickHint tells where the names come from, for a missing one.
func (n *names) pickHint() string {
	if n.listed {
		return " (pick one from the " + n.sh.name + " sheet)"
	}
	return ""
}

// sheetOr returns the names' sheet, or def when there is none.
func (n *names) sheetOr(def *sheet) *sheet {
	if n.sh == nil {
		return def
	}
	return n.sh
}

func (n *names) owners() []mapping.Owner {
	out := make([]mapping.Owner, len(n.list))
	for i, e := range n.list {
		out[i] = mapping.Owner{ID: e.id, Name: e.name, Capacity: e.capacity, External: e.external, Pos: e.sh.pos(e.row, e.col)}
	}
	return out
}

func (n *names) systems() []mapping.System {
	out := make([]mapping.System, len(n.list))
	for i, e := range n.list {
		out[i] = mapping.System{ID: e.id, Name: e.name, Pos: e.sh.pos(e.row, e.col)}
	}
	return out
}
