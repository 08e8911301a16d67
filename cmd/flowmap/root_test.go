package main

import (
	"bytes"
	"errors"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"
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

// TestUsageErrors: every command-line mistake exits 2 with a message that
// says what is wrong, and the message starts with a single "flowmap:".
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"mapp"}, `unknown command "mapp" for "flowmap" (did you mean "map"?)`},
		{"unknown command, no suggestion", []string{"frobnicate"}, `unknown command "frobnicate" for "flowmap"`},
		{"unknown map subcommand", []string{"map", "bogus"}, `unknown command "bogus" for "flowmap map"`},
		{"map subcommand typo", []string{"map", "stat", example}, `unknown command "stat" for "flowmap map" (did you mean "stats"?)`},
		{"unsupported shell", []string{"completion", "tcsh"}, `unsupported shell "tcsh" for "flowmap completion" (supported: bash, fish, powershell, zsh)`},
		{"completion extra argument", []string{"completion", "bash", "extra"}, `unknown command "extra" for "flowmap completion bash"`},
		{"help on an unknown command", []string{"help", "map", "bogus"}, `unknown command "bogus" for "flowmap map"`},
		{"unknown flag with hint", []string{"map", "stats", "--jsn", example}, `unknown flag: --jsn (did you mean "--json"?)`},
		{"long flag with one dash", []string{"analyze", "-json", "x.csv"}, `unknown shorthand flag: 'j' in -json (did you mean "--json"?)`},
		{"unknown flag, no hint", []string{"map", "stats", "--frobnicate", example}, "unknown flag: --frobnicate\nRun 'flowmap map stats --help' for usage."},
		{"unknown shorthand", []string{"map", "stats", "-z", example}, "unknown shorthand flag: 'z' in -z\nRun"},
		{"flag needs a value", []string{"analyze", "x.csv", "--top"}, "flag needs an argument: --top"},
		{"flag value does not parse", []string{"analyze", "x.csv", "--top", "many"}, `invalid argument "many" for "--top" flag`},
		{"extra argument", []string{"version", "extra"}, `version takes no arguments, got ["extra"]`},
		{"missing argument", []string{"map", "render"}, "map render needs one map file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want 2\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			if !strings.HasPrefix(stderr, "flowmap: ") || strings.HasPrefix(stderr, "flowmap: flowmap") {
				t.Errorf("stderr should start with one \"flowmap: \":\n%s", stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("usage errors print no help on stdout, got:\n%s", stdout)
			}
		})
	}
}

// TestUsageErrorsBySource: errors are usage errors because of where cobra
// detects them, not because of their wording.
func TestUsageErrorsBySource(t *testing.T) {
	execWith := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		s := Streams{In: strings.NewReader(""), Out: &out, Err: &errb}
		root := newRootCmd(s)
		// Added after newRootCmd: execute classifies them too.
		fail := &cobra.Command{Use: "fail", RunE: func(*cobra.Command, []string) error {
			return errors.New("unknown command in the pipeline configuration")
		}}
		req := &cobra.Command{Use: "req", Args: cobra.ExactArgs(1), RunE: func(*cobra.Command, []string) error { return nil }}
		req.Flags().String("name", "", "")
		req.Flags().Bool("a", false, "")
		req.Flags().Bool("b", false, "")
		req.MarkFlagRequired("name")
		req.MarkFlagsMutuallyExclusive("a", "b")
		group := &cobra.Command{Use: "group"}
		group.AddCommand(&cobra.Command{Use: "leaf", Run: func(*cobra.Command, []string) {}})
		root.AddCommand(fail, req, group)
		code := execute(root, args, s, nil, func() { t.Error("cleanup without an interrupt") })
		return code, errb.String()
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fail"}, exitFailure, "flowmap: unknown command in the pipeline configuration"},
		{[]string{"req", "x"}, exitUsage, `required flag(s) "name" not set`},
		{[]string{"req", "x", "--name", "n", "--a", "--b"}, exitUsage, "[a b] were all set"},
		{[]string{"req", "--name", "n"}, exitUsage, "accepts 1 arg(s), received 0\nRun 'flowmap req --help' for usage."},
		{[]string{"req", "x", "--name", "n"}, exitOK, ""},
		{[]string{"group", "leef"}, exitUsage, `unknown command "leef" for "flowmap group" (did you mean "leaf"?)`},
		{[]string{"group", "leaf"}, exitOK, ""},
	}
	for _, tt := range tests {
		code, stderr := execWith(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d with %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
	if got := exitCode(errors.New("unknown flag: --x")); got != exitFailure {
		t.Errorf("a plain error worded like cobra's: exit %d, want 1", got)
	}
}

// TestGroupHelp: commands that only group subcommands still print their help
// alone, without a usage line of their own.
func TestGroupHelp(t *testing.T) {
	for _, args := range [][]string{{}, {"map"}, {"completion"}, {"map", "--help"}} {
		code, stdout, stderr := run(t, args...)
		if code != 0 || !strings.Contains(stdout, "Available Commands:") || stderr != "" {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
		}
		if strings.Contains(stdout, "[flags]\n") {
			t.Errorf("%q: help shows a usage line for the group itself:\n%s", args, stdout)
		}
	}
}
