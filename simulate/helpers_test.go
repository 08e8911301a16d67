package simulate

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/flowmap/flowmap/mapping"
)

// parseMap builds a map from YAML text, failing the test on problems.
func parseMap(t testing.TB, src string) *mapping.Map {
	t.Helper()
	m, err := mapping.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("map: %v\n%s", err, src)
	}
	return m
}

// station returns a one-step map: c servers (0 = unlimited), the given
// duration (YAML), an optional queue limit.
func station(t testing.TB, c int, duration string, qlimit int) *mapping.Map {
	capLine := ""
	if c > 0 {
		capLine = fmt.Sprintf(", capacity: %d", c)
	}
	ql := ""
	if qlimit > 0 {
		ql = fmt.Sprintf(", queue_limit: %d", qlimit)
	}
	return parseMap(t, fmt.Sprintf(`process: station
owners: [{id: o%s}]
steps:
  - {id: s, owner: o, duration: %s%s}
`, capLine, duration, ql))
}

// runVecs runs a scenario's base variant and returns the per-replication
// vectors with the model, for checks on raw replication figures.
func runVecs(t testing.TB, sc *Scenario) (*model, [][]float64) {
	t.Helper()
	models, _, _, err := prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	vecs, err := runAll(context.Background(), models[:1], sc.Seed, sc.replications(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return models[0], vecs[0]
}

func column(vecs [][]float64, i int) []float64 {
	out := make([]float64, len(vecs))
	for r, v := range vecs {
		out[r] = v[i]
	}
	return out
}

// agree checks a simulated estimate against theory: the theoretical value
// must lie within the 95% interval widened by 1.5 (the tolerance is the
// replications' own noise, never a fixed percentage).
func agree(t *testing.T, what string, e *Est, theory float64) {
	t.Helper()
	if e == nil {
		t.Errorf("%s: no estimate", what)
		return
	}
	hw := e.HalfWidth()
	t.Logf("| %-34s | %10.4f | %10.4f | ±%.4f |", what, theory, e.Mean, hw)
	if math.Abs(e.Mean-theory) > 1.5*hw {
		t.Errorf("%s: sim %.5g ± %.3g, theory %.5g (off by %.2f half-widths)", what, e.Mean, hw, theory, math.Abs(e.Mean-theory)/hw)
	}
}

type timeT = time.Time

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
