package simulate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
)

// MaxSweepValues is the most values one sweep may run.
const MaxSweepValues = 50

// Sweep is one setting run at several values: PATH=LO..HI (integers, going
// up) or PATH=[V1, V2, ...] (a YAML list). Each value becomes a variant
// named PATH=VALUE, compared with the base on common random numbers.
type Sweep struct {
	Path   string
	Values []string // as written, one per variant
	nodes  []yamlpos.Node
}

// ParseSweep reads a command-line sweep, e.g. "warehouse.capacity=4..8" or
// `warehouse.calendar=["Mon-Fri 08:00-17:00","Mon-Sat 07:00-19:00"]`.
// Whether PATH exists and the values fit it is checked when the variants
// are applied.
func ParseSweep(s string) (Sweep, error) {
	path, value, ok := strings.Cut(s, "=")
	path, value = strings.TrimSpace(path), strings.TrimSpace(value)
	if !ok || path == "" || value == "" {
		return Sweep{}, fmt.Errorf("--sweep %s: write PATH=LO..HI or PATH=[V1, V2], e.g. --sweep warehouse.capacity=4..8", s)
	}
	sw := Sweep{Path: path}
	var err error
	if lo, hi, isRange := strings.Cut(value, ".."); isRange && !strings.HasPrefix(value, "[") {
		err = sw.parseRange(strings.TrimSpace(lo), strings.TrimSpace(hi))
	} else {
		err = sw.parseList(value)
	}
	if err != nil {
		return Sweep{}, fmt.Errorf("--sweep %s: %v", s, err)
	}
	if len(sw.Values) > MaxSweepValues {
		return Sweep{}, fmt.Errorf("--sweep %s: %d values, at most %d", s, len(sw.Values), MaxSweepValues)
	}
	return sw, nil
}

func (sw *Sweep) parseRange(lo, hi string) error {
	a, err1 := strconv.Atoi(lo)
	b, err2 := strconv.Atoi(hi)
	switch {
	case err1 != nil:
		return fmt.Errorf("the range's start %q is not a whole number", lo)
	case err2 != nil:
		return fmt.Errorf("the range's end %q is not a whole number", hi)
	case b < a:
		return fmt.Errorf("the range must go up")
	case b-a >= MaxSweepValues:
		return fmt.Errorf("%d values, at most %d", b-a+1, MaxSweepValues)
	}
	for v := a; v <= b; v++ {
		text := strconv.Itoa(v)
		n, err := yamlpos.Parse("--sweep", []byte(text))
		if err != nil {
			return err
		}
		sw.Values, sw.nodes = append(sw.Values, text), append(sw.nodes, n)
	}
	return nil
}

func (sw *Sweep) parseList(value string) error {
	if !strings.HasPrefix(value, "[") {
		return fmt.Errorf("write a range of whole numbers LO..HI or a list [V1, V2]")
	}
	root, err := yamlpos.Parse("--sweep", []byte(value))
	if err != nil {
		return fmt.Errorf("the list is not valid YAML: %v", err)
	}
	d := &yamlpos.Decoder{}
	items, ok := d.Sequence(root, "the values")
	if !ok || len(items) == 0 {
		return fmt.Errorf("the list has no values")
	}
	seen := map[string]bool{}
	for _, n := range items {
		if n.IsMapping() || n.IsSequence() || n.IsNull() {
			return fmt.Errorf("%s: each value must be a single value (quote text with commas)", n.Source())
		}
		text := n.Source()
		if seen[text] {
			return fmt.Errorf("%q is listed twice", text)
		}
		seen[text] = true
		sw.Values, sw.nodes = append(sw.Values, text), append(sw.nodes, n)
	}
	return nil
}

// Setting is the sweep's setting at value i.
func (sw Sweep) Setting(i int) Setting {
	return Setting{Path: sw.Path, Value: sw.Values[i], node: sw.nodes[i], flag: "--sweep"}
}

// Variants are the sweep's variants, one per value in order, named
// PATH=VALUE; each applies the settings given (the --set flags) and then
// the value.
func (sw Sweep) Variants(with ...Setting) []Variant {
	out := make([]Variant, len(sw.Values))
	for i := range sw.Values {
		s := sw.Setting(i)
		out[i] = Variant{Name: s.String(), Set: append(append([]Setting(nil), with...), s)}
	}
	return out
}

// Target is a goal a sweep's setting must meet, e.g. p90<=2d, sla>=0.9 or
// wait<=4h (the mean wait at the most loaded step).
type Target struct {
	Text   string  `json:"text"`
	Metric string  `json:"metric"` // cycle_time_p90, sla_attainment or wait_mean
	Op     string  `json:"op"`     // <= or >=
	Value  float64 `json:"value"`  // seconds or a share
}

var targetMetrics = map[string]string{"p90": "cycle_time_p90", "sla": "sla_attainment", "wait": "wait_mean"}

// ParseTarget reads a target: METRIC<=VALUE or METRIC>=VALUE with METRIC
// p90 (cycle time), sla (attainment, 0.9 or 90%) or wait (mean wait at the
// most loaded step); durations as in maps (2d, 4h, 90m).
func ParseTarget(s string) (Target, error) {
	t := Target{Text: strings.TrimSpace(s)}
	for _, op := range []string{"<=", ">="} {
		if m, v, ok := strings.Cut(t.Text, op); ok {
			t.Op, t.Metric = op, strings.TrimSpace(m)
			return t.parseValue(strings.TrimSpace(v))
		}
	}
	return Target{}, fmt.Errorf("--target %s: write METRIC<=VALUE or METRIC>=VALUE, e.g. p90<=2d, sla>=0.9 or wait<=4h", s)
}

func (t Target) parseValue(v string) (Target, error) {
	metric, ok := targetMetrics[t.Metric]
	if !ok {
		return Target{}, fmt.Errorf("--target %s: unknown measure %q%s; use p90, sla or wait", t.Text, t.Metric, didYouMean(t.Metric, []string{"p90", "sla", "wait"}))
	}
	t.Metric = metric
	if metric == "sla_attainment" {
		pct := strings.HasSuffix(v, "%")
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if pct {
			f /= 100
		}
		if err != nil || f < 0 || f > 1 {
			return Target{}, fmt.Errorf("--target %s: %q is not a share between 0 and 1 (or 0%% and 100%%)", t.Text, v)
		}
		t.Value = f
		return t, nil
	}
	sec, err := mapping.ParseSeconds(v)
	if err != nil || sec < 0 {
		return Target{}, fmt.Errorf("--target %s: %q is not a duration such as 2d, 4h or 90m", t.Text, v)
	}
	t.Value = sec
	return t, nil
}

// Meets reports whether the whole 95% interval of e meets the target (the
// mean, with one replication); false when e is nil.
func (t Target) Meets(e *Est) bool {
	if e == nil {
		return false
	}
	lo, hi := e.Mean, e.Mean
	if e.CI95 != nil {
		lo, hi = e.CI95[0], e.CI95[1]
	}
	if t.Op == "<=" {
		return hi <= t.Value
	}
	return lo >= t.Value
}
