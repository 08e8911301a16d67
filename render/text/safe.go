package text

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// safe makes a summary harmless on a terminal: names from logs and maps are
// printed as they are, so an ESC sequence in an activity name could set the
// window title or clear the screen. Every control character but newline and
// tab (C0, DEL, C1) is shown as a Go escape such as \x1b, and bytes that are
// not UTF-8 as \xff, so what is odd in the data stays visible and inert.
func safe(b []byte) []byte {
	if !needsEscape(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, b[0])
		case isControl(r):
			if r < 0x100 {
				out = fmt.Appendf(out, `\x%02x`, r)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		default:
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0
}

func needsEscape(b []byte) bool {
	if !utf8.Valid(b) {
		return true
	}
	return bytes.ContainsFunc(b, isControl)
}

// Safe is safe for one message, e.g. an error that quotes a name from a
// file, before it is printed on a terminal.
func Safe(s string) string { return string(safe([]byte(s))) }
