package table

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/mapping"
)

const seedExample = "../../examples/workshop-seed.yaml"

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// writeTemplate writes the template to a real file and returns its path.
func writeTemplate(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Template(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "workshop.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeXLSX writes a workbook with the given sheets (in order) of text cells.
func writeXLSX(t *testing.T, name string, sheets []string, cells map[string][][]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh); err != nil {
			t.Fatal(err)
		}
		for r, row := range cells[sh] {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(sh, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// statsJSON is what `flowmap map stats --json` prints for a map.
func statsJSON(t *testing.T, m *mapping.Map) string {
	t.Helper()
	st, err := mapping.ComputeStats(m)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTemplateImportsAsTheSeedExample: the template, as `map template`
// writes it, reads back as a valid map whose stats are those of
// examples/workshop-seed.yaml; so do the CSV version and the YAML the map
// encodes to.
func TestTemplateImportsAsTheSeedExample(t *testing.T) {
	want, err := mapping.ReadFile(seedExample)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := statsJSON(t, want)
	// A CSV file has no Owners sheet: without the Owner capacity and
	// External columns its owners have no capacity and are not external, so
	// its staffed work time is 0 where the workbook's is not (with a
	// warning); everything else is the same.
	for _, o := range want.Owners {
		o.Capacity, o.External = 0, false
	}
	noOwnerSheet := *want
	noOwnerSheet.Owners = nil
	for _, o := range want.Owners {
		o.Capacity, o.External = 0, false
		noOwnerSheet.Owners = append(noOwnerSheet.Owners, o)
	}
	csvStats := statsJSON(t, &noOwnerSheet)
	for _, path := range []string{writeTemplate(t), "testdata/workshop-seed.csv", "testdata/workshop-seed-semicolon.csv", "testdata/workshop-seed-owners.csv"} {
		wantStats := wantStats
		owners := strings.HasSuffix(path, "-owners.csv") // carries the Owners sheet's values in columns
		if strings.HasSuffix(path, ".csv") && !owners {
			wantStats = csvStats
		}
		m, err := mapping.ReadFile(path) // through the registered format
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// A CSV file without the owner columns says that its owners lost
		// what the Owners sheet would give them.
		wantWarn := ""
		if strings.HasSuffix(path, ".csv") && !owners {
			wantWarn = path + ":C4: warning: " + ownersLostAll
		}
		var warns []string
		for _, w := range m.Warnings {
			warns = append(warns, w.Error())
		}
		if got := strings.Join(warns, "\n"); got != wantWarn {
			t.Errorf("%s: warnings\n%s\nwant\n%s", path, got, wantWarn)
		}
		if got := statsJSON(t, m); got != wantStats {
			t.Errorf("%s: map stats differ from %s:\n%s\nwant\n%s", path, seedExample, got, wantStats)
		}
		var yaml bytes.Buffer
		if err := mapping.Encode(&yaml, m, nil); err != nil {
			t.Fatal(err)
		}
		back, err := mapping.Parse("imported.yaml", yaml.Bytes())
		if err != nil {
			t.Fatalf("%s: the encoded map does not parse: %v\n%s", path, err, yaml.String())
		}
		if got := statsJSON(t, back); got != wantStats || back.Process != want.Process || back.SLA != want.SLA {
			t.Errorf("%s: stats of the encoded map differ", path)
		}
		for i, s := range back.Steps {
			w := want.Steps[i]
			if s.ID != w.ID || s.Name != w.Name || s.Owner != w.Owner || s.System != w.System || s.SLA != w.SLA || s.Duration.String() != w.Duration.String() {
				t.Errorf("%s: step %d = %+v, want %+v", path, i+1, s, w)
			}
		}
	}
}

// TestImportGolden pins the YAML `map import` writes for the template and
// for a table with branches. Run go test -update after an intended change
// and review the diff.
func TestImportGolden(t *testing.T) {
	for _, tt := range []struct{ in, golden string }{
		{writeTemplate(t), "testdata/template.golden.yaml"},
		{"testdata/branches.csv", "testdata/branches.golden.yaml"},
	} {
		m, err := ReadFile(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := mapping.Encode(&got, m, nil); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(tt.golden, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(tt.golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: the imported map differs from %s; run go test -update and review the diff:\n%s", tt.in, tt.golden, got.String())
		}
	}
}

func TestTemplateIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Template(&a); err != nil {
		t.Fatal(err)
	}
	if err := Template(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs of Template wrote different bytes")
	}
}

// TestTemplateContent reads the template back with excelize: its sheets,
// instructions, header, seed rows, drop-down lists and print setup.
func TestTemplateContent(t *testing.T) {
	f, err := excelize.OpenFile(writeTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Workshop,Owners,Systems" {
		t.Errorf("sheets %s", got)
	}
	rows, err := f.GetRows(SheetWorkshop)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != rowHeader+len(Seed) {
		t.Fatalf("%d rows, want %d", len(rows), rowHeader+len(Seed))
	}
	if rows[0][0] != "Process" || rows[0][1] != SeedProcess || rows[1][0] != "SLA" || rows[1][1] != "48h" {
		t.Errorf("process rows %q %q", rows[0], rows[1])
	}
	if !strings.Contains(rows[2][0], "3 (85%), 8 (15%)") || !strings.Contains(rows[2][0], "end = the case ends here") {
		t.Errorf("instructions row %q", rows[2][0])
	}
	if got := strings.Join(rows[3], "|"); got != "Step|Action|Owner|System|Duration|Next|SLA|Automated" {
		t.Errorf("header %s", got)
	}
	wantSteps := []string{
		"1|The customer places an order online|Customer|Shopify|5m|||no",
		"2|The order is received in the Shopify system|Store operations|Shopify|1m|||yes",
		"3|The warehouse team is notified to pick and pack the items|Warehouse team|Warehouse management system|tri(5m, 12m, 40m)||8h|no",
		"4|The shipping label is generated and applied|Warehouse team|ShipStation|tri(1m, 3m, 8m)|||no",
		"5|The carrier picks up the package for delivery|Carrier|Carrier portal|uniform(1h, 8h)|||no",
		"6|Customer receives a shipping confirmation email with tracking|Store operations|Shopify|1m|end||yes",
	}
	for i, w := range wantSteps {
		if got := strings.Join(rows[rowFirstStep-1+i], "|"); got != w {
			t.Errorf("row %d = %s, want %s", rowFirstStep+i, got, w)
		}
	}
	checkValidations(t, f)
	checkPrint(t, f)
}

func checkValidations(t *testing.T, f *excelize.File) {
	t.Helper()
	want := map[string]map[string]string{
		SheetWorkshop: {"C5:C1000": "Owners!$A$2:$A$101", "D5:D1000": "Systems!$A$2:$A$101", "H5:H1000": `"yes,no"`},
		SheetOwners:   {"B2:B101": "1", "C2:C101": `"yes,no"`},
	}
	for sheet, byRange := range want {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) != len(byRange) {
			t.Errorf("%s: %d data validations, want %d", sheet, len(dvs), len(byRange))
		}
		for _, dv := range dvs {
			formula, ok := byRange[dv.Sqref]
			if !ok {
				t.Errorf("%s: unexpected validation on %s", sheet, dv.Sqref)
				continue
			}
			if dv.Formula1 != formula {
				t.Errorf("%s!%s: formula %q, want %q", sheet, dv.Sqref, dv.Formula1, formula)
			}
			if (dv.Type == "list") != (formula != "1") || !dv.ShowErrorMessage {
				t.Errorf("%s!%s: type %s, error message shown %v", sheet, dv.Sqref, dv.Type, dv.ShowErrorMessage)
			}
		}
	}
}

func checkPrint(t *testing.T, f *excelize.File) {
	t.Helper()
	total := 0.0
	for i := range Columns {
		w, err := f.GetColWidth(SheetWorkshop, colName(i+1))
		if err != nil {
			t.Fatal(err)
		}
		total += w
	}
	// One landscape page holds about 150 characters at full size; the
	// sheet is fitted to the page width, so it must not shrink much.
	if total < 120 || total > 150 {
		t.Errorf("the Workshop columns are %.0f characters wide", total)
	}
	pl, err := f.GetPageLayout(SheetWorkshop)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v", pl)
	}
	names := f.GetDefinedName()
	found := false
	for _, n := range names {
		found = found || n.Name == "_xlnm.Print_Titles" && n.Scope == SheetWorkshop && n.RefersTo == "'Workshop'!$4:$4"
	}
	if !found {
		t.Errorf("no print titles on the Workshop sheet: %+v", names)
	}
}

// readTable reads a table given as CSV text.
func readTable(t *testing.T, csv string) (*mapping.Map, error) {
	t.Helper()
	return ReadCSV("w.csv", []byte(csv))
}

// messages returns an error's lines, or "ok".
func messages(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

const header = "Step,Action,Owner,System,Duration,Next,SLA,Automated\n"

func TestBadTables(t *testing.T) {
	tests := []struct {
		name, csv, want string
	}{
		{"empty file", "", "w.csv: the sheet is empty: write a header row (Step, Action, Owner, System, Duration, Next, SLA, Automated) and one row per step; `flowmap map template` writes an example"},
		{"only blank rows", ",,\n,,\n", "w.csv: the sheet is empty: write a header row (Step, Action, Owner, System, Duration, Next, SLA, Automated) and one row per step; `flowmap map template` writes an example"},
		{"missing header", "1,Place order,Customer\n2,Ship,Warehouse\n",
			"w.csv:A1: no header row: none of the first 20 rows names the columns Step and Action (expected the columns Step, Action, Owner, System, Duration, Next, SLA, Automated)"},
		{"header only", header, "w.csv:A1: no steps: write one row per step below the header"},
		{"no owner column", "Step,Action\n1,Place order\n", "w.csv:C1: no Owner column: add a column Owner saying who does each step"},
		{"misspelt column", "Step,Action,Onwer\n1,Place order,Customer\n",
			"w.csv:C1: unknown column \"Onwer\" (did you mean \"Owner\"?)\nw.csv:D1: no Owner column: add a column Owner saying who does each step"},
		{"column twice", "Step,Action,Owner,Owner\n1,A,X,Y\n", `w.csv:D1: column Owner appears twice (first in C1)`},
		{"duplicated step number", header + "1,A,X\n2,B,X\n2,C,X\n", "w.csv:A4: Step: step number 2 is used twice (first at A3)"},
		{"step not a number", header + "1,A,X\ntwo,B,X\n", `w.csv:A3: Step: expected a step number (1, 2, 3…), found "two"`},
		{"step numbers as number cells", header + "1.0,A,X,,,2.00\n2.00,B,X,,,1.5\n", `w.csv:F3: Next: "1.5" is not a step number; write step numbers, e.g. 4, or branches with their shares: 3 (85%), 8 (15%)`},
		{"missing step number", header + "1,A,X\n,B,X\n", "w.csv:A3: Step: missing step number: number the steps 1, 2, 3…"},
		{"missing action and owner", header + "1,,\n", "w.csv:B2: Action: missing: say what happens in this step\nw.csv:C2: Owner: missing: who does this step?"},
		{"unknown step in Next", header + "1,A,X,,,\"2 (50%), 9 (50%)\"\n2,B,X\n",
			"w.csv:F2: Next: step 9 does not exist (the steps are 1, 2)"},
		{"bad share", header + "1,A,X,,,\"2 (85), 3 (15)\"\n2,B,X,,,end\n3,C,X\n",
			"w.csv:F2: Next: step 2: share 85 needs a % sign (write 85%) or must be a fraction from 0 to 1"},
		{"shares not summing to 100", header + "1,A,X,,,\"2 (85%), 3 (10%)\"\n2,B,X,,,end\n3,C,X\n",
			"w.csv:F2: Next: the shares add up to 95%, not 100%"},
		{"shares summing to 110 in floating point", header + "1,A,X,,,\"2 (80%), 3 (30%)\"\n2,B,X,,,end\n3,C,X\n",
			"w.csv:F2: Next: the shares add up to 110%, not 100%"},
		{"shares on some branches", header + "1,A,X,,,\"2 (85%), 3\"\n2,B,X,,,end\n3,C,X\n",
			"w.csv:F2: Next: give a share on every branch or on none (1 of 2 have one)"},
		{"end as a branch", header + "1,A,X,,,\"2 (90%), end (10%)\"\n2,B,X\n", "w.csv:F2: Next: " + endIsNotABranch},
		{"bad duration", header + "1,A,X,,5\n2,B,X,,\"tri(5m, 2m, 40m)\"\n3,C,X,,\"trii(1m,2m,3m)\"\n",
			"w.csv:E2: Duration: duration \"5\" has no unit; write e.g. 5s, 5m or 5h\n" +
				"w.csv:E3: Duration: triangular duration needs min <= mode <= max (got 5m, 2m, 40m)\n" +
				"w.csv:E4: Duration: unknown distribution \"trii\" (did you mean \"tri\"?); write e.g. 12m, tri(5m, 12m, 40m), uniform(1h, 8h), exp(10m) or lognormal(6m, 3m)"},
		{"bad sla and automated", header + "1,A,X,,,,0s,maybe\n", "w.csv:G2: SLA: must be longer than 0s\nw.csv:H2: Automated: expected yes or no, found \"maybe\""},
		{"bad case sla", "SLA,2 days later\n" + header + "1,A,X\n", `w.csv:B1: SLA: duration "2 days later" has unknown unit "days later"; use s, m, h or d`},
		{"every problem at once", header + "1,A,X,,5\n1,B,,,,7\n,C,X,,,,,perhaps\n",
			"w.csv:E2: Duration: duration \"5\" has no unit; write e.g. 5s, 5m or 5h\n" +
				"w.csv:A3: Step: step number 1 is used twice (first at A2)\n" +
				"w.csv:C3: Owner: missing: who does this step?\n" +
				"w.csv:F3: Next: step 7 does not exist (the steps are 1)\n" +
				"w.csv:A4: Step: missing step number: number the steps 1, 2, 3…\n" +
				"w.csv:H4: Automated: expected yes or no, found \"perhaps\""},
		{"unreachable step", header + "1,A,X,,,end\n2,B,X\n", "w.csv:A3: step b is unreachable: no path from a start step leads to it"},
		{"no end", header + "1,A,X\n2,B,X,,,1\n", "w.csv: no end step: every step has next, so no case can finish; write end in the Next cell of the step where cases finish"},
		{"loop without a way out", header + "1,A,X\n2,B,X,,,\"1 (100%), 3 (0%)\"\n3,C,X,,,end\n",
			"w.csv:A2: step a has no path to an end: cases that get here loop forever (give the loop a way out with a share above 0%)\n" +
				"w.csv:A3: step b has no path to an end: cases that get here loop forever (give the loop a way out with a share above 0%)"},
		{"malformed CSV", header + "1,A,X\n2,B \"x\" C,X\n", "w.csv:A3: malformed CSV (line 3, column 5): bare \" in non-quoted-field"},
		{"UTF-16", "\xff\xfeS\x00t\x00", `w.csv: the file is UTF-16 text; save the table as "CSV UTF-8"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readTable(t, tt.csv)
			if got := messages(err); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if err != nil && !errors.Is(err, mapping.ErrInvalid) {
				t.Errorf("the error is no mapping.ErrorList: %T", err)
			}
		})
	}
}

func TestHugeTables(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for i := 1; i <= MaxRows; i++ {
		fmt.Fprintf(&b, "%d,Step %d,X\n", i, i)
	}
	_, err := readTable(t, b.String())
	if got, want := messages(err), "w.csv:A10001: more than 10000 rows: a workshop table holds at most 10000 rows"; got != want {
		t.Errorf("CSV: got %s, want %s", got, want)
	}
	rows := [][]string{strings.Split(strings.TrimSpace(header), ",")}
	for i := 1; i <= MaxRows; i++ {
		rows = append(rows, []string{fmt.Sprint(i), fmt.Sprintf("Step %d", i), "X"})
	}
	path := writeXLSX(t, "huge.xlsx", []string{SheetWorkshop}, map[string][][]string{SheetWorkshop: rows})
	_, err = ReadFile(path)
	if got, want := messages(err), path+":Workshop!A10001: more than 10000 rows: a workshop table holds at most 10000 rows"; got != want {
		t.Errorf("xlsx: got %s, want %s", got, want)
	}
}

// TestWorkbookProblems: problems of a workbook are told at Sheet!Cell, and
// steps must use the names the Owners and Systems sheets list.
func TestWorkbookProblems(t *testing.T) {
	head := strings.Split(strings.TrimSpace(header), ",")
	tests := []struct {
		name  string
		cells map[string][][]string
		want  string
	}{
		{"unknown owner", map[string][][]string{
			"My steps":   {head, {"1", "Place order", "Customer"}, {"2", "Pick", "Warehose team", "WMS"}},
			SheetOwners:  {{"Owner", "Capacity", "External"}, {"Customer", "", "yes"}, {"Warehouse team", "4"}},
			SheetSystems: {{"System"}, {"WMS"}},
		}, "PATH:'My steps'!C3: Owner: unknown owner \"Warehose team\" (did you mean \"Warehouse team\"?); pick one from the list or add it to the Owners sheet"},
		{"unknown system", map[string][][]string{
			"My steps":   {head, {"1", "Place order", "Customer", "Shopfy"}},
			SheetSystems: {{"System"}, {"Shopify"}},
		}, "PATH:'My steps'!D2: System: unknown system \"Shopfy\" (did you mean \"Shopify\"?); pick one from the list or add it to the Systems sheet"},
		{"bad owners sheet", map[string][][]string{
			"My steps":  {head, {"1", "Place order", "Customer"}},
			SheetOwners: {{"Owner", "Capacity", "External"}, {"Customer", "lots", "perhaps"}, {"customer"}},
		}, "PATH:Owners!B2: capacity: expected a whole number from 1 to 10000 (people working in parallel; leave it empty for unlimited), found \"lots\"\n" +
			"PATH:Owners!C2: external: expected yes or no, found \"perhaps\"\n" +
			"PATH:Owners!A3: owner \"customer\" is listed twice (first at Owners!A2)"},
		{"empty sheet", map[string][][]string{"My steps": nil}, "PATH:'My steps': the sheet is empty: write a header row (Step, Action, Owner, System, Duration, Next, SLA, Automated) and one row per step; `flowmap map template` writes an example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheets := []string{"My steps"}
			for _, s := range []string{SheetOwners, SheetSystems} {
				if _, ok := tt.cells[s]; ok {
					sheets = append(sheets, s)
				}
			}
			path := writeXLSX(t, "w.xlsx", sheets, tt.cells)
			_, err := ReadFile(path)
			if got, want := messages(err), strings.ReplaceAll(tt.want, "PATH", path); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	head := strings.Split(strings.TrimSpace(header), ",")
	path := writeXLSX(t, "w.xlsx", []string{SheetWorkshop, SheetOwners}, map[string][][]string{
		SheetWorkshop: {append(head, "Notes"), {"1", "Place order", "Customer", "", "", "", "", "", "call back"}, {"2", "Pack", "Warehouse", "", "", "", "", "", "", "", "ask Bob"},
			{}, {"", "", "", "", "", "", "", "", "open question: returns?"}},
		SheetOwners: {{"Owner"}, {"Customer"}, {"Warehouse"}, {"Finance"}},
	})
	m, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range m.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		path + `:Workshop!I1: warning: column "Notes" is not read (flowmap reads Step, Action, Owner, System, Duration, Next, SLA, Automated; optional: Owner capacity, External, Decision)`,
		path + ":Workshop!K3: warning: column K has text but no header, so it is not read",
		path + ":Workshop!I5: warning: the row has text only in columns flowmap does not read (Step, Action, Owner, System, Duration, Next, SLA, Automated; optional: Owner capacity, External, Decision), so it is no step",
		path + ":Owners!A4: warning: owner finance has no steps",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Similar names on a CSV table are two owners, with a warning.
	m, err = readTable(t, header+"1,A,Warehouse team\n2,B,Warehouse taem\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Owners) != 2 || len(m.Warnings) != 2 || m.Warnings[0].Error() != "w.csv:C1: warning: "+ownersLostAll ||
		m.Warnings[1].Error() != `w.csv:C3: warning: owner "Warehouse taem" is a new owner, but looks like "Warehouse team" (C2); write the same name if they are one` {
		t.Errorf("owners %d, warnings %v", len(m.Owners), m.Warnings)
	}
}

// TestBranchesAndIDs reads a table with a decision, branches with shares
// and labels, a rework loop and repeated texts.
func TestBranchesAndIDs(t *testing.T) {
	src := "Process,Returns\nA title row for people\n" +
		"Step #,Description,Who,Tool,Time,Next step(s),Target,Automatic\n" +
		"10,Receive return,Customer service,CRM,5m,,,\n" +
		"20,Item damaged?,Customer service,CRM,,\"30 (20%, damaged), 40 (80%: fine)\",,yes\n" +
		"30,Check item,Warehouse,,10m,\"40 (0.9), 30 (0.1, again)\",4h,\n" +
		"\n" +
		"40,Refund,Finance,ERP,exp(mean 3m),end,,x\n" +
		"50,Refund,Finance,ERP,1m,,,\n"
	_, err := readTable(t, src)
	if err == nil || messages(err) != "w.csv:A9: step refund_2 is unreachable: no path from a start step leads to it" {
		t.Fatalf("got %v", err)
	}
	src = strings.TrimSuffix(src, "50,Refund,Finance,ERP,1m,,,\n")
	m, err := readTable(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if m.Process != "Returns" {
		t.Errorf("process %q", m.Process)
	}
	var got []string
	for _, s := range m.Steps {
		var next []string
		for _, e := range s.Next {
			next = append(next, fmt.Sprintf("%s %.2f %q", e.To, e.P, e.Label))
		}
		got = append(got, fmt.Sprintf("%s owner=%s system=%s decision=%v automated=%v start=%v dur=%s next=[%s]",
			s.ID, s.Owner, s.System, s.Decision, s.Automated, s.Start, s.Duration, strings.Join(next, "; ")))
	}
	want := []string{
		`receive_return owner=customer_service system=crm decision=false automated=false start=true dur=5m next=[item_damaged 1.00 ""]`,
		`item_damaged owner=customer_service system=crm decision=true automated=true start=false dur=0s next=[check_item 0.20 "damaged"; refund 0.80 "fine"]`,
		`check_item owner=warehouse system= decision=false automated=false start=false dur=10m next=[refund 0.90 ""; check_item 0.10 "again"]`,
		`refund owner=finance system=erp decision=false automated=true start=false dur=exp(mean 3m) next=[]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCSVEncodings: a semicolon-separated, Windows-1252 file as Excel writes
// it in Europe reads with a warning; blank lines count as rows.
func TestCSVEncodings(t *testing.T) {
	src := []byte("Step;Action;Owner\n1;R\xe9ception;\xc9quipe\n\n2;Contr\xf4le;\xc9quipe;\n2;x;y\n")
	_, err := ReadCSV("w.csv", src)
	if got, want := messages(err), "w.csv:A5: Step: step number 2 is used twice (first at A4)"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	m, err := ReadCSV("w.csv", src[:bytes.LastIndex(src, []byte("2;x"))])
	if err != nil {
		t.Fatal(err)
	}
	if m.Steps[0].Name != "Réception" || m.Owners[0].Name != "Équipe" || m.Owners[0].ID != "equipe" || m.Steps[1].ID != "controle" {
		t.Errorf("steps %+v owners %+v", m.Steps, m.Owners)
	}
	if len(m.Warnings) != 2 || !strings.Contains(m.Warnings[0].Error(), "w.csv: warning: the file is not UTF-8; read as Windows-1252") ||
		m.Warnings[1].Error() != "w.csv:C1: warning: "+ownersLostAll {
		t.Errorf("warnings %v", m.Warnings)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(filepath.Join(dir, "missing.xlsx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	ods := filepath.Join(dir, "workshop.ods")
	if err := os.WriteFile(ods, []byte("PK"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := mapping.ReadFile(ods)
	if got, want := messages(err), ods+": flowmap reads workshop tables as .xlsx or .csv, not .ods: save the table as an Excel workbook (.xlsx) or as CSV UTF-8"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFile(bad)
	if got := messages(err); !strings.HasPrefix(got, bad+": not a readable .xlsx workbook: ") || !errors.Is(err, mapping.ErrInvalid) {
		t.Errorf("not a workbook: %s", got)
	}
}

// FuzzReadCSV: any bytes read as a CSV table give a map or problems, each
// at the file, never a panic. The corpus is in testdata/fuzz/FuzzReadCSV.
func FuzzReadCSV(f *testing.F) {
	for _, p := range []string{"testdata/workshop-seed.csv", "testdata/workshop-seed-semicolon.csv"} {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := ReadCSV("f.csv", src)
		if m == nil {
			t.Fatal("no map returned")
		}
		if err != nil {
			var list mapping.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v is no ErrorList", err, err)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), "f.csv") {
					t.Fatalf("problem without its file: %v", e)
				}
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted map is invalid: %v", err)
		}
	})
}

// ownersLostAll is the warning on a table without an Owners sheet and
// without the Owner capacity and External columns.
const ownersLostAll = "the owners get no capacity (unlimited) and are not marked external: the table has no Owners sheet (a CSV file keeps one sheet only); " +
	"add the columns Owner capacity (people working in parallel) and External (yes for a customer, carrier or other outside party), filled on any row of each owner"

// templateAsCSV returns the template's Workshop sheet as Excel saves it as
// CSV (the active sheet only), with extra columns (header, then one value
// per step row, by its Owner) added from owner.
func templateAsCSV(t *testing.T, extra []string, owner func(name string) []string) []byte {
	t.Helper()
	f, err := excelize.OpenFile(writeTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetWorkshop)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for r, row := range rows {
		row = append(row, make([]string, numCols-len(row)+1)...)[:numCols]
		switch {
		case r+1 == rowHeader:
			row = append(row, extra...)
		case r+1 >= rowFirstStep:
			row = append(row, owner(row[colOwner])...)
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// TestTemplateSavedAsCSV: the template saved as CSV, with the Owner
// capacity and External columns, reads as the same map as the workbook; the
// values may be given on one row of an owner only, or in any order.
func TestTemplateSavedAsCSV(t *testing.T) {
	xlsx, err := ReadFile(writeTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	want := statsJSON(t, xlsx)
	if st, _ := mapping.ComputeStats(xlsx); st.Expected.StaffedTouchTimeSeconds == 0 {
		t.Fatal("the workbook has no staffed work: the test cannot tell a loss")
	}
	seed := map[string]SeedOwner{}
	for _, o := range SeedOwners {
		seed[o.Name] = o
	}
	every := func(name string) []string {
		o := seed[name]
		c := ""
		if o.Capacity > 0 {
			c = strconv.Itoa(o.Capacity)
		}
		return []string{c, yesNo(o.External, "yes", "no")}
	}
	seen := map[string]bool{}
	firstOnly := func(name string) []string { // External before capacity, on the owner's first row
		if seen[name] {
			return []string{"", ""}
		}
		seen[name] = true
		v := every(name)
		return []string{v[1], v[0]}
	}
	for _, tt := range []struct {
		name  string
		extra []string
		owner func(string) []string
	}{
		{"every row", []string{"Owner capacity", "External"}, every},
		{"first row of each owner", []string{"Owner external", "Capacity"}, firstOnly},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := templateAsCSV(t, tt.extra, tt.owner)
			m, err := ReadCSV("w.csv", src)
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			if len(m.Warnings) > 0 {
				t.Errorf("warnings %v", m.Warnings)
			}
			if got := statsJSON(t, m); got != want {
				t.Errorf("map stats of the CSV\n%s\nwant those of the workbook\n%s", got, want)
			}
			if m.Process != xlsx.Process || m.SLA != xlsx.SLA {
				t.Errorf("process %q sla %v, want %q %v", m.Process, m.SLA, xlsx.Process, xlsx.SLA)
			}
			for i, o := range m.Owners {
				if w := xlsx.Owners[i]; o.ID != w.ID || o.Capacity != w.Capacity || o.External != w.External {
					t.Errorf("owner %+v, want %+v", o, w)
				}
			}
		})
	}
	// Without the columns the staffed work is lost, with a warning.
	m, err := ReadCSV("w.csv", templateAsCSV(t, nil, func(string) []string { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if statsJSON(t, m) == want {
		t.Error("the CSV without owner columns has the workbook's stats: the test cannot tell a loss")
	}
	if len(m.Warnings) != 1 || m.Warnings[0].Error() != "w.csv:C4: warning: "+ownersLostAll {
		t.Errorf("warnings %v", m.Warnings)
	}
}

// TestOwnerColumns: the Owner capacity, External and Decision columns and
// the Unit row, their conflicts and the warning when a column is missing.
func TestOwnerColumns(t *testing.T) {
	const head = "Step,Action,Owner,Duration,Owner capacity,External,Decision\n"
	tests := []struct {
		name, table, want, warn string
	}{
		{"values on any row", "Unit,order\n" + head + "1,Order,Customer,1m,,yes\n2,Pick,Warehouse,10m,3\n3,Check?,Warehouse,1m,,,no\n4,Pack,Warehouse,5m,3,no,yes\n",
			"unit order; customer cap 0 ext true; warehouse cap 3 ext false; decisions [false false false true]", ""},
		{"conflicting capacity", head + "1,Order,Customer\n2,Pick,Warehouse,,3\n3,Pack,Warehouse,,4\n",
			`w.csv:E4: Owner capacity: owner "Warehouse" has capacity 3 (E3), here 4; give an owner one capacity`, ""},
		{"conflicting external", head + "1,Order,Customer,,,yes\n2,Pick,Warehouse\n3,Pay,customer,,,no\n",
			`w.csv:F4: External: owner "Customer" is external (F2), here no; an owner is external on every row or on none`, ""},
		{"bad cells", "Unit,orders!\n" + head + "1,Order,Customer,,0,perhaps,maybe\n",
			"w.csv:B1: Unit: \"orders!\" is not a unit name; write what one case is, in the singular, e.g. order\n" +
				"w.csv:E3: Owner capacity: expected a whole number from 1 to 10000 (people working in parallel; leave it empty for unlimited), found \"0\"\n" +
				"w.csv:F3: External: expected yes or no, found \"perhaps\"\n" +
				"w.csv:G3: Decision: expected yes or no, found \"maybe\"", ""},
		{"no capacity column", "Step,Action,Owner,External\n1,Order,Customer,yes\n",
			"unit ; customer cap 0 ext true; decisions [false]",
			"w.csv:C1: warning: the owners get no capacity (unlimited): the table has no Owners sheet (a CSV file keeps one sheet only); add the column Owner capacity (people working in parallel), filled on any row of each owner"},
		{"no external column", "Step,Action,Owner,Capacity\n1,Order,Customer,2\n",
			"unit ; customer cap 2 ext false; decisions [false]",
			"w.csv:C1: warning: the owners are not marked external: the table has no Owners sheet (a CSV file keeps one sheet only); add the column External (yes for a customer, carrier or other outside party), filled on any row of each owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := readTable(t, tt.table)
			got := messages(err)
			if err == nil {
				var b strings.Builder
				fmt.Fprintf(&b, "unit %s", m.Unit)
				for _, o := range m.Owners {
					fmt.Fprintf(&b, "; %s cap %d ext %v", o.ID, o.Capacity, o.External)
				}
				var dec []bool
				for _, s := range m.Steps {
					dec = append(dec, s.Decision)
				}
				fmt.Fprintf(&b, "; decisions %v", dec)
				got = b.String()
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			var warns []string
			if m != nil {
				for _, w := range m.Warnings {
					warns = append(warns, w.Error())
				}
			}
			if w := strings.Join(warns, "\n"); err == nil && w != tt.warn {
				t.Errorf("warnings\n%s\nwant\n%s", w, tt.warn)
			}
		})
	}
}

// TestOwnerColumnsOnTheWorkshopSheet: a workbook's Workshop sheet may carry
// the columns too; a value that differs from the Owners sheet is refused.
func TestOwnerColumnsOnTheWorkshopSheet(t *testing.T) {
	head := []string{"Step", "Action", "Owner", "Owner capacity", "External"}
	owners := [][]string{{"Owner", "Capacity", "External"}, {"Customer", "", "yes"}, {"Warehouse", "4"}}
	path := writeXLSX(t, "w.xlsx", []string{SheetWorkshop, SheetOwners}, map[string][][]string{
		SheetWorkshop: {head, {"1", "Order", "Customer", "", "yes"}, {"2", "Pick", "Warehouse", "4", "no"}, {"3", "Pack", "Warehouse", "5"}},
		SheetOwners:   owners,
	})
	_, err := ReadFile(path)
	if got, want := messages(err), path+`:Workshop!D4: Owner capacity: owner "Warehouse" has capacity 4 (Owners!B3), here 5; give an owner one capacity`; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	path = writeXLSX(t, "w.xlsx", []string{SheetWorkshop}, map[string][][]string{
		SheetWorkshop: {head, {"1", "Order", "Customer", "", "yes"}, {"2", "Pick", "Warehouse", "4", "no"}},
	})
	m, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 0 || m.Owners[0].External != true || m.Owners[1].Capacity != 4 {
		t.Errorf("owners %+v warnings %v", m.Owners, m.Warnings)
	}
}
