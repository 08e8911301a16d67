package testdb

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// tempPrefix starts the name of every temporary directory this package
// makes; ownerFile in it holds the test process's pid.
const (
	tempPrefix = "flowmap-testdb-"
	ownerFile  = "owner.pid"
)

// makeTempDir creates a temporary directory for a server (kind "pg", "ch")
// and records the test process as its owner, so a later run can remove it
// if this one dies without cleaning up.
func makeTempDir(kind string) (string, error) {
	sweepOnce.Do(sweepStale)
	dir, err := os.MkdirTemp("", tempPrefix+kind+"-")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

var sweepOnce sync.Once

// sweepStale removes the directories left by test processes that died
// (a panic or -timeout ends a test binary before Run's cleanup; the
// servers themselves got the parent-death signal). A directory whose
// owner is alive, or whose owner cannot be read, is left alone.
func sweepStale() {
	if runtime.GOOS == "windows" { // no signal 0 to tell a live owner
		return
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || alive(pid) {
			continue
		}
		os.RemoveAll(d)
	}
}

// alive reports whether a process exists (signal 0 is delivered or
// refused for lack of permission).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, os.ErrPermission)
}
