package mapping

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/yamlpos"
)

// TestEncodeRoundTrip: every example map, and the map inside every
// scenario that writes one inline, parses to the same model after Encode.
func TestEncodeRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.yaml")
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	files = append(files, valid...)
	inline := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var m *Map
			if isScenario(src) {
				if m = scenarioMap(t, f, src); m == nil {
					t.Skip("the scenario names a map file; that file is tested itself")
				}
				inline++
			} else if m, err = Parse(f, src); err != nil {
				t.Fatal(err)
			}
			roundTrip(t, m, nil)
		})
	}
	if inline == 0 {
		t.Error("no scenario with an inline map among the examples")
	}
}

// scenarioMap decodes the map written inline in a scenario file (nil when
// the scenario names a map file instead): the scenario's own keys are
// passed as extra keys, as simulate does.
func scenarioMap(t *testing.T, file string, src []byte) *Map {
	t.Helper()
	root, err := yamlpos.Parse(file, src)
	if err != nil {
		t.Fatal(err)
	}
	d := &yamlpos.Decoder{File: file}
	fields, _ := d.Fields(root, "scenario", nil)
	if _, external := fields["map"]; external {
		return nil
	}
	var extra []string
	for k := range fields {
		if !slices.Contains(mapKeys, k) {
			extra = append(extra, k)
		}
	}
	m := DecodeYAMLMap(d, root, extra)
	if err := d.Errs.Err(); err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	return m
}

// roundTrip encodes m, parses the result and compares the models.
func roundTrip(t *testing.T, m *Map, opt *EncodeOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, m, opt); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("encoded.yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("encoded map does not parse: %v\n%s", err, buf.Bytes())
	}
	if diff := modelDiff(m, back); diff != "" {
		t.Errorf("round trip changed the map: %s\n%s", diff, buf.Bytes())
	}
	return buf.Bytes()
}

// modelDiff compares two maps as models: positions, the file name and the
// warnings (which carry positions) aside. It returns "" when they are equal.
func modelDiff(a, b *Map) string {
	a, b = withoutPositions(a), withoutPositions(b)
	if a.Process != b.Process || a.SLA != b.SLA {
		return "process or sla"
	}
	if !reflect.DeepEqual(a.Owners, b.Owners) {
		return "owners"
	}
	if !reflect.DeepEqual(a.Systems, b.Systems) {
		return "systems"
	}
	if len(a.Steps) != len(b.Steps) {
		return "number of steps"
	}
	for i := range a.Steps {
		if !reflect.DeepEqual(a.Steps[i], b.Steps[i]) {
			return "step " + a.Steps[i].ID
		}
	}
	if !reflect.DeepEqual(a, b) {
		return "map"
	}
	return ""
}

func withoutPositions(m *Map) *Map {
	c := *m
	c.File, c.Pos, c.keyPos, c.Warnings = "", Pos{}, nil, nil
	c.Owners = slices.Clone(m.Owners)
	for i := range c.Owners {
		c.Owners[i].Pos, c.Owners[i].fieldPos = Pos{}, nil
	}
	c.Systems = slices.Clone(m.Systems)
	for i := range c.Systems {
		c.Systems[i].Pos = Pos{}
	}
	c.Steps = slices.Clone(m.Steps)
	for i := range c.Steps {
		s := &c.Steps[i]
		s.Pos, s.fieldPos = Pos{}, nil
		s.Next = slices.Clone(s.Next)
		for j := range s.Next {
			s.Next[j].Pos = Pos{}
		}
	}
	return &c
}

// TestEncodeAwkwardText: text that YAML would read as another type, or
// that breaks a plain scalar, survives the round trip wherever free text
// and ids go.
func TestEncodeAwkwardText(t *testing.T) {
	names := []string{
		"null", "NULL", "~", "true", "False", "yes", "no", "on", "off", "y", "n",
		"1e3", "12", "0x1F", "-1", "+1", ".5", ".inf", "2026-01-05", "12:30",
		"a: b", "a:b", "#x", "a # b", " leading", "trailing ", " ", "\t", "-", "- x", "? x",
		"[x]", "{x}", "a, b", "&a", "*a", "!a", "|", ">", "'q'", `"q"`, "%x", "@x", "`x`", "<<",
		"line\nbreak", "tab\there", "back\\slash", "nbsp\u00a0x", "bell\a",
		"Müller prüft", "日本語の手順", "emoji 😀", "up to $500", "High-value order?",
	}
	ids := []string{"null", "true", "yes", "1e3", "0", "-", "-x", "No", "on", "Y", "x_1"}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			m := awkwardMap(name, "x_1")
			roundTrip(t, m, &EncodeOptions{Header: name, StepComment: func(*Step) string { return name }, EdgeComment: func(Edge) string { return name }})
		})
	}
	for _, id := range ids {
		t.Run("id "+id, func(t *testing.T) {
			roundTrip(t, awkwardMap("Name", id), nil)
		})
	}
	// Empty-looking names: an empty step name reads back as the id, so
	// only the process name can be empty.
	m := awkwardMap("x", "a")
	m.Process = ""
	var buf bytes.Buffer
	if err := Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "process: \"\"\n") {
		t.Errorf("empty process name written as:\n%s", buf.String())
	}
}

// awkwardMap puts text everywhere a map holds free text, and id as the id
// of an owner, a system and a step.
func awkwardMap(text, id string) *Map {
	cal, _ := ParseCalendar("Mon-Fri 08:00-17:00")
	m := &Map{
		Process: text,
		SLA:     48 * time.Hour,
		Owners:  []Owner{{ID: id, Name: text, Capacity: 3, Calendar: cal}, {ID: "other", Name: "Other " + text}},
		Systems: []System{{ID: id, Name: text}},
		Steps: []Step{
			{ID: "begin", Name: text, Owner: id, System: id, Start: true, Duration: Constant(90),
				LogNames: []string{text}, Next: []Edge{{From: "begin", To: id, P: 0.25, PGiven: true, Label: text}, {From: "begin", To: "end", P: 0.75, PGiven: true}}},
			{ID: id, Name: text + " again", Owner: "other", Decision: true, Automated: true,
				Duration: Dist{Kind: DistTriangular, Min: 300, Mode: 720, Max: 5400}, LogNames: []string{text + "!"}, SLA: 4 * time.Hour, Next: []Edge{{From: id, To: "end", P: 1}}},
			{ID: "end", Name: "end", Owner: "other", Capacity: 2, QueueLimit: 15, Duration: Dist{Kind: DistEmpirical, Values: []float64{1, 2.5, 83510.755}}},
		},
	}
	if err := m.Validate(); err != nil {
		panic(err)
	}
	return m
}

func TestDurationText(t *testing.T) {
	for sec, want := range map[float64]string{
		0: "0s", 30: "30s", 90: "90s", 60: "1m", 720: "12m", 3600: "1h", 5400: "90m", 43200: "12h",
		86400: "1d", 172800: "2d", 0.5: "0.5s", 83510.755: "83510.755s", 1.5 * 86400: "36h",
	} {
		if got := durationText(sec); got != want {
			t.Errorf("durationText(%v) = %q, want %q", sec, got, want)
		}
	}
}

// TestEncodeStyle: the output reads like the hand-written example.
func TestEncodeStyle(t *testing.T) {
	m, err := ReadFile("../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := string(roundTrip(t, m, &EncodeOptions{
		Header:      "Order fulfillment\nas mapped",
		EdgeComment: func(e Edge) string { return "from " + e.From },
	}))
	for _, want := range []string{
		"# Order fulfillment\n# as mapped\nprocess: Order fulfillment\nunit: order\nsla: 2d\n",
		"  - {id: warehouse, name: Warehouse team, capacity: 4, calendar: \"Mon-Fri 08:00-17:00\"}\n",
		"  - {id: wms, name: Warehouse management system}\n",
		"    duration: {dist: triangular, min: 5m, mode: 12m, max: 40m}\n",
		"    log_names: [\"Picked\", \"Packed\"]\n    sla: 8h\n",
		"      - {to: stock_out, p: 0.03, label: item missing}   # from pick_pack\n",
		"      - {to: notify_warehouse, p: 0.92, label: up to $500}   # from value_check\n",
		"    duration: 30s\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var plain bytes.Buffer
	if err := Encode(&plain, m, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plain.String(), "    next: [receive]\n") {
		t.Errorf("a single bare branch is not written next: [receive]:\n%s", plain.String())
	}
}

// TestEncodeDiscoveredNames: activity names a log may hold, which YAML
// reads as null, a boolean, a number or a mapping, survive as step names
// and log_names (analyze --discover once wrote `null` and then refused
// its own map).
func TestEncodeDiscoveredNames(t *testing.T) {
	names := []string{"null", "Null", "NULL", "~", "true", "1e3", "a: b"}
	m := &Map{Process: "Discovered", Owners: []Owner{{ID: "o", Name: "O"}}}
	for i, n := range names {
		s := Step{ID: fmt.Sprintf("s%d", i), Name: n, Owner: "o", LogNames: []string{n, n + " again"}}
		if i+1 < len(names) {
			s.Next = []Edge{{From: s.ID, To: fmt.Sprintf("s%d", i+1), P: 1}}
		}
		m.Steps = append(m.Steps, s)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	back := roundTrip(t, m, nil)
	parsed, err := Parse("encoded.yaml", back)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if s := parsed.Steps[i]; s.Name != n || s.LogNames[0] != n {
			t.Errorf("step %d reads back as name %q, log_names %q; want %q", i, s.Name, s.LogNames, n)
		}
	}
}
