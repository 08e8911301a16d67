package calendars

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// bpic2012Work reads the W_ instances of bpic2012 (they have start times).
func bpic2012Work(t testing.TB) (*eventlog.Log, []Work) {
	t.Helper()
	path := filepath.Join(shareddata.Dir(t), "logs", "bpic2012.xes.gz")
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var work []Work
	for _, c := range l.Cases {
		for _, in := range c.Instances {
			if strings.HasPrefix(l.Activities[in.Activity], "W_") {
				work = append(work, Work{Resource: in.Resource, Start: in.Start, End: in.End})
			}
		}
	}
	return l, work
}

func TestBPIC2012(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a large log")
	}
	l, work := bpic2012Work(t)
	loc := amsterdam(t)
	got := Discover(work, loc, Options{})
	res := make([]int32, 0, len(got))
	enough := 0
	for r, d := range got {
		res = append(res, r)
		if !d.Enough {
			if d.Reason == "" {
				t.Errorf("%s: not enough without a reason", l.Resources[r])
			}
			continue
		}
		enough++
		if d.Support < DefaultDesiredSupport {
			t.Errorf("%s: support %.3f below the desired support", l.Resources[r], d.Support)
		}
		if d.Confidence < DefaultMinConfidence || d.Confidence > 1 {
			t.Errorf("%s: confidence %.3f", l.Resources[r], d.Confidence)
		}
		if h := d.Calendar.HoursPerWeek(); h <= 0 || h > 168 {
			t.Errorf("%s: %v hours a week", l.Resources[r], h)
		}
		back := mustCalendar(t, d.Calendar.Text)
		if !sameWeek(back.Week, d.Calendar.Week) {
			t.Errorf("%s: %q reads back differently", l.Resources[r], d.Calendar.Text)
		}
	}
	if enough < len(got)/2 {
		t.Errorf("only %d of %d resources have enough data", enough, len(got))
	}
	sort.Slice(res, func(i, j int) bool { return got[res[i]].Instances > got[res[j]].Instances })
	for _, r := range res[:6] {
		d := got[r]
		t.Logf("%-6s %5d instances, %2d weeks, %5.1f h/week, support %.2f, confidence %.2f: %s",
			l.Resources[r], d.Instances, d.Weeks, d.Calendar.HoursPerWeek(), d.Support, d.Confidence, d.Calendar.Text)
	}
	for _, r := range res {
		if d := got[r]; !d.Enough {
			t.Logf("%-6s not enough: %s", l.Resources[r], d.Reason)
		}
	}
	lc := LogCalendar(work, loc, Options{})
	if !lc.Enough {
		t.Fatalf("log calendar: %+v", lc)
	}
	t.Logf("%d of %d resources with enough data; log calendar (%.1f h/week, support %.2f, confidence %.2f): %s",
		enough, len(got), lc.Calendar.HoursPerWeek(), lc.Support, lc.Confidence, lc.Calendar.Text)
}

func BenchmarkDiscoverBPIC2012(b *testing.B) {
	_, work := bpic2012Work(b)
	loc := amsterdam(b)
	b.ResetTimer()
	for b.Loop() {
		Discover(work, loc, Options{})
		LogCalendar(work, loc, Options{})
	}
}
