package waitcause

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
)

// manualCalendars are the working calendars of the hand-built logs (their README).
var manualCalendars = map[string]string{
	"Marcus":  "Mon-Fri 10:00-12:00 12:30-20:00",
	"Anya":    "Mon-Fri 10:00-20:00",
	"Dom":     "Mon-Fri 10:00-20:00",
	"Carmine": "Mon-Fri 10:00-20:00",
	"Cole":    "Mon-Fri 10:00-20:00",
}

// mustCalendar parses a calendar (UTC); t may be nil (panics on error).
func mustCalendar(t testing.TB, text string) *Calendar {
	c, err := mapping.ParseCalendar(text)
	if err != nil {
		if t == nil {
			panic(err)
		}
		t.Fatal(err)
	}
	return NewCalendar(c, nil)
}

// simpleLog is a log read from a small CSV: names interned, cases in order.
type simpleLog struct {
	activities, resources []string
	caseIDs               []string
	cases                 [][]Instance
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// readManualLog reads case_id, Activity, start_time, end_time, Resource.
func readManualLog(t testing.TB, path string) *simpleLog {
	t.Helper()
	rows := readCSV(t, path)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	l := &simpleLog{}
	intern := func(list *[]string, s string) int32 {
		if i := slices.Index(*list, s); i >= 0 {
			return int32(i)
		}
		*list = append(*list, s)
		return int32(len(*list) - 1)
	}
	parse := func(s string) int64 {
		tm, err := time.Parse("2006-01-02T15:04:05.000", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixNano()
	}
	for _, row := range rows[1:] {
		c := int(intern(&l.caseIDs, row[col["case_id"]]))
		if c == len(l.cases) {
			l.cases = append(l.cases, nil)
		}
		l.cases[c] = append(l.cases[c], Instance{
			Activity: intern(&l.activities, row[col["Activity"]]),
			Resource: intern(&l.resources, row[col["Resource"]]),
			Enabled:  NoTime,
			Start:    parse(row[col["start_time"]]),
			End:      parse(row[col["end_time"]]),
		})
	}
	for _, c := range l.cases {
		slices.SortStableFunc(c, func(a, b Instance) int {
			if a.Start != b.Start {
				return int(a.Start - b.Start)
			}
			return int(a.End - b.End)
		})
	}
	return l
}

// parseTimedelta reads pandas Timedelta text: "0 days 01:30:00", "1 days
// 12:00:00", "0 days".
func parseTimedelta(s string) (time.Duration, error) {
	days, rest, _ := strings.Cut(strings.TrimSpace(s), " days")
	d, err := strconv.Atoi(days)
	if err != nil {
		return 0, fmt.Errorf("timedelta %q: %v", s, err)
	}
	total := time.Duration(d) * 24 * time.Hour
	if rest = strings.TrimSpace(rest); rest != "" {
		hms := strings.Split(rest, ":")
		if len(hms) != 3 {
			return 0, fmt.Errorf("timedelta %q: want HH:MM:SS", s)
		}
		for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
			v, err := strconv.ParseFloat(hms[i], 64)
			if err != nil {
				return 0, fmt.Errorf("timedelta %q: %v", s, err)
			}
			total += time.Duration(v * float64(unit))
		}
	}
	return total, nil
}

func TestParseTimedelta(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"0 days 01:30:00", 90 * time.Minute},
		{"1 days 12:00:00", 36 * time.Hour},
		{"0 days", 0},
		{"0 days 00:00:00", 0},
	} {
		got, err := parseTimedelta(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseTimedelta(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// analyzeManual analyses a hand-built log with the README's calendars.
func analyzeManual(t testing.TB, l *simpleLog) [][]Result {
	cals := make([]*Calendar, len(l.resources))
	for i, name := range l.resources {
		text, ok := manualCalendars[name]
		if !ok {
			t.Fatalf("no calendar for resource %q", name)
		}
		cals[i] = mustCalendar(t, text)
	}
	return Analyze(l.cases, func(r int32) *Calendar {
		if r < 0 {
			return nil
		}
		return cals[r]
	})
}

// TestAcceptance matches every row of the expected splits of the five
// hand-built logs (Kronos' test assets) to the second, aggregated by
// transition, and checks that no other transition has a wait.
func TestAcceptance(t *testing.T) {
	dir := filepath.Join(shareddata.Dir(t), "wait-causes")
	for n := 1; n <= 5; n++ {
		t.Run(fmt.Sprintf("manual_log_%d", n), func(t *testing.T) {
			l := readManualLog(t, filepath.Join(dir, fmt.Sprintf("manual_log_%d.csv", n)))
			res := analyzeManual(t, l)
			checkInvariant(t, l.cases, res)
			sum := Summarize(l.cases, res)
			rows := readCSV(t, filepath.Join(dir, fmt.Sprintf("manual_log_%d_expected.csv", n)))
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			index := func(list []string, s string) int32 {
				i := slices.Index(list, s)
				if i < 0 {
					t.Fatalf("unknown name %q", s)
				}
				return int32(i)
			}
			matched := 0
			seen := map[Transition]bool{}
			for _, row := range rows[1:] {
				k := Transition{
					index(l.activities, row[col["source_activity"]]), index(l.resources, row[col["source_resource"]]),
					index(l.activities, row[col["target_activity"]]), index(l.resources, row[col["target_resource"]]),
				}
				seen[k] = true
				g, ok := sum.ByTransition[k]
				name := strings.Join(row[:4], ",")
				if !ok {
					t.Errorf("%s: transition not found", name)
					continue
				}
				ok = true
				for _, c := range []struct {
					column string
					got    int64
				}{
					{"wt_total", g.Wait}, {"wt_batching", g.Batching}, {"wt_prioritization", g.Prioritization},
					{"wt_contention", g.Contention}, {"wt_unavailability", g.Unavailability}, {"wt_extraneous", g.Extraneous},
				} {
					want, err := parseTimedelta(row[col[c.column]])
					if err != nil {
						t.Fatal(err)
					}
					if got := time.Duration(c.got).Round(time.Second); got != want {
						t.Errorf("%s: %s = %v, want %v", name, c.column, got, want)
						ok = false
					}
				}
				if ok {
					matched++
				}
			}
			for k, g := range sum.ByTransition {
				if !seen[k] && g.Wait != 0 {
					t.Errorf("unexpected transition %v with wait %v", k, time.Duration(g.Wait))
				}
			}
			t.Logf("%d of %d rows matched", matched, len(rows)-1)
		})
	}
}

// checkInvariant checks that every part is ≥ 0 and the parts sum to the wait.
func checkInvariant(t testing.TB, cases [][]Instance, res [][]Result) {
	t.Helper()
	bad := 0
	for ci, c := range cases {
		for i := range c {
			r := res[ci][i]
			p := r.Parts
			sum := p.Batching + p.Prioritization + p.Contention + p.Unavailability + p.Extraneous
			wantWait := int64(0)
			if c[i].Start != NoTime {
				wantWait = c[i].Start - r.Enabled
			}
			if p.Wait < 0 || p.Batching < 0 || p.Prioritization < 0 || p.Contention < 0 ||
				p.Unavailability < 0 || p.Extraneous < 0 || sum != p.Wait || p.Wait != wantWait {
				if bad++; bad <= 5 {
					t.Errorf("case %d instance %d: parts %+v (sum %d)", ci, i, p, sum)
				}
			}
		}
	}
	if bad > 5 {
		t.Errorf("%d instances break the invariant", bad)
	}
}
