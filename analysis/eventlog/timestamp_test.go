package eventlog

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseTimestamps(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) int64 {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC).UnixNano()
	}
	tests := []struct {
		in    string
		loc   *time.Location
		want  int64
		naive bool
		kind  tsKind
	}{
		{"2010-12-30 14:32:00+01:00", nil, utc(2010, 12, 30, 13, 32, 0, 0), false, tsISO},
		{"2011-10-11 13:45:40.276000+02:00", nil, utc(2011, 10, 11, 11, 45, 40, 276000000), false, tsISO},
		{"2005-03-23T00:00:00.000+01:00", nil, utc(2005, 3, 22, 23, 0, 0, 0), false, tsISO},
		{"2012-10-09T14:50:17+00:00", nil, utc(2012, 10, 9, 14, 50, 17, 0), false, tsISO},
		{"2012-10-09T14:50:17Z", nil, utc(2012, 10, 9, 14, 50, 17, 0), false, tsISO},
		{"2012-10-09T14:50:17.123456789-0530", nil, utc(2012, 10, 9, 20, 20, 17, 123456789), false, tsISO},
		{"2012-10-09 14:50", nil, utc(2012, 10, 9, 14, 50, 0, 0), true, tsISO},
		{"2012-10-09", nil, utc(2012, 10, 9, 0, 0, 0, 0), true, tsISO},
		{"2012-10-09 14:50:17", berlin, utc(2012, 10, 9, 12, 50, 17, 0), true, tsISO},
		{"2012-10-09 14:50:17 UTC", berlin, utc(2012, 10, 9, 14, 50, 17, 0), false, tsISO},
		{"2024/01/03 09:00", nil, utc(2024, 1, 3, 9, 0, 0, 0), true, tsYMDSlash},
		{"2024/01/03 09:00:05", nil, utc(2024, 1, 3, 9, 0, 5, 0), true, tsYMDSlash},
		{"05.01.2024 14:30", nil, utc(2024, 1, 5, 14, 30, 0, 0), true, tsDMYDot},
		{"05.01.2024 14:30:01", nil, utc(2024, 1, 5, 14, 30, 1, 0), true, tsDMYDot},
		{"25/12/2020 08:00", nil, utc(2020, 12, 25, 8, 0, 0, 0), true, tsDMYSlash},
		{"12/25/2020 08:00", nil, utc(2020, 12, 25, 8, 0, 0, 0), true, tsMDYSlash},
		{"1293715920", nil, utc(2010, 12, 30, 13, 32, 0, 0), false, tsUnixSec},
		{"1293715920123", nil, utc(2010, 12, 30, 13, 32, 0, 123000000), false, tsUnixMilli},
		{"1970-01-02T12:23:00.000+01:00", nil, utc(1970, 1, 2, 11, 23, 0, 0), false, tsISO},
	}
	for _, tt := range tests {
		opt := Options{Location: tt.loc}
		c := newTimeCol("t", &opt)
		got, ok := c.parse(tt.in)
		if !ok {
			t.Errorf("%q: not parsed", tt.in)
			continue
		}
		if got != tt.want {
			t.Errorf("%q: got %v, want %v", tt.in, time.Unix(0, got).UTC(), time.Unix(0, tt.want).UTC())
		}
		if (c.naive > 0) != tt.naive {
			t.Errorf("%q: naive = %v, want %v", tt.in, c.naive > 0, tt.naive)
		}
		if c.p.kind != tt.kind {
			t.Errorf("%q: kind %d, want %d", tt.in, c.p.kind, tt.kind)
		}
		// The fast path must give the same answer as the detection.
		if again, ok := c.parse(tt.in); !ok || again != got {
			t.Errorf("%q: fast path gave %d, %v", tt.in, again, ok)
		}
	}
}

func TestParseTimestampsRejects(t *testing.T) {
	for _, in := range []string{"", "2011-13-45", "2011-02-29 10:00", "2011-01-01 24:00", "2011-01-01T10:00:00+25:00",
		"2011-01-01 10:00:00 junk", "yesterday", "12345", "2011-01-01T10:00:00.", "1500-01-01", "32/01/2020", "99999999999"} {
		c := newTimeCol("t", &Options{})
		if ns, ok := c.parse(in); ok {
			t.Errorf("%q parsed as %v", in, time.Unix(0, ns).UTC())
		}
	}
}

func TestTimeFormatOption(t *testing.T) {
	c := newTimeCol("t", &Options{TimeFormat: "Jan 2 2006 3:04PM"})
	got, ok := c.parse("Mar 5 2021 4:30PM")
	if want := time.Date(2021, 3, 5, 16, 30, 0, 0, time.UTC).UnixNano(); !ok || got != want {
		t.Fatalf("got %d %v, want %d", got, ok, want)
	}
	if c.naive != 1 {
		t.Errorf("naive = %d", c.naive)
	}
}

func TestAmbiguousDayMonth(t *testing.T) {
	c := newTimeCol("t", &Options{})
	c.resolve([]string{"01/02/2020 10:00", "03/04/2020 10:00", "13/04/2020 10:00"})
	got, _ := c.parse("01/02/2020 10:00")
	if want := time.Date(2020, 2, 1, 10, 0, 0, 0, time.UTC).UnixNano(); got != want {
		t.Errorf("day-first evidence ignored: got %v", time.Unix(0, got).UTC())
	}
	c = newTimeCol("t", &Options{})
	c.resolve([]string{"01/02/2020 10:00", "03/04/2020 10:00"})
	got, _ = c.parse("01/02/2020 10:00")
	if want := time.Date(2020, 1, 2, 10, 0, 0, 0, time.UTC).UnixNano(); got != want {
		t.Errorf("ambiguous: got %v, want month first", time.Unix(0, got).UTC())
	}
	if len(c.warnings()) != 2 { // naive + ambiguous
		t.Errorf("warnings: %q", c.warnings())
	}
}

func TestDescribeLayout(t *testing.T) {
	for in, want := range map[string]string{
		"2011-10-11 13:45:40.276000+02:00": "2006-01-02 15:04:05.000000-07:00",
		"2005-03-23T00:00:00.000+01:00":    "2006-01-02T15:04:05.000-07:00",
		"2012-10-09T14:50:17Z":             "2006-01-02T15:04:05Z07:00",
		"2024/01/03 09:00":                 "2006/01/02 15:04",
		"2012-10-09":                       "2006-01-02",
	} {
		k, _ := detectKind(in)
		if got := describeLayout(k, in, ""); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestUnixRange: unix times after 2261 would overflow int64 nanoseconds
// (after 2262-04-11) and come out as dates in the past; they are bad rows.
func TestUnixRange(t *testing.T) {
	last := time.Date(2261, 12, 31, 23, 59, 59, 0, time.UTC)
	tests := []struct {
		in   string
		opt  Options
		want int64 // 0: rejected
	}{
		{"9214646399", Options{}, last.UnixNano()},
		{"9214646400", Options{}, 0},
		{"9999999999", Options{}, 0},
		{"9223372037", Options{TimeFormat: "unix"}, 0}, // the first second past int64 nanoseconds
		{"9214646399999", Options{}, last.UnixNano() + 999e6},
		{"9214646400000", Options{}, 0},
		{"9999999999999", Options{TimeFormat: "unix_ms"}, 0},
		{"0000000000", Options{}, 0},
	}
	for _, tt := range tests {
		c := newTimeCol("t", &tt.opt)
		got, ok := c.parse(tt.in)
		if ok != (tt.want != 0 || tt.in == "0000000000") || ok && got != tt.want {
			t.Errorf("%q: got %v %v, want %v", tt.in, time.Unix(0, got).UTC(), ok, time.Unix(0, tt.want).UTC())
		}
	}
	in := "case_id,activity,timestamp\n1,a,1700000000\n1,b,9999999999\n2,a,1700000060\n"
	l, err := ReadCSV(strings.NewReader(in), "epoch.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if l.Events() != 2 || q.BadRows != 1 || len(q.Samples) != 1 {
		t.Fatalf("%d events, %d bad rows", l.Events(), q.BadRows)
	}
	if s := q.Samples[0]; s.Row != 3 || s.Column != "timestamp" || s.Value != "9999999999" || !strings.Contains(s.Reason, "after 2261-12-31") {
		t.Errorf("sample %+v", s)
	}
	if _, err := ReadCSV(strings.NewReader(in), "epoch.csv", Options{Strict: true}); err == nil || !strings.Contains(err.Error(), `epoch.csv:3: column "timestamp": unix time "9999999999" is after 2261-12-31`) {
		t.Errorf("strict: %v", err)
	}
}

func TestMixedDateLayoutsWarn(t *testing.T) {
	in := "case,activity,timestamp\n" +
		"1,a,2020-01-02 10:00:00\n" +
		"1,b,2020-01-03 10:00:00\n" +
		"1,c,03/04/2020 10:00:00\n" +
		"2,a,13/04/2020 10:00:00\n"
	l, err := ReadCSV(strings.NewReader(in), "mixed.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, w := range l.Quality.Warnings {
		if strings.Contains(w, "mix layouts") {
			got = w
		}
	}
	want := `timestamps in column "timestamp" mix layouts: YYYY-MM-DD hh:mm:ss (2 values, e.g. row 2: "2020-01-02 10:00:00") and ` +
		`DD/MM/YYYY hh:mm:ss (1 value, e.g. row 5: "13/04/2020 10:00:00") and ` +
		`MM/DD/YYYY hh:mm:ss (1 value, e.g. row 4: "03/04/2020 10:00:00", read as month/day: day and month cannot be told apart); ` +
		`each value was read in the layout that fits it, so check the day/month order (use --time-format to set one)`
	if got != want {
		t.Errorf("warning\n got %q\nwant %q\nall %q", got, want, l.Quality.Warnings)
	}
	// Ambiguous from the start: the warning names an example row.
	l, err = ReadCSV(strings.NewReader("case,activity,timestamp\n1,a,01/02/2020 10:00\n1,b,03/04/2020 10:00\n"), "amb.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = `dates in column "timestamp" are ambiguous (no day above 12, e.g. row 2: "01/02/2020 10:00"); read as month/day/year (use --time-format to change)`
	if !slices.Contains(l.Quality.Warnings, want) {
		t.Errorf("warnings %q, want %q", l.Quality.Warnings, want)
	}
}

func TestDaylightSavingFlagged(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	in := "case,activity,timestamp\n" +
		"1,a,2021-03-28 01:30:00\n" + // CET
		"1,b,2021-03-28 02:30:00\n" + // does not exist
		"1,c,2021-03-28 02:59:00\n" + // does not exist
		"1,d,2021-03-28 03:30:00\n" + // CEST
		"2,a,2021-10-31 02:30:00\n" + // twice: CEST then CET
		"2,b,2021-10-31 03:30:00\n" // CET
	l, err := ReadCSV(strings.NewReader(in), "dst.csv", Options{Location: berlin})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if q.DSTGap != 2 || q.DSTRepeated != 1 || q.BadRows != 0 || l.Events() != 6 {
		t.Errorf("gap %d repeated %d bad %d events %d, want 2 1 0 6", q.DSTGap, q.DSTRepeated, q.BadRows, l.Events())
	}
	if len(q.TimeSamples) != 3 || q.TimeSamples[0].Row != 3 || q.TimeSamples[2].Row != 6 || q.TimeSamples[2].Column != "timestamp" {
		t.Errorf("samples %+v", q.TimeSamples)
	}
	for _, want := range []string{
		`2 timestamps in column "timestamp" fall in the daylight-saving gap of Europe/Berlin: they do not exist there (e.g. row 3: "2021-03-28 02:30:00"); read with the UTC offset before the change`,
		`1 timestamps in column "timestamp" fall in the repeated hour when daylight saving ends in Europe/Berlin: they are ambiguous (e.g. row 6: "2021-10-31 02:30:00"); read as the first`,
	} {
		if !slices.Contains(q.Warnings, want) {
			t.Errorf("missing warning %q in %q", want, q.Warnings)
		}
	}
	// The repeated hour is read as its first occurrence (CEST, +02:00).
	if got, want := l.Cases[1].Instances[0].End, ts("2021-10-31T00:30:00Z"); got != want {
		t.Errorf("repeated hour read as %v", time.Unix(0, got).UTC())
	}
	// Times next to the changes are not flagged; nor are times in UTC.
	l, err = ReadCSV(strings.NewReader(in), "dst.csv", Options{})
	if err != nil || l.Quality.DSTGap+l.Quality.DSTRepeated != 0 || l.Quality.TimeSamples != nil {
		t.Errorf("UTC: %v %+v", err, l.Quality)
	}
}
