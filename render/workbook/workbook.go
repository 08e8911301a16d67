// Package workbook writes flowmap's Excel report with excelize: a Summary
// sheet in plain words for a manager, then the tables behind it
// (Bottlenecks, Steps, Transitions, Handoffs, Variants, Queues, Data quality,
// Simulation, Method). It is the only importer of excelize.
//
// Durations in the tables are stored as real durations (days) with a number
// format that reads h:mm:ss under two days and days above ("3,053.5 d");
// the Summary's figures are numbers in the unit each shows ("48 min",
// "6.2 h", "2.1 d"), rounded as the terminal rounds them. Shares are
// percentages, timestamps dates; every text that comes from an input file
// is stored as text, never as a formula.
package workbook

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/stablezip"
	"github.com/flowmap/flowmap/mapping"
)

// Input is what a report is made of; every part but one is optional.
type Input struct {
	MapFile  string
	Map      *mapping.Map
	MapStats *mapping.Stats
	Analysis *analysis.Result
	// Simulation, when set, adds the Simulation sheet and the peak-load
	// projection to the Summary.
	Simulation *Simulation
	// DiagramPNG is embedded in the Summary.
	DiagramPNG []byte
	// LanesBySystem says the diagram's lanes are systems, so its orange
	// edges are changes of system, not handoffs between owners.
	LanesBySystem bool
	// Generated is shown in the Method sheet (libraries don't read the clock).
	Generated string
	// Command is the command line that made the report, for the Method sheet.
	Command string
}

// Sheet names, in order.
const (
	SheetSummary     = "Summary"
	SheetFixes       = "What to fix"
	SheetBottlenecks = "Bottlenecks"
	SheetCauses      = "Waiting causes"
	SheetSteps       = "Steps"
	SheetTransitions = "Transitions"
	SheetHandoffs    = "Handoffs"
	SheetVariants    = "Variants"
	SheetQueues      = "Queues"
	SheetQuality     = "Data quality"
	SheetSimulation  = "Simulation"
	SheetMap         = "Map"
	SheetMethod      = "Method"
)

// Font is the font family of every style.
const Font = "Arial"

// Number formats.
const (
	// fmtDuration is a duration in days: h:mm:ss under two days (seconds
	// round; no minutes are cut off), else days with one decimal, since
	// "73283:13:33" reads as nothing.
	fmtDuration = `[<2][h]:mm:ss;#,##0.0" d"`
	fmtPercent  = "0.0%"
	fmtInt      = "#,##0"
	fmtFloat    = "#,##0.00"
	fmtDateTime = "yyyy-mm-dd hh:mm:ss"
)

// styles holds the style ids of a workbook.
type styles struct {
	text, wrap, header, title, subtitle, bold, note, muted int
	// wrapApart is wrap indented, beside a right-aligned figure that it
	// would otherwise read as running into ("48 72% closed hours").
	wrapApart                                              int
	warning                                                int // bold dark red, wrapped: the poor-fit warning
	integer, float, duration, percent, datetime, bigNumber int
	// span holds, by unit ("s", "min", "h", "d"), the style of a Summary
	// figure stored in that unit.
	span map[string]int
}

// spanFormat is the number format of a Summary figure in unit: one decimal
// under 10, else whole, as format.Duration writes it ("9.8 min", "48 min").
func spanFormat(unit string) string {
	return `[<10]0.0" ` + unit + `";#,##0" ` + unit + `"`
}

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{}
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: Font, Size: size, Bold: bold, Color: color}
	}
	custom := func(code string) *string { return &code }
	top := &excelize.Alignment{Vertical: "top"} // beside wrapped text, figures read from the top
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.text, excelize.Style{Font: font(10, false, ""), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.wrap, excelize.Style{Font: font(10, false, ""), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.wrapApart, excelize.Style{Font: font(10, false, ""), Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, WrapText: true, Vertical: "top"}}},
		{&s.header, excelize.Style{Font: font(10, true, "#FFFFFF"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#334E68"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&s.title, excelize.Style{Font: font(16, true, "#102A43")}},
		{&s.subtitle, excelize.Style{Font: font(12, true, "#334E68")}},
		{&s.bold, excelize.Style{Font: font(10, true, ""), Alignment: top}},
		{&s.muted, excelize.Style{Font: font(9, false, "#627D98")}},
		{&s.note, excelize.Style{Font: font(9, false, "#627D98"), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.integer, excelize.Style{Font: font(10, false, ""), CustomNumFmt: custom(fmtInt), Alignment: top}},
		{&s.float, excelize.Style{Font: font(10, false, ""), CustomNumFmt: custom(fmtFloat), Alignment: top}},
		{&s.duration, excelize.Style{Font: font(10, false, ""), CustomNumFmt: custom(fmtDuration), Alignment: top}},
		{&s.percent, excelize.Style{Font: font(10, false, ""), CustomNumFmt: custom(fmtPercent), Alignment: top}},
		{&s.datetime, excelize.Style{Font: font(10, false, ""), CustomNumFmt: custom(fmtDateTime), Alignment: top}},
		{&s.bigNumber, excelize.Style{Font: font(14, true, "#102A43"), Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&s.warning, excelize.Style{Font: font(10, true, "#9B1C1C"), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	s.span = map[string]int{}
	for _, u := range []string{"s", "min", "h", "d"} {
		id, err := f.NewStyle(&excelize.Style{Font: font(10, false, ""), CustomNumFmt: custom(spanFormat(u)), Alignment: top})
		if err != nil {
			return nil, err
		}
		s.span[u] = id
	}
	return s, nil
}

// Days converts seconds to the Excel duration unit (days).
func Days(seconds float64) float64 { return seconds / 86400 }

// Write renders the workbook.
func Write(w io.Writer, in Input) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(Font); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	b := &builder{f: f, st: st, in: in}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	steps := []func() error{}
	if in.Analysis != nil {
		if len(in.Analysis.Recommendations) > 0 {
			steps = append(steps, b.fixes)
		}
		steps = append(steps, b.bottlenecks)
		if in.Analysis.WaitCauses != nil {
			steps = append(steps, b.waitCauses)
		}
		steps = append(steps, b.steps, b.transitions, b.handoffs, b.variants, b.queues, b.quality)
	}
	if in.Simulation != nil {
		steps = append(steps, b.simulation)
	}
	if in.Map != nil {
		steps = append(steps, b.mapSheet)
	}
	steps = append(steps, b.method, b.summary)
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	return stablezip.Rewrite(buf.Bytes(), w)
}

type builder struct {
	f  *excelize.File
	st *styles
	in Input
}

// column describes one column of a table sheet.
type column struct {
	name  string
	style int     // style id for the data cells
	width float64 // 0 = fit to content
}

// table writes a sheet with a frozen, filterable header row through the
// StreamWriter (tables can be large). Values are written as given: strings
// are stored as text (never formulas), numbers as numbers.
func (b *builder) table(sheet string, cols []column, rows [][]any, notes ...string) error {
	return b.tableWith(sheet, cols, rows, notes, nil)
}

// tableWith is table with more, when set, called before the sheet is
// flushed to write rows of its own from row next on (after the notes, a
// row left blank) and add charts: a streamed sheet takes no later changes.
func (b *builder) tableWith(sheet string, cols []column, rows [][]any, notes []string, more func(sw *excelize.StreamWriter, next int) error) error {
	if _, err := b.f.NewSheet(sheet); err != nil {
		return err
	}
	widths := make([]float64, len(cols))
	total := 0.0
	for i, c := range cols {
		widths[i] = c.width
		if widths[i] == 0 {
			widths[i] = fitWidth(c.name, rows, i)
		}
		total += widths[i]
	}
	// The stream writer writes the page setup it finds when it starts.
	if err := printable(b.f, sheet, tablePrint(sheet, len(cols), len(rows), total)); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	header := make([]any, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: b.st.header, Value: c.name}
		names[i] = c.name
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: rowHeight(names, widths, true)}); err != nil {
		return err
	}
	for r, row := range rows {
		if err := b.tableRow(sw, r+2, cols, widths, row); err != nil {
			return err
		}
	}
	// Notes span the table's width, in rows as tall as their text.
	for i, n := range notes {
		row := len(rows) + 3 + i
		n = fitCell(n)
		if err := sw.SetRow(cellName(1, row), []any{excelize.Cell{StyleID: b.st.note, Value: n}},
			excelize.RowOpts{Height: rowHeight([]string{n}, []float64{total}, false)}); err != nil {
			return err
		}
		if len(cols) > 1 {
			if err := sw.MergeCell(cellName(1, row), cellName(len(cols), row)); err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(cols), len(rows)+1)
		off := false
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: tableName(sheet), StyleName: "TableStyleLight9", ShowRowStripes: &off}); err != nil {
			return err
		}
	}
	if more != nil {
		if err := more(sw, len(rows)+len(notes)+4); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// tableRow writes one row of a table at row, as tall as its wrapped texts
// need: a wrapped text never runs over the rows below it.
func (b *builder) tableRow(sw *excelize.StreamWriter, row int, cols []column, widths []float64, values []any) error {
	cells := make([]any, len(values))
	var wrapped []string
	var wrappedWidths []float64
	for i, v := range values {
		if v == nil {
			continue
		}
		if s, ok := v.(string); ok {
			v = fitCell(s)
			if cols[i].style == b.st.wrap || cols[i].style == b.st.note {
				wrapped = append(wrapped, s)
				wrappedWidths = append(wrappedWidths, widths[i])
			}
		}
		cells[i] = excelize.Cell{StyleID: cols[i].style, Value: v}
	}
	var opts []excelize.RowOpts
	if h := rowHeight(wrapped, wrappedWidths, false); h > lineHeight+rowPadding {
		opts = append(opts, excelize.RowOpts{Height: h})
	}
	return sw.SetRow(cellName(1, row), cells, opts...)
}

func tableName(sheet string) string {
	return "t" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, sheet)
}

// fitWidth sizes a column to its header and the first rows' text.
func fitWidth(header string, rows [][]any, i int) float64 {
	w := float64(len([]rune(header)))*0.9 + 2
	for r, row := range rows {
		if r > 200 {
			break
		}
		var n int
		switch v := row[i].(type) {
		case string:
			n = len([]rune(v))
		case float64:
			n = 10
		case int:
			n = len(fmt.Sprint(v)) + 2
		default:
			n = 12
		}
		w = math.Max(w, float64(n)+2)
	}
	return math.Min(math.Max(w, 8), 70)
}

// num returns v, or nil (an empty cell) for NaN/Inf.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func dur(seconds float64) any { return num(Days(seconds)) }

func statsOrNil(s *analysis.Stats, pick func(*analysis.Stats) float64) any {
	if s == nil || s.Count == 0 {
		return nil
	}
	return dur(pick(s))
}

func med(s *analysis.Stats) float64  { return s.Median }
func p90(s *analysis.Stats) float64  { return s.P90 }
func mean(s *analysis.Stats) float64 { return s.Mean }
