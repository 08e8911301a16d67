package eventlog

import (
	"path/filepath"
	"testing"
	"time"
)

func TestTmpReadFileBPIC(t *testing.T) {
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		l, err := ReadFile(filepath.Join(sharedData, "logs", "bpic2012.xes.gz"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("ReadFile bpic2012.xes.gz: %v, %d rows", time.Since(t0), l.Quality.Rows)
	}
}
