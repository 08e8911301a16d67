package eventlog

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/shareddata"
)

func ts(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UnixNano()
}

// trace renders a case as "activity@RFC3339" steps for comparisons.
func trace(l *Log, c *Case) []string {
	var s []string
	for _, in := range c.Instances {
		s = append(s, l.Activities[in.Activity]+"@"+time.Unix(0, in.End).UTC().Format(time.RFC3339))
	}
	return s
}

func TestMalformedCSV(t *testing.T) {
	l, err := ReadFile("testdata/malformed.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if q.Rows != 9 || q.BadRows != 4 || l.Events() != 5 {
		t.Fatalf("rows %d bad %d events %d, want 9 4 5", q.Rows, q.BadRows, l.Events())
	}
	want := []BadRow{
		{Row: 5, Column: "activity", Value: "", Reason: "empty activity"},
		{Row: 6, Column: "", Value: "", Reason: `row has 3 fields, the header has 4: no value for column "resource"`},
		{Row: 7, Column: "time:timestamp", Value: "2011-13-45", Reason: `cannot parse "2011-13-45" as a timestamp (expected e.g. YYYY-MM-DD hh:mm:ss±hh:mm)`},
		{Row: 10, Column: "case_id", Value: "", Reason: "empty case id"},
	}
	if !reflect.DeepEqual(q.Samples, want) {
		t.Errorf("samples:\n got %+v\nwant %+v", q.Samples, want)
	}
	// Resources are taken as written; empty = -1. The multi-line row keeps line 8.
	c1 := l.Cases[0]
	if got := trace(l, &c1); !reflect.DeepEqual(got, []string{"register@2011-01-02T09:00:00Z", "check@2011-01-02T10:00:00Z", "pay@2011-01-04T11:00:00Z"}) {
		t.Errorf("case 1: %v", got)
	}
	if r := c1.Instances[1].Resource; l.Resources[r] != "-" {
		t.Errorf("resource %q, want -", l.Resources[r])
	}
	if in := c1.Instances[2]; in.Row != 8 || l.Resources[in.Resource] != "Pete\nJr" {
		t.Errorf("multi-line row: row %d resource %q", in.Row, l.Resources[in.Resource])
	}
	c2 := l.Cases[1]
	if l.Resources[c2.Instances[0].Resource] != "UNKNOWN" || c2.Instances[1].Resource != -1 || c2.Instances[1].Row != 11 {
		t.Errorf("case 2 resources: %+v", c2.Instances)
	}
	if l.Columns.Case != "case_id" || l.Columns.Activity != "activity" || l.Columns.Time != "time:timestamp" || l.Columns.Resource != "resource" || l.Columns.Delimiter != "," {
		t.Errorf("columns %+v", l.Columns)
	}
}

func TestStrict(t *testing.T) {
	data, _ := os.ReadFile("testdata/malformed.csv")
	// Drop rows 5 and 6 (keeping line numbers) so the first bad row is line 7.
	lines := strings.Split(string(data), "\n")
	lines[4] = "2,check,2011-01-03 09:30:00+01:00,Sara"
	lines[5] = "2,check,2011-01-03 09:40:00+01:00,Sara"
	_, err := ReadCSV(strings.NewReader(strings.Join(lines, "\n")), "receipt.csv", Options{Strict: true})
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrBadTimestamp) {
		t.Fatalf("err = %v, want a *ParseError wrapping ErrBadTimestamp", err)
	}
	want := `receipt.csv:7: column "time:timestamp": cannot parse "2011-13-45" as a timestamp (expected e.g. YYYY-MM-DD hh:mm:ss±hh:mm)`
	if err.Error() != want || pe.Row != 7 || pe.Value != "2011-13-45" {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

func TestNotAnEventLog(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0})
	zw.Close()
	tests := []struct {
		name, file string
		opt        Options
		kind       error
		mention    []string
	}{
		{"empty", write("empty.csv", nil), Options{}, ErrEmpty, []string{"empty.csv", "empty"}},
		{"header only", write("header.csv", []byte("case_id,activity,timestamp\n")), Options{}, ErrEmpty, []string{"no data rows"}},
		{"binary", write("photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")), Options{}, ErrNotEventLog, []string{"photo.png", "binary"}},
		{"binary in gzip", write("data.csv.gz", gz.Bytes()), Options{}, ErrNotEventLog, []string{"binary"}},
		{"no roles", write("people.csv", []byte("name,age,city\nAnn,31,Rome\n")), Options{}, ErrNotEventLog,
			[]string{"people.csv", `"name", "age", "city"`, "--case", "--activity", "--time"}},
		{"missing time", write("notime.csv", []byte("case_id,activity,amount\n1,a,3\n")), Options{}, ErrMissingColumn,
			[]string{"timestamp", `"case_id", "activity", "amount"`, "--time"}},
		{"flag names absent column", write("log.csv", []byte("case_id,activity,timestamp\n1,a,2020-01-01\n")), Options{Resource: "agent"}, ErrMissingColumn,
			[]string{`no column "agent" (--resource agent)`}},
		{"flag names a column with a typo", write("typo.csv", []byte("case_id,activity,timestamp\n1,a,2020-01-01\n")), Options{Activity: "activty"}, ErrMissingColumn,
			[]string{`no column "activty" (--activity activty) (did you mean "activity"?)`}},
		{"html", write("page.xml", []byte("<html><body>hi</body></html>")), Options{}, ErrNotEventLog, []string{"<html>"}},
		{"truncated xes", write("cut.xes", []byte("<log><trace><string key=\"concept:name\" value=\"1\"/><event>")), Options{}, ErrSyntax, []string{"cut.xes"}},
		{"all rows bad", write("bad.csv", []byte("case_id,activity,timestamp\n1,a,soon\n1,b,later\n")), Options{}, ErrNotEventLog, []string{"bad.csv:2", "no event could be read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.file, tt.opt)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			for _, m := range tt.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
}

func TestColumnDetection(t *testing.T) {
	tests := []struct {
		header string
		want   Columns
	}{
		{",concept:name,org:resource,time:timestamp,Activity,Resource,Costs,case:concept:name,case:creator",
			Columns{Case: "case:concept:name", Activity: "concept:name", Time: "time:timestamp", Resource: "org:resource"}},
		{"Case ID,Activity,Resource,Start Timestamp,Complete Timestamp,Variant",
			Columns{Case: "Case ID", Activity: "Activity", Time: "Complete Timestamp", StartTime: "Start Timestamp", Resource: "Resource"}},
		{"ORDER_ID;Status;Changed At;User",
			Columns{Case: "ORDER_ID", Activity: "Status", Time: "Changed At", Resource: "User"}},
		{"ticket_id|action|datetime|agent|lifecycle",
			Columns{Case: "ticket_id", Activity: "action", Time: "datetime", Resource: "agent", Lifecycle: "lifecycle"}},
		{"case:concept:name,concept:name,time:timestamp,case:startdate",
			Columns{Case: "case:concept:name", Activity: "concept:name", Time: "time:timestamp"}},
	}
	for _, tt := range tests {
		var d rune = ','
		for _, c := range ";|\t" {
			if strings.ContainsRune(tt.header, c) {
				d = c
			}
		}
		n := strings.Count(tt.header, string(d)) + 1
		row := make([]string, n)
		for i := range row {
			row[i] = "2020-01-01 10:00:00"
		}
		in := tt.header + "\n" + strings.Join(row, string(d)) + "\n"
		opt := Options{}
		if strings.Contains(tt.header, "Changed At") { // found only through --time
			opt.Time = "changed at"
			tt.want.Time = "Changed At"
		}
		l, err := ReadCSV(strings.NewReader(in), "h.csv", opt)
		if err != nil {
			t.Errorf("%s: %v", tt.header, err)
			continue
		}
		got := l.Columns
		got.TimeFormats, got.TimeZone, got.Delimiter = nil, "", ""
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.header, got, tt.want)
		}
		if l.Columns.Delimiter != string(d) {
			t.Errorf("%s: delimiter %q", tt.header, l.Columns.Delimiter)
		}
	}
}

func TestCSVLifecycleBOMSemicolon(t *testing.T) {
	in := "\ufeffcase;activity;timestamp;lifecycle:transition;resource;case:channel\n" +
		"1;A;2020-01-01 10:00:00+00:00;start;Ann;web\n" +
		"1;A;2020-01-01 10:20:00+00:00;complete;;web\n" +
		"1;B;2020-01-01 10:10:00+00:00;complete;Bob;\n" +
		"2;A;2020-01-02 09:00:00+00:00;START;Ann;mail\n"
	l, err := ReadCSV(strings.NewReader(in), "lc.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Columns.Delimiter != ";" || l.Columns.Case != "case" || l.Columns.Lifecycle != "lifecycle:transition" {
		t.Errorf("columns %+v", l.Columns)
	}
	if !l.HasStartTimes || l.Quality.Rows != 4 || l.Events() != 2 || l.Quality.Unmatched != 1 {
		t.Fatalf("starts %v rows %d events %d unmatched %d", l.HasStartTimes, l.Quality.Rows, l.Events(), l.Quality.Unmatched)
	}
	c := l.Cases[0]
	// A starts 10:00 (before B ends 10:10): trace sorted by start.
	a := c.Instances[0]
	if l.Activities[a.Activity] != "A" || a.Start != ts("2020-01-01T10:00:00Z") || a.End != ts("2020-01-01T10:20:00Z") || l.Resources[a.Resource] != "Ann" {
		t.Errorf("A = %+v", a)
	}
	if c.Attrs["channel"] != "web" || l.Cases[1].Attrs["channel"] != "mail" || len(l.Cases[1].Instances) != 0 {
		t.Errorf("cases %+v", l.Cases)
	}
	if !reflect.DeepEqual(l.Quality.Transitions, map[string]int{"start": 1, "complete": 2, "START": 1}) {
		t.Errorf("transitions %v", l.Quality.Transitions)
	}
	if s := l.Quality.UnmatchedSamples; len(s) != 1 || s[0].Row != 5 {
		t.Errorf("unmatched samples %+v", s)
	}
}

func TestWide(t *testing.T) {
	opt := Options{Case: "order_id", Wide: []string{"purchased_at", "approved_at", "shipped_at", "delivered_at"}}
	l, err := ReadFile("testdata/wide.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != "wide" || len(l.Cases) != 3 || l.Events() != 9 || l.Quality.BadRows != 0 || l.Quality.Rows != 4 {
		t.Fatalf("format %s cases %d events %d bad %d rows %d", l.Format, len(l.Cases), l.Events(), l.Quality.BadRows, l.Quality.Rows)
	}
	if !reflect.DeepEqual(l.Activities, opt.Wide) {
		t.Errorf("activities %v", l.Activities)
	}
	want := map[string][]string{
		// purchased and approved are equal: --wide order is kept.
		"A1": {"purchased_at@2024-01-02T10:00:00Z", "approved_at@2024-01-02T10:00:00Z", "shipped_at@2024-01-03T09:00:00Z",
			"delivered_at@2024-01-05T14:30:00Z", "delivered_at@2024-01-06T08:00:00Z"},
		"A2": {"purchased_at@2024-01-03T08:00:00Z", "shipped_at@2024-01-04T10:15:00Z"},
		"A3": {"purchased_at@2024-01-04T09:00:00Z", "approved_at@2024-01-04T09:30:00Z"},
	}
	for i := range l.Cases {
		c := &l.Cases[i]
		if got := trace(l, c); !reflect.DeepEqual(got, want[c.ID]) {
			t.Errorf("%s: %v", c.ID, got)
		}
	}
	if !reflect.DeepEqual(l.Cases[0].Attrs, map[string]string{"channel": "web"}) || l.Cases[1].Attrs["channel"] != "phone" {
		t.Errorf("attrs %v %v", l.Cases[0].Attrs, l.Cases[1].Attrs)
	}
	wantFmt := map[string]string{"purchased_at": "2006-01-02 15:04:05-07:00", "approved_at": "2006-01-02 15:04:05",
		"shipped_at": "2006/01/02 15:04", "delivered_at": "02.01.2006 15:04"}
	if !reflect.DeepEqual(l.Columns.TimeFormats, wantFmt) {
		t.Errorf("formats %v", l.Columns.TimeFormats)
	}
	if n := len(l.Quality.Warnings); n != 3 || !strings.Contains(l.Quality.Warnings[0], `"approved_at" have no UTC offset`) {
		t.Errorf("warnings %q", l.Quality.Warnings)
	}
	// Location applies to the naive columns only.
	opt.Location = time.FixedZone("X", 3600)
	l2, err := ReadFile("testdata/wide.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := trace(l2, &l2.Cases[0])[:2]; !reflect.DeepEqual(got, []string{"approved_at@2024-01-02T09:00:00Z", "purchased_at@2024-01-02T10:00:00Z"}) {
		t.Errorf("with zone: %v", got)
	}
	if l2.Columns.TimeZone != "X" {
		t.Errorf("zone %q", l2.Columns.TimeZone)
	}
}

func TestOutOfOrderAndDuplicates(t *testing.T) {
	in := "case_id,activity,timestamp\n" +
		"1,b,2020-01-01T10:05:00Z\n" +
		"1,a,2020-01-01T10:00:00Z\n" + // earlier than previous event of case 1
		"2,a,2020-01-01T10:00:00Z\n" +
		"2,a,2020-01-01T10:00:00Z\n" + // duplicate, kept
		"2,b,2020-01-01T10:00:00Z\n" +
		"1,c,2020-01-01T10:05:00Z\n"
	l, err := ReadCSV(strings.NewReader(in), "o.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Quality.OutOfOrder != 1 || l.Quality.Duplicates != 1 || l.Events() != 6 {
		t.Errorf("out of order %d duplicates %d events %d", l.Quality.OutOfOrder, l.Quality.Duplicates, l.Events())
	}
	if got := trace(l, &l.Cases[0]); !reflect.DeepEqual(got, []string{"a@2020-01-01T10:00:00Z", "b@2020-01-01T10:05:00Z", "c@2020-01-01T10:05:00Z"}) {
		t.Errorf("case 1: %v", got)
	}
	if l.Cases[0].Instances[0].Row != 3 || l.Cases[0].Instances[0].Seq != 1 {
		t.Errorf("row/seq %+v", l.Cases[0].Instances[0])
	}
}

func TestEventAttrs(t *testing.T) {
	l, err := ReadFile(filepath.Join(shareddata.Dir(t), "logs", "running-example.csv"), Options{EventAttrs: true})
	if err != nil {
		t.Fatal(err)
	}
	in := l.Cases[0].Instances[0]
	if a := l.Attrs(&in); a["Costs"] != "50" || a["Activity"] != "register request" {
		t.Errorf("attrs %v", a)
	}
	if l.Cases[0].Attrs["creator"] != "Fluxicon Nitro" {
		t.Errorf("case attrs %v", l.Cases[0].Attrs)
	}
}

func TestStartAfterEndAndMissingStart(t *testing.T) {
	in := "case,activity,start_time,timestamp\n" +
		"1,a,2020-01-01 10:00:00,2020-01-01 11:00:00\n" +
		"1,b,2020-01-01 13:00:00,2020-01-01 12:00:00\n" + // starts after it ends
		"1,a,,2020-01-01 14:00:00\n" + // a has starts elsewhere: missing
		"1,c,,2020-01-01 15:00:00\n" // c never has a start: instant, not flagged
	l, err := ReadCSV(strings.NewReader(in), "se.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if q.StartAfterEnd != 1 || q.MissingStart != 1 || q.BadRows != 0 || l.Events() != 4 {
		t.Fatalf("start after end %d, missing %d, bad %d, events %d; want 1 1 0 4", q.StartAfterEnd, q.MissingStart, q.BadRows, l.Events())
	}
	want := []BadRow{
		{Row: 3, Column: "start_time", Reason: `"b" in case "1" starts after it ends (2020-01-01T13:00:00Z > 2020-01-01T12:00:00Z): its service time is unknown`},
		{Row: 4, Column: "start_time", Reason: `"a" in case "1" has no start time: its service time is unknown`},
	}
	if !reflect.DeepEqual(q.TimeSamples, want) {
		t.Errorf("samples\n got %+v\nwant %+v", q.TimeSamples, want)
	}
	for _, w := range []string{
		`1 activity instances start after they end (e.g. row 3: "b" in case "1" starts after it ends (2020-01-01T13:00:00Z > 2020-01-01T12:00:00Z): its service time is unknown); they are kept, without a service time`,
		`1 activity instances have no start time although their activity has start times elsewhere ("a" 1); they are kept, without a service time (not 0 s)`,
	} {
		if !slices.Contains(q.Warnings, w) {
			t.Errorf("missing warning %q in %q", w, q.Warnings)
		}
	}
}

func TestWideRowWithoutMilestone(t *testing.T) {
	in := "order_id,paid,shipped,channel\n" +
		"A1,2024-01-02 10:00:00,2024-01-03 10:00:00,web\n" +
		"A2,,,phone\n" + // no milestone: a bad row, no case
		"A3,yesterday,,web\n" // its only milestone is bad: counted once, no case
	l, err := ReadCSV(strings.NewReader(in), "wide.csv", Options{Wide: []string{"paid", "shipped"}})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if q.Rows != 3 || q.BadRows != 2 || len(l.Cases) != 1 || l.Events() != 2 {
		t.Fatalf("rows %d bad %d cases %d events %d, want 3 2 1 2", q.Rows, q.BadRows, len(l.Cases), l.Events())
	}
	want := BadRow{Row: 3, Reason: `no milestone timestamp in columns "paid", "shipped"`}
	if q.Samples[0] != want {
		t.Errorf("sample %+v, want %+v", q.Samples[0], want)
	}
}

func TestWideExportDetected(t *testing.T) {
	in := "order_id,purchased_at,approved_at,shipped at,channel,amount\n" +
		"A1,2024-01-02 10:00:00,2024-01-02 11:00:00,2024-01-03 09:00,web,12\n" +
		"A2,2024-01-03 08:00:00,,2024-01-04 10:15,phone,7\n"
	_, err := ReadCSV(strings.NewReader(in), "orders.csv", Options{})
	want := `this looks like a wide export (one row per case, a timestamp column per milestone: "purchased_at", "approved_at", "shipped at"); read it with --wide 'purchased_at,approved_at,shipped at' --case order_id`
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), want) {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// One timestamp column is no wide export: the usual message.
	_, err = ReadCSV(strings.NewReader("order_id,paid,channel\nA1,2024-01-02 10:00:00,web\n"), "o.csv", Options{})
	if err == nil || strings.Contains(err.Error(), "wide") {
		t.Errorf("one timestamp column: %v", err)
	}
}

func TestSingleEventCasesWarned(t *testing.T) {
	in := "case,activity,timestamp\n1,a,2024-01-02 10:00:00\n2,a,2024-01-02 11:00:00\n3,b,2024-01-02 12:00:00\n"
	l, err := ReadCSV(strings.NewReader(in), "single.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `every case has a single event (3 cases): there are no transitions, waits or variants to measure; is "case" the case id? (a wide export, one row per case with a timestamp column per milestone, is read with --wide COL,COL,...)`
	if !slices.Contains(l.Quality.Warnings, want) {
		t.Errorf("warnings %q", l.Quality.Warnings)
	}
	l, _ = ReadCSV(strings.NewReader(in+"3,c,2024-01-02 13:00:00\n"), "two.csv", Options{})
	for _, w := range l.Quality.Warnings {
		if strings.Contains(w, "single event") {
			t.Errorf("a case has two events: %q", w)
		}
	}
}

func TestDateOnlyActivitiesFlagged(t *testing.T) {
	in := "case,activity,timestamp\n" +
		"1,Create Fine,2006-07-24 00:00:00+02:00\n" +
		"1,Check,2006-07-24 10:30:00+02:00\n" +
		"1,Send Fine,2006-12-05\n" +
		"2,Create Fine,2006-08-02 00:00:00+02:00\n" +
		"2,Check,2006-08-02 00:00:00+02:00\n" + // Check has a time of day elsewhere
		"2,Send Fine,2006-12-06\n"
	l, err := ReadCSV(strings.NewReader(in), "fines.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `2 activities have dates without a time of day (every timestamp at 00:00:00): "Create Fine" (2 events), "Send Fine" (2 events); waits and transitions around them are rounded to whole days`
	if !slices.Contains(l.Quality.Warnings, want) {
		t.Errorf("warnings %q\nwant %q", l.Quality.Warnings, want)
	}
}
