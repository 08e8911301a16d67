package analysis

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
)

// manualCalendarFile is the calendars of the hand-built logs (their
// README), as a --calendar file.
const manualCalendarFile = `calendars:
  Marcus: "Mon-Fri 10:00-12:00 12:30-20:00"
  Anya: "Mon-Fri 10:00-20:00"
  Dom: "Mon-Fri 10:00-20:00"
  Carmine: "Mon-Fri 10:00-20:00"
  Cole: "Mon-Fri 10:00-20:00"
`

// parseTimedelta reads pandas Timedelta text: "0 days 01:30:00", "0 days".
func parseTimedelta(t *testing.T, s string) time.Duration {
	t.Helper()
	days, rest, _ := strings.Cut(strings.TrimSpace(s), " days")
	d, err := strconv.Atoi(days)
	if err != nil {
		t.Fatalf("timedelta %q: %v", s, err)
	}
	total := time.Duration(d) * 24 * time.Hour
	if rest = strings.TrimSpace(rest); rest != "" {
		hms := strings.Split(rest, ":")
		if len(hms) != 3 {
			t.Fatalf("timedelta %q: want HH:MM:SS", s)
		}
		for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
			v, err := strconv.ParseFloat(hms[i], 64)
			if err != nil {
				t.Fatalf("timedelta %q: %v", s, err)
			}
			total += time.Duration(v * float64(unit))
		}
	}
	return total
}

// TestWaitCausesAcceptance runs the five hand-built logs (Kronos' test
// assets) through the public Analyze with their calendars given as a
// --calendar file, and matches every expected row, by transition, to the
// second; no other transition may have a wait.
func TestWaitCausesAcceptance(t *testing.T) {
	dir := filepath.Join(shareddata.Dir(t), "wait-causes")
	cf, err := ParseCalendarFile("manual.yaml", []byte(manualCalendarFile))
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 5; n++ {
		t.Run(fmt.Sprintf("manual_log_%d", n), func(t *testing.T) {
			l, err := eventlog.ReadFile(filepath.Join(dir, fmt.Sprintf("manual_log_%d.csv", n)), eventlog.Options{
				Case: "case_id", Activity: "Activity", Time: "end_time", StartTime: "start_time", Resource: "Resource", Strict: true,
			})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(l, Options{Calendars: cf})
			w := r.WaitCauses
			if w.Basis != CausesFromStartTimes {
				t.Fatalf("basis %q", w.Basis)
			}
			for name, info := range r.Calendars {
				if info.Source != CalendarFromFile || info.Calendar != cf.Calendars[name].Text {
					t.Errorf("calendar of %s = %+v", name, info)
				}
			}
			got := map[string]TransitionCauses{}
			for _, tc := range w.ByTransition {
				got[strings.Join([]string{tc.SourceActivity, tc.SourceResource, tc.TargetActivity, tc.TargetResource}, ",")] = tc
			}
			f, err := os.Open(filepath.Join(dir, fmt.Sprintf("manual_log_%d_expected.csv", n)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			seen := map[string]bool{}
			for _, row := range rows[1:] {
				key := strings.Join(row[:4], ",")
				seen[key] = true
				tc, ok := got[key]
				if !ok {
					t.Errorf("%s: transition not found", key)
					continue
				}
				for _, c := range []struct {
					column string
					got    float64
				}{
					{"wt_total", tc.WaitSeconds}, {"wt_batching", tc.BatchingSeconds}, {"wt_prioritization", tc.PrioritizationSeconds},
					{"wt_contention", tc.ContentionSeconds}, {"wt_unavailability", tc.UnavailabilitySeconds}, {"wt_extraneous", tc.ExtraneousSeconds},
				} {
					want := parseTimedelta(t, row[col[c.column]])
					if got := time.Duration(math.Round(c.got)) * time.Second; got != want {
						t.Errorf("%s: %s = %v, want %v", key, c.column, got, want)
					}
				}
			}
			for key, tc := range got {
				if !seen[key] && tc.WaitSeconds != 0 {
					t.Errorf("unexpected transition %s with wait %vs", key, tc.WaitSeconds)
				}
			}
			checkGroups(t, w)
		})
	}
}

// checkGroups checks the invariant on every group of the JSON figures:
// parts ≥ 0 summing to the wait (to float rounding of the seconds), and
// the groups of each list adding up to the total.
func checkGroups(t *testing.T, w *WaitCauses) {
	t.Helper()
	check := func(what string, c Causes) {
		sum := 0.0
		for _, p := range c.Parts() {
			if p < 0 {
				t.Errorf("%s: negative part in %+v", what, c)
			}
			sum += p
		}
		if math.Abs(sum-c.WaitSeconds) > 1e-9*math.Max(1, c.WaitSeconds) {
			t.Errorf("%s: parts sum to %v, wait %v", what, sum, c.WaitSeconds)
		}
	}
	check("total", w.Total)
	var steps, resources Causes
	for _, s := range w.ByStep {
		check("step "+s.Activity, s.Causes)
		steps.WaitSeconds += s.WaitSeconds
		steps.Count += s.Count
	}
	for _, s := range w.ByResource {
		check("resource "+s.Resource, s.Causes)
		resources.WaitSeconds += s.WaitSeconds
		resources.Count += s.Count
	}
	for _, s := range w.ByTransition {
		check("transition "+s.SourceActivity+" → "+s.TargetActivity, s.Causes)
	}
	for _, s := range w.ByOwner {
		check("owner "+s.Owner, s.Causes)
	}
	for _, g := range []Causes{steps, resources} {
		if g.Count != w.Total.Count || math.Abs(g.WaitSeconds-w.Total.WaitSeconds) > 1e-9*math.Max(1, w.Total.WaitSeconds) {
			t.Errorf("groups add up to %d instances, %vs; total %d, %vs", g.Count, g.WaitSeconds, w.Total.Count, w.Total.WaitSeconds)
		}
	}
}

// TestWaitCausesInvariantSharedLogs checks, on every shared log with start
// times, around the clock and with an office calendar from a --calendar
// file, that every instance's parts are ≥ 0 and sum to its wait to the
// nanosecond, and that the figures of Analyze keep the invariant.
func TestWaitCausesInvariantSharedLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("reads large logs")
	}
	dir := filepath.Join(shareddata.Dir(t), "logs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	office, err := ParseCalendarFile("office.yaml", []byte("default: \"Mon-Fri 08:00-12:00 13:00-17:00\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	withStarts := 0
	unavailable := 0.0 // with the office calendar, over all logs
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".csv") && !strings.Contains(name, ".xes") {
			continue
		}
		l, err := eventlog.ReadFile(filepath.Join(dir, name), eventlog.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !l.HasStartTimes {
			continue
		}
		withStarts++
		t.Run(name, func(t *testing.T) {
			for _, cf := range []*CalendarFile{nil, office} {
				opt := Options{Calendars: cf}
				cat := newCatalog(l, opt)
				cals := resolveCalendars(cat, logLocation(l, opt))
				cases := instancesOf(l)
				res := waitcause.Analyze(cases, func(r int32) *waitcause.Calendar {
					if r < 0 {
						return cals.none
					}
					return cals.of[r]
				})
				bad := 0
				for ci, c := range cases {
					for i, in := range c {
						p := res[ci][i].Parts
						want := int64(0)
						if in.Start != waitcause.NoTime {
							want = in.Start - res[ci][i].Enabled
						}
						if p.Wait != want || p.Batching < 0 || p.Contention < 0 || p.Prioritization < 0 || p.Unavailability < 0 || p.Extraneous < 0 ||
							p.Batching+p.Contention+p.Prioritization+p.Unavailability+p.Extraneous != p.Wait {
							if bad++; bad <= 5 {
								t.Errorf("case %d instance %d: %+v", ci, i, p)
							}
						}
					}
				}
				r := Analyze(l, opt)
				checkGroups(t, r.WaitCauses)
				if cf != nil {
					unavailable += r.WaitCauses.Total.UnavailabilitySeconds
					for name, info := range r.Calendars {
						if info.Source != CalendarFromFile {
							t.Errorf("calendar of %s: %+v", name, info)
						}
					}
				}
			}
		})
	}
	if withStarts == 0 {
		t.Fatal("no shared log has start times")
	}
	if unavailable == 0 {
		t.Error("an office calendar leaves no unavailability on any log")
	}
}

// TestWaitCausesSojournOnly: a log without start times gets the working /
// non-working split of each sojourn and says why there is no more.
func TestWaitCausesSojournOnly(t *testing.T) {
	day := func(d, h int) int64 { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC).UnixNano() } // 2026-03-02 is a Monday
	l := &eventlog.Log{
		Source: "mem", Activities: []string{"a", "b"}, Resources: []string{"ann"},
		Cases: []eventlog.Case{{ID: "1", Instances: []eventlog.Instance{
			{Activity: 0, Resource: 0, Enabled: eventlog.NoTime, Start: eventlog.NoTime, End: day(2, 16)}, // Mon 16:00
			{Activity: 1, Resource: 0, Enabled: eventlog.NoTime, Start: eventlog.NoTime, End: day(3, 10)}, // Tue 10:00
		}}},
	}
	cf, err := ParseCalendarFile("c.yaml", []byte("calendars:\n  ann: \"Mon-Fri 08:00-17:00\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := Analyze(l, Options{Calendars: cf})
	w := r.WaitCauses
	if w.Basis != CausesSojournOnly || len(w.Notes) != 1 || !strings.Contains(w.Notes[0], "no start times") {
		t.Fatalf("basis %q, notes %q", w.Basis, w.Notes)
	}
	want := SojournSplit{Count: 1, SojournSeconds: 18 * 3600, WorkingSeconds: 3 * 3600, NonWorkingSeconds: 15 * 3600}
	if w.SojournTotal != want || len(w.SojournByStep) != 1 || w.SojournByStep[0].SojournSplit != want || w.SojournByStep[0].Activity != "b" {
		t.Errorf("total %+v, by step %+v; want %+v for b", w.SojournTotal, w.SojournByStep, want)
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		WaitCauses map[string]json.RawMessage `json:"wait_causes"`
		Calendars  map[string]CalendarInfo    `json:"calendars"`
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if got := string(back.WaitCauses["total"]); got != `{"count":1,"sojourn_seconds":64800,"working_seconds":10800,"non_working_seconds":54000}` {
		t.Errorf("total = %s", got)
	}
	for _, k := range []string{"by_transition", "by_owner"} {
		if got := string(back.WaitCauses[k]); got != "[]" {
			t.Errorf("%s = %s, want []", k, got)
		}
	}
	if got := back.Calendars["ann"]; got != (CalendarInfo{"Mon-Fri 08:00-17:00", "file"}) {
		t.Errorf("calendar of ann = %+v", got)
	}
}

// TestCalendarSources: the map owner's calendar for the resources doing its
// steps, a --calendar entry by resource name or owner id before it, the
// file's default after it, around the clock otherwise (and the notes say
// when no calendar is known).
func TestCalendarSources(t *testing.T) {
	m, err := mapping.Parse("m.yaml", []byte(`process: P
owners:
  - {id: desk, name: Desk, calendar: "Mon-Fri 09:00-17:00"}
  - {id: back, name: Back office}
steps:
  - {id: a, name: A, owner: desk, start: true, next: [b]}
  - {id: b, name: B, owner: back}
`))
	if err != nil {
		t.Fatal(err)
	}
	ts := func(h int) int64 { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC).UnixNano() }
	l := &eventlog.Log{
		Source: "mem", Activities: []string{"A", "B"}, Resources: []string{"ann", "bob", "cid"}, HasStartTimes: true,
		Cases: []eventlog.Case{{ID: "1", Instances: []eventlog.Instance{
			{Activity: 0, Resource: 0, Enabled: eventlog.NoTime, Start: ts(9), End: ts(10)},
			{Activity: 0, Resource: 1, Enabled: eventlog.NoTime, Start: ts(10), End: ts(11)},
			{Activity: 1, Resource: 2, Enabled: eventlog.NoTime, Start: ts(12), End: ts(13)},
		}}},
	}
	for _, tc := range []struct {
		name string
		file string // "" no file
		map_ bool
		want map[string]CalendarInfo
		note bool // the "no calendar known" note
	}{
		{"nothing", "", false, map[string]CalendarInfo{"ann": {"24/7", "default"}, "bob": {"24/7", "default"}, "cid": {"24/7", "default"}}, true},
		{"map", "", true, map[string]CalendarInfo{"ann": {"Mon-Fri 09:00-17:00", "map"}, "bob": {"Mon-Fri 09:00-17:00", "map"}, "cid": {"24/7", "default"}}, false},
		{"file over map", "calendars:\n  bob: \"Mon 08:00-09:00\"\n  back: \"Tue 08:00-09:00\"\ndefault: \"Sat 10:00-11:00\"\n", true,
			map[string]CalendarInfo{"ann": {"Mon-Fri 09:00-17:00", "map"}, "bob": {"Mon 08:00-09:00", "file"}, "cid": {"Tue 08:00-09:00", "file"}}, false},
		{"file default", "default: \"Sat 10:00-11:00\"\n", false,
			map[string]CalendarInfo{"ann": {"Sat 10:00-11:00", "file"}, "bob": {"Sat 10:00-11:00", "file"}, "cid": {"Sat 10:00-11:00", "file"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{}
			if tc.map_ {
				opt.Map = m
			}
			if tc.file != "" {
				cf, err := ParseCalendarFile("c.yaml", []byte(tc.file))
				if err != nil {
					t.Fatal(err)
				}
				opt.Calendars = cf
			}
			r := Analyze(l, opt)
			for name, want := range tc.want {
				if got := r.Calendars[name]; got != want {
					t.Errorf("%s: %+v, want %+v", name, got, want)
				}
			}
			hasNote := false
			for _, n := range r.WaitCauses.Notes {
				hasNote = hasNote || strings.Contains(n, "No working calendar")
			}
			if hasNote != tc.note {
				t.Errorf("notes %q", r.WaitCauses.Notes)
			}
			if tc.map_ != (len(r.WaitCauses.ByOwner) > 0) {
				t.Errorf("by owner %+v", r.WaitCauses.ByOwner)
			}
		})
	}
}

// TestParseCalendarFile: a good file, and problems at file:line:col.
func TestParseCalendarFile(t *testing.T) {
	good := `calendars:
  Marcus: "Mon-Fri 10:00-12:00 12:30-20:00"
  warehouse: "Mon-Sat 07:00-19:00"
default: "24/7"
holidays: [2026-12-25, 2026-12-26]
`
	cf, err := ParseCalendarFile("cal.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cf.Names, ","); got != "Marcus,warehouse" {
		t.Errorf("names %s", got)
	}
	if cf.Calendars["Marcus"].Text != "Mon-Fri 10:00-12:00 12:30-20:00" || cf.Calendars["warehouse"].HoursPerWeek() != 72 {
		t.Errorf("calendars %+v", cf.Calendars)
	}
	if cf.Default == nil || cf.Default.HoursPerWeek() != 168 {
		t.Errorf("default %+v", cf.Default)
	}
	if len(cf.Holidays) != 2 || !cf.Holidays[1].Equal(time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("holidays %v", cf.Holidays)
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"bad calendar", "calendars:\n  Marcus: \"Mon-Fri 25:00-26:00\"\n", "cal.yaml:2:11: calendar of Marcus: "},
		{"bad default", "default: \"sometimes\"\n", "cal.yaml:1:10: default: "},
		{"unknown key", "calendars: {}\ndefualt: \"24/7\"\n", `cal.yaml:2:1: unknown key "defualt" in calendar file (did you mean "default"?)`},
		{"bad holiday", "holidays: [2026-13-01]\n", `cal.yaml:1:12: holiday "2026-13-01": expected a date such as 2026-12-25`},
		{"not a mapping", "- a\n", "cal.yaml:1:1: calendar file: expected a mapping"},
		{"calendars not a mapping", "calendars: [a]\n", "cal.yaml:1:12: calendars: expected a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCalendarFile("cal.yaml", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want prefix %q", err, tc.want)
			}
			if !errors.Is(err, mapping.ErrInvalid) {
				t.Errorf("error %v is not mapping.ErrInvalid", err)
			}
		})
	}
}

// BenchmarkAnalyzeBPIC2012WithCauses analyses bpic2012 (262k events) with
// an office calendar for everyone: the whole analysis, waiting causes
// included (the contract asks for < 5 s on 2 cores).
func BenchmarkAnalyzeBPIC2012WithCauses(b *testing.B) {
	path := filepath.Join(shareddata.Dir(b), "logs", "bpic2012.xes.gz")
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cf, err := ParseCalendarFile("office.yaml", []byte("default: \"Mon-Fri 08:00-17:00\"\n"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r := Analyze(l, Options{Calendars: cf})
		if r.WaitCauses.Total.Count == 0 {
			b.Fatal("no waits")
		}
	}
	b.ReportMetric(float64(l.Events())*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkWaitCausesBPIC2012 is the waiting causes alone on bpic2012.
func BenchmarkWaitCausesBPIC2012(b *testing.B) {
	path := filepath.Join(shareddata.Dir(b), "logs", "bpic2012.xes.gz")
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cf, err := ParseCalendarFile("office.yaml", []byte("default: \"Mon-Fri 08:00-17:00\"\n"))
	if err != nil {
		b.Fatal(err)
	}
	cat := newCatalog(l, Options{Calendars: cf})
	b.ReportAllocs()
	for b.Loop() {
		waitCauses(cat)
	}
}

// TestWaitCausesLargeSums: sums past 292 years (where int64 nanoseconds
// overflow) stay exact, with and without start times.
func TestWaitCausesLargeSums(t *testing.T) {
	const year = int64(365 * 24 * time.Hour)
	for _, starts := range []bool{true, false} {
		l := &eventlog.Log{Source: "mem", Activities: []string{"a", "b"}, Resources: []string{"r"}, HasStartTimes: starts}
		for c := range 400 {
			base := int64(c) * 3 * year
			first := eventlog.Instance{Activity: 0, Resource: 0, Enabled: eventlog.NoTime, Start: eventlog.NoTime, End: base + 1}
			second := eventlog.Instance{Activity: 1, Resource: 0, Enabled: eventlog.NoTime, Start: eventlog.NoTime, End: base + year + 2}
			if starts {
				first.Start, second.Start = base, base+year+1
			}
			l.Cases = append(l.Cases, eventlog.Case{ID: strconv.Itoa(c), Instances: []eventlog.Instance{first, second}})
		}
		w := Analyze(l, Options{}).WaitCauses
		want := 400 * float64(year) / 1e9
		got := w.Total.WaitSeconds
		if !starts {
			got = w.SojournTotal.SojournSeconds - 400*1e-9 // each sojourn is a year and 1 ns
		}
		if math.Abs(got-want) > 1e-6*want {
			t.Errorf("start times %v: total %v s, want %v s", starts, got, want)
		}
	}
}
