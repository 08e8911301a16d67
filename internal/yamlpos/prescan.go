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
	var (
		flow        int   // open [ and {
		quote       byte  // open quoted scalar: ' or ", else 0
		blockParent = -1  // indentation of the line that opened a block scalar (| or >), else -1
		levels      []int // columns of the open block levels
	)
	lineNo := 0
	for off := 0; off <= len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		text := src[off : off+end]
		off += end + 1
		lineNo++
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		if blockParent >= 0 {
			if indent == len(text) || indent > blockParent {
				continue // block scalar content or blank line
			}
			blockParent = -1
		}
		i := 0
		block := flow == 0 && quote == 0
		var cols []int // block levels this line opens
		if block {
			if indent == len(text) || text[indent] == '#' || text[indent] == '\t' {
				continue
			}
			i = indent
			for len(levels) > 0 && levels[len(levels)-1] >= indent {
				levels = levels[:len(levels)-1]
			}
		}
		nodeStart := block // at a place where a value may start
		nodeCol := indent  // where the current block node started
		for i < len(text) {
			c := text[i]
			if quote != 0 {
				switch {
				case quote == '"' && c == '\\':
					i++
				case c == quote && quote == '\'' && i+1 < len(text) && text[i+1] == '\'':
					i++
				case c == quote:
					quote = 0
					nodeStart = false
				}
				i++
				continue
			}
			if c == ' ' || c == '\t' {
				i++
				continue
			}
			if c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
				break
			}
			if nodeStart {
				if c != '-' && c != '?' {
					nodeCol = i
				}
				switch {
				case c == '\'' || c == '"':
					quote = c
					i++
					continue
				case c == '[' || c == '{':
					flow++
					if flow+len(levels)+len(cols) > limit {
						return lineNo, i + 1, false
					}
					i++
					continue
				case flow == 0 && (c == '-' || c == '?') && (i+1 == len(text) || text[i+1] == ' '):
					cols = append(cols, i)
					i++
					continue
				case flow == 0 && (c == '|' || c == '>'):
					blockParent = indent
					i = len(text)
					continue
				case c == '!' || c == '&' || c == '*': // a tag, anchor or alias before the value
					for i < len(text) && text[i] != ' ' && text[i] != '\t' {
						i++
					}
					continue
				}
				nodeStart = false
			}
			switch {
			case flow > 0 && (c == ',' || c == '[' || c == '{'):
				if c != ',' {
					flow++
					if flow+len(levels)+len(cols) > limit {
						return lineNo, i + 1, false
					}
				}
				nodeStart = true
			case flow > 0 && (c == ']' || c == '}'):
				flow--
			case c == ':' && (flow > 0 || i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'):
				if flow == 0 {
					cols = append(cols, nodeCol)
				}
				nodeStart = true
			}
			i++
		}
		if !block || len(cols) == 0 {
			continue
		}
		for _, c := range cols {
			if len(levels) == 0 || c > levels[len(levels)-1] {
				levels = append(levels, c)
			}
		}
		if len(levels)+flow > limit {
			return lineNo, indent + 1, false
		}
	}
	return 0, 0, true
}
