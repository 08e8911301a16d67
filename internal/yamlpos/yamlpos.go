// Package yamlpos reads the YAML files of flowmap (process maps and
// scenarios) with positions: it parses a file into nodes that know their
// line and column, refuses what these files never need and hostile input
// relies on (huge files, anchors and aliases, merge keys, several
// documents), and decodes values through a Decoder that collects every
// problem as file:line:col with "did you mean" hints for unknown keys. It
// also writes scalars back (Scalar), quoting what YAML would read as
// another type.
//
// It is the only package of flowmap that imports the YAML library; mapping
// and simulate build their file formats on it. Its types appear in no
// exported type of theirs, only as parameters of mapping's DecodeYAML*
// functions, which (the package being internal) only flowmap's own packages
// can call.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/flowmap/flowmap/internal/diag"
)

// MaxFileSize bounds the size of a file. Workshop maps and scenarios are a
// few kilobytes; the bound keeps hostile input from using unbounded memory.
const MaxFileSize = 4 << 20

// Node is a parsed YAML value with its position. The zero Node is no value
// (a missing one); problems reported at it have no position.
type Node struct {
	n ast.Node
}

// Parse parses YAML source into its root node, refusing what a map file
// never needs and hostile input relies on: files over MaxFileSize, values
// nested deeper than MaxDepth, anchors and aliases (alias bombs), merge
// keys, tags, several documents. A leading byte order mark, CRLF line
// breaks and a %YAML directive are accepted. Problems come back as a
// diag.ErrorList.
func Parse(file string, src []byte) (Node, error) {
	if len(src) > MaxFileSize {
		return Node{}, diag.ErrorList{{File: file, Msg: fmt.Sprintf("file is larger than %d MiB; a process map is a few kilobytes", MaxFileSize>>20)}}
	}
	src = normalize(src)
	if len(strings.TrimSpace(string(src))) == 0 {
		return Node{}, diag.ErrorList{{File: file, Pos: diag.Pos{Line: 1, Col: 1}, Msg: "empty file; expected a process map with process, owners and steps"}}
	}
	if line, col, ok := depthScan(src, MaxDepth); !ok {
		return Node{}, diag.ErrorList{{File: file, Pos: diag.Pos{Line: line, Col: col},
			Msg: fmt.Sprintf("values nest deeper than %d levels; a process map needs about 6", MaxDepth)}}
	}
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return Node{}, diag.ErrorList{syntaxError(file, src, err)}
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return Node{}, diag.ErrorList{{File: file, Pos: diag.Pos{Line: 1, Col: 1}, Msg: "empty document; expected a process map with process, owners and steps"}}
	}
	if len(docs) > 1 {
		return Node{}, diag.ErrorList{{File: file, Pos: nodePos(docs[1].Body), Msg: "more than one YAML document; a map file holds one"}}
	}
	// Report the first of each kind only: an alias bomb has thousands.
	var bad diag.ErrorList
	seen := map[string]bool{}
	ast.Walk(visitor(func(n ast.Node) {
		var kind string
		switch v := n.(type) {
		case *ast.TagNode:
			if !seen["tags"] {
				seen["tags"] = true
				bad = append(bad, &diag.Error{File: file, Pos: nodePos(n),
					Msg: fmt.Sprintf("YAML tag %s is not supported: flowmap files hold plain text, numbers and lists; remove the tag", v.Start.Value)})
			}
			return
		case *ast.AnchorNode:
			kind = "anchors (&)"
		case *ast.AliasNode:
			kind = "aliases (*)"
		case *ast.MergeKeyNode:
			kind = "merge keys (<<)"
		default:
			return
		}
		if !seen[kind] {
			seen[kind] = true
			bad = append(bad, &diag.Error{File: file, Pos: nodePos(n), Msg: "YAML " + kind + " are not supported in map files; write the value out"})
		}
	}), docs[0].Body)
	if len(bad) > 0 {
		return Node{}, bad
	}
	return Node{docs[0].Body}, nil
}

type visitor func(ast.Node)

func (v visitor) Visit(n ast.Node) ast.Visitor {
	v(n)
	return v
}

// syntaxError turns a parser error into a positioned problem. A line
// indented with a tab gets a plain explanation; control characters in the
// parser's message are escaped so a terminal shows them.
func syntaxError(file string, src []byte, err error) *diag.Error {
	var se *yaml.SyntaxError
	if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
		pos := diag.Pos{Line: se.Token.Position.Line, Col: se.Token.Position.Column}
		if tabIndented(src, pos.Line) {
			return &diag.Error{File: file, Pos: diag.Pos{Line: pos.Line, Col: 1}, Msg: fmt.Sprintf("line %d starts with a tab; indent with spaces", pos.Line)}
		}
		return &diag.Error{File: file, Pos: pos, Msg: "YAML syntax: " + escapeControls(se.Message)}
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i > 0 {
		msg = msg[:i]
	}
	return &diag.Error{File: file, Msg: "YAML syntax: " + escapeControls(msg)}
}

// tabIndented reports whether the indentation of the 1-based line holds a tab.
func tabIndented(src []byte, line int) bool {
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return false
		}
		src = src[j+1:]
	}
	for _, c := range src {
		switch c {
		case ' ':
			continue
		case '\t':
			return true
		}
		return false
	}
	return false
}

func escapeControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.NewReplacer("\t", `\t`, "\r", `\r`).Replace(s))
}

// Pos is where the node was written: for a block mapping its first key.
func (n Node) Pos() diag.Pos { return nodePos(n.n) }

func nodePos(n ast.Node) diag.Pos {
	switch v := n.(type) {
	case nil:
		return diag.Pos{}
	case *ast.MappingNode:
		if len(v.Values) > 0 && !v.IsFlowStyle {
			return nodePos(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return nodePos(v.Key)
	}
	t := n.GetToken()
	if t == nil || t.Position == nil {
		return diag.Pos{}
	}
	return diag.Pos{Line: t.Position.Line, Col: t.Position.Column}
}

// IsMapping reports whether the node is a mapping (key: value, or {...}).
func (n Node) IsMapping() bool {
	switch unwrapTag(n.n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return true
	}
	return false
}

// IsSequence reports whether the node is a list.
func (n Node) IsSequence() bool {
	_, ok := unwrapTag(n.n).(*ast.SequenceNode)
	return ok
}

// IsNull reports whether the node is an explicit null (null, ~ or nothing).
func (n Node) IsNull() bool {
	_, ok := unwrapTag(n.n).(*ast.NullNode)
	return ok
}

// IsNumber reports whether the node is a plain integer or float.
func (n Node) IsNumber() bool {
	switch unwrapTag(n.n).(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		return true
	}
	return false
}

// PlainString returns the value of a string scalar as written (no tag),
// and false for any other node.
func (n Node) PlainString() (string, bool) {
	if s, ok := n.n.(*ast.StringNode); ok {
		return s.Value, true
	}
	return "", false
}

// Source is the node as text: a string's value, else the node's YAML
// source trimmed ("" for no node).
func (n Node) Source() string {
	switch v := n.n.(type) {
	case *ast.StringNode:
		return v.Value
	case nil:
		return ""
	}
	return strings.TrimSpace(n.n.String())
}

// Text is the text of a scalar as written, without quotes ("" for none).
func (n Node) Text() string { return scalarText(n.n) }

// Field is one key: value of a YAML mapping.
type Field struct {
	Key     string
	KeyNode Node
	Value   Node
}

// Ordered returns the fields in file order.
func Ordered(fields map[string]Field) []Field {
	out := make([]Field, 0, len(fields))
	for _, f := range fields {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].KeyNode.Pos(), out[j].KeyNode.Pos()
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return out
}

// Untagged returns the value under any tags (!!str x): messages point at it.
func (n Node) Untagged() Node { return Node{unwrapTag(n.n)} }

func unwrapTag(n ast.Node) ast.Node {
	for {
		t, ok := n.(*ast.TagNode)
		if !ok {
			return n
		}
		n = t.Value
	}
}

func scalarText(n ast.Node) string {
	n = unwrapTag(n)
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		return v.Value.Value
	case nil:
		return ""
	}
	if t := n.GetToken(); t != nil {
		return t.Value
	}
	return n.String()
}
