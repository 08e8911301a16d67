package eventlog

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestXESLifecycle(t *testing.T) {
	l, err := ReadFile("testdata/lifecycle.xes", Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if q.Rows != 12 || q.BadRows != 1 || l.Events() != 4 || q.Unmatched != 1 || q.Ignored != 2 {
		t.Fatalf("rows %d bad %d events %d unmatched %d ignored %d", q.Rows, q.BadRows, l.Events(), q.Unmatched, q.Ignored)
	}
	if !l.HasStartTimes || !l.HasEnabledTimes {
		t.Errorf("start %v enabled %v", l.HasStartTimes, l.HasEnabledTimes)
	}
	wantTr := map[string]int{"schedule": 1, "start": 4, "suspend": 1, "resume": 1, "complete": 3, "COMPLETE": 1}
	if !reflect.DeepEqual(q.Transitions, wantTr) {
		t.Errorf("transitions %v", q.Transitions)
	}
	if s := q.Samples; len(s) != 1 || s[0].Row != 94 || s[0].Column != "time:timestamp" || s[0].Value != "yesterday" {
		t.Errorf("samples %+v", s)
	}
	if s := q.UnmatchedSamples; len(s) != 1 || s[0].Row != 57 || !strings.Contains(s[0].Reason, `"Archive"`) {
		t.Errorf("unmatched %+v", s)
	}
	res := func(in Instance) string {
		if in.Resource < 0 {
			return ""
		}
		return l.Resources[in.Resource]
	}
	type inst struct {
		act, res            string
		enabled, start, end int64
	}
	got := map[string][]inst{}
	for _, c := range l.Cases {
		for _, in := range c.Instances {
			got[c.ID] = append(got[c.ID], inst{l.Activities[in.Activity], res(in), in.Enabled, in.Start, in.End})
		}
	}
	want := map[string][]inst{
		"c1": {
			{"Check", "Ann", ts("2020-01-01T08:00:00Z"), ts("2020-01-01T09:00:00Z"), ts("2020-01-01T10:00:00Z")},
			{"Ship", "Bob", NoTime, NoTime, ts("2020-01-01T11:00:00Z")},
		},
		"c2": { // paired by concept:instance, ordered by start
			{"Review", "Ann", NoTime, ts("2020-01-02T08:00:00Z"), ts("2020-01-02T10:00:00Z")},
			{"Review", "Bob", NoTime, ts("2020-01-02T08:30:00Z"), ts("2020-01-02T09:00:00Z")},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("instances\n got %+v\nwant %+v", got, want)
	}
	if a := l.Cases[0].Attrs; !reflect.DeepEqual(a, map[string]string{"amount": "500", "vip": "true"}) {
		t.Errorf("case attrs %v", a)
	}
	if l.Cases[0].Instances[0].Row != 45 { // the complete event's line
		t.Errorf("row %d", l.Cases[0].Instances[0].Row)
	}
	if l.Columns.Lifecycle != "lifecycle:transition" || l.Columns.Resource != "org:resource" || l.Format != "xes" {
		t.Errorf("columns %+v", l.Columns)
	}
}

func TestXESNonStandardLifecycle(t *testing.T) {
	l, err := ReadFile("testdata/substatus.xes", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Events() != 3 || l.HasStartTimes || len(l.Quality.Warnings) != 1 || !strings.Contains(l.Quality.Warnings[0], "not XES lifecycle transitions") {
		t.Fatalf("events %d warnings %q", l.Events(), l.Quality.Warnings)
	}
	ins := l.Cases[0].Instances
	if l.Attrs(&ins[1])["lifecycle:transition"] != "Awaiting Assignment" || l.Resources[ins[1].Resource] != "-" {
		t.Errorf("instance %+v", ins[1])
	}
	// Equal timestamps keep file order.
	if l.Activities[ins[1].Activity] != "Queued" || l.Activities[ins[2].Activity] != "Completed" {
		t.Errorf("order %v", trace(l, &l.Cases[0]))
	}
	// --resource org:group
	l, err = ReadFile("testdata/substatus.xes", Options{Resource: "org:group"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.Resources, []string{"V30", "V5 3rd"}) || l.Columns.Resource != "org:group" {
		t.Errorf("resources %v", l.Resources)
	}
}

func TestXESStrict(t *testing.T) {
	_, err := ReadFile("testdata/lifecycle.xes", Options{Strict: true})
	want := `testdata/lifecycle.xes:94: column "time:timestamp": cannot parse "yesterday" as a timestamp (expected e.g. YYYY-MM-DDThh:mm:ss.sss±hh:mm)`
	if !errors.Is(err, ErrBadTimestamp) || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestXESLatin1(t *testing.T) {
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<log><trace><string key=\"concept:name\" value=\"1\"/>" +
		"<event><string key=\"concept:name\" value=\"Pr\xfcfung\"/><date key=\"time:timestamp\" value=\"2020-01-01T00:00:00Z\"/></event></trace></log>"
	l, err := ReadXES(strings.NewReader(in), "latin1.xes", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Activities[0] != "Prüfung" {
		t.Errorf("activity %q", l.Activities[0])
	}
}

func TestReadFileSniffs(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile("testdata/substatus.xes")
	p := dir + "/log.dat"
	os.WriteFile(p, data, 0o644)
	l, err := ReadFile(p, Options{})
	if err != nil || l.Format != "xes" {
		t.Fatalf("%v %v", l, err)
	}
	data, _ = os.ReadFile("testdata/malformed.csv")
	os.WriteFile(p, data, 0o644)
	l, err = ReadFile(p, Options{})
	if err != nil || l.Format != "csv" {
		t.Fatalf("%v %v", l, err)
	}
}

func TestXESStructureErrors(t *testing.T) {
	ev := func(act string) string {
		return `<event><string key="concept:name" value="` + act + `"/><date key="time:timestamp" value="2020-01-01T00:00:00Z"/></event>`
	}
	log := "<log>\n<trace><string key=\"concept:name\" value=\"1\"/>\n" + ev("a") + "\n</trace>\n</log>\n"
	cases := []struct{ name, in, want string }{
		{"concatenated", log + log, "x.xes:6: malformed XML: element <log> after the end of the log (</log> on line 5): two logs in one file? Give each its own file"},
		{"text after", log + "junk\n", "x.xes:6: malformed XML: text after the end of the log (</log> on line 5)"},
		{"nested event", "<log>\n<trace><string key=\"concept:name\" value=\"1\"/>\n<event><string key=\"concept:name\" value=\"a\"/>\n" + ev("b") + "\n</event></trace></log>",
			"x.xes:4: malformed XML: an <event> inside an <event> (the outer one is not closed?): XES events cannot nest"},
		{"mismatched", "<log>\n<trace><string key=\"concept:name\" value=\"1\"/>\n<event><string key=\"concept:name\" value=\"a\"/>\n</trace></event></log>",
			"x.xes:4: malformed XML: element <event> closed by </trace>"},
		{"mismatched root", "<log>\n<trace><string key=\"concept:name\" value=\"1\"/>\n" + ev("a") + "</trace>\n</lg>\n",
			"x.xes:4: malformed XML: element <log> closed by </lg>"},
		{"mismatched attribute", "<log>\n<trace><string key=\"concept:name\" value=\"1\"></int>\n" + ev("a") + "</trace>\n</log>\n",
			"x.xes:2: malformed XML: element <string> closed by </int>"},
	}
	for _, c := range cases {
		for _, fast := range []bool{true, false} {
			_, _, err := readXES(strings.NewReader(c.in), "x.xes", Options{}, fast)
			if !errors.Is(err, ErrSyntax) || err.Error() != c.want {
				t.Errorf("%s (scanner %v):\n got %v\nwant %s", c.name, fast, err, c.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%s: %T, want *ParseError", c.name, err)
			}
		}
	}
	// Comments, processing instructions and white space may follow </log>.
	if _, err := ReadXES(strings.NewReader(log+"<!-- end -->\n<?pi x?>\n\n"), "x.xes", Options{}); err != nil {
		t.Error(err)
	}
}

func TestXESGroupStandsInForResource(t *testing.T) {
	ev := func(act, attr string) string {
		return `<event><string key="concept:name" value="` + act + `"/>` + attr + `<date key="time:timestamp" value="2020-01-01T00:00:00Z"/></event>`
	}
	in := `<log><trace><string key="concept:name" value="1"/>` + ev("a", `<string key="org:group" value="Team A"/>`) + ev("b", "") +
		`</trace><trace><string key="concept:name" value="2"/>` + ev("a", `<string key="org:group" value="Team B"/>`) + `</trace></log>`
	for _, fast := range []bool{true, false} {
		l, _, err := readXES(strings.NewReader(in), "g.xes", Options{}, fast)
		if err != nil {
			t.Fatal(err)
		}
		if l.Columns.Resource != "org:group" || !reflect.DeepEqual(l.Resources, []string{"Team A", "Team B"}) {
			t.Errorf("columns %+v resources %q", l.Columns, l.Resources)
		}
		if r := l.Cases[0].Instances[1].Resource; r != -1 {
			t.Errorf("b has no group: resource %d", r)
		}
		want := `no event has "org:resource": "org:group" stands in for the resource (use --resource to choose another key)`
		if !slices.Contains(l.Quality.Warnings, want) {
			t.Errorf("warnings %q", l.Quality.Warnings)
		}
	}
	// With org:resource on any event, org:group is data.
	in2 := strings.Replace(in, `<string key="org:group" value="Team B"/>`, `<string key="org:resource" value="Pete"/>`, 1)
	l, err := ReadXES(strings.NewReader(in2), "r.xes", Options{})
	if err != nil || l.Columns.Resource != "org:resource" || !reflect.DeepEqual(l.Resources, []string{"Pete"}) {
		t.Errorf("with org:resource: %v %+v %q", err, l.Columns, l.Resources)
	}
}

func TestCSVResourceLikeColumn(t *testing.T) {
	l, err := ReadCSV(strings.NewReader("case,activity,timestamp,team\n1,a,2020-01-01 10:00:00,Sales\n1,b,2020-01-01 11:00:00,Ops\n"), "t.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `there is no resource column: column "team" is used as the resource (use --resource to choose another)`
	if l.Columns.Resource != "team" || !slices.Contains(l.Quality.Warnings, want) {
		t.Errorf("columns %+v warnings %q", l.Columns, l.Quality.Warnings)
	}
}

func TestXESCompleteWithoutStartIsInstant(t *testing.T) {
	ev := func(act, lc, at string) string {
		return `<event><string key="concept:name" value="` + act + `"/><string key="lifecycle:transition" value="` + lc + `"/><date key="time:timestamp" value="` + at + `"/></event>`
	}
	in := "<log><trace><string key=\"concept:name\" value=\"1\"/>\n" + ev("a", "start", "2020-01-01T10:00:00Z") + ev("a", "complete", "2020-01-01T11:00:00Z") +
		"\n" + ev("a", "complete", "2020-01-01T12:00:00Z") + ev("b", "complete", "2020-01-01T13:00:00Z") + "</trace></log>"
	l, err := ReadXES(strings.NewReader(in), "lc.xes", Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := l.Quality
	if q.MissingStart != 1 || len(q.TimeSamples) != 1 || q.TimeSamples[0].Row != 3 {
		t.Fatalf("missing %d samples %+v", q.MissingStart, q.TimeSamples)
	}
	want := `1 completes have no start event although their activity has start events elsewhere ("a" 1); they are read as instant (0 s service), as PM4Py does`
	if !slices.Contains(q.Warnings, want) {
		t.Errorf("warnings %q", q.Warnings)
	}
}
