package mapping

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseSeconds(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		bad  bool
	}{
		{"90s", 90, false}, {"10m", 600, false}, {"1.5h", 5400, false}, {"2d", 172800, false},
		{"1h30m", 5400, false}, {"0s", 0, false}, {"500ms", 0.5, false}, {"1w", 604800, false},
		{"15", 0, true}, {"", 0, true}, {"abc", 0, true}, {"5 parsecs", 0, true}, {"1e400h", 0, true},
		{"1e-3h", 3.6, false}, {"2.5E1m", 1500, false}, {"1e3s", 1000, false}, {"1,5h", 0, true}, {"5M", 0, true}, {"2mo", 0, true}, {"3months", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseSeconds(tt.in)
		if (err != nil) != tt.bad || !tt.bad && got != tt.want {
			t.Errorf("ParseSeconds(%q) = %v, %v; want %v, bad=%v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestDistMean(t *testing.T) {
	tests := []struct {
		d    Dist
		want float64
	}{
		{Constant(60), 60},
		{Dist{Kind: DistTriangular, Min: 300, Mode: 720, Max: 2400}, 1140},
		{Dist{Kind: DistUniform, Min: 3600, Max: 8 * 3600}, 4.5 * 3600},
		{Dist{Kind: DistLognormal, Mean: 360, SD: 180}, 360},
		{Dist{Kind: DistEmpirical, Values: []float64{1, 2, 6}}, 3},
		// Normal(0, 1) truncated at 0: mean sqrt(2/pi).
		{Dist{Kind: DistNormal, Mean: 0, SD: 1}, math.Sqrt(2 / math.Pi)},
	}
	for _, tt := range tests {
		if got := tt.d.MeanSeconds(); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%v mean = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestParseCalendar(t *testing.T) {
	tests := []struct {
		in    string
		hours float64
		bad   bool
	}{
		{"Mon-Fri 08:00-17:00", 45, false},
		{"Mon-Fri 08:00-12:00 13:00-17:00; Sat 09:00-13:00", 44, false},
		{"daily 22:00-06:00", 56, false},
		{"24/7", 168, false},
		{"Fri-Mon 10:00-14:00", 16, false},
		{"Mon-Fri", 0, true},
		{"08:00-17:00", 0, true},
		{"Mon-Fry 08:00-17:00", 0, true},
		{"Mon 25:00-26:00", 0, true},
	}
	for _, tt := range tests {
		c, err := ParseCalendar(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("ParseCalendar(%q) error %v, want bad=%v", tt.in, err, tt.bad)
			continue
		}
		if !tt.bad && c.HoursPerWeek() != tt.hours {
			t.Errorf("ParseCalendar(%q) = %v h/week, want %v", tt.in, c.HoursPerWeek(), tt.hours)
		}
	}
	c, _ := ParseCalendar("daily 22:00-06:00")
	if got := c.Week[time.Tuesday]; len(got) != 2 || got[0] != (Interval{0, 6 * 3600}) || got[1] != (Interval{22 * 3600, 86400}) {
		t.Errorf("overnight shift on Tuesday = %v", got)
	}
}

func TestParseExampleDetails(t *testing.T) {
	m, err := ReadFile("../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pp, ok := m.Step("pick_pack")
	if !ok {
		t.Fatal("no pick_pack step")
	}
	if pp.Owner != "warehouse" || pp.System != "wms" || pp.SLA != 8*time.Hour ||
		!reflect.DeepEqual(pp.Duration, Dist{Kind: DistTriangular, Min: 300, Mode: 720, Max: 2400}) ||
		len(pp.LogNames) != 2 || pp.LogNames[1] != "Packed" {
		t.Errorf("pick_pack = %+v", pp)
	}
	if len(pp.Next) != 2 || pp.Next[1] != (Edge{From: "pick_pack", To: "stock_out", P: 0.03, PGiven: true, Label: "item missing", Pos: pp.Next[1].Pos}) {
		t.Errorf("pick_pack next = %+v", pp.Next)
	}
	if s, ok := m.StepForActivity("Packed"); !ok || s.ID != "pick_pack" {
		t.Errorf("StepForActivity(Packed) = %v", s)
	}
	if m.SLA != 48*time.Hour {
		t.Errorf("SLA %v", m.SLA)
	}
	wh, _ := m.Owner("warehouse")
	if wh.Capacity != 4 || wh.Calendar.HoursPerWeek() != 45 || wh.External {
		t.Errorf("warehouse = %+v", wh)
	}
	for _, id := range []string{"customer", "payments", "carrier"} {
		if o, _ := m.Owner(id); !o.External {
			t.Errorf("owner %s is not external", id)
		}
	}
}

// TestValidExamples keeps every example map valid.
func TestValidExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.yaml")
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	files = append(files, valid...)
	if len(files) < 4 {
		t.Fatalf("found only %d maps", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if isScenario(src) {
			continue
		}
		if _, err := Parse(f, src); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// isScenario skips scenario files that sit next to the maps in examples/.
func isScenario(src []byte) bool {
	return bytes.Contains(src, []byte("\narrivals:")) || bytes.HasPrefix(src, []byte("arrivals:"))
}

// FuzzParse: the parser never panics, and a map it accepts is consistent.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	examples, _ := filepath.Glob("../examples/*.yaml")
	for _, p := range append(seeds, examples...) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := Parse("fuzz.yaml", src)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T is not a non-empty ErrorList: %v", err, err)
			}
			return
		}
		if _, err := ComputeStats(m); err != nil {
			t.Fatalf("valid map but stats fail: %v", err)
		}
	})
}

// TestDecisionWarning: a decision without duration that people make waits
// for their capacity and calendar; the map says so.
func TestDecisionWarning(t *testing.T) {
	src := "process: Decision\nowners:\n  - {id: o, name: Team, capacity: 2}\n  - {id: sys, name: System}\nsteps:\n" +
		"  - {id: a, owner: o, decision: true, next: [b, c]}\n" +
		"  - {id: b, owner: o, decision: true, automated: true, next: [c, d]}\n" +
		"  - {id: c, owner: o, decision: true, duration: 0s, next: [d]}\n" +
		"  - {id: d, owner: sys, decision: true, next: [e]}\n" +
		"  - {id: e, owner: o, duration: 1m}\n"
	m, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range m.Warnings {
		if strings.Contains(w.Msg, "decision") {
			got = append(got, w.Error())
		}
	}
	want := "t.yaml:6:5: warning: decision a has no duration and is not automated: cases queue for owner o to decide; set automated: true if the system decides"
	if len(got) != 1 || got[0] != want {
		t.Errorf("decision warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}
