//go:build !unix

package main

import "io"

// terminalWidth is 0 where the terminal's size is not read: the summary's
// sentences stay one line each.
func terminalWidth(io.Writer) int { return 0 }
