package shareddata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDirIsBesideTheRepository: the folder is <root>/../shared/data, where
// root holds go.mod (this package is two levels below it).
func TestDirIsBesideTheRepository(t *testing.T) {
	dir, _ := find()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("test assumption: %v", err)
	}
	if want := filepath.Join(filepath.Dir(root), "shared", "data"); dir != want {
		t.Errorf("shared data dir = %q, want %q", dir, want)
	}
}

// fakeTB records how a test ended: Fatalf and Skip stop the goroutine as
// the real ones do.
type fakeTB struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Skip(args ...any) {
	f.skipped, f.msg = true, fmt.Sprint(args...)
	runtime.Goexit()
}
func (f *fakeTB) Log(args ...any) { f.msg = fmt.Sprint(args...) }

func run(fn func(testing.TB)) *fakeTB {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

// TestMissingFailsInCI: a missing folder fails the test when CI is set and
// skips it (Dir) or reports false (Optional) otherwise, naming the path.
func TestMissingFailsInCI(t *testing.T) {
	const dir = "/nowhere/shared/data"
	err := errors.New("stat /nowhere/shared/data: no such file or directory")
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		f := run(func(tb testing.TB) { tb.Log(missing(tb, dir, err)) })
		if f.failed != (ci != "") || !strings.Contains(f.msg, dir) {
			t.Errorf("CI=%q: failed=%v msg=%q", ci, f.failed, f.msg)
		}
		if ci != "" && !strings.Contains(f.msg, "CI is set") {
			t.Errorf("CI=%q: the failure does not say why: %q", ci, f.msg)
		}
	}
}
