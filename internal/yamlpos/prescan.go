package yamlpos

import (
	"bytes"
)

// MaxDepth bounds how deeply values may nest: flow collections ([...],
// {...}) and block levels (indented mappings and lists) together. A process
// map needs about six levels, a scenario with variants about eight. The YAML
// library's parser needs memory quadratic in the depth of flow nesting (a
// 40 KB file of [[[...]]] costs a gigabyte), so Parse measures the depth
// with a cheap scan before parsing.
const MaxDepth = 20

// normalize prepares source for the parser without moving any position the
// user sees: it drops a leading UTF-8 byte order mark (the column of the
// first line then counts from after it, as editors show it), turns CRLF
// and lone CR line breaks into LF (the parser miscounts lines after
// multi-line quoted scalars otherwise; columns are unchanged), and turns
// directive lines before the document (%YAML 1.2) into comments.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	// Directives: lines starting with % before the first content line.
	out := src
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		trimmed := bytes.TrimSpace(line)
		switch {
		case len(trimmed) == 0 || trimmed[0] == '#':
		case line[0] == '%':
			if &out[0] == &src[0] {
				out = bytes.Clone(src)
			}
			out[off] = '#'
		default:
			return out
		}
		off += end + 1
	}
	return out
}

// depthScan reports the first position (1-based line and column) where
// values nest deeper than limit, or ok. It follows YAML's structure closely
// enough to ignore brackets in quoted strings, comments and block scalars,
// and counts a block level per indented mapping key or list dash.
func depthScan(src []byte, limit int) (line, col int, ok bool) {
	s := depthScanner{limit: limit, blockParent: -1}
	lineNo := 0
	for off := 0; off <= len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		text := src[off : off+end]
		off += end + 1
		lineNo++
		if col := s.scanLine(text); col > 0 {
			return lineNo, col, false
		}
	}
	return 0, 0, true
}

// depthScanner is depthScan's state: what is open across lines, and the
// line being scanned.
type depthScanner struct {
	limit       int
	flow        int   // open [ and {
	quote       byte  // open quoted scalar: ' or ", else 0
	blockParent int   // indentation of the line that opened a block scalar (| or >), else -1
	levels      []int // columns of the open block levels

	text      []byte // the line
	indent    int    // its leading spaces
	cols      []int  // block levels this line opens
	nodeStart bool   // at a place where a value may start
	nodeCol   int    // where the current block node started
}

// scanLine scans one line (without its line break) and returns the 1-based
// column where values nest too deep, or 0.
func (s *depthScanner) scanLine(text []byte) (tooDeep int) {
	indent := 0
	for indent < len(text) && text[indent] == ' ' {
		indent++
	}
	if s.blockParent >= 0 {
		if indent == len(text) || indent > s.blockParent {
			return 0 // block scalar content or blank line
		}
		s.blockParent = -1
	}
	i := 0
	block := s.flow == 0 && s.quote == 0
	if block {
		if indent == len(text) || text[indent] == '#' || text[indent] == '\t' {
			return 0
		}
		i = indent
		for len(s.levels) > 0 && s.levels[len(s.levels)-1] >= indent {
			s.levels = s.levels[:len(s.levels)-1]
		}
	}
	s.text, s.indent, s.cols = text, indent, s.cols[:0]
	s.nodeStart, s.nodeCol = block, indent
	if col := s.scanTokens(i); col > 0 {
		return col
	}
	if !block || len(s.cols) == 0 {
		return 0
	}
	return s.openBlockLevels()
}

// scanTokens scans the line from i to its end or its comment and returns
// the 1-based column of a flow collection that nests too deep, or 0.
func (s *depthScanner) scanTokens(i int) (tooDeep int) {
	text := s.text
	for i < len(text) {
		c := text[i]
		if s.quote != 0 {
			i = s.skipQuoted(i)
			continue
		}
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
			break
		}
		if s.nodeStart {
			next, deep := s.valueStart(i)
			if deep {
				return i + 1
			}
			if next != i {
				i = next
				continue
			}
			s.nodeStart = false
		}
		switch c {
		case ',', '[', '{', ']', '}', ':':
			if s.punctuation(i) {
				return i + 1
			}
		}
		i++
	}
	return 0
}

// skipQuoted steps over the byte at i inside a quoted scalar (an escape
// or a doubled single quote with the byte after it) and notes the closing
// quote. It returns where scanning continues.
func (s *depthScanner) skipQuoted(i int) int {
	text, c := s.text, s.text[i]
	switch {
	case s.quote == '"' && c == '\\':
		i++
	case c == s.quote && s.quote == '\'' && i+1 < len(text) && text[i+1] == '\'':
		i++
	case c == s.quote:
		s.quote = 0
		s.nodeStart = false
	}
	return i + 1
}

// valueStart looks at the byte at i where a value may start: a quote, a
// flow collection, a block list dash or complex key, a block scalar, or a
// tag, anchor or alias before the value. It returns where scanning
// continues, or i itself when the value is a plain scalar, and deep when
// a flow collection it opens nests too deep.
func (s *depthScanner) valueStart(i int) (next int, deep bool) {
	text, c := s.text, s.text[i]
	if c != '-' && c != '?' {
		s.nodeCol = i
	}
	switch {
	case c == '\'' || c == '"':
		s.quote = c
		return i + 1, false
	case c == '[' || c == '{':
		return i + 1, !s.openFlow()
	case s.flow == 0 && (c == '-' || c == '?') && (i+1 == len(text) || text[i+1] == ' '):
		s.cols = append(s.cols, i)
		return i + 1, false
	case s.flow == 0 && (c == '|' || c == '>'):
		s.blockParent = s.indent
		return len(text), false
	case c == '!' || c == '&' || c == '*':
		for i < len(text) && text[i] != ' ' && text[i] != '\t' {
			i++
		}
		return i, false
	}
	return i, false
}

// punctuation follows the flow indicators and mapping colons at i, inside
// or after a value, and reports whether a flow collection opened there
// nests too deep.
func (s *depthScanner) punctuation(i int) (deep bool) {
	text, c := s.text, s.text[i]
	switch {
	case s.flow > 0 && (c == ',' || c == '[' || c == '{'):
		s.nodeStart = true
		if c != ',' {
			return !s.openFlow()
		}
	case s.flow > 0 && (c == ']' || c == '}'):
		s.flow--
	case c == ':' && (s.flow > 0 || i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'):
		if s.flow == 0 {
			s.cols = append(s.cols, s.nodeCol)
		}
		s.nodeStart = true
	}
	return false
}

// openFlow counts a [ or { and reports whether the depth is still within
// the limit.
func (s *depthScanner) openFlow() bool {
	s.flow++
	return s.flow+len(s.levels)+len(s.cols) <= s.limit
}

// openBlockLevels opens the block levels of a block line's keys and
// dashes that lie right of the open ones, and returns the line's 1-based
// indentation column when the depth then exceeds the limit, or 0.
func (s *depthScanner) openBlockLevels() (tooDeep int) {
	for _, c := range s.cols {
		if len(s.levels) == 0 || c > s.levels[len(s.levels)-1] {
			s.levels = append(s.levels, c)
		}
	}
	if len(s.levels)+s.flow > s.limit {
		return s.indent + 1
	}
	return 0
}
