package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedMap = "../../examples/workshop-seed.yaml"

// TestMapTemplateAndImport: `map template` writes the workshop workbook,
// `map import` turns it into YAML, and every map command reads the table
// directly, with the same stats as the seed example.
func TestMapTemplateAndImport(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "workshop.xlsx")
	code, stdout, stderr := run(t, "map", "template", "-o", xlsx)
	checkRun(t, code, stdout, stderr, exitOK, nil, []string{"wrote " + xlsx + " (sheets Workshop, Owners and Systems; 6 example steps)"})

	code, stdout, stderr = run(t, "map", "template", "-o", xlsx)
	checkRun(t, code, stdout, stderr, exitUsage, nil, []string{"exists and may hold a workshop's work", "--force"})
	code, stdout, stderr = run(t, "map", "template", "-o", xlsx, "--force", "-q")
	checkRun(t, code, stdout, stderr, exitOK, nil, nil)
	if stderr != "" {
		t.Errorf("-q printed %q", stderr)
	}

	yaml := filepath.Join(dir, "map.yaml")
	code, stdout, stderr = run(t, "map", "import", xlsx, "-o", yaml)
	checkRun(t, code, stdout, stderr, exitOK, nil, []string{"wrote " + yaml + " (6 steps, 4 owners, 4 systems)"})
	src, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(src), "# Imported from "+xlsx+" by flowmap map import.\nprocess: Order fulfillment (workshop seed)\n") {
		t.Errorf("imported map starts\n%s", src[:200])
	}

	_, want, _ := run(t, "map", "stats", seedMap, "--json")
	for _, f := range []string{xlsx, yaml} {
		code, stdout, stderr = run(t, "map", "stats", f, "--json")
		if code != exitOK || stdout != want {
			t.Errorf("map stats %s: exit %d\n%s\nwant\n%s\nstderr %s", f, code, stdout, want, stderr)
		}
	}
	code, stdout, stderr = run(t, "map", "validate", xlsx, "../../mapping/table/testdata/workshop-seed.csv")
	checkRun(t, code, stdout, stderr, exitOK, []string{xlsx + `: ok: "Order fulfillment (workshop seed)", 6 steps, 4 owners, 4 systems`}, nil)

	code, stdout, stderr = run(t, "map", "import", xlsx, "-o", "-")
	checkRun(t, code, stdout, stderr, exitOK, []string{"  - id: customer_places_order\n"}, nil)
}

func TestMapImportRefusals(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	csv := "Step,Action,Owner,Next\n1,Place order,Customer,\"2 (85%), 9 (10%)\"\n2,Pack,Warehouse,end\n2,Ship,Carrier\n"
	if err := os.WriteFile(bad, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "map.yaml")
	code, stdout, stderr := run(t, "map", "import", bad, "-o", out)
	want := bad + ":D2: Next: step 9 does not exist (the steps are 1, 2)\n" + // the duplicate row is no step
		bad + ":D2: Next: the shares add up to 95%, not 100%\n" +
		bad + ":A4: Step: step number 2 is used twice (first at A3)\n"
	if code != exitInvalid || stderr != want || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr\n%s\nwant\n%s", code, stdout, stderr, want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an invalid table wrote a map")
	}
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"map", "import", bad}, exitUsage, "map import needs -o MAP.yaml (or -o - for stdout)"},
		{[]string{"map", "import", bad, "-o", bad}, exitUsage, "-o " + bad + ": the file must end in .yaml or .yml"},
		{[]string{"map", "import", filepath.Join(dir, "missing.xlsx"), "-o", out}, exitFailure, "no such file"},
		{[]string{"map", "template"}, exitUsage, "map template needs -o FILE.xlsx"},
		{[]string{"map", "template", "-o", out}, exitUsage, "the file must end in .xlsx"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, tt.args...)
		checkRun(t, code, stdout, stderr, tt.code, nil, []string{tt.err})
	}
	yaml := filepath.Join(dir, "same.yaml")
	if err := os.WriteFile(yaml, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, "map", "import", yaml, "-o", yaml)
	checkRun(t, code, stdout, stderr, exitUsage, nil, []string{"would overwrite the input"})
}
