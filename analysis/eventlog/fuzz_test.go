package eventlog

import (
	"bytes"
	"os"
	"testing"
)

// checkLog asserts the invariants every successfully read log must keep.
func checkLog(t *testing.T, l *Log) {
	t.Helper()
	q := l.Quality
	if q.BadRows > q.Rows || len(q.Samples) > q.BadRows || len(q.Samples) > 20 {
		t.Fatalf("rows %d bad %d samples %d", q.Rows, q.BadRows, len(q.Samples))
	}
	if l.Format != "wide" && l.Events() > q.Rows-q.BadRows {
		t.Fatalf("%d instances from %d good rows", l.Events(), q.Rows-q.BadRows)
	}
	seen := map[string]bool{}
	for _, c := range l.Cases {
		if c.ID == "" || seen[c.ID] {
			t.Fatalf("case id %q empty or repeated", c.ID)
		}
		seen[c.ID] = true
		for i, in := range c.Instances {
			if in.Activity < 0 || int(in.Activity) >= len(l.Activities) {
				t.Fatalf("activity index %d of %d", in.Activity, len(l.Activities))
			}
			if in.Resource < -1 || int(in.Resource) >= len(l.Resources) {
				t.Fatalf("resource index %d of %d", in.Resource, len(l.Resources))
			}
			if in.Row < 1 {
				t.Fatalf("row %d", in.Row)
			}
			if i > 0 {
				p := c.Instances[i-1]
				if p.SortTime() > in.SortTime() || (p.SortTime() == in.SortTime() && p.Seq >= in.Seq) {
					t.Fatalf("case %q not in trace order at %d", c.ID, i)
				}
			}
		}
	}
}

func addSeeds(f *testing.F, files ...string) {
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f, "testdata/malformed.csv", "testdata/wide.csv")
	f.Add([]byte("case;activity;timestamp;lifecycle\n1;a;2020-01-01 10:00;start\n1;a;2020-01-01 11:00;complete\n"))
	f.Add([]byte("\ufeffid\tevent\tdate\n7\tx\t01/02/2020\n7\ty\t13/02/2020\n"))
	f.Add([]byte("case_id,activity,timestamp\n\"1\",\"a\"b,1577872800\n2,c,1577872800000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{}, {Wide: []string{"timestamp", "approved_at"}, Case: "case_id"}} {
			l, err := ReadCSV(bytes.NewReader(data), "fuzz.csv", opt)
			if err != nil {
				if l != nil {
					t.Fatal("log and error")
				}
				_ = err.Error()
				continue
			}
			checkLog(t, l)
		}
	})
}

func FuzzReadXES(f *testing.F) {
	addSeeds(f, "testdata/lifecycle.xes", "testdata/substatus.xes")
	f.Add([]byte(`<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="a"/><date key="time:timestamp" value="2020-01-01T00:00:00Z"/></event></trace></log>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadXES(bytes.NewReader(data), "fuzz.xes", Options{})
		if err != nil {
			if l != nil {
				t.Fatal("log and error")
			}
			_ = err.Error()
			return
		}
		checkLog(t, l)
	})
}
