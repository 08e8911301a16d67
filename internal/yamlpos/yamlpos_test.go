package yamlpos

import (
	"strings"
	"testing"
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
