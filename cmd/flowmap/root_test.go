package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name    string
		ldflags string
		bi      *debug.BuildInfo
		want    string
	}{
		{"no build info", "", nil, "devel"},
		{"ldflags without build info", "v9.9.9", nil, "v9.9.9"},
		{"devel, no vcs", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"module version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"clean revision", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"},
			Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "false")},
			"v1.2.3 (rev 0123456789ab, 2026-01-02T03:04:05Z)"},
		{"dirty revision", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "true")},
			"devel (rev 0123456789ab+dirty, 2026-01-02T03:04:05Z)"},
		{"short revision, no time", "", &debug.BuildInfo{Settings: vcs("vcs.revision", "abc123", "vcs.modified", "true")},
			"devel (rev abc123+dirty)"},
		{"ldflags wins over the module version", "v2.0.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"},
			Settings: vcs("vcs.revision", rev)}, "v2.0.0 (rev 0123456789ab)"},
	}
	for _, tt := range tests {
		if got := formatVersion(tt.ldflags, tt.bi); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestVersionFlag: `flowmap --version` prints the same line as `flowmap version`.
func TestVersionFlag(t *testing.T) {
	code, cmdOut, stderr := run(t, "version")
	if code != 0 || !strings.HasPrefix(cmdOut, "flowmap ") {
		t.Fatalf("version: exit %d, %q %q", code, cmdOut, stderr)
	}
	code, flagOut, stderr := run(t, "--version")
	if code != 0 {
		t.Fatalf("--version: exit %d, %q", code, stderr)
	}
	if flagOut != cmdOut {
		t.Errorf("--version prints %q, version prints %q", flagOut, cmdOut)
	}
	if want := "flowmap " + buildVersion() + "\n"; cmdOut != want {
		t.Errorf("version prints %q, want %q", cmdOut, want)
	}
}
