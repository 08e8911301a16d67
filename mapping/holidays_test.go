package mapping

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestHolidays(t *testing.T) {
	m, err := ReadFile("testdata/valid/holidays.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dates := func(ss ...string) []Date {
		var out []Date
		for _, s := range ss {
			d, err := ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d)
		}
		return out
	}
	if want := dates("2026-12-25", "2026-12-26", "2027-01-01"); !slices.Equal(m.Holidays, want) {
		t.Errorf("process holidays %v, want %v", m.Holidays, want)
	}
	office, _ := m.Owner("office")
	if want := dates("2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"); !slices.Equal(office.Calendar.Holidays, want) || office.Calendar.Implied() {
		t.Errorf("office calendar holidays %v, want %v", office.Calendar.Holidays, want)
	}
	if office.Calendar.Text != "Mon-Fri 08:00-17:00" || office.Calendar.HoursPerWeek() != 45 {
		t.Errorf("office calendar %q", office.Calendar.Text)
	}
	shop, _ := m.Owner("shop")
	if c := shop.Calendar; c == nil || !c.Implied() || c.HoursPerWeek() != 168 || !slices.Equal(c.Holidays, m.Holidays) {
		t.Errorf("shop (no calendar, process holidays): %+v", c)
	}
	robot, _ := m.Owner("robot")
	if want := dates("2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"); robot.Calendar == nil || !slices.Equal(robot.Calendar.Holidays, want) {
		t.Errorf("robot holidays %+v, want %v", robot.Calendar, want)
	}

	var buf bytes.Buffer
	if err := Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"holidays: [2026-12-25, 2026-12-26, 2027-01-01]\n",
		`calendar: "Mon-Fri 08:00-17:00", holidays: [2026-12-24]}`,
		"holidays: [2026-12-31]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("encoded map lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "24/7") {
		t.Errorf("encoded map writes the implied calendar:\n%s", out)
	}

	// Without holidays the calendars are back to what was written.
	m.Holidays = nil
	for i := range m.Owners {
		m.Owners[i].Holidays = nil
	}
	m.ApplyHolidays()
	office, _ = m.Owner("office")
	shop, _ = m.Owner("shop")
	if shop.Calendar != nil || office.Calendar == nil || office.Calendar.Holidays != nil {
		t.Errorf("after removing the holidays: shop %+v, office %+v", shop.Calendar, office.Calendar)
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"2026-02-30", "2026-1-05", "26-01-05", "2026-01-05T00:00", "", "2026/01/05"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	d, err := ParseDate("2024-02-29")
	if err != nil || d.String() != "2024-02-29" {
		t.Errorf("ParseDate(2024-02-29) = %v, %v", d, err)
	}
}
