package bpmn

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespaces, bound by URI: tools pick their own prefixes (ARIS semantic:,
// bpmn.io bpmn:, Signavio the default namespace).
const (
	nsModel   = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	nsDI      = "http://www.omg.org/spec/BPMN/20100524/DI"
	nsDC      = "http://www.omg.org/spec/DD/20100524/DC"
	nsDDI     = "http://www.omg.org/spec/DD/20100524/DI"
	nsFlowmap = "urn:flowmap:bpmn:1"
)

// maxDepth bounds element nesting, so hostile input cannot recurse deeply.
const maxDepth = 200

// node is one XML element with its namespace resolved.
type node struct {
	name     xml.Name // Space holds the namespace URI
	attrs    []xml.Attr
	children []*node
	text     string // character data directly inside, trimmed
	raw      string // the same, as written
	line     int
	col      int
}

// attr returns an attribute without namespace (or in the element's own
// namespace), "" when absent.
func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == n.name.Space) {
			return a.Value
		}
	}
	return ""
}

// is reports whether n is the element local in namespace space.
func (n *node) is(space, local string) bool {
	return n.name.Space == space && n.name.Local == local
}

// kids returns the children in namespace space named local ("" = any name).
func (n *node) kids(space, local string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name.Space == space && (local == "" || c.name.Local == local) {
			out = append(out, c)
		}
	}
	return out
}

// kid returns the first child in namespace space named local, or nil.
func (n *node) kid(space, local string) *node {
	for _, c := range n.children {
		if c.is(space, local) {
			return c
		}
	}
	return nil
}

// parseXML reads a whole document into a tree.
func parseXML(file string, src []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.CharsetReader = charsetReader
	var root *node
	var stack []*node
	var text []*strings.Builder
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if err != nil {
			if root != nil && len(stack) == 0 && errors.Is(err, io.EOF) {
				return root, nil
			}
			if errors.Is(err, io.EOF) {
				err = fmt.Errorf("unexpected end of file")
			}
			return nil, fmt.Errorf("%s:%d:%d: not well-formed XML: %v", file, line, col, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("%s:%d:%d: elements nested deeper than %d", file, line, col, maxDepth)
			}
			n := &node{name: t.Name, attrs: t.Attr, line: line, col: col}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("%s:%d:%d: a second root element", file, line, col)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
			text = append(text, &strings.Builder{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.raw = text[len(text)-1].String()
			n.text = strings.TrimSpace(n.raw)
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		case xml.CharData:
			if len(text) > 0 {
				text[len(text)-1].Write(t)
			}
		}
	}
}

// nameOf returns an element's name with line breaks (which modelling tools
// put in long names) read as spaces.
func nameOf(n *node) string {
	s := n.attr("name")
	if strings.ContainsAny(s, "\r\n\t") {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// charsetReader reads the single-byte encodings BPMN tools declare besides
// UTF-8 (ISO-8859-1; windows-1252 read as ISO-8859-1).
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c)
		}
		return strings.NewReader(string(rs)), nil
	}
	return nil, fmt.Errorf("encoding %q: flowmap reads UTF-8 and ISO-8859-1", charset)
}
