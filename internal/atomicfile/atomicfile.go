package atomicfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
)

// ErrInterrupted is returned by Write when CleanupAll ran before the output
// could be put in place: the target was left untouched.
var ErrInterrupted = errors.New("interrupted")

// registry holds the temporary files in flight. Renames happen under its lock,
// so that once CleanupAll has returned no target changes any more.
var registry = struct {
	sync.Mutex
	temps  map[string]struct{}
	closed bool
}{temps: map[string]struct{}{}}

var tempSeq atomic.Uint64

// Write writes the output of write to path atomically: write receives a
// buffered writer on a temporary file in path's folder; when it returns nil,
// the file is synced and renamed over path. When write (or syncing, or the
// rename) fails, the temporary file is removed and an existing file at path
// is left as it was.
//
// The file keeps the permission bits of the file it replaces; a new file gets
// 0644 minus the umask. A path that names a symbolic link replaces the link's
// target. A path that exists but is not a regular file (a device such as
// /dev/null or a named pipe) is written directly, without a temporary file.
func Write(path string, write func(io.Writer) error) error {
	return WriteContext(context.Background(), path, write)
}

// WriteContext is Write that gives up, leaving path untouched, when ctx is
// done before the output is put in place. write should watch ctx itself if it
// takes long.
func WriteContext(ctx context.Context, path string, write func(io.Writer) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	target, mode, direct, err := resolve(path)
	if err != nil {
		return err
	}
	if direct {
		return writeDirect(target, write)
	}
	f, err := createTemp(target)
	if err != nil {
		return err
	}
	tmp := f.Name()
	committed := false
	defer func() {
		if !committed {
			f.Close()
			os.Remove(tmp)
			forget(tmp)
		}
	}()
	if mode != 0 {
		if err := f.Chmod(mode); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := commit(tmp, target); err != nil {
		return err
	}
	committed = true
	syncDir(filepath.Dir(target))
	return nil
}

// resolve follows a symbolic link at path and reports the permission bits of
// an existing regular file (0 when there is none), or direct when path exists
// and is not a regular file.
func resolve(path string) (target string, mode fs.FileMode, direct bool, err error) {
	target = path
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return target, 0, false, nil
	}
	if err != nil {
		return "", 0, false, err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) { // dangling link: create its target
				return danglingTarget(path)
			}
			return "", 0, false, err
		}
		if st, err = os.Stat(target); err != nil {
			return "", 0, false, err
		}
	}
	switch {
	case st.IsDir():
		return "", 0, false, &fs.PathError{Op: "write", Path: path, Err: errors.New("is a directory")}
	case !st.Mode().IsRegular():
		return target, 0, true, nil
	}
	return target, st.Mode().Perm(), false, nil
}

// danglingTarget returns the file a dangling symbolic link points to.
func danglingTarget(path string) (string, fs.FileMode, bool, error) {
	dest, err := os.Readlink(path)
	if err != nil {
		return "", 0, false, err
	}
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(filepath.Dir(path), dest)
	}
	return dest, 0, false, nil
}

func writeDirect(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// createTemp creates a new temporary file beside target with mode 0644 minus
// the umask, and registers it.
func createTemp(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	registry.Lock()
	defer registry.Unlock()
	if registry.closed {
		return nil, ErrInterrupted
	}
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatUint(tempSeq.Add(1), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			// Name the file the user asked for, not our temporary one.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, &fs.PathError{Op: "create", Path: target, Err: pe.Err}
			}
			return nil, err
		}
		registry.temps[name] = struct{}{}
		return f, nil
	}
	return nil, fmt.Errorf("%s: cannot create a temporary file", target)
}

// commit renames tmp over target unless CleanupAll has run.
func commit(tmp, target string) error {
	registry.Lock()
	defer registry.Unlock()
	if registry.closed {
		return ErrInterrupted
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	delete(registry.temps, tmp)
	return nil
}

func forget(tmp string) {
	registry.Lock()
	delete(registry.temps, tmp)
	registry.Unlock()
}

// syncDir makes a rename durable; not every system can sync a folder, so
// errors are ignored (the rename itself has succeeded).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// CleanupAll removes every temporary file in flight and makes all later or
// unfinished writes fail with ErrInterrupted, leaving their targets as they
// were. An interrupt handler calls it just before the process exits.
func CleanupAll() {
	registry.Lock()
	defer registry.Unlock()
	registry.closed = true
	for name := range registry.temps {
		os.Remove(name)
		delete(registry.temps, name)
	}
}

// InFlight returns the number of temporary files not yet renamed or
// removed; tests use it.
func InFlight() int {
	registry.Lock()
	defer registry.Unlock()
	return len(registry.temps)
}
