package format

import "testing"

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Duration(0), "0 s"},
		{Duration(45), "45 s"},
		{Duration(9.96), "10 s"},
		{Duration(90), "1.5 min"},
		{Duration(720), "12 min"},
		{Duration(6.24 * 3600), "6.2 h"},
		{Duration(3.5 * 86400), "3.5 d"},
		{Duration(-15.3 * 3600), "-15.3 h"},
		{Thousands(0), "0"},
		{Thousands(999), "999"},
		{Thousands(12345), "12,345"},
		{Thousands(-1234567), "-1,234,567"},
		{Percent(0.41), "41%"},
		{Percent(0.004), "0.4%"},
		{Percent(0), "0%"},
		{Percent(1), "100%"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
