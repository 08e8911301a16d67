package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// summaryWidth is the width the terminal summary's sentences wrap at: the
// terminal's, capped at 120 columns (long lines read badly), or 0 (no
// wrapping) off a terminal or on one narrower than 60.
func summaryWidth(w io.Writer) int {
	n := terminalWidth(w)
	if n < 60 {
		return 0
	}
	return min(n, 120) - 1 // the last column would wrap on some terminals
}

// progressLine returns a callback that redraws one line on a terminal with
// the share of a file read, and a function that clears it. It is silent
// when w is not a terminal or quiet is set.
func progressLine(w io.Writer, quiet bool, what string) (report func(read, total int64), done func()) {
	if quiet || !isTerminal(w) {
		return nil, func() {}
	}
	start := time.Now()
	shown := false
	report = func(read, total int64) {
		if time.Since(start) < 300*time.Millisecond {
			return // small files finish before anyone would read it
		}
		shown = true
		if total > 0 {
			fmt.Fprintf(w, "\r%s: %3.0f%% of %.0f MB", what, 100*float64(read)/float64(total), float64(total)/1e6)
		} else {
			fmt.Fprintf(w, "\r%s: %.0f MB", what, float64(read)/1e6)
		}
	}
	done = func() {
		if shown {
			fmt.Fprint(w, "\r\033[K")
		}
	}
	return report, done
}
