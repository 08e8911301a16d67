package bpmn

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// xmlWriter writes indented XML. Attributes are given as name, value pairs;
// a pair with an empty value is left out.
type xmlWriter struct {
	buf   bytes.Buffer
	depth int
}

func (w *xmlWriter) start(name string, attrs []string, selfClose bool) {
	w.buf.WriteString(strings.Repeat("  ", w.depth))
	w.buf.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.buf.WriteString(" " + attrs[i] + `="`)
		xml.EscapeText(&w.buf, []byte(attrs[i+1])) //nolint:errcheck // a bytes.Buffer does not fail
		w.buf.WriteString(`"`)
	}
	if selfClose {
		w.buf.WriteString("/>\n")
		return
	}
	w.buf.WriteString(">\n")
	w.depth++
}

// open writes a start tag; close it with end.
func (w *xmlWriter) open(name string, attrs ...string) { w.start(name, attrs, false) }

// empty writes an element without content.
func (w *xmlWriter) empty(name string, attrs ...string) { w.start(name, attrs, true) }

func (w *xmlWriter) end(name string) {
	w.depth--
	w.buf.WriteString(strings.Repeat("  ", w.depth) + "</" + name + ">\n")
}

// leaf writes an element holding text.
func (w *xmlWriter) leaf(name, text string, attrs ...string) {
	w.start(name, attrs, false)
	w.depth--
	b := w.buf.Bytes()
	w.buf.Truncate(len(b) - 1)           // the newline after the start tag
	xml.EscapeText(&w.buf, []byte(text)) //nolint:errcheck // a bytes.Buffer does not fail
	w.buf.WriteString("</" + name + ">\n")
}
