package main

import "testing"

func TestStrftimeLayout(t *testing.T) {
	tests := []struct{ in, want string }{
		{"%d/%m/%Y %H:%M", "02/01/2006 15:04"},
		{"%Y-%m-%dT%H:%M:%S.%f%z", "2006-01-02T15:04:05.000000-0700"},
		{"%F %T", "2006-01-02 15:04:05"},
		{"%d.%m.%y 100%%", "02.01.06 100%"},
	}
	for _, tt := range tests {
		if got, err := strftimeLayout(tt.in); err != nil || got != tt.want {
			t.Errorf("strftimeLayout(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"%Q", "%d/%m/%"} {
		if _, err := strftimeLayout(bad); err == nil {
			t.Errorf("strftimeLayout(%q): no error", bad)
		}
	}
}
