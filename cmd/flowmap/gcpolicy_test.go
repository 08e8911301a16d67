package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestTuneGCForLog(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	for _, tc := range []struct {
		name, path, env string
		want            int
	}{
		{"small", file("small.csv", bigLogBytes-1), "", 100},
		{"big", file("big.csv", bigLogBytes), "", bigLogGCPercent},
		{"big compressed", file("big.csv.gz", bigLogBytes/8), "", bigLogGCPercent},
		{"small compressed", file("small.csv.gz", bigLogBytes/8-1), "", 100},
		{"big Parquet", file("big.parquet", bigLogBytes/6+1), "", bigLogGCPercent},
		{"small Parquet", file("small.parquet", bigLogBytes/6-1), "", 100},
		{"GOGC set", file("big2.csv", bigLogBytes), "GOGC", 100},
		{"GOMEMLIMIT set", file("big3.csv", bigLogBytes), "GOMEMLIMIT", 100},
		{"missing", filepath.Join(dir, "none.csv"), "", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			if tc.env != "" {
				t.Setenv(tc.env, "200")
			}
			old := debug.SetGCPercent(100)
			defer debug.SetGCPercent(old)
			tuneGCForLog(tc.path)
			if got := debug.SetGCPercent(100); got != tc.want {
				t.Errorf("GOGC %d, want %d", got, tc.want)
			}
		})
	}
}
