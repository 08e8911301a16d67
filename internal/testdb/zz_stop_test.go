package testdb

import (
	"os"
	"testing"
	"time"
)

// TestStopAll runs last (files run in name order): it stops every server
// as Run does, and checks the processes have exited, their directories
// are gone and the handles are reset, so later callers start afresh.
func TestStopAll(t *testing.T) {
	pg := Postgres(t)
	ch := ClickHouse(t, 2)
	procs := []*proc{pg.proc, ch.servers[0].proc, ch.servers[1].proc}
	dirs := []string{pg.dir, ch.servers[0].dir, ch.servers[1].dir}
	for _, d := range dirs {
		if _, err := os.Stat(d); err != nil {
			t.Fatalf("before stopping: %v", err)
		}
	}
	start := time.Now()
	if err := stopAll(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped PostgreSQL and 2-shard ClickHouse in %v", time.Since(start).Round(time.Millisecond))
	for _, p := range procs {
		if !p.exited() {
			t.Errorf("%s still running after stopAll", p.name)
		} else if p.err != nil {
			t.Errorf("%s: exit %v after a clean shutdown; %s", p.name, p.err, tail(p.log, 10))
		}
	}
	for _, d := range dirs {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s left behind (%v)", d, err)
		}
	}
	if pgState.pg != nil || chState.ch[2] != nil {
		t.Error("handles not reset")
	}
}
