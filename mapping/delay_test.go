package mapping

import (
	"bytes"
	"strings"
	"testing"
)

// TestDelayAndSilentRoundTrip: a step's delay and an empty log_names (a
// silent step) parse, encode and parse back the same.
func TestDelayAndSilentRoundTrip(t *testing.T) {
	src := `process: p
owners: [{id: o}]
steps:
  - {id: start, owner: o, automated: true, start: true, log_names: [], next: [a]}
  - {id: a, owner: o, duration: 10m, delay: {dist: exponential, mean: 2h}, log_names: [A]}
`
	m, err := Parse("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	check := func(m *Map, what string) {
		s, _ := m.Step("start")
		a, _ := m.Step("a")
		if !s.Silent() || a.Silent() {
			t.Errorf("%s: silent start %v, a %v; want true, false", what, s.Silent(), a.Silent())
		}
		if a.Delay.Kind != DistExponential || a.Delay.Mean != 7200 {
			t.Errorf("%s: delay %+v, want exponential mean 7200s", what, a.Delay)
		}
		if st, ok := m.StepForActivity("start"); ok {
			t.Errorf("%s: the silent step %s claims the activity \"start\"", what, st.ID)
		}
	}
	check(m, "parsed")
	var b bytes.Buffer
	if err := Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"log_names: []", "delay: {dist: exponential, mean: 2h}"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("encoded map lacks %q:\n%s", line, b.String())
		}
	}
	back, err := Parse("back.yaml", b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	check(back, "encoded")
}

func TestDelayErrors(t *testing.T) {
	src := "process: p\nowners: [{id: o}]\nsteps:\n  - {id: a, owner: o, delay: {dist: normal, mean: 5m}}\n"
	_, err := Parse("m.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "m.yaml:4:") || !strings.Contains(err.Error(), "step a delay: normal distribution needs sd") {
		t.Errorf("error %v, want m.yaml:4:... step a delay: normal distribution needs sd", err)
	}
}
