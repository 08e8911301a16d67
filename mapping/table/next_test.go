package table

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseNext(t *testing.T) {
	tests := []struct {
		in   string
		want []Branch
		end  bool
		err  string
	}{
		{in: "", want: nil},
		{in: "  ", want: nil},
		{in: "end", end: true},
		{in: " End ", end: true},
		{in: "4", want: []Branch{{Step: 4}}},
		{in: "#4", want: []Branch{{Step: 4}}},
		{in: "3 (85%), 8 (15%)", want: []Branch{{Step: 3, Share: 0.85, HasShare: true}, {Step: 8, Share: 0.15, HasShare: true}}},
		{in: "3(85%);8(15%)", want: []Branch{{Step: 3, Share: 0.85, HasShare: true}, {Step: 8, Share: 0.15, HasShare: true}}},
		{in: "3 (85%)\n8 (15%)", want: []Branch{{Step: 3, Share: 0.85, HasShare: true}, {Step: 8, Share: 0.15, HasShare: true}}},
		{in: "3 (0.85), 8 (.15)", want: []Branch{{Step: 3, Share: 0.85, HasShare: true}, {Step: 8, Share: 0.15, HasShare: true}}},
		{in: "3 (85,5 %), 8 (14.5%)", want: []Branch{{Step: 3, Share: 0.855, HasShare: true}, {Step: 8, Share: 0.145, HasShare: true}}},
		{in: "3 (85%, in stock), 8 (15%: out of stock)", want: []Branch{
			{Step: 3, Share: 0.85, HasShare: true, Label: "in stock"}, {Step: 8, Share: 0.15, HasShare: true, Label: "out of stock"}}},
		{in: "3 (approved), 8 (rejected (fraud))", want: []Branch{{Step: 3, Label: "approved"}, {Step: 8, Label: "rejected (fraud)"}}},
		{in: "5, 6", want: []Branch{{Step: 5}, {Step: 6}}},
		{in: "3 (85)", err: "step 3: share 85 needs a % sign (write 85%) or must be a fraction from 0 to 1"},
		{in: "3 (-5%)", err: "step 3: share -5% is negative"},
		{in: "3 (-0.5)", err: "step 3: share -0.5 is negative"},
		{in: "3 (120%)", err: "step 3: share 120% is more than 100%"},
		{in: "3 (1.5)", err: "step 3: share 1.5 must be from 0 to 1, or a percentage such as 85%"},
		{in: "3 85%", err: `"3 85%": put the share in parentheses: 3 (85%)`},
		{in: "three", err: `"three" is not a step number; write step numbers, e.g. 4, or branches with their shares: 3 (85%), 8 (15%)`},
		{in: "0", err: "step numbers start at 1, found 0"},
		{in: "12345678", err: "step number 12345678 is too large (at most 999999)"},
		{in: "3, 3", err: "step 3 is listed twice"},
		{in: "3,", err: `"3," has an empty branch; write step numbers, e.g. 4, or branches with their shares: 3 (85%), 8 (15%)`},
		{in: "3 (85%", err: `"3 (85%" has a ( without its )`},
		{in: "3 85%)", err: `"3 85%)" has a ) without its (`},
		{in: "3 (85%) x", err: `"3 (85%) x": nothing may follow the parentheses; write step numbers, e.g. 4, or branches with their shares: 3 (85%), 8 (15%)`},
		{in: "5 (90%), end (10%)", err: endIsNotABranch},
		{in: "end, 4", err: endIsNotABranch},
		{in: strings.Repeat("1", 1001), err: "1001 characters is too long for a Next cell (at most 1000)"},
	}
	for _, tt := range tests {
		got, end, err := ParseNext(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseNext(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || end != tt.end || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseNext(%q) = %+v, %v, %v; want %+v, %v", tt.in, got, end, err, tt.want, tt.end)
		}
	}
}

func TestFormatNext(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"end", "end"},
		{"3 (85%), 8 (15%, out of stock)", "3 (0.85), 8 (0.15, out of stock)"},
		{"4 (100%)", "4 (100%)"},
		{"4 (0%), 5 (approved)", "4 (0%), 5 (approved)"},
	}
	for _, tt := range tests {
		b, end, err := ParseNext(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatNext(b, end); got != tt.want {
			t.Errorf("FormatNext(ParseNext(%q)) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseNext: the parser of Next cells never panics; what it accepts
// has step numbers from 1, shares from 0 to 1, no step twice, and reads
// back the same from its canonical form. The corpus is in
// testdata/fuzz/FuzzParseNext.
func FuzzParseNext(f *testing.F) {
	for _, s := range []string{"", "end", "4", "3 (85%), 8 (15%)", "3 (0.85, in stock); 8 (.15)", "3 (a (b) c)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, end, err := ParseNext(s)
		if err != nil {
			if b != nil || end {
				t.Fatalf("ParseNext(%q) returned branches with an error", s)
			}
			return
		}
		seen := map[int]bool{}
		for _, x := range b {
			if x.Step < 1 || x.Step > maxStepNumber || seen[x.Step] {
				t.Fatalf("ParseNext(%q): bad step %d", s, x.Step)
			}
			seen[x.Step] = true
			if x.HasShare && !(x.Share >= 0 && x.Share <= 1) {
				t.Fatalf("ParseNext(%q): share %v", s, x.Share)
			}
		}
		text := FormatNext(b, end)
		b2, end2, err := ParseNext(text)
		if err != nil || end2 != end || !reflect.DeepEqual(b, b2) {
			t.Fatalf("ParseNext(%q) = %+v; its form %q reads back as %+v, %v", s, b, text, b2, err)
		}
	})
}
