package yamlpos

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Scalar writes s as a YAML scalar that reads back as the string s: plain
// when that is safe, else double-quoted. flow says the scalar sits inside
// {...} or [...], where commas and brackets end a plain scalar.
//
// It quotes more than YAML strictly needs, so that every YAML reader —
// 1.1 ones included — reads the same text: words that are null or a
// boolean in some YAML version (null, ~, true, yes, on, y...), anything
// that starts like a number or a date (1e3, 0x1F, .5, 2026-01-05), text with
// ':' or '#', leading or trailing spaces, indicators at the start (- ? & *
// ! | > ' " % @ `), and control or invisible characters.
func Scalar(s string, flow bool) string {
	if plainSafe(s, flow) {
		return s
	}
	return Quote(s)
}

// Quote writes s as a double-quoted YAML scalar. Go's escapes (\n, \t,
// \x07, \u00a0...) are YAML escapes too.
func Quote(s string) string { return strconv.Quote(s) }

func plainSafe(s string, flow bool) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", first) {
		return false
	}
	// Numbers, dates and times in any YAML version start like this.
	if first == '+' || first == '.' || first >= '0' && first <= '9' {
		return false
	}
	for _, r := range s {
		if r == ':' || r == '#' || !strconv.IsPrint(r) || r == '\uFEFF' {
			return false
		}
		if flow && strings.ContainsRune(",[]{}", r) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
		".inf", "-.inf", "+.inf", ".nan", "inf", "nan", "infinity", "-infinity", "<<", "=":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	return readsBack(s, flow)
}

// readsBack checks with the parser that the plain scalar is a string with
// the same text, in the context it will be written in.
func readsBack(s string, flow bool) bool {
	src := "k: " + s + "\n"
	if flow {
		src = "k: {v: " + s + "}\n"
	}
	f, err := parser.ParseBytes([]byte(src), 0)
	if err != nil || len(f.Docs) != 1 {
		return false
	}
	v, ok := onlyValue(f.Docs[0].Body)
	if flow && ok {
		if v, ok = onlyValue(v); !ok {
			return false
		}
	}
	sn, ok := v.(*ast.StringNode)
	return ok && sn.Value == s
}

// onlyValue is the value of a mapping with one key.
func onlyValue(n ast.Node) (ast.Node, bool) {
	switch m := n.(type) {
	case *ast.MappingValueNode:
		return m.Value, true
	case *ast.MappingNode:
		if len(m.Values) == 1 {
			return m.Values[0].Value, true
		}
	}
	return nil, false
}
