package mapping

import (
	"strings"

	"github.com/flowmap/flowmap/internal/diag"
)

// ErrInvalid is wrapped by every ErrorList, so callers can test
// errors.Is(err, mapping.ErrInvalid) to map it to "invalid input".
var ErrInvalid = diag.ErrInvalid

// Pos is a position in a map file (1-based line and column).
type Pos = diag.Pos

// Error is one problem in a map file, at a position.
type Error = diag.Error

// ErrorList is every problem found in a map file, in file order. Like
// go/scanner.ErrorList, it prints one problem per line; errors.Is(list,
// ErrInvalid) is true.
type ErrorList = diag.ErrorList

// Suggest returns ` (did you mean "x"?)` for the closest candidate within a
// small edit distance, or "". Other file formats built on maps (scenarios)
// use it for the same hints.
func Suggest(word string, candidates []string) string { return diag.Suggest(word, candidates) }

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
