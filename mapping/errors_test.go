package mapping

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .err files in testdata/invalid")

// TestInvalidMaps checks every broken map in testdata/invalid against the
// exact messages (file:line:col: message) in its .err golden file.
func TestInvalidMaps(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("expected at least 10 invalid maps, found %d (%v)", len(files), err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := ReadFile(file)
			if err == nil {
				t.Fatalf("ReadFile(%s) succeeded, want errors", file)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not match ErrInvalid: %T %v", err, err)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run go test ./mapping -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("messages differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), file+":") {
					t.Errorf("message does not start with the file name: %q", e)
				}
			}
		})
	}
}

func TestErrorPositions(t *testing.T) {
	// Each case marks the expected error position with a ⟦ rune that is
	// removed before parsing (as encoding/csv's tests do).
	tests := []struct {
		name, src, msg string
	}{
		{"unknown owner", "process: P\nowners: [{id: o, name: O}]\nsteps:\n  - id: a\n    owner: ⟦x\n", `step a: unknown owner "x"`},
		{"unknown next", "process: P\nowners: [{id: o}]\nsteps:\n  - id: a\n    owner: o\n    next: [⟦zz]\n", `step a: next step "zz" does not exist`},
		{"no unit", "process: P\nowners: [{id: o}]\nsteps:\n  - id: a\n    owner: o\n    duration: ⟦15\n", "step a duration: duration 15 has no unit; write e.g. 15m or 15h"},
		{"typo key", "process: P\nowners: [{id: o}]\nsteps:\n  - id: a\n    ⟦ownr: o\n", `unknown key "ownr" in step (did you mean "owner"?)`},
		{"missing owner", "process: P\nowners: [{id: o}]\nsteps:\n  - ⟦id: a\n", "step a: missing owner (who does this step?)"},
		{"external not a bool", "process: P\nowners: [{id: o, external: ⟦3}]\nsteps:\n  - id: a\n    owner: o\n", `owner o external: expected true or false, found "3"`},
		{"bad p", "process: P\nowners: [{id: o}]\nsteps:\n  - id: a\n    owner: o\n    next:\n      - {to: b, p: ⟦x}\n  - id: b\n    owner: o\n", "step a next p: expected a number, found \"x\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, col := markerPos(tt.src)
			src := strings.Replace(tt.src, "⟦", "", 1)
			_, err := Parse("t.yaml", []byte(src))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want an ErrorList", err)
			}
			for _, e := range list {
				if e.Msg == tt.msg {
					if e.Pos.Line != line || e.Pos.Col != col {
						t.Errorf("%q at %d:%d, want %d:%d", e.Msg, e.Pos.Line, e.Pos.Col, line, col)
					}
					return
				}
			}
			t.Errorf("message %q not found in:\n%v", tt.msg, err)
		})
	}
}

func markerPos(src string) (line, col int) {
	before, _, _ := strings.Cut(src, "⟦")
	line = strings.Count(before, "\n") + 1
	col = len([]rune(before[strings.LastIndexByte(before, '\n')+1:])) + 1
	return line, col
}

func TestHostileInput(t *testing.T) {
	big := strings.Repeat("# padding\n", MaxFileSize/10+1)
	if _, err := Parse("big.yaml", []byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge file: got %v", err)
	}
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	if _, err := Parse("deep.yaml", []byte(deep)); err == nil {
		t.Error("deeply nested input: no error")
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ word, want string }{
		{"capacty", ` (did you mean "capacity"?)`},
		{"nxt", ` (did you mean "next"?)`},
		{"zzzzzz", ""},
		{"xy", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, stepKeys); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
