package yamlpos

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/flowmap/flowmap/internal/diag"
)

// Decoder turns nodes into values, collecting every problem at its
// position. A method that fails records why and returns ok = false, so a
// caller goes on and one run reports every problem of a file.
type Decoder struct {
	File string
	Errs diag.ErrorList
}

// Errorf records a problem at a node.
func (d *Decoder) Errorf(n Node, format string, args ...any) {
	d.Errs = append(d.Errs, &diag.Error{File: d.File, Pos: n.Pos(), Msg: fmt.Sprintf(format, args...)})
}

// Fields returns the key/value pairs of a mapping node, reporting unknown
// keys (with a "did you mean" hint) and duplicate keys. what names the
// mapping in messages ("step", "owner"); known nil accepts every key. ok is
// false when n is no mapping.
func (d *Decoder) Fields(n Node, what string, known []string) (fields map[string]Field, ok bool) {
	n = n.Untagged()
	var values []*ast.MappingValueNode
	switch m := n.n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		d.Errorf(n, "%s: expected a mapping (key: value), found %s", what, describe(n.n))
		return nil, false
	}
	fields = make(map[string]Field, len(values))
	for _, mv := range values {
		key := scalarText(mv.Key)
		if prev, dup := fields[key]; dup {
			p := prev.KeyNode.Pos()
			d.Errorf(Node{mv.Key}, "duplicate key %q in %s (first at line %d)", key, what, p.Line)
			continue
		}
		if known != nil && !slices.Contains(known, key) {
			d.Errorf(Node{mv.Key}, "unknown key %q in %s%s", key, what, diag.Suggest(key, known))
			continue
		}
		fields[key] = Field{Key: key, KeyNode: Node{mv.Key}, Value: Node{mv.Value}}
	}
	return fields, true
}

// Sequence returns the items of a list node (none for null).
func (d *Decoder) Sequence(n Node, what string) ([]Node, bool) {
	n = n.Untagged()
	switch s := n.n.(type) {
	case *ast.SequenceNode:
		out := make([]Node, len(s.Values))
		for i, v := range s.Values {
			out[i] = Node{v}
		}
		return out, true
	case *ast.NullNode:
		return nil, true
	}
	d.Errorf(n, "%s: expected a list, found %s", what, describe(n.n))
	return nil, false
}

// String returns a scalar's text.
func (d *Decoder) String(n Node, what string) (string, bool) {
	n = n.Untagged()
	switch n.n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode, *ast.InfinityNode, *ast.NanNode:
		return scalarText(n.n), true
	case *ast.NullNode:
		d.Errorf(n, "%s: missing value", what)
		return "", false
	}
	d.Errorf(n, "%s: expected text, found %s", what, describe(n.n))
	return "", false
}

// Bool returns a boolean scalar.
func (d *Decoder) Bool(n Node, what string) (bool, bool) {
	n = n.Untagged()
	if b, ok := n.n.(*ast.BoolNode); ok {
		return b.Value, true
	}
	d.Errorf(n, "%s: expected true or false, found %s", what, describe(n.n))
	return false, false
}

// Int returns a non-negative integer scalar.
func (d *Decoder) Int(n Node, what string) (int, bool) {
	n = n.Untagged()
	if _, ok := n.n.(*ast.IntegerNode); ok {
		v, err := strconv.Atoi(scalarText(n.n))
		if err == nil && v >= 0 {
			return v, true
		}
	}
	d.Errorf(n, "%s: expected a whole number >= 0, found %s", what, describe(n.n))
	return 0, false
}

// Float returns a finite number scalar; "5%" is 0.05. Exponents are read
// with or without a decimal point (1e-3 as 1.0e-3).
func (d *Decoder) Float(n Node, what string) (float64, bool) {
	n = n.Untagged()
	switch n.n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.StringNode:
		s := strings.TrimSpace(scalarText(n.n))
		div := 1.0
		if _, isString := n.n.(*ast.StringNode); isString {
			if strings.HasSuffix(s, "%") {
				s, div = strings.TrimSpace(strings.TrimSuffix(s, "%")), 100
			} else if !looksNumeric(s) {
				break
			}
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v / div, true
		}
	}
	d.Errorf(n, "%s: expected a number, found %s", what, describe(n.n))
	return 0, false
}

// looksNumeric reports whether a string scalar is a decimal number that
// YAML 1.1 reads as text (1e-3, written without a decimal point): digits,
// an optional point and an exponent, no words such as "inf" or "nan".
func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789+-.eE_", r) {
			return false
		}
	}
	return true
}

func describe(n ast.Node) string {
	switch unwrapTag(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode, nil:
		return "nothing"
	case *ast.BoolNode:
		return "true/false"
	}
	text := scalarText(n)
	if r := []rune(text); len(r) > maxQuoted {
		return fmt.Sprintf("text of %d characters, %s…", len(r), strconv.Quote(string(r[:maxQuoted])))
	}
	return strconv.Quote(text)
}

// maxQuoted is how much of a wrong value a message quotes: enough to
// recognise it, not a whole file read as one string.
const maxQuoted = 60

// IntIn returns a whole number from lo to hi. Out of range, or not a whole
// number, it reports "what: rule, found X" and the hint, so that every
// wrong value (0, 2.5, 4294967297, "many") gets the same message.
func (d *Decoder) IntIn(n Node, what, rule, hint string, lo, hi int) (int, bool) {
	n = n.Untagged()
	if _, ok := n.n.(*ast.IntegerNode); ok {
		v, err := strconv.Atoi(strings.ReplaceAll(scalarText(n.n), "_", ""))
		if err == nil && v >= lo && v <= hi {
			return v, true
		}
	}
	found := describe(n.n)
	if n.IsNumber() {
		found = scalarText(n.n)
	}
	d.Errorf(n, "%s: %s, found %s%s", what, rule, found, hint)
	return 0, false
}
