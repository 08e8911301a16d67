package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReportCommand(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		code      int
		sheets    string
		stderrHas string
	}{
		{"map only", []string{"report", "--map", example, "-o", filepath.Join(tmp, "map.xlsx"), "--diagram", filepath.Join(tmp, "map.svg")}, 0, "Summary|Map|Method", "map.svg"},
		{"map and log", []string{"report", "--map", example, "--log", "testdata/small.csv", "-o", filepath.Join(tmp, "log.xlsx")}, 0,
			"Summary|What to fix|Bottlenecks|Waiting causes|Steps|Transitions|Handoffs|Variants|Queues|Data quality|Map|Method", "log.xlsx"},
		{"no map", []string{"report", "-o", filepath.Join(tmp, "x.xlsx")}, 2, "", "needs --map"},
		{"not xlsx", []string{"report", "--map", example, "-o", filepath.Join(tmp, "x.csv")}, 2, "", "-o FILE.xlsx"},
		{"broken map", []string{"report", "--map", "../../mapping/testdata/invalid/paths.yaml", "-o", filepath.Join(tmp, "x.xlsx")}, 3, "", "paths.yaml:16:5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stderr lacks %q: %s", tt.stderrHas, stderr)
			}
			if tt.sheets == "" {
				return
			}
			f, err := excelize.OpenFile(tt.args[len(tt.args)-1])
			if strings.HasSuffix(tt.args[len(tt.args)-1], ".svg") {
				f, err = excelize.OpenFile(tt.args[len(tt.args)-3])
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := strings.Join(f.GetSheetList(), "|"); got != tt.sheets {
				t.Errorf("sheets = %s, want %s", got, tt.sheets)
			}
		})
	}
}
