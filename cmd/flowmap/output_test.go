package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputsNeverOverwriteInputs: an output that names one of the
// command's inputs (directly, through a link, or as the scenario's own map)
// is refused with exit 2 before any work, and the input is left as it was;
// so is an extension that contradicts the content.
func TestOutputsNeverOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	copyFile := func(src, name string) string {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	log := copyFile("testdata/small.csv", "log.csv")
	m := copyFile("../../examples/order-fulfillment.yaml", "order-fulfillment.yaml")
	sc := copyFile("../../examples/flash-sale.yaml", "flash-sale.yaml")
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(log, link); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{}
	defer func() {
		if b, _ := os.ReadFile(filepath.Join(dir, "r.xlsx")); string(b) != "previous" {
			t.Errorf("r.xlsx was overwritten: %q", b)
		}
	}()
	for _, p := range []string{log, m, sc} {
		inputs[p], _ = os.ReadFile(p)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"discover onto the log", []string{"analyze", log, "--discover", log}, "--discover " + log + ": the file must end in .yaml or .yml"},
		{"discover onto its own map", []string{"analyze", log, "--map", m, "--discover", m}, "would overwrite the input " + m},
		{"workbook onto the log through a link", []string{"analyze", log, "-o", link}, "the file must end in .xlsx"},
		{"diagram onto the map", []string{"map", "render", m, "-o", m}, "unsupported output extension"},
		{"events onto the scenario", []string{"simulate", sc, "--events", sc}, "--events " + sc + ": the file must end in .csv"},
		{"events as a workbook", []string{"simulate", sc, "--events", filepath.Join(dir, "x.xlsx")}, "must end in .csv"},
		{"discover as CSV", []string{"analyze", log, "--discover", filepath.Join(dir, "x.csv")}, "must end in .yaml or .yml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append(tc.args, "-q")...)
			checkRun(t, code, stdout, stderr, exitUsage, nil, []string{tc.want})
		})
	}
	// Right extensions, but the same file as an input.
	yamlLink := filepath.Join(dir, "map-link.yaml")
	if err := os.Symlink(m, yamlLink); err != nil {
		t.Fatal(err)
	}
	csvLink := filepath.Join(dir, "events.csv")
	if err := os.Symlink(m, csvLink); err != nil {
		t.Fatal(err)
	}
	xlsx := filepath.Join(dir, "r.xlsx")
	if err := os.WriteFile(xlsx, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	mapSvg := filepath.Join(dir, "map.svg")
	if err := os.Symlink(m, mapSvg); err != nil {
		t.Fatal(err)
	}
	svgLink := filepath.Join(dir, "r.svg")
	if err := os.Symlink(xlsx, svgLink); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"discover onto the map through a link", []string{"analyze", log, "--map", m, "--discover", yamlLink}, "--discover " + yamlLink + " would overwrite the input " + m},
		{"events onto the scenario's own map", []string{"simulate", sc, "--events", csvLink}, "--events " + csvLink + " would overwrite the input " + m},
		{"report's diagram onto the scenario's map", []string{"report", "--map", m, "--scenario", sc, "-o", filepath.Join(dir, "new.xlsx"), "--diagram", mapSvg}, "--diagram " + mapSvg + " would overwrite the input " + m},
		{"two outputs on one file", []string{"report", "--map", m, "-o", xlsx, "--diagram", svgLink}, "-o and --diagram name the same file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append(tc.args, "-q")...)
			if tc.want == "" {
				if code == exitOK {
					t.Errorf("exit 0:\n%s", stderr)
				}
				return
			}
			checkRun(t, code, stdout, stderr, exitUsage, nil, []string{tc.want})
		})
	}
	for p, b := range inputs {
		if got, _ := os.ReadFile(p); !bytes.Equal(got, b) {
			t.Errorf("%s was changed", p)
		}
	}
}
