package mapping

import "testing"

// TestFragmented: more than MaxPeriodsPerDay periods per working day, on
// average, is scattered work, not a schedule.
func TestFragmented(t *testing.T) {
	for _, c := range []struct {
		cal  string
		want bool
	}{
		{"Mon-Fri 08:00-12:00 13:00-17:00", false},
		{"Mon 08:00-09:00 10:00-11:00 12:00-13:00 14:00-15:00", true},
		{"Mon 08:00-09:00 10:00-11:00 12:00-13:00 14:00-15:00; Tue-Fri 08:00-17:00", false},
	} {
		cal, err := ParseCalendar(c.cal)
		if err != nil {
			t.Fatal(err)
		}
		if got := cal.Fragmented(); got != c.want {
			t.Errorf("(%q).Fragmented() = %v, want %v", c.cal, got, c.want)
		}
	}
}
