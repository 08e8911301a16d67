package eventlog

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/flowmap/flowmap/internal/shareddata"
)

// pqTestCol is a column of a Parquet file written by a test: its type and
// its cells (nil = null; string, int32, int64, bool, float64 or
// deprecated.Int96 otherwise).
type pqTestCol struct {
	name  string
	node  parquet.Node // made optional when written
	cells []any
}

// writeTestParquet writes cols (all of the same length) to a Parquet file,
// with small pages and row groups (rowsPerGroup; 0 = one group) so that the
// reader crosses their boundaries.
func writeTestParquet(t testing.TB, path string, cols []pqTestCol, rowsPerGroup int64) {
	t.Helper()
	data, err := encodeTestParquet(cols, rowsPerGroup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// encodeTestParquet returns the bytes of the Parquet file of cols.
func encodeTestParquet(cols []pqTestCol, rowsPerGroup int64) ([]byte, error) {
	group := parquet.Group{}
	byName := map[string]*pqTestCol{}
	for i := range cols {
		group[cols[i].name] = parquet.Optional(cols[i].node)
		byName[cols[i].name] = &cols[i]
	}
	schema := parquet.NewSchema("log", group)
	opts := []parquet.WriterOption{schema, parquet.PageBufferSize(4 << 10)}
	if rowsPerGroup > 0 {
		opts = append(opts, parquet.MaxRowsPerRowGroup(rowsPerGroup))
	}
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, opts...)
	order := schema.Columns() // leaf paths in schema order (sorted names)
	n := len(cols[0].cells)
	rows := make([]parquet.Row, 0, 1024)
	flush := func() error {
		_, err := w.WriteRows(rows)
		rows = rows[:0]
		return err
	}
	for r := 0; r < n; r++ {
		row := make(parquet.Row, len(order))
		for k, path := range order {
			row[k] = testValue(byName[path[0]].cells[r]).Level(0, 1, k)
			if byName[path[0]].cells[r] == nil {
				row[k] = parquet.NullValue().Level(0, 0, k)
			}
		}
		if rows = append(rows, row); len(rows) == cap(rows) {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func testValue(v any) parquet.Value {
	switch x := v.(type) {
	case nil:
		return parquet.NullValue()
	case string:
		return parquet.ByteArrayValue([]byte(x))
	case deprecated.Int96:
		return parquet.Int96Value(x)
	default:
		return parquet.ValueOf(x)
	}
}

// int96 is the INT96 cell of a Julian day and the nanoseconds into it.
func int96(julianDay uint32, nanos uint64) deprecated.Int96 {
	return deprecated.Int96{uint32(nanos), uint32(nanos >> 32), julianDay}
}

// strs returns string cells; "<null>" is a null.
func strs(vs ...string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if v != "<null>" {
			out[i] = v
		}
	}
	return out
}

func utc(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UnixNano()
}

// TestParquetTimes reads one time cell per case and checks the instant, the
// layout reported and the notes, per Parquet type, unit and zone.
func TestParquetTimes(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		node    parquet.Node
		cell    any
		loc     *time.Location
		want    int64
		layout  string
		naive   bool // a "no UTC offset" warning
		dstGap  int
		midnite bool // a date without a time of day
	}{
		{"millis utc", parquet.Timestamp(parquet.Millisecond), int64(1705312800123), nil, utc("2024-01-15T10:00:00.123Z"), "Parquet TIMESTAMP(MILLIS, UTC)", false, 0, false},
		{"micros utc", parquet.Timestamp(parquet.Microsecond), int64(1705312800123456), berlin, utc("2024-01-15T10:00:00.123456Z"), "Parquet TIMESTAMP(MICROS, UTC)", false, 0, false},
		{"nanos utc", parquet.Timestamp(parquet.Nanosecond), int64(1705312800123456789), nil, utc("2024-01-15T10:00:00.123456789Z"), "Parquet TIMESTAMP(NANOS, UTC)", false, 0, false},
		{"millis local in UTC", parquet.TimestampAdjusted(parquet.Millisecond, false), int64(1705312800000), nil, utc("2024-01-15T10:00:00Z"), "Parquet TIMESTAMP(MILLIS, local)", true, 0, false},
		{"millis local in Berlin", parquet.TimestampAdjusted(parquet.Millisecond, false), int64(1705312800000), berlin, utc("2024-01-15T09:00:00Z"), "Parquet TIMESTAMP(MILLIS, local)", true, 0, false},
		{"micros local in a DST gap", parquet.TimestampAdjusted(parquet.Microsecond, false), utc("2024-03-31T02:30:00Z") / 1000, berlin, utc("2024-03-31T01:30:00Z"), "Parquet TIMESTAMP(MICROS, local)", true, 1, false},
		{"nanos local midnight", parquet.TimestampAdjusted(parquet.Nanosecond, false), utc("2024-07-01T00:00:00Z"), newYork, utc("2024-07-01T04:00:00Z"), "Parquet TIMESTAMP(NANOS, local)", true, 0, true},
		{"utc instant at local midnight", parquet.Timestamp(parquet.Millisecond), utc("2024-01-14T23:00:00Z") / 1e6, berlin, utc("2024-01-14T23:00:00Z"), "Parquet TIMESTAMP(MILLIS, UTC)", false, 0, true},
		{"date in UTC", parquet.Date(), int32(19737), nil, utc("2024-01-15T00:00:00Z"), "Parquet DATE", true, 0, true},
		{"date in New York", parquet.Date(), int32(19737), newYork, utc("2024-01-15T05:00:00Z"), "Parquet DATE", true, 0, true},
		{"date before 1970", parquet.Date(), int32(-1), nil, utc("1969-12-31T00:00:00Z"), "Parquet DATE", true, 0, true},
		{"int96", parquet.Leaf(parquet.Int96Type), int96(2460325, 3600e9+5), berlin, utc("2024-01-15T01:00:00.000000005Z"), "Parquet INT96 timestamp", false, 0, false},
		{"string iso naive", parquet.String(), "2024-01-15 10:00:00", berlin, utc("2024-01-15T09:00:00Z"), "2006-01-02 15:04:05", true, 0, false},
		{"string with offset", parquet.String(), "2024-01-15T10:00:00+02:00", nil, utc("2024-01-15T08:00:00Z"), "2006-01-02T15:04:05-07:00", false, 0, false},
		{"string day first", parquet.String(), "15/01/2024 10:00", nil, utc("2024-01-15T10:00:00Z"), "02/01/2006 15:04", true, 0, false},
		{"int64 epoch seconds", parquet.Int(64), int64(1705312800), nil, utc("2024-01-15T10:00:00Z"), "unix seconds", false, 0, false},
		{"int64 epoch millis", parquet.Int(64), int64(1705312800123), nil, utc("2024-01-15T10:00:00.123Z"), "unix milliseconds", false, 0, false},
		{"legacy TIMESTAMP_MILLIS", parquet.Leaf(legacyMillis{parquet.Int64Type}), int64(1705312800123), nil, utc("2024-01-15T10:00:00.123Z"), "Parquet TIMESTAMP(MILLIS, UTC)", false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "log.parquet")
			// One case, two events of one activity at the time (two, so
			// that dates alone are noted).
			writeTestParquet(t, path, []pqTestCol{
				{"case_id", parquet.String(), strs("c1", "c1")},
				{"activity", parquet.String(), strs("a", "a")},
				{"timestamp", tt.node, []any{tt.cell, tt.cell}},
			}, 0)
			lg, err := ReadFile(path, Options{Location: tt.loc})
			if err != nil {
				t.Fatal(err)
			}
			in := lg.Cases[0].Instances[0]
			if in.End != tt.want {
				t.Errorf("End = %s, want %s", time.Unix(0, in.End).UTC().Format(time.RFC3339Nano), time.Unix(0, tt.want).UTC().Format(time.RFC3339Nano))
			}
			if got := lg.Columns.TimeFormats["timestamp"]; got != tt.layout {
				t.Errorf("layout = %q, want %q", got, tt.layout)
			}
			warn := strings.Join(lg.Quality.Warnings, "\n")
			if got := strings.Contains(warn, "have no UTC offset (2 values)"); got != tt.naive {
				t.Errorf("naive warning = %v, want %v; warnings:\n%s", got, tt.naive, warn)
			}
			if got := strings.Contains(warn, "dates without a time of day"); got != tt.midnite {
				t.Errorf("date-only warning = %v, want %v; warnings:\n%s", got, tt.midnite, warn)
			}
			if lg.Quality.DSTGap != 2*tt.dstGap {
				t.Errorf("DSTGap = %d, want %d", lg.Quality.DSTGap, 2*tt.dstGap)
			}
			if lg.Format != "parquet" || lg.Quality.Rows != 2 || lg.Quality.BadRows != 0 {
				t.Errorf("format %q, rows %d, bad %d; want parquet, 2, 0", lg.Format, lg.Quality.Rows, lg.Quality.BadRows)
			}
		})
	}
}

// legacyMillis is an INT64 column annotated only with the legacy converted
// type TIMESTAMP_MILLIS (as old writers produce).
type legacyMillis struct{ parquet.Type }

func (legacyMillis) ConvertedType() *deprecated.ConvertedType {
	c := deprecated.TimestampMillis
	return &c
}

// TestParquetNulls checks null and empty cells: bad rows with their record
// index, column, value and reason; missing resources and start times.
func TestParquetNulls(t *testing.T) {
	ms := func(s string) any { return utc(s) / 1e6 }
	cols := []pqTestCol{
		{"case_id", parquet.String(), strs("c1", "<null>", "c1", "", "c2", "c2", "c2", "c2")},
		{"activity", parquet.String(), strs("a", "a", "<null>", "a", "b", "c", "d", "e")},
		{"end_time", parquet.Timestamp(parquet.Millisecond), []any{ms("2024-01-01T10:00:00Z"), ms("2024-01-01T11:00:00Z"), ms("2024-01-01T12:00:00Z"), ms("2024-01-01T13:00:00Z"),
			nil, ms("2024-01-02T10:00:00Z"), int64(1) << 62, ms("2024-01-02T12:00:00Z")}},
		{"start_time", parquet.String(), strs("2024-01-01 09:00", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>", "yesterday")},
		{"resource", parquet.String(), strs("ann", "bob", "bob", "bob", "bob", "<null>", "cid", "dan")},
	}
	path := filepath.Join(t.TempDir(), "nulls.parquet")
	writeTestParquet(t, path, cols, 3)
	lg, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := lg.Quality
	wantBad := []BadRow{
		{Row: 2, Column: "case_id", Reason: "null case id"},
		{Row: 3, Column: "activity", Reason: "null activity"},
		{Row: 4, Column: "case_id", Reason: "empty case id"},
		{Row: 5, Column: "end_time", Reason: "null timestamp"},
		{Row: 7, Column: "end_time", Value: "4611686018427387904", Reason: "Parquet TIMESTAMP(MILLIS, UTC) value 4611686018427387904 is outside the supported years 1678-2261"},
		{Row: 8, Column: "start_time", Value: "yesterday", Reason: `cannot parse "yesterday" as a timestamp (expected e.g. YYYY-MM-DD hh:mm)`},
	}
	if q.Rows != 8 || q.BadRows != len(wantBad) || !reflect.DeepEqual(q.Samples, wantBad) {
		t.Errorf("rows %d, bad %d, samples:\n%v\nwant 8, %d:\n%v", q.Rows, q.BadRows, q.Samples, len(wantBad), wantBad)
	}
	type ev struct {
		cas, act, res string
		start, end    int64
		row           int
	}
	var got []ev
	for _, c := range lg.Cases {
		for _, in := range c.Instances {
			res := "<none>"
			if in.Resource >= 0 {
				res = lg.Resources[in.Resource]
			}
			got = append(got, ev{c.ID, lg.Activities[in.Activity], res, in.Start, in.End, int(in.Row)})
		}
	}
	want := []ev{
		{"c1", "a", "ann", utc("2024-01-01T09:00:00Z"), utc("2024-01-01T10:00:00Z"), 1},
		{"c2", "c", "<none>", NoTime, utc("2024-01-02T10:00:00Z"), 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n%v\nwant\n%v", got, want)
	}
	if !reflect.DeepEqual(lg.Resources, []string{"ann"}) {
		t.Errorf("resources %q, want [ann] (bad rows intern nothing)", lg.Resources)
	}
	// Strict: the first bad row is the error.
	_, err = ReadFile(path, Options{Strict: true})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Row != 2 || pe.Column != "case_id" || !errors.Is(err, ErrMissingValue) {
		t.Errorf("strict: %v, want a missing value at row 2, column case_id", err)
	}
}

// TestParquetColumns checks column detection and flags, integer case ids,
// lifecycle pairing and case attributes.
func TestParquetColumns(t *testing.T) {
	ms := func(s string) any { return utc(s) / 1e6 }
	cols := []pqTestCol{
		{"case:concept:name", parquet.Int(64), []any{int64(7), int64(7), int64(8), int64(8)}},
		{"concept:name", parquet.String(), strs("x", "x", "y", "y")},
		{"lifecycle:transition", parquet.String(), strs("start", "complete", "start", "complete")},
		{"org:resource", parquet.String(), strs("ann", "<null>", "bob", "bob")},
		{"time:timestamp", parquet.Timestamp(parquet.Millisecond), []any{ms("2024-01-01T10:00:00Z"), ms("2024-01-01T10:30:00Z"), ms("2024-01-01T11:00:00Z"), ms("2024-01-01T12:00:00Z")}},
		{"case:channel", parquet.String(), strs("web", "web", "<null>", "shop")},
		{"other_time", parquet.Timestamp(parquet.Millisecond), []any{nil, nil, nil, nil}},
	}
	path := filepath.Join(t.TempDir(), "lc.parquet")
	writeTestParquet(t, path, cols, 0)
	lg, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCols := Columns{Case: "case:concept:name", Activity: "concept:name", Time: "time:timestamp", Resource: "org:resource",
		Lifecycle: "lifecycle:transition", TimeZone: "UTC", TimeFormats: map[string]string{"time:timestamp": "Parquet TIMESTAMP(MILLIS, UTC)"}}
	if !reflect.DeepEqual(lg.Columns, wantCols) {
		t.Errorf("columns %+v\nwant %+v", lg.Columns, wantCols)
	}
	if len(lg.Cases) != 2 || lg.Cases[0].ID != "7" || lg.Cases[1].ID != "8" {
		t.Fatalf("cases %+v", lg.Cases)
	}
	in := lg.Cases[0].Instances
	if len(in) != 1 || in[0].Start != utc("2024-01-01T10:00:00Z") || in[0].End != utc("2024-01-01T10:30:00Z") || lg.Resources[in[0].Resource] != "ann" {
		t.Errorf("case 7: %+v, want one instance 10:00-10:30 by ann", in)
	}
	if a := lg.Cases[0].Attrs["channel"]; a != "web" {
		t.Errorf("case 7 channel %q, want web", a)
	}
	if a := lg.Cases[1].Attrs["channel"]; a != "shop" {
		t.Errorf("case 8 channel %q, want shop", a)
	}
	// Flags name the columns; a missing one lists the columns found.
	_, err = ReadFile(path, Options{Time: "other_time", Activity: "lifecycle:transition"})
	if err == nil || !errors.Is(err, ErrNotEventLog) || !strings.Contains(err.Error(), "no event could be read (4 of 4 rows bad)") {
		t.Errorf("--time other_time (all null): %v, want no event could be read", err)
	}
	_, err = ReadFile(path, Options{Case: "order"})
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), `no column "order" (--case order); headers found: "case:channel", "case:concept:name", "concept:name"`) {
		t.Errorf("--case order: %v", err)
	}
	_, err = ReadFile(path, Options{Time: "org:resource", Activity: "concept:name", Lifecycle: "lifecycle:transition"})
	if !errors.Is(err, ErrNotEventLog) || !strings.Contains(err.Error(), `first: cannot parse "ann" as a timestamp`) {
		t.Errorf("--time org:resource: %v, want no event, bad timestamps", err)
	}
}

// TestParquetHostile checks that files that are not (whole) Parquet files
// are clear errors naming the file.
func TestParquetHostile(t *testing.T) {
	good, err := encodeTestParquet([]pqTestCol{
		{"case_id", parquet.String(), strs("c1", "c1", "c2")},
		{"activity", parquet.String(), strs("a", "b", "a")},
		{"timestamp", parquet.String(), strs("2024-01-01 10:00", "2024-01-01 11:00", "2024-01-01 12:00")},
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrEmpty, "the file is empty"},
		{"csv named parquet", []byte("case,activity,time\n1,a,2024-01-01\n"), ErrNotEventLog, "not a Parquet file"},
		{"gzip named parquet", gzipped(t, good), ErrNotEventLog, "decompress it first"},
		{"magic only", []byte("PAR1"), ErrTruncated, "cut short"},
		{"truncated", good[:len(good)/2], ErrTruncated, "does not end with \"PAR1\""},
		{"footer too long", append(append([]byte{}, good[:len(good)-8]...), 0xff, 0xff, 0xff, 0x7f, 'P', 'A', 'R', '1'), ErrTruncated, "footer claims"},
		{"footer garbage", append([]byte("PAR1xxxxxxxxxxxxxxxx"), 16, 0, 0, 0, 'P', 'A', 'R', '1'), ErrSyntax, "corrupt Parquet file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.parquet")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path, Options{})
			if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want %v naming %s and saying %q", err, tt.want, path, tt.msg)
			}
		})
	}
	// Sniffed without the extension.
	path := filepath.Join(t.TempDir(), "log.data")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	lg, err := ReadFile(path, Options{})
	if err != nil || lg.Format != "parquet" || lg.Events() != 3 {
		t.Errorf("sniffed: %v, %v", lg, err)
	}
	// Options that do not apply to Parquet are errors, not ignored.
	for _, opt := range []Options{{Wide: []string{"a", "b"}}, {Encoding: "latin1"}} {
		if _, err := ReadFile(path, opt); err == nil || !strings.HasPrefix(err.Error(), path+": --") {
			t.Errorf("%+v: %v, want an error about the option", opt, err)
		}
	}
	if _, err := ReadFile(path, Options{Encoding: "UTF-8"}); err != nil {
		t.Errorf("--encoding UTF-8: %v", err)
	}
}

// FuzzParquet feeds arbitrary bytes to the Parquet reader: an error or a
// log, never a panic or a hang.
func FuzzParquet(f *testing.F) {
	for _, cols := range fuzzSeeds() {
		data, err := encodeTestParquet(cols, 2)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lg, err := ReadParquet(bytes.NewReader(data), int64(len(data)), "fuzz.parquet", Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.parquet: ") {
				t.Errorf("error without the file name: %v", err)
			}
			return
		}
		if lg.Quality.Rows == 0 {
			t.Errorf("a log without rows")
		}
	})
}

func fuzzSeeds() [][]pqTestCol {
	return [][]pqTestCol{
		{
			{"case_id", parquet.String(), strs("c1", "c1", "<null>", "c2")},
			{"activity", parquet.String(), strs("a", "b", "a", "<null>")},
			{"timestamp", parquet.Timestamp(parquet.Microsecond), []any{int64(1705312800123456), nil, int64(1), int64(-1)}},
			{"resource", parquet.String(), strs("ann", "<null>", "bob", "")},
		},
		{
			{"case", parquet.Int(32), []any{int32(1), int32(1), int32(2)}},
			{"event", parquet.String(), strs("x", "y", "x")},
			{"date", parquet.Date(), []any{int32(19000), int32(19001), nil}},
			{"start_time", parquet.Leaf(parquet.Int96Type), []any{int96(2460325, 1), nil, int96(0, 1<<63)}},
		},
	}
}

// TestParquetSameAsCSV writes every CSV log of the shared data (and the
// example orders) as Parquet, with its time columns as TIMESTAMP(MICROS,
// UTC) parsed by the CSV reader's own parser, and checks that the Parquet
// log is the CSV log: cases, instances, times, resources, quality.
func TestParquetSameAsCSV(t *testing.T) {
	logs := filepath.Join(shareddata.Dir(t), "logs")
	files, err := filepath.Glob(filepath.Join(logs, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CSV logs in %s: %v", logs, err)
	}
	files = append(files, filepath.Join("..", "..", "examples", "orders.csv.gz"))
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want, err := ReadFile(file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			cols, lines := csvAsParquetColumns(t, file, want)
			path := filepath.Join(t.TempDir(), "log.parquet")
			writeTestParquet(t, path, cols, 1000)
			got, err := ReadFile(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			compareLogs(t, got, want, lines)
		})
	}
}

// csvAsParquetColumns reads the records of a CSV log: its time columns (as
// the reader found them in lg) become TIMESTAMP(MICROS, UTC) cells parsed
// by the CSV reader's time parser, the other cells strings (empty = null).
// lines[i] is the line of record i+1.
func csvAsParquetColumns(t *testing.T, file string, lg *Log) ([]pqTestCol, []int) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(file, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	cr := csv.NewReader(r)
	cr.Comma = rune(lg.Columns.Delimiter[0])
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lines := recordLines(t, file, rune(lg.Columns.Delimiter[0]))
	headers, recs := recs[0], recs[1:]
	cols := make([]pqTestCol, len(headers))
	for c, h := range headers {
		if h == "" {
			h = fmt.Sprintf("_unnamed%d", c)
		}
		cols[c] = pqTestCol{name: h, node: parquet.String(), cells: make([]any, len(recs))}
		timed := h == lg.Columns.Time || h == lg.Columns.StartTime
		var tc *timeCol
		if timed {
			cols[c].node = parquet.Timestamp(parquet.Microsecond)
			tc = newTimeCol(h, &Options{})
			var vals []string
			for _, rec := range recs[:min(len(recs), lookahead)] {
				vals = append(vals, rec[c])
			}
			tc.resolve(vals)
		}
		for i, rec := range recs {
			v := rec[c]
			switch {
			case v == "":
			case !timed:
				cols[c].cells[i] = v
			default:
				ns, ok := tc.parseAt(v, lines[i])
				if !ok {
					continue // a bad timestamp: a null cell
				}
				if ns%1000 != 0 {
					t.Fatalf("row %d: %q has nanoseconds: not a MICROS timestamp", lines[i], v)
				}
				cols[c].cells[i] = ns / 1000
			}
		}
	}
	return cols, lines
}

// recordLines returns the line each data record of a CSV file starts on.
func recordLines(t *testing.T, file string, comma rune) []int {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(file, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	cr := csv.NewReader(r)
	cr.Comma = comma
	var lines []int
	for {
		if _, err := cr.Read(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		line, _ := cr.FieldPos(0)
		lines = append(lines, line)
	}
	return lines[1:]
}

// compareLogs checks that a Parquet log equals the CSV log it was written
// from. Rows differ by design (record index vs line: lines maps them), and
// so do the notes about how times were written (no offset, dates alone).
func compareLogs(t *testing.T, got, want *Log, lines []int) {
	t.Helper()
	if !reflect.DeepEqual(got.Activities, want.Activities) || !reflect.DeepEqual(got.Resources, want.Resources) {
		t.Errorf("activities %q resources %q\nwant %q %q", got.Activities, got.Resources, want.Activities, want.Resources)
	}
	if got.HasStartTimes != want.HasStartTimes || got.HasEnabledTimes != want.HasEnabledTimes {
		t.Errorf("start/enabled times %v %v, want %v %v", got.HasStartTimes, got.HasEnabledTimes, want.HasStartTimes, want.HasEnabledTimes)
	}
	if len(got.Cases) != len(want.Cases) {
		t.Fatalf("%d cases, want %d", len(got.Cases), len(want.Cases))
	}
	bad := 0 // cases that differ
	for ci := range want.Cases {
		if bad > 5 {
			t.FailNow()
		}
		g, w := got.Cases[ci], want.Cases[ci]
		if g.ID != w.ID || !reflect.DeepEqual(g.Attrs, w.Attrs) || len(g.Instances) != len(w.Instances) {
			t.Errorf("case %d: %q %v %d instances, want %q %v %d", ci, g.ID, g.Attrs, len(g.Instances), w.ID, w.Attrs, len(w.Instances))
			bad++
			continue
		}
		for i := range w.Instances {
			gi, wi := g.Instances[i], w.Instances[i]
			if gr := int(gi.Row); gr < 1 || gr > len(lines) || lines[gr-1] != int(wi.Row) {
				t.Errorf("case %q instance %d: record %d, want the record on line %d", w.ID, i, gi.Row, wi.Row)
			}
			if ga, wa := got.Attrs(&gi), want.Attrs(&wi); !reflect.DeepEqual(ga, wa) {
				t.Errorf("case %q instance %d: attributes %v, want %v", w.ID, i, ga, wa)
				bad++
			}
			gi.Row = wi.Row
			if !reflect.DeepEqual(gi, wi) {
				t.Errorf("case %q instance %d:\n%+v\nwant\n%+v", w.ID, i, gi, wi)
				bad++
				break
			}
		}
	}
	gq, wq := got.Quality, want.Quality
	gq.Samples, wq.Samples, gq.TimeSamples, wq.TimeSamples, gq.UnmatchedSamples, wq.UnmatchedSamples = nil, nil, nil, nil, nil, nil
	gq.Warnings, wq.Warnings = sameWarnings(gq.Warnings), sameWarnings(wq.Warnings)
	if !reflect.DeepEqual(gq, wq) {
		t.Errorf("quality:\n%+v\nwant\n%+v", gq, wq)
	}
	if len(got.Quality.Samples) != len(want.Quality.Samples) || len(got.Quality.TimeSamples) != len(want.Quality.TimeSamples) {
		t.Errorf("samples %d/%d, want %d/%d", len(got.Quality.Samples), len(got.Quality.TimeSamples), len(want.Quality.Samples), len(want.Quality.TimeSamples))
	}
}

// sameWarnings drops the warnings about how times were written, which a
// Parquet TIMESTAMP column does not share with its CSV text, and rows.
func sameWarnings(ws []string) []string {
	var out []string
	for _, w := range ws {
		if strings.Contains(w, "have no UTC offset") || strings.Contains(w, "without a time of day") {
			continue
		}
		out = append(out, w)
	}
	return out
}

// TestParquetNested reads columns inside a group (named by their dotted
// path) and refuses a list column for a role.
func TestParquetNested(t *testing.T) {
	type event struct {
		Activity string    `parquet:"activity"`
		At       time.Time `parquet:"timestamp,timestamp(millisecond)"`
	}
	type row struct {
		Case  string   `parquet:"case_id"`
		Event event    `parquet:"event"`
		Tags  []string `parquet:"tags"`
	}
	at := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	rows := []row{
		{"c1", event{"a", at}, []string{"x", "y"}},
		{"c1", event{"b", at.Add(time.Hour)}, nil},
	}
	path := filepath.Join(t.TempDir(), "nested.parquet")
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	lg, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if lg.Columns.Activity != "event.activity" || lg.Columns.Time != "event.timestamp" || lg.Events() != 2 ||
		lg.Cases[0].Instances[1].End != at.Add(time.Hour).UnixNano() || lg.Activities[1] != "b" {
		t.Errorf("columns %+v, %d events, activities %q", lg.Columns, lg.Events(), lg.Activities)
	}
	_, err = ReadFile(path, Options{Resource: "tags"})
	if !errors.Is(err, ErrNotEventLog) || !strings.Contains(err.Error(), `column "tags" (--resource) is a list (a repeated field); expected one value per row`) {
		t.Errorf("--resource tags: %v, want a list column refused", err)
	}
}

// TestParquetProgress checks that the reader reports the bytes read.
func TestParquetProgress(t *testing.T) {
	n := 100000 // with long case ids (plain strings): about 9 MiB
	cas, act, ts := make([]any, n), make([]any, n), make([]any, n)
	for i := range n {
		cas[i], act[i], ts[i] = fmt.Sprintf("case-%080d", i/3), fmt.Sprintf("activity %d", i%3), int64(1705312800000+i)
	}
	path := filepath.Join(t.TempDir(), "big.parquet")
	writeTestParquet(t, path, []pqTestCol{{"case_id", parquet.String(), cas}, {"activity", parquet.String(), act}, {"timestamp", parquet.Timestamp(parquet.Millisecond), ts}}, 0)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 8<<20 {
		t.Fatalf("the file has %d bytes: too few to report progress twice", st.Size())
	}
	var last, calls int64
	lg, err := ReadFile(path, Options{Progress: func(read, total int64) {
		last, calls = read, calls+1
		if total != st.Size() {
			t.Errorf("total %d, want %d", total, st.Size())
		}
	}})
	if err != nil || lg.Events() != n {
		t.Fatalf("%v, %v", lg, err)
	}
	if want := st.Size() / (4 << 20); calls < want || last > st.Size() || last < 4<<20*want {
		t.Errorf("%d progress calls (last at %d bytes) for %d bytes, want at least %d", calls, last, st.Size(), want)
	}
}

// TestParquetInvalidUTF8 checks that a string that is not UTF-8 ends the
// read with its row and column, as in a CSV file.
func TestParquetInvalidUTF8(t *testing.T) {
	n := 5000 // the bad row is in the second batch
	cas, act, ts := make([]any, n), make([]any, n), make([]any, n)
	for i := range n {
		cas[i], act[i], ts[i] = fmt.Sprintf("c%d", i/2), "a", int64(1705312800000+i)
	}
	act[4500] = "Pr\xfcfung"
	path := filepath.Join(t.TempDir(), "latin1.parquet")
	writeTestParquet(t, path, []pqTestCol{{"case_id", parquet.String(), cas}, {"activity", parquet.String(), act}, {"timestamp", parquet.Timestamp(parquet.Millisecond), ts}}, 0)
	_, err := ReadFile(path, Options{})
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrEncoding) || pe.Row != 4501 || pe.Column != "activity" || pe.Value != "Pr\xfcfung" {
		t.Errorf("%v, want invalid UTF-8 at row 4501, column activity", err)
	}
}
