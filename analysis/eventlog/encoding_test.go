package eventlog

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

const latin1CSV = "case,activity,timestamp\n1,Pr\xfcfung,2020-01-01 10:00:00\n1,Pr\xe4fung,2020-01-01 11:00:00\n1,Ende \x80,2020-01-01 12:00:00\n"

func TestInvalidUTF8IsAnError(t *testing.T) {
	_, err := ReadCSV(strings.NewReader(latin1CSV), "l1.csv", Options{})
	want := `l1.csv:2: column "activity": invalid UTF-8 in "Pr\xfcfung": the file is not UTF-8 (Latin-1 or Windows-1252?): read it with --encoding latin1 or --encoding windows-1252`
	if !errors.Is(err, ErrEncoding) || err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	// Past the lookahead, in a later chunk, and in the header.
	var b strings.Builder
	b.WriteString("case,activity,timestamp\n")
	for i := range 5000 {
		b.WriteString("1,a,2020-01-01 10:00:00\n")
		if i == 4500 {
			b.WriteString("2,\xe9t\xe9,2020-01-01 10:00:00\n")
		}
	}
	_, err = ReadCSV(strings.NewReader(b.String()), "big.csv", Options{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Row != 4503 || pe.Column != "activity" || !errors.Is(err, ErrEncoding) {
		t.Errorf("big: %v", err)
	}
	_, err = ReadCSV(strings.NewReader("case,activit\xe9,timestamp\n1,a,2020-01-01 10:00:00\n"), "h.csv", Options{})
	if !errors.As(err, &pe) || pe.Row != 1 || !errors.Is(err, ErrEncoding) {
		t.Errorf("header: %v", err)
	}
	_, err = ReadCSV(strings.NewReader("order,paid,shipped\n1,2020-01-01 10:00:00,\xe9\n"), "w.csv", Options{Wide: []string{"paid", "shipped"}})
	if !errors.As(err, &pe) || pe.Row != 2 || pe.Column != "shipped" || !errors.Is(err, ErrEncoding) {
		t.Errorf("wide: %v", err)
	}
	// XES: the decoder's error, with the hint.
	x := "<log><trace><string key=\"concept:name\" value=\"1\"/>\n<event><string key=\"concept:name\" value=\"Pr\xfcfung\"/><date key=\"time:timestamp\" value=\"2020-01-01T00:00:00Z\"/></event></trace></log>"
	_, err = ReadXES(strings.NewReader(x), "l1.xes", Options{})
	if !errors.As(err, &pe) || pe.Row != 2 || !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "--encoding latin1") {
		t.Errorf("xes: %v", err)
	}
	l, err := ReadXES(strings.NewReader(x), "l1.xes", Options{Encoding: "latin1"})
	if err != nil || l.Activities[0] != "Prüfung" {
		t.Errorf("xes latin1: %v %v", l, err)
	}
}

func TestEncodingOption(t *testing.T) {
	for enc, want := range map[string][]string{
		"latin1":       {"Prüfung", "Präfung", "Ende \u0080"},
		"windows-1252": {"Prüfung", "Präfung", "Ende €"},
	} {
		l, err := ReadCSV(strings.NewReader(latin1CSV), "l1.csv", Options{Encoding: enc})
		if err != nil {
			t.Fatal(enc, err)
		}
		if !reflect.DeepEqual(l.Activities, want) {
			t.Errorf("%s: %q, want %q", enc, l.Activities, want)
		}
	}
	if _, err := ReadCSV(strings.NewReader(latin1CSV), "l1.csv", Options{Encoding: "ebcdic"}); err == nil || !strings.Contains(err.Error(), `unknown encoding "ebcdic"`) {
		t.Errorf("unknown encoding: %v", err)
	}
}

// utf16LE encodes s as UTF-16LE with a byte-order mark.
func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xff, 0xfe)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestUTF16Detected(t *testing.T) {
	csv := "case;activity;timestamp\n1;Prüfung;2020-01-01 10:00:00\n1;Ende;2020-01-01 11:00:00\n"
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"log.csv": utf16LE(csv, true),
		"log.dat": utf16LE(csv, true),
		"log.xes": utf16LE("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<log><trace><string key=\"concept:name\" value=\"1\"/>"+
			"<event><string key=\"concept:name\" value=\"Prüfung\"/><date key=\"time:timestamp\" value=\"2020-01-01T10:00:00Z\"/></event></trace></log>", true),
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		l, err := ReadFile(p, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if l.Activities[0] != "Prüfung" {
			t.Errorf("%s: %q", name, l.Activities)
		}
	}
	// Without a byte-order mark: --encoding utf-16.
	l, err := ReadCSV(strings.NewReader(string(utf16LE(csv, false))), "nobom.csv", Options{Encoding: "utf-16"})
	if err != nil || l.Activities[0] != "Prüfung" {
		t.Errorf("utf-16 without BOM: %v %v", l, err)
	}
}
