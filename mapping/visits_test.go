package mapping

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// denseVisits is the oracle: v = a (I − P)^-1 over the whole map with one
// dense LU, as flowmap computed it before the solver went loop by loop.
func denseVisits(t *testing.T, m *Map, alpha []float64) []float64 {
	t.Helper()
	n := len(m.Steps)
	a := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		a.Set(i, i, 1)
	}
	for i, s := range m.Steps {
		for _, e := range s.Next {
			j := m.StepIndex(e.To)
			a.Set(j, i, a.At(j, i)-e.P)
		}
	}
	var v mat.VecDense
	if err := v.SolveVec(a, mat.NewVecDense(n, alpha)); err != nil {
		t.Fatal(err)
	}
	return v.RawVector().Data
}

// randomMap is a chain of n steps where each step goes on to the next and,
// with the given chance, also jumps back up to `back` steps (a rework loop)
// or forward; the last step ends the case.
func randomMap(r *rand.Rand, n, back int, loopChance float64) *Map {
	m := &Map{Process: "random"}
	for i := range n {
		s := Step{ID: fmt.Sprintf("s%d", i), Owner: "o", Start: i == 0}
		if i < n-1 {
			if r.Float64() < loopChance && i > 0 {
				j := max(0, i-r.IntN(back+1))
				p := 0.05 + 0.4*r.Float64()
				s.Next = []Edge{{From: s.ID, To: fmt.Sprintf("s%d", i+1), P: 1 - p}, {From: s.ID, To: fmt.Sprintf("s%d", j), P: p}}
			} else if r.Float64() < 0.2 && i+2 < n {
				s.Next = []Edge{{From: s.ID, To: fmt.Sprintf("s%d", i+1), P: 0.7}, {From: s.ID, To: fmt.Sprintf("s%d", i+2), P: 0.3}}
			} else {
				s.Next = []Edge{{From: s.ID, To: fmt.Sprintf("s%d", i+1), P: 1}}
			}
		}
		m.Steps = append(m.Steps, s)
	}
	m.reindex()
	return m
}

func TestExpectedVisitsMatchDenseSolve(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, back    int
		loopChance float64
	}{
		{"chain", 50, 1, 0},
		{"small loops", 200, 3, 0.3},
		{"self loops", 100, 0, 0.5},
		{"one loop larger than the dense limit", denseComponentMax * 3, denseComponentMax * 2, 0.02},
		{"nested long loops", 900, 400, 0.03},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tc.n)))
			m := randomMap(r, tc.n, tc.back, tc.loopChance)
			alpha := make([]float64, tc.n)
			alpha[0] = 1
			got, err := expectedVisits(m, alpha)
			if err != nil {
				t.Fatal(err)
			}
			want := denseVisits(t, m, alpha)
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) {
					t.Fatalf("visits of %s = %.15g, dense solve %.15g", m.Steps[i].ID, got[i], want[i])
				}
			}
		})
	}
}

func TestExpectedVisitsClosedLoop(t *testing.T) {
	for _, n := range []int{3, denseComponentMax + 5} {
		m := randomMap(rand.New(rand.NewPCG(2, 2)), n, 0, 0)
		last := &m.Steps[n-1]
		last.Next = []Edge{{From: last.ID, To: "s1", P: 1}} // s1 → … → s(n-1) → s1 forever
		alpha := make([]float64, n)
		alpha[0] = 1
		if _, err := expectedVisits(m, alpha); !errors.Is(err, ErrSingular) {
			t.Errorf("%d steps in a loop with no way out: err = %v, want ErrSingular", n, err)
		}
	}
}

// TestExpectedVisitsHugeMap: 100,000 steps with rework loops, the size that
// used to allocate an 80 GB matrix. The chain's first step is visited once
// and the last once, whatever the loops in between.
func TestExpectedVisitsHugeMap(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	m := randomMap(rand.New(rand.NewPCG(3, 3)), n, 5, 0.1)
	ex, err := ExpectedPerCase(m)
	if err != nil {
		t.Fatal(err)
	}
	if v := ex.Visits["s0"]; !near(v, 1) {
		t.Errorf("visits of the first step = %g, want 1", v)
	}
	if v := ex.Visits[fmt.Sprintf("s%d", n-1)]; !near(v, 1) {
		t.Errorf("visits of the last step = %g, want 1", v)
	}
	if ex.Steps < float64(n) {
		t.Errorf("expected step visits %g < %d steps", ex.Steps, n)
	}
}

func BenchmarkExpectedPerCase100k(b *testing.B) {
	m := randomMap(rand.New(rand.NewPCG(3, 3)), 100_000, 5, 0.1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ExpectedPerCase(m); err != nil {
			b.Fatal(err)
		}
	}
}
