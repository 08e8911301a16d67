package mapping

import (
	"path/filepath"
	"strings"
	"sync"
)

// A map may be written in other formats than YAML: a BPMN 2.0 file from a
// modelling tool, a workshop spreadsheet. Their readers live in their own
// packages and register here, so that every command that takes a map (and a
// scenario's map:) accepts them by extension.
var (
	formatsMu sync.RWMutex
	formats   = map[string]func(path string) (*Map, error){}
)

// RegisterFormat makes ReadFile read files whose extension is ext (".bpmn",
// ".xlsx", ".csv"; case-insensitive) with read. It is meant to be called
// from an init function of the reader's package.
func RegisterFormat(ext string, read func(path string) (*Map, error)) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	formats[strings.ToLower(ext)] = read
}

// formatReader returns the registered reader for path's extension.
func formatReader(path string) (func(path string) (*Map, error), bool) {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	f, ok := formats[strings.ToLower(filepath.Ext(path))]
	return f, ok
}

// IsOtherFormat reports whether path is read by a registered reader rather
// than as YAML.
func IsOtherFormat(path string) bool {
	_, ok := formatReader(path)
	return ok
}
