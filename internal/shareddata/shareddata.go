// Package shareddata finds the shared reference data that tests compare
// against: the real event logs and PM4Py's results in ../shared/data beside
// the repository (the folder is not part of the repository).
//
// When the folder is missing a test that needs it is skipped on a developer
// machine, but fails when the CI environment variable is set: CI must never
// pass by skipping the comparisons with real logs.
package shareddata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// find returns <repository root>/../shared/data, the root being the nearest
// directory at or above the working directory (a test's package directory)
// that holds go.mod, and whether that folder exists.
var find = sync.OnceValues(func() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			data := filepath.Join(filepath.Dir(dir), "shared", "data")
			fi, err := os.Stat(data)
			if err == nil && !fi.IsDir() {
				err = fmt.Errorf("%s is not a directory", data)
			}
			return data, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above " + wd)
		}
		dir = parent
	}
})

// Dir returns the shared data folder (<repository>/../shared/data). When it
// is missing, Dir fails the test if the CI environment variable is non-empty
// and skips it otherwise; either way the message names the path it looked for.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := find()
	if err != nil {
		t.Skip(missing(t, dir, err))
	}
	return dir
}

// Optional is Dir for tests that still check something without the shared
// data (their own fixtures): it returns the folder's path and whether it
// exists, and fails the test when it is missing and the CI environment
// variable is non-empty.
func Optional(t testing.TB) (string, bool) {
	t.Helper()
	dir, err := find()
	if err != nil {
		missing(t, dir, err)
		return dir, false
	}
	return dir, true
}

// missing fails the test when CI is set; otherwise it returns the message
// for a skip or a log line.
func missing(t testing.TB, dir string, err error) string {
	t.Helper()
	where := err.Error()
	if dir != "" {
		where = fmt.Sprintf("%s, expected beside the repository (%v)", dir, err)
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("shared data not found: %s; CI is set, so the tests that need it fail instead of being skipped", where)
	}
	return fmt.Sprintf("shared data not found: %s; skipped here, a failure when CI is set", where)
}
