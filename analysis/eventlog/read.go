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
	// Encoding is the text encoding of the input: "" or "utf-8", "latin1",
	// "windows-1252", "utf-16" (little-endian unless a byte-order mark says
	// otherwise), "utf-16le", "utf-16be". UTF-16 with a byte-order mark is
	// detected without it. Invalid UTF-8 is an ErrEncoding error.
	Encoding string
	// EventAttrs keeps the unused columns / XES event attributes in
	// Instance.Attrs (slower; off by default).
	EventAttrs bool
}

// ReadFile reads an event log file. The format comes from the extension
// (.csv, .tsv, .txt, .csv.gz, .xes, .xes.gz, .parquet); otherwise the
// content is sniffed (gzip magic, '<' for XML, PAR1 for Parquet). With
// Options.Wide the file is read as a wide export.
func ReadFile(path string, opt Options) (*Log, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lower := strings.ToLower(path)
	if isParquetName(lower) {
		return readParquetFile(f, path, opt)
	}
	cr := &countingReader{r: f}
	var src io.Reader = cr
	if opt.Progress != nil {
		var size int64
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		src = &progressReader{r: cr, total: size, report: opt.Progress}
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
		pr := asyncReader(zr, func() int64 { return cr.n })
		defer pr.Close()
		r = bufio.NewReaderSize(pr, 256<<10)
		lower = strings.TrimSuffix(lower, ".gz")
	}
	var lg *Log
	switch {
	case strings.HasSuffix(lower, ".xes"), strings.HasSuffix(lower, ".xml"):
		lg, err = ReadXES(r, path, opt)
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".tsv"), strings.HasSuffix(lower, ".txt"):
		lg, err = ReadCSV(r, path, opt)
	default:
		br = r.(*bufio.Reader)
		head, _ := br.Peek(512)
		if !gz && bytes.HasPrefix(head, []byte(pqMagic)) && sniffParquet(f) {
			return readParquetFile(f, path, opt)
		}
		var decoded bool
		if br, decoded, err = decodeInput(br, head, path, &opt); err != nil {
			return nil, err
		} else if decoded {
			head, _ = br.Peek(512)
		}
		head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
		head = bytes.TrimLeft(head, " \t\r\n")
		if len(head) > 0 && head[0] == '<' {
			lg, err = ReadXES(br, path, opt)
		} else {
			lg, err = ReadCSV(br, path, opt)
		}
	}
	if err == nil && gz {
		// The XES reader stops at </log>: read the rest of the stream, so
		// that a file cut in its trailer (or corrupt after the log) is
		// still an error.
		if _, err := io.Copy(io.Discard, r); err != nil {
			return nil, &ParseError{File: path, Err: err}
		}
	}
	return lg, err
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

// asyncReader reads the gzip reader zr in a goroutine, 256 KiB at a time,
// so that decompression overlaps with parsing. Close stops the goroutine. A
// stream that ends early (io.ErrUnexpectedEOF from zr: the file is cut in
// the middle or misses its trailer) is an ErrTruncated error, never the end
// of the log; compressed reports the bytes of the file read so far.
func asyncReader(zr io.Reader, compressed func() int64) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 256<<10)
		var total int64
		for {
			n := 0
			var err error
			for n < len(buf) && err == nil {
				var m int
				m, err = zr.Read(buf[n:])
				n += m
			}
			total += int64(n)
			if n > 0 {
				if _, werr := pw.Write(buf[:n]); werr != nil {
					return
				}
			}
			switch err {
			case nil:
				continue
			case io.EOF:
				pw.Close()
			case io.ErrUnexpectedEOF:
				pw.CloseWithError(reason(ErrTruncated, "truncated gzip stream at byte %d of the compressed file (after %d bytes of data): the file is incomplete", compressed(), total))
			default:
				pw.CloseWithError(err)
			}
			return
		}
	}()
	return pr
}

// countingReader counts the bytes read from a file.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
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
