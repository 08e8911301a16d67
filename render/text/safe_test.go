package text

import (
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis"
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

func TestWorkingSpan(t *testing.T) {
	const h = 3600.0
	for _, tc := range []struct {
		sec, day float64
		want     string
	}{
		{3 * h, 8, "3 working hours"},
		{h, 8, "1 working hour"},
		{32 * h, 8, "4 working days of 8 h"},
		{8 * h, 8, "1 working day of 8 h"},
		{36 * h, 9, "4 working days of 9 h"},
		{50 * h, 8.5, "5.9 working days of 8.5 h"},
		{32 * h, 0, "32 working hours"}, // no process calendar: hours
	} {
		if got := workingSpan(tc.sec, tc.day); got != tc.want {
			t.Errorf("workingSpan(%v h, %v h/day) = %q, want %q", tc.sec/h, tc.day, got, tc.want)
		}
	}
	cals := map[string]analysis.CalendarInfo{"ann": {Calendar: "Mon-Fri 08:00-12:00 13:00-17:00"}}
	if d := workingDay(cals); d != 8 {
		t.Errorf("working day of Mon-Fri 08:00-12:00 13:00-17:00 = %v h, want 8", d)
	}
	if d := workingDay(map[string]analysis.CalendarInfo{"x": {Calendar: "24/7"}}); d != 0 {
		t.Errorf("working day of 24/7 = %v, want 0 (no working days)", d)
	}
}
