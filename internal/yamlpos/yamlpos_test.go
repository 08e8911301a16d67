package yamlpos

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/diag"
)

// TestScalarReadsBack: every awkward text written by Scalar, plain or
// quoted, in block and flow context, reads back as the same string.
func TestScalarReadsBack(t *testing.T) {
	texts := []string{
		"null", "NULL", "Null", "~", "true", "False", "yes", "Yes", "no", "on", "OFF", "y", "n",
		"1e3", "12", "-1", "+1", "0x1F", "0o17", "1_000", ".5", ".inf", "-.inf", ".NaN", "inf", "NaN",
		"2026-01-05", "2026-01-05T10:00:00Z", "12:30", "1:2:3",
		"a: b", "a:b", "#x", "a #b", "a#b", " leading", "trailing ", " ", "", "\t",
		"- item", "-", "? q", "[x]", "{x}", "a, b", "&anchor", "*alias", "!tag", "|", ">", "'q'", "\"q\"", "%x", "@x", "`x`",
		"<<", "=", "line\nbreak", "tab\there", "bell\a", "nbsp\u00a0x", "\uFEFFbom",
		"Müller prüft", "日本語", "emoji 😀", "Order placed", "High-value order?", "up to $500",
		"Unassigned (set the real teams)", "it's", `say "hi"`, `back\slash`,
	}
	for _, s := range texts {
		for _, flow := range []bool{false, true} {
			out := Scalar(s, flow)
			src := "k: " + out + "\n"
			if flow {
				src = "k: {v: " + out + "}\n"
			}
			root, err := Parse("t.yaml", []byte(src))
			if err != nil {
				t.Errorf("Scalar(%q, flow=%v) = %s: %v", s, flow, out, err)
				continue
			}
			var d Decoder
			fields, _ := d.Fields(root, "t", nil)
			v := fields["k"].Value
			if flow {
				inner, _ := d.Fields(v, "t", nil)
				v = inner["v"].Value
			}
			got, ok := v.PlainString()
			if !ok || got != s {
				t.Errorf("Scalar(%q, flow=%v) = %s reads back as %q (string: %v)", s, flow, out, got, ok)
			}
		}
	}
	for _, plain := range []string{"Order placed", "Pick and pack", "Müller prüft", "High-value order?", "up to $500"} {
		if got := Scalar(plain, true); got != plain {
			t.Errorf("Scalar(%q) = %s, want it plain", plain, got)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a: &x 1\nb: *x\n", "anchors (&) are not supported"},
		{"a: {<<: {b: 1}}\n", "merge keys (<<) are not supported"},
		{"a: 1\n---\nb: 2\n", "more than one YAML document"},
		{"  \n", "empty file"},
		{strings.Repeat("#\n", MaxFileSize/2+1), "larger than"},
		{"a: !!binary aGVsbG8=\n", "t.yaml:1:4: YAML tag !!binary is not supported"},
		{"a: !!python/object:os.system x\n", "YAML tag !!python/object:os.system is not supported"},
		{"a:\n  b: !foo x\n", "t.yaml:2:6: YAML tag !foo is not supported"},
		{"a: !!str x\n", "YAML tag !!str is not supported"},
		{"a:\n  b: 1\n\t  c: 2\n", "t.yaml:3:1: line 3 starts with a tab; indent with spaces"},
		{"a:\n  - x\n \t- y\n", "t.yaml:3:1: line 3 starts with a tab; indent with spaces"},
		{"a: " + strings.Repeat("[", 21) + strings.Repeat("]", 21), "t.yaml:1:23: values nest deeper than 20 levels"},
		{"a: " + strings.Repeat("{b: ", 25), "values nest deeper than 20 levels"},
		{"a: [x, {b: [\"]]]]\", c, [[[[[[[[[[[[[[[[[[[[[\n", "t.yaml:1:40: values nest deeper"},
		{deepBlock(25, "- "), "values nest deeper than 20 levels"},
		{deepBlock(25, "k:"), "t.yaml:21:41: values nest deeper than 20 levels"},
	}
	for _, tt := range tests {
		if _, err := Parse("t.yaml", []byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%.20q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestFieldsHints(t *testing.T) {
	root, err := Parse("t.yaml", []byte("nmae: x\nid: a\nid: b\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := Decoder{File: "t.yaml"}
	d.Fields(root, "owner", []string{"id", "name"})
	want := "t.yaml:1:1: unknown key \"nmae\" in owner (did you mean \"name\"?)\nt.yaml:3:1: duplicate key \"id\" in owner (first at line 2)"
	if got := d.Errs.Err().Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestFieldsQuotesLittle: a file of prose read where a mapping belongs is
// quoted in part, not whole.
func TestFieldsQuotesLittle(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"short text\n", `map: expected a mapping (key: value), found "short text"`},
		{strings.Repeat("word ", 40) + "\n", `map: expected a mapping (key: value), found text of 199 characters, "` +
			strings.Repeat("word ", 12) + `"…`},
	} {
		root, err := Parse("t.yaml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		d := Decoder{File: "t.yaml"}
		d.Fields(root, "map", nil)
		if got := d.Errs.Err().Error(); !strings.HasPrefix(got, "t.yaml:1:") || !strings.HasSuffix(got, ": "+tc.want) {
			t.Errorf("got\n%s\nwant\n%s", got, tc.want)
		}
	}
}

// deepBlock nests block lists ("- ") or mappings ("k:") n levels deep.
func deepBlock(n int, item string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", 2*i) + item + "\n")
	}
	return b.String() + strings.Repeat(" ", 2*n) + "x\n"
}

// TestParseDepthCheap: a 200 KB file of nested brackets, which costs the
// YAML parser gigabytes, is refused quickly in little memory.
func TestParseDepthCheap(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000),
		"a: " + strings.Repeat("{a: ", 50_000),
		"a:\n" + strings.Repeat("  - [", 40_000),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err := Parse("t.yaml", []byte(src))
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "nest deeper than") {
			t.Errorf("Parse(%.20q...) = %v, want the depth limit", src, err)
		}
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 8 || took > time.Second {
			t.Errorf("Parse(%.20q...) took %v and %d MiB", src, took, mb)
		}
	}
}

// TestParseAccepts: what editors and other tools write is read, with the
// positions the user sees.
func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name, src, key, value string
		line, col             int
	}{
		{"byte order mark", "\uFEFFprocess: x\n", "process", "x", 1, 10},
		{"CRLF after a multi-line quoted scalar", "a: \"one\r\n  two\"\r\nb: [x,\r\n  y]\r\nc: z\r\n", "c", "z", 5, 4},
		{"lone CR", "a: 1\rc: z\r", "c", "z", 2, 4},
		{"YAML directive", "%YAML 1.2\n---\nc: z\n", "c", "z", 3, 4},
		{"YAML directive and comments", "# map\n%YAML 1.1\n\n---\nc: z\n", "c", "z", 5, 4},
		{"brackets in text", "a: see [1\nb: 'x [[[[[[[[[[[[[[[[[[[[[[['\nc: z # [[[[[[[[[[[[[[[[[[[[[[[\n", "c", "z", 3, 4},
		{"block scalar", "a: |\n" + strings.Repeat("  [[[[[[[[[[[[[[[[[[[[[[[[[\n", 3) + "c: z\n", "c", "z", 5, 4},
	}
	for _, tt := range tests {
		root, err := Parse("t.yaml", []byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		d := Decoder{File: "t.yaml"}
		fields, _ := d.Fields(root, "t", nil)
		f, ok := fields[tt.key]
		if !ok {
			t.Errorf("%s: no key %q in %v", tt.name, tt.key, fields)
			continue
		}
		if got, _ := f.Value.PlainString(); got != tt.value || f.Value.Pos() != (diag.Pos{Line: tt.line, Col: tt.col}) {
			t.Errorf("%s: %s = %q at %v, want %q at %d:%d", tt.name, tt.key, got, f.Value.Pos(), tt.value, tt.line, tt.col)
		}
	}
	// A multi-line quoted scalar in a CRLF file keeps its text.
	root, err := Parse("t.yaml", []byte("a: \"one\r\n  two\"\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	var d Decoder
	fields, _ := d.Fields(root, "t", nil)
	if got, _ := fields["a"].Value.PlainString(); got != "one two" {
		t.Errorf("multi-line quoted scalar in a CRLF file = %q", got)
	}
}

func TestFloat(t *testing.T) {
	for src, want := range map[string]float64{"1e-3": 0.001, "1.0e-3": 0.001, "2E3": 2000, "5%": 0.05, "0.5": 0.5, "1_000": 1000} {
		root, err := Parse("t.yaml", []byte("v: "+src+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		var d Decoder
		fields, _ := d.Fields(root, "t", nil)
		if got, ok := d.Float(fields["v"].Value, "v"); !ok || got != want {
			t.Errorf("Float(%s) = %v, %v; want %v", src, got, ok, want)
		}
	}
	for _, src := range []string{"NaN%", "inf%", ".nan", "-.inf", "x", "1e400", "Infinity", "nan"} {
		root, err := Parse("t.yaml", []byte("v: "+src+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		var d Decoder
		fields, _ := d.Fields(root, "t", nil)
		if got, ok := d.Float(fields["v"].Value, "v"); ok {
			t.Errorf("Float(%s) = %v, want an error", src, got)
		}
	}
}
