package text

import (
	"testing"
	"time"
)

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

func TestSpan(t *testing.T) {
	day := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		to   time.Time
		want string
	}{
		{day.Add(2 * time.Hour), "Fri 27 Nov 2026 09:00 to 11:00"},
		{day.Add(20 * time.Hour), "Fri 27 Nov 2026 09:00 to Sat 28 Nov 2026 05:00"},
		{day.AddDate(0, 1, 0), "Fri 27 Nov 2026 09:00 to Sun 27 Dec 2026 09:00"},
	} {
		if got := span(day, tc.to); got != tc.want {
			t.Errorf("span = %q, want %q", got, tc.want)
		}
	}
}
