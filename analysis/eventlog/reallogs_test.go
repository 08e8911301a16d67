package eventlog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/shareddata"
)

type reference struct {
	Results struct {
		Counts struct {
			Cases, Events, Activities, Variants int
		} `json:"counts"`
		TimeRange struct {
			First string `json:"first_event"`
			Last  string `json:"last_event"`
		} `json:"time_range_utc"`
		ActivityCounts map[string]int `json:"activity_counts"`
		Lifecycle      *struct {
			CompleteOnly *struct {
				Counts struct{ Events int } `json:"counts"`
			} `json:"complete_only"`
		} `json:"lifecycle"`
	} `json:"results"`
}

func TestRealLogs(t *testing.T) {
	sharedData := shareddata.Dir(t)
	logs := filepath.Join(sharedData, "logs")
	tests := []struct{ file, ref string }{
		{"running-example.xes", "running-example"},
		{"running-example.csv", "running-example-csv"},
		{"receipt.xes.gz", "receipt"},
		{"receipt.csv", "receipt-csv"},
		{"roadtraffic100traces.xes", "roadtraffic100traces"},
		{"roadtraffic100traces.csv", "roadtraffic100traces-csv"},
		{"reviewing.xes", "reviewing"},
		{"repairExample.xes.gz", "repairExample"},
		{"helpdesk.xes.gz", "helpdesk"},
		{"bpic2012.xes.gz", "bpic2012"},
		{"bpic2013_incidents.xes.gz", "bpic2013_incidents"},
		{"bpic2013_closed_problems.xes.gz", "bpic2013_closed_problems"},
		{"interval_event_log.csv", "interval_event_log"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join(sharedData, "reference", tt.ref+".json"))
			if err != nil {
				t.Skip("no reference:", err)
			}
			var ref reference
			if err := json.Unmarshal(data, &ref); err != nil {
				t.Fatal(err)
			}
			l, err := ReadFile(filepath.Join(logs, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := ref.Results
			q := l.Quality
			if len(l.Cases) != r.Counts.Cases || q.Rows != r.Counts.Events || q.BadRows != 0 {
				t.Errorf("cases %d rows %d bad %d, want %d %d 0", len(l.Cases), q.Rows, q.BadRows, r.Counts.Cases, r.Counts.Events)
			}
			if len(l.Activities) != r.Counts.Activities {
				t.Errorf("activities %d, want %d", len(l.Activities), r.Counts.Activities)
			}
			paired := r.Lifecycle != nil && r.Lifecycle.CompleteOnly != nil
			if paired {
				if l.Events() != r.Lifecycle.CompleteOnly.Counts.Events || !l.HasStartTimes {
					t.Errorf("instances %d (starts %v), want %d", l.Events(), l.HasStartTimes, r.Lifecycle.CompleteOnly.Counts.Events)
				}
				return
			}
			if l.Events() != r.Counts.Events {
				t.Errorf("events %d, want %d", l.Events(), r.Counts.Events)
			}
			// Per-activity counts, time range and variants (trace order).
			counts := map[string]int{}
			first, last := int64(1<<63-1), int64(-1<<63)
			variants := map[string]bool{}
			for _, c := range l.Cases {
				var v []string
				for _, in := range c.Instances {
					counts[l.Activities[in.Activity]]++
					first, last = min(first, in.End), max(last, in.End)
					v = append(v, l.Activities[in.Activity])
				}
				variants[strings.Join(v, "\x00")] = true
			}
			for a, n := range r.ActivityCounts {
				if counts[a] != n {
					t.Errorf("activity %q: %d, want %d", a, counts[a], n)
				}
			}
			for _, x := range []struct {
				got  int64
				want string
			}{{first, r.TimeRange.First}, {last, r.TimeRange.Last}} {
				w, err := time.Parse(time.RFC3339Nano, x.want)
				if err != nil || w.UnixNano() != x.got {
					t.Errorf("time range: %v, want %s", time.Unix(0, x.got).UTC(), x.want)
				}
			}
			if !l.HasStartTimes && len(variants) != r.Counts.Variants {
				t.Errorf("variants %d, want %d", len(variants), r.Counts.Variants)
			}
		})
	}
}
