package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// reopen undoes CleanupAll for the tests that follow.
func reopen() {
	registry.Lock()
	registry.closed = false
	registry.Unlock()
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range des {
		names = append(names, d.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWriteNewFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	if err := Write(path, writeString("hello")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "hello" {
		t.Fatalf("content %q, %v", b, err)
	}
	// The mode a plain create gives: 0644 minus the umask.
	ref := filepath.Join(t.TempDir(), "ref")
	f, err := os.OpenFile(ref, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	want, _ := os.Stat(ref)
	got, _ := os.Stat(path)
	if got.Mode() != want.Mode() {
		t.Errorf("mode %v, want %v", got.Mode(), want.Mode())
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v, want only r.xlsx", names)
	}
	if n := InFlight(); n != 0 {
		t.Errorf("%d temporary files still registered", n)
	}
}

func TestWriteReplacesAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old content, longer than the new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
}

func TestWriteErrorKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("half written ", 10000)) // past the buffer
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous" {
		t.Errorf("target changed to %d bytes", len(b))
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v, want only r.xlsx", names)
	}
	if n := InFlight(); n != 0 {
		t.Errorf("%d temporary files still registered", n)
	}
}

func TestWritePanicRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	func() {
		defer func() { recover() }()
		Write(path, func(w io.Writer) error { panic("bug") })
	}()
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("folder holds %v after a panic", names)
	}
}

func TestWriteMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "r.xlsx")
	err := Write(path, writeString("x"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want not exist", err)
	}
	// The message names the file asked for, never the temporary one.
	if want := "create " + path + ": no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestWriteDirectory(t *testing.T) {
	if err := Write(t.TempDir(), writeString("x")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("err = %v, want is a directory", err)
	}
}

func TestWriteContextCancelled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	os.WriteFile(path, []byte("previous"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	err := WriteContext(ctx, path, func(w io.Writer) error {
		io.WriteString(w, "new")
		cancel() // cancelled while writing: the write itself succeeds
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous" {
		t.Errorf("target changed to %q", b)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v", names)
	}
}

func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.txt")
	link := filepath.Join(dir, "link.txt")
	os.WriteFile(real, []byte("old"), 0o600)
	if err := os.Symlink("real.txt", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := Write(link, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("real file holds %q", b)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
}

// TestCleanupAll interrupts a write in progress: its temporary file goes,
// the write fails with ErrInterrupted and the target keeps its content; so do
// writes that start afterwards.
func TestCleanupAll(t *testing.T) {
	defer reopen()
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	os.WriteFile(path, []byte("previous"), 0o644)

	writing, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- Write(path, func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("x", 1<<20))
			close(writing)
			<-release
			return nil
		})
	}()
	<-writing
	if n := InFlight(); n != 1 {
		t.Errorf("%d temporary files in flight, want 1", n)
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("folder holds %v, want the target and one temporary file", names)
	}
	CleanupAll()
	if names := entries(t, dir); len(names) != 1 || names[0] != "r.xlsx" {
		t.Errorf("after CleanupAll the folder holds %v", names)
	}
	close(release)
	if err := <-done; !errors.Is(err, ErrInterrupted) {
		t.Errorf("interrupted write: err = %v, want ErrInterrupted", err)
	}
	if err := Write(path, writeString("late")); !errors.Is(err, ErrInterrupted) {
		t.Errorf("write after CleanupAll: err = %v, want ErrInterrupted", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous" {
		t.Errorf("target changed to %d bytes", len(b))
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v", names)
	}
	if n := InFlight(); n != 0 {
		t.Errorf("%d temporary files still registered", n)
	}
}

func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			path := filepath.Join(dir, fmt.Sprintf("out-%d.txt", i%8)) // two writers per file
			errs[i] = Write(path, func(w io.Writer) error {
				for range 1000 {
					if _, err := fmt.Fprintf(w, "writer %d\n", i%8); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	for i := range 8 {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("out-%d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Repeat(fmt.Sprintf("writer %d\n", i), 1000); string(b) != want {
			t.Errorf("out-%d.txt: %d bytes, mixed or short", i, len(b))
		}
	}
	if names := entries(t, dir); len(names) != 8 {
		t.Errorf("folder holds %v, want 8 files", names)
	}
	if n := InFlight(); n != 0 {
		t.Errorf("%d temporary files still registered", n)
	}
}
