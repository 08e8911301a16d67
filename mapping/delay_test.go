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

func TestParallel(t *testing.T) {
	head := "process: p\nowners: [{id: o}]\nsteps:\n"
	ok := head + `  - {id: a, owner: o, start: true, next: [split]}
  - {id: split, owner: o, automated: true, log_names: [], parallel: [b, c], next: [d]}
  - {id: b, owner: o}
  - {id: c, owner: o}
  - {id: d, owner: o}
`
	m, err := Parse("m.yaml", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "    parallel: [b, c]\n") {
		t.Errorf("encoded map lacks parallel: [b, c]:\n%s", b.String())
	}
	back, err := Parse("back.yaml", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := back.Step("split"); strings.Join(s.Parallel, ",") != "b,c" {
		t.Errorf("parallel read back as %v", s.Parallel)
	}
	exp, err := ExpectedPerCase(m)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Visits["b"] != 1 || exp.Visits["c"] != 1 || exp.Visits["d"] != 1 {
		t.Errorf("visits b %v, c %v, d %v; want 1 each", exp.Visits["b"], exp.Visits["c"], exp.Visits["d"])
	}
	for _, c := range []struct{ steps, want string }{
		{"  - {id: a, owner: o, start: true, parallel: [x]}\n", `m.yaml:4:46: step a: parallel step "x" does not exist`},
		{"  - {id: a, owner: o, start: true, parallel: [b]}\n  - {id: b, owner: o, next: [c]}\n  - {id: c, owner: o}\n",
			"step a: parallel step b must be a branch of one step: no next, no parallel, not a start"},
		{"  - {id: a, owner: o, start: true, parallel: [b, b]}\n  - {id: b, owner: o}\n", `step a: parallel step "b" is listed twice`},
	} {
		_, err := Parse("m.yaml", []byte(head+c.steps))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.steps, err, c.want)
		}
	}
}
