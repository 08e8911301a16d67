package eventlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Options tells a reader which columns to use and how to read them. The zero
// value detects everything.
type Options struct {
	// Column names (CSV headers) or XES attribute keys overriding detection;
	// "" = detect (XES: concept:name, time:timestamp, org:resource,
	// lifecycle:transition).
	Case, Activity, Time, StartTime, Resource, Lifecycle string
	// Wide lists the columns of a wide order export (one row per case): each
	// non-empty cell becomes an event named after the header verbatim.
	Wide []string
	// TimeFormat is an explicit Go time layout for all time columns, or
	// "unix" / "unix_ms"; "" = detect per column.
	TimeFormat string
	// Location is the zone for timestamps without a UTC offset; nil = UTC.
	Location *time.Location
	// Strict makes the first bad row an error (a *ParseError).
	Strict bool
	// MaxSamples is the number of bad rows sampled in Quality.Samples
	// (0 = 20, negative = none).
	MaxSamples int
	// Progress, when set, is called as the file is read with the bytes read
	// so far and the file's size (compressed bytes for .gz files), at most
	// every 4 MiB. Callers use it for a progress line; readers never print.
	Progress func(read, total int64)
	// EventAttrs keeps the unused columns / XES event attributes in
	// Instance.Attrs (slower; off by default).
	EventAttrs bool
}

// ReadFile reads an event log file. The format comes from the extension
// (.csv, .tsv, .txt, .csv.gz, .xes, .xes.gz); otherwise the content is
// sniffed (gzip magic, '<' for XML). With Options.Wide the file is read as a
// wide export.
func ReadFile(path string, opt Options) (*Log, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lower := strings.ToLower(path)
	var src io.Reader = f
	if opt.Progress != nil {
		var size int64
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		src = &progressReader{r: f, total: size, report: opt.Progress}
	}
	var r io.Reader = bufio.NewReaderSize(src, 256<<10)
	gz := strings.HasSuffix(lower, ".gz")
	br := r.(*bufio.Reader)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz = true
	} else if gz {
		return nil, &ParseError{File: path, Err: reason(ErrNotEventLog, "file name ends in .gz but the content is not gzip-compressed")}
	}
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ParseError{File: path, Err: reason(ErrNotEventLog, "cannot decompress: %v", err)}
		}
		defer zr.Close()
		// Decompress on another core while this one parses.
		pr := asyncReader(zr)
		defer pr.Close()
		r = bufio.NewReaderSize(pr, 256<<10)
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch {
	case strings.HasSuffix(lower, ".xes"), strings.HasSuffix(lower, ".xml"):
		return ReadXES(r, path, opt)
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".tsv"), strings.HasSuffix(lower, ".txt"):
		return ReadCSV(r, path, opt)
	}
	br = r.(*bufio.Reader)
	head, _ := br.Peek(512)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) > 0 && head[0] == '<' {
		return ReadXES(br, path, opt)
	}
	return ReadCSV(br, path, opt)
}

// looksBinary reports whether a prefix of the input looks like binary data
// rather than text.
func looksBinary(b []byte) bool {
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		return true
	}
	ctrl := 0
	for _, c := range b {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctrl++
		}
	}
	return ctrl > len(b)/20+1
}

func notEventLog(file, format string, args ...any) error {
	return &ParseError{File: file, Err: reason(ErrNotEventLog, format, args...)}
}

func emptyLog(file, what string) error {
	return &ParseError{File: file, Err: reason(ErrEmpty, "%s", what)}
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// asyncReader reads r in a goroutine, 256 KiB at a time, so that
// decompression overlaps with parsing. Close stops the goroutine.
func asyncReader(r io.Reader) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 256<<10)
		for {
			n, err := io.ReadFull(r, buf)
			if n > 0 {
				if _, werr := pw.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				pw.Close()
				return
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
	}()
	return pr
}

// progressReader reports how far a file has been read.
type progressReader struct {
	r           io.Reader
	read, total int64
	last        int64
	report      func(read, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.read-p.last >= 4<<20 || err == io.EOF {
		p.last = p.read
		p.report(p.read, p.total)
	}
	return n, err
}
