package bpmn

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// unnamed notes the elements flowmap gave a name, for the one warning
// that lists them (BPMN id → given name).
type unnamed struct {
	ids, names []string
	lanes      int
	pools      int
	used       map[string]bool // step names, named or given
	count      map[string]int  // the last number given after "Task", "Event"...
}

func (u *unnamed) add(id, name string) {
	u.ids = append(u.ids, id)
	u.names = append(u.names, name)
}

// laneName is a lane's name, or "Lane N" (the Nth unnamed lane) when
// it has none.
func (d *decoder) laneName(l *node) string {
	if n := nameOf(l); n != "" {
		return n
	}
	d.unnamed.lanes++
	name := "Lane " + strconv.Itoa(d.unnamed.lanes)
	d.unnamed.add(l.attr("id"), name)
	return name
}

// poolName is the name of the owner of a pool's steps outside any lane:
// the pool's or its process's name, or "Pool N" (the Nth unnamed pool).
func (d *decoder) poolName(poolID, name, procName string) string {
	if n := firstNonEmpty(name, procName); n != "" {
		return n
	}
	d.unnamed.pools++
	n := "Pool " + strconv.Itoa(d.unnamed.pools)
	if poolID != "" {
		d.unnamed.add(poolID, n)
	}
	return n
}

// nameSteps gives every unnamed flow node that becomes a step a readable
// name: "Task N", "Event N", and for a gateway "Decision after P" where P
// is the step before it.
func (d *decoder) nameSteps() {
	count, used := map[string]int{}, map[string]bool{}
	d.unnamed.count, d.unnamed.used = count, used
	for _, b := range d.order {
		used[b.name] = true
	}
	for _, pass := range []bool{false, true} {
		for _, b := range d.order {
			if b.name != "" || (b.kind == kDecision) != pass || b.kind != kStep && b.kind != kDecision {
				continue
			}
			word := "Task"
			switch {
			case b.kind == kDecision:
				word = "Decision"
			case elemWord(b) == "event":
				word = "Event"
			}
			if p := d.before(b); p != "" && b.kind == kDecision {
				b.display = free("Decision after "+p, " ", used, nil)
			} else {
				b.display = free(word, " ", used, count)
			}
			used[b.display] = true
			d.unnamed.add(b.id, b.display)
		}
	}
}

// before returns the name of the first named (or already named) node with
// a flow into b, "" when none.
func (d *decoder) before(b *bnode) string {
	for _, f := range d.flows {
		if f.tgt != b.id {
			continue
		}
		if p := d.nodes[f.src]; p != nil && firstNonEmpty(p.name, p.display) != "" {
			return firstNonEmpty(p.name, p.display)
		}
	}
	return ""
}

// warnUnnamed warns once that elements had no name, listing what they
// were called.
func (d *decoder) warnUnnamed() {
	u := d.unnamed
	if len(u.ids) == 0 {
		return
	}
	var list []string
	for i := range u.ids {
		if i == 5 {
			list = append(list, fmt.Sprintf("and %d more", len(u.ids)-5))
			break
		}
		list = append(list, fmt.Sprintf("%s as %q", u.ids[i], u.names[i]))
	}
	d.warns = append(d.warns, &mapping.Error{File: d.file, Msg: fmt.Sprintf(
		"warning: %s no name and %s named by flowmap (%s); name them in the modelling tool to choose the names",
		plural(len(u.ids), "element has", "elements have"), map[bool]string{true: "was", false: "were"}[len(u.ids) == 1], strings.Join(list, ", "))})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// free returns base, or base+sep+N for the first N that gives a name not
// used; with count, numbering starts at 1 and goes on from the last
// number count has for base.
func free(base, sep string, used map[string]bool, count map[string]int) string {
	if count == nil {
		if !used[base] {
			return base
		}
		count = map[string]int{base: 1}
	}
	for {
		count[base]++
		if name := base + sep + strconv.Itoa(count[base]); !used[name] {
			return name
		}
	}
}

// endName is the name of an end event made a step: its own, else "End N".
func (d *decoder) endName(b *bnode) string {
	if b.name != "" {
		return b.name
	}
	b.display = free("End", " ", d.unnamed.used, d.unnamed.count)
	d.unnamed.used[b.display] = true
	d.unnamed.add(b.id, b.display)
	return b.display
}
