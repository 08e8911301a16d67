package text

import "testing"

func TestSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain line\n\tindented — é ✓\n", "plain line\n\tindented — é ✓\n"},
		{"title \x1b]0;pwned\x07 done", `title \x1b]0;pwned\x07 done`},
		{"clear \x1b[2J\x1b[H", `clear \x1b[2J\x1b[H`},
		{"nul \x00 del \x7f cr \r", `nul \x00 del \x7f cr \x0d`},
		{"c1 \u0085 \u009b", `c1 \x85 \x9b`},
		{"latin1 caf\xe9", `latin1 caf\xe9`},
	} {
		if got := string(safe([]byte(tc.in))); got != tc.want {
			t.Errorf("safe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
