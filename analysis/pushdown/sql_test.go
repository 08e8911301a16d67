package pushdown_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/pushdown"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGeneratedSQL pins the statements each dialect generates (for
// review: testdata/*.sql) on a table that the engine then runs them on.
func TestGeneratedSQL(t *testing.T) {
	tl := loadTableLog(t, filepath.Join(sharedDir(t), "running-example.csv"))
	tl.name = "sql_golden"
	for _, e := range engines()[:2] {
		t.Run(e.name, func(t *testing.T) {
			src, err := pushdown.ParseSource(e.load(t, tl))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			log := func(sql string) { b.WriteString(sql + ";\n\n") }
			if _, _, err := pushdown.Analyze(context.Background(), src, pushdown.Options{Seq: "seq", Where: "resource <> 'Pete'", Log: log}); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", e.name+".sql")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("the generated SQL differs from %s (run with -update and review the diff)", golden)
			}
		})
	}
}
