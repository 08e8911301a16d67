package eventlog

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Encodings lists the values Options.Encoding takes.
var Encodings = []string{"utf-8", "latin1", "windows-1252", "utf-16", "utf-16le", "utf-16be"}

// CheckEncoding reports whether name is a valid Options.Encoding.
func CheckEncoding(name string) error {
	_, err := textEncoding(name)
	return err
}

// textEncoding returns the decoder of an Options.Encoding name (nil for
// UTF-8).
func textEncoding(name string) (encoding.Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "", "utf-8", "utf8":
		return nil, nil
	case "latin1", "latin-1", "iso-8859-1", "iso8859-1":
		return charmap.ISO8859_1, nil
	case "windows-1252", "cp1252", "win1252":
		return charmap.Windows1252, nil
	case "utf-16", "utf16", "utf-16le", "utf16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), nil
	case "utf-16be", "utf16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), nil
	}
	return nil, fmt.Errorf("unknown encoding %q (use one of %s)", name, strings.Join(Encodings, ", "))
}

// decodeInput turns the input into UTF-8: with Options.Encoding as given,
// else UTF-16 when head (the start of br, peeked) starts with a UTF-16
// byte-order mark. It sets opt.Encoding to "utf-8" once decoded, so that a
// reader called with the result does not decode again; decoded reports
// whether it did (the caller peeks again).
func decodeInput(br *bufio.Reader, head []byte, name string, opt *Options) (_ *bufio.Reader, decoded bool, err error) {
	enc, err := textEncoding(opt.Encoding)
	if err != nil {
		return nil, false, &ParseError{File: name, Err: err}
	}
	if enc == nil && (bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff})) {
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	}
	if enc == nil {
		return br, false, nil
	}
	opt.Encoding = "utf-8"
	return bufio.NewReaderSize(enc.NewDecoder().Reader(br), 256<<10), true, nil
}

// encodingHint is the advice given with invalid UTF-8.
const encodingHint = "the file is not UTF-8 (Latin-1 or Windows-1252?): read it with --encoding latin1 or --encoding windows-1252"

// invalidUTF8 is the error for a field that is not valid UTF-8.
func invalidUTF8(file string, row int, column, value string) error {
	return &ParseError{File: file, Row: row, Column: column, Value: value,
		Err: reason(ErrEncoding, "invalid UTF-8 in %q: %s", value, encodingHint)}
}

// firstInvalid returns the index of the first field that is not valid
// UTF-8, or -1.
func firstInvalid(fields []string) int {
	for i, f := range fields {
		if !utf8.ValidString(f) {
			return i
		}
	}
	return -1
}
