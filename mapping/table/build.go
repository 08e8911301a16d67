package table

import (
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// Columns of the main sheet.
const (
	colStep = iota
	colAction
	colOwner
	colSystem
	colDuration
	colNext
	colSLA
	colAutomated
	numCols
)

// Optional columns of the main sheet, after the template's: what the
// Owners sheet carries (so that a CSV file, which keeps one sheet, can
// carry it too) and the Decision flag.
const (
	colCapacity = numCols + iota
	colExternal
	colDecision
	numAllCols
)

// Columns are the headers of the main sheet, in the template's order.
var Columns = [numCols]string{"Step", "Action", "Owner", "System", "Duration", "Next", "SLA", "Automated"}

// OptionalColumns are the headers of the optional columns of the main
// sheet: an owner's capacity and external flag (given on any row of that
// owner) and whether the step is a decision.
var OptionalColumns = [numAllCols - numCols]string{"Owner capacity", "External", "Decision"}

// columnLabel returns the header of column i.
func columnLabel(i int) string {
	if i < numCols {
		return Columns[i]
	}
	return OptionalColumns[i-numCols]
}

// readList names the columns flowmap reads, for messages.
func readList() string {
	return strings.Join(Columns[:], ", ") + "; optional: " + strings.Join(OptionalColumns[:], ", ")
}

// columnAliases are other headers workshops use for the same columns.
var columnAliases = map[string]int{
	"no": colStep, "#": colStep, "step number": colStep, "step #": colStep, "step no": colStep,
	"activity": colAction, "task": colAction, "what": colAction, "description": colAction,
	"name": colAction, "step name": colAction, "activity name": colAction,
	"who": colOwner, "role": colOwner, "lane": colOwner, "team": colOwner,
	"tool": colSystem, "application": colSystem,
	"time": colDuration, "work time": colDuration,
	"next step": colNext, "next steps": colNext, "then": colNext,
	"target": colSLA, "automatic": colAutomated,
	"capacity": colCapacity, "owner's capacity": colCapacity,
	"owner external": colExternal, "external owner": colExternal, "owner is external": colExternal,
	"decision step": colDecision, "is decision": colDecision,
}

// wholeNumber matches a step number a number format shows with decimals.
var wholeNumber = regexp.MustCompile(`^([0-9]+)\.0+$`)

// headerScan is how many rows may stand above the header row.
const headerScan = 20

// headerKey is how a header cell is compared: "Duration (work time):" → "duration".
func headerKey(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ":?* "))
}

// column returns the column a header names, or -1.
func column(header string) int {
	k := headerKey(header)
	for i := range numAllCols {
		if k == strings.ToLower(columnLabel(i)) {
			return i
		}
	}
	if i, ok := columnAliases[k]; ok {
		return i
	}
	return -1
}

// builder turns the text of a workshop table into a map.
type builder struct {
	file    string
	p       *problems
	main    *sheet
	header  int             // row of the header; 0 = not found
	cols    [numAllCols]int // column of each field; 0 = absent
	process string          // from a "Process" row above the header
	unit    string          // from a "Unit" row above the header
	sla     time.Duration   // from an "SLA" row above the header
	owners  *names
	systems *names
	rows    []stepRow
	byNum   map[int]int // step number → index in rows
}

// stepRow is one step as its row gives it.
type stepRow struct {
	row       int
	num       int
	action    string
	owner     string // id
	system    string // id
	duration  mapping.Dist
	sla       time.Duration
	automated bool
	decision  int // 0 = from the Action ("?"), 1 = no, 2 = yes
	branches  []Branch
	end       bool
}

// build reads the map a workshop table holds; problems go to p. owners and
// systems may be nil.
func build(file string, wb *workbook, p *problems) *mapping.Map {
	b := &builder{file: file, p: p, main: wb.main, byNum: map[int]int{}}
	if !b.findHeader() {
		return nil
	}
	b.readColumns()
	b.readAbove()
	b.owners = readNames(wb.owners, "owner", p)
	b.systems = readNames(wb.systems, "system", p)
	b.readRows()
	if len(b.rows) == 0 && p.errorCount() == 0 {
		p.errorf(b.main, b.header, 1, "no steps: write one row per step below the header")
	}
	m := b.mapOf() // resolves Next, reporting its problems with the others
	if p.errorCount() > 0 {
		return nil
	}
	b.validate(m)
	b.warnOwnersLost(wb)
	return m
}

// findHeader finds the header row: the first row with a Step and an Action
// column.
func (b *builder) findHeader() bool {
	sh := b.main
	empty := true
	for r := 1; r <= len(sh.rows); r++ {
		if !sh.blank(r) {
			empty = false
			break
		}
	}
	if empty {
		b.p.errorf(sh, 0, 0, "the sheet is empty: write a header row (%s) and one row per step; `flowmap map template` writes an example", strings.Join(Columns[:], ", "))
		return false
	}
	for r := 1; r <= min(headerScan, len(sh.rows)); r++ {
		step, action := false, false
		for c := range sh.rows[r-1] {
			switch column(sh.cell(r, c+1)) {
			case colStep:
				step = true
			case colAction:
				action = true
			}
		}
		if step && action {
			b.header = r
			return true
		}
	}
	b.p.errorf(sh, 1, 1, "no header row: none of the first %d rows names the columns Step and Action (expected the columns %s)", headerScan, strings.Join(Columns[:], ", "))
	return false
}

// readColumns reads the header row: which column holds which field.
func (b *builder) readColumns() {
	sh, r := b.main, b.header
	var known []string
	for i := range numAllCols {
		known = append(known, columnLabel(i))
	}
	for c := 1; c <= len(sh.rows[r-1]); c++ {
		h := sh.cell(r, c)
		if h == "" {
			continue
		}
		i := column(h)
		switch {
		case i >= 0 && b.cols[i] != 0:
			b.p.errorf(sh, r, c, "column %s appears twice (first in %s)", columnLabel(i), sh.ref(r, b.cols[i]))
		case i >= 0:
			b.cols[i] = c
		case mapping.Suggest(headerKey(h), known) != "":
			b.p.errorf(sh, r, c, "unknown column %q%s", h, mapping.Suggest(headerKey(h), known))
		default:
			b.p.warnf(sh, r, c, "column %q is not read (flowmap reads %s)", h, readList())
		}
	}
	if b.cols[colOwner] == 0 {
		b.p.errorf(sh, r, len(sh.rows[r-1])+1, "no Owner column: add a column Owner saying who does each step")
	}
}

// readAbove reads the rows above the header: "Process", "Unit" and "SLA" rows; any
// other text there (a title, instructions) is for people.
func (b *builder) readAbove() {
	sh := b.main
	for r := 1; r < b.header; r++ {
		switch headerKey(sh.cell(r, 1)) {
		case "process":
			b.process = sh.cell(r, 2)
		case "unit":
			b.unit = b.readUnit(r)
		case "sla", "case sla":
			if v, msg := parseSeconds(sh.cell(r, 2)); msg != "" {
				b.p.errorf(sh, r, 2, "SLA: %s", strings.TrimPrefix(msg, "sla: "))
			} else {
				b.sla = time.Duration(v * 1e9)
			}
		}
	}
	if b.process == "" {
		b.process = strings.TrimSuffix(filepath.Base(b.file), filepath.Ext(b.file))
	}
}

// get returns the text of field i in row r, and its column (0 when the
// table has no such column).
func (b *builder) get(r, i int) (string, int) {
	c := b.cols[i]
	return b.main.cell(r, c), c
}

// readRows reads the rows below the header. A row whose read columns are
// empty is skipped; if it holds other text (a note beside the table), a
// warning says it was not read, and so does one for each column with text
// but no header.
func (b *builder) readRows() {
	sh := b.main
	unnamed := map[int]bool{}
	for r := b.header + 1; r <= len(sh.rows); r++ {
		read, other := false, 0
		for c := 1; c <= len(sh.rows[r-1]); c++ {
			if sh.cell(r, c) == "" {
				continue
			}
			if slices.Contains(b.cols[:], c) {
				read = true
				continue
			}
			if other == 0 {
				other = c
			}
			if sh.cell(b.header, c) == "" && !unnamed[c] {
				unnamed[c] = true
				b.p.warnf(sh, r, c, "column %s has text but no header, so it is not read", colName(c))
			}
		}
		switch {
		case read:
			b.readRow(r)
		case other > 0:
			b.p.warnf(sh, r, other, "the row has text only in columns flowmap does not read (%s), so it is no step", readList())
		}
	}
}

// readRow reads one step's row.
func (b *builder) readRow(r int) {
	sh, p := b.main, b.p
	s := stepRow{row: r}
	text, c := b.get(r, colStep)
	n, err := strconv.Atoi(wholeNumber.ReplaceAllString(text, "$1")) // 3.0: a number cell shown with decimals
	switch {
	case text == "":
		p.errorf(sh, r, c, "Step: missing step number: number the steps 1, 2, 3…")
	case err != nil || n < 1 || n > maxStepNumber:
		p.errorf(sh, r, c, "Step: expected a step number (1, 2, 3…), found %q", text)
	default:
		s.num = n
		if first, dup := b.byNum[n]; dup {
			p.errorf(sh, r, c, "Step: step number %d is used twice (first at %s)", n, sh.ref(b.rows[first].row, c))
			s.num = 0
		}
	}
	if s.action, c = b.get(r, colAction); s.action == "" {
		p.errorf(sh, r, c, "Action: missing: say what happens in this step")
	}
	var owner string
	if owner, c = b.get(r, colOwner); owner == "" && c > 0 {
		p.errorf(sh, r, c, "Owner: missing: who does this step?%s", b.owners.pickHint())
	} else if owner != "" {
		if s.owner = b.owners.use(owner, sh, r, c, p); s.owner != "" {
			b.readOwnerCells(r, b.owners.entry(owner))
		}
	}
	if system, c := b.get(r, colSystem); system != "" {
		s.system = b.systems.use(system, sh, r, c, p)
	}
	b.readRowValues(&s)
	if s.num > 0 {
		b.byNum[s.num] = len(b.rows)
	}
	b.rows = append(b.rows, s)
}

// readRowValues reads a row's Duration, Next, SLA and Automated.
func (b *builder) readRowValues(s *stepRow) {
	sh, p, r := b.main, b.p, s.row
	if text, c := b.get(r, colDuration); text != "" {
		d, msg := parseDist(text)
		if msg != "" {
			p.errorf(sh, r, c, "Duration: %s", strings.TrimPrefix(msg, "duration: "))
		}
		s.duration = d
	}
	if text, c := b.get(r, colNext); text != "" {
		var err error
		if s.branches, s.end, err = ParseNext(text); err != nil {
			p.errorf(sh, r, c, "Next: %v", err)
		}
	}
	if text, c := b.get(r, colSLA); text != "" {
		if v, msg := parseSeconds(text); msg != "" {
			p.errorf(sh, r, c, "SLA: %s", strings.TrimPrefix(msg, "sla: "))
		} else {
			s.sla = time.Duration(v * 1e9)
		}
	}
	if text, c := b.get(r, colAutomated); text != "" {
		v, ok := parseBool(text)
		if !ok {
			p.errorf(sh, r, c, "Automated: expected yes or no, found %q", text)
		}
		s.automated = v
	}
	if text, c := b.get(r, colDecision); text != "" {
		v, ok := parseBool(text)
		if !ok {
			p.errorf(sh, r, c, "Decision: expected yes or no, found %q", text)
		}
		s.decision = 1
		if v {
			s.decision = 2
		}
	}
}

// mapOf builds the map of rows that were read without problems.
func (b *builder) mapOf() *mapping.Map {
	m := &mapping.Map{File: b.file, Process: b.process, Unit: b.unit, SLA: b.sla, Pos: b.main.pos(b.header, 1)}
	m.Owners = b.owners.owners()
	m.Systems = b.systems.systems()
	taken := idSet{}
	for _, o := range m.Owners {
		taken[o.ID] = true // step ids differ from owner ids, so --set paths are unambiguous
	}
	ids := make([]string, len(b.rows))
	for i, s := range b.rows {
		ids[i] = taken.unique(deriveID(s.action), "step")
	}
	for i, s := range b.rows {
		st := mapping.Step{
			ID: ids[i], Name: s.action, Owner: s.owner, System: s.system,
			Automated: s.automated, Decision: s.isDecision(), Start: i == 0,
			Duration: s.duration, SLA: s.sla, Pos: b.main.pos(s.row, max(b.cols[colStep], 1)),
		}
		st.Next = b.edges(i, ids)
		m.Steps = append(m.Steps, st)
	}
	return m
}

// edges returns the branches of row i: the following row when Next is
// empty. Problems with them are reported; a step with a bad branch gets none.
func (b *builder) edges(i int, ids []string) []mapping.Edge {
	s := b.rows[i]
	col := b.cols[colNext]
	pos := b.main.pos(s.row, max(col, 1))
	if s.end {
		return nil
	}
	if len(s.branches) == 0 {
		if i+1 < len(b.rows) {
			return []mapping.Edge{{From: ids[i], To: ids[i+1], Pos: pos}}
		}
		return nil
	}
	var out []mapping.Edge
	given, sum := 0, 0.0
	for _, br := range s.branches {
		if br.HasShare {
			given++
			sum += br.Share
		}
		j, ok := b.byNum[br.Step]
		if !ok {
			b.p.errorf(b.main, s.row, col, "Next: step %d does not exist (the steps are %s)", br.Step, b.numbers())
			continue
		}
		out = append(out, mapping.Edge{From: ids[i], To: ids[j], P: br.Share, PGiven: br.HasShare, Label: br.Label, Pos: pos})
	}
	switch {
	case given > 0 && given < len(s.branches):
		b.p.errorf(b.main, s.row, col, "Next: give a share on every branch or on none (%d of %d have one)", given, len(s.branches))
	case given > 0 && (sum < 1-mapping.ProbabilityTolerance || sum > 1+mapping.ProbabilityTolerance):
		b.p.errorf(b.main, s.row, col, "Next: the shares add up to %s%%, not 100%%", strconv.FormatFloat(math.Round(sum*1e6)/1e4, 'f', -1, 64))
	}
	return out
}

// numbers lists the step numbers for messages: "1, 2, 3, 4".
func (b *builder) numbers() string {
	var out []string
	for _, s := range b.rows {
		if s.num > 0 {
			if len(out) == 12 {
				return strings.Join(out, ", ") + "…"
			}
			out = append(out, strconv.Itoa(s.num))
		}
	}
	return strings.Join(out, ", ")
}

// tableWords turn the advice of the map's checks, written for YAML, into
// the table's words.
var tableWords = strings.NewReplacer(
	"leave next out on the last step", "write end in the Next cell of the step where cases finish",
	"with p > 0", "with a share above 0%",
)

// validate runs the map's own checks (paths, loops, unused owners) and
// reports their problems at their cells. They run only on a table without
// problems of its own, whose consequences they would repeat.
func (b *builder) validate(m *mapping.Map) {
	sheets := []*sheet{b.main, b.owners.sheetOr(b.main), b.systems.sheetOr(b.main)}
	at := func(e *mapping.Error) (*sheet, int, int) {
		i := e.Pos.Line / posStride
		if i >= len(sheets) {
			i = 0
		}
		return sheets[i], e.Pos.Line % posStride, e.Pos.Col
	}
	if err := m.Validate(); err != nil {
		if list, ok := err.(mapping.ErrorList); ok {
			for _, e := range list {
				sh, r, c := at(e)
				b.p.errorf(sh, r, c, "%s", tableWords.Replace(e.Msg))
			}
		} else {
			b.p.errorf(b.main, 0, 0, "%v", err)
		}
	}
	for _, w := range m.Warnings {
		sh, r, c := at(w)
		b.p.warnf(sh, r, c, "%s", strings.TrimPrefix(w.Msg, "warning: "))
	}
	m.Warnings = nil
}
