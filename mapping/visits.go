package mapping

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// denseComponentMax is the size of a loop (a strongly connected group of
// steps) up to which its visits are solved exactly with a dense LU; larger
// loops are solved by Gauss–Seidel sweeps over their edges, so memory and
// time follow the edges, not the square of the steps.
const denseComponentMax = 300

// gaussSeidelMaxWork bounds the edge updates spent on one large loop
// before giving up: a loop whose way out is that unlikely is, for a
// workshop map, a loop with no way out.
const gaussSeidelMaxWork = 300_000_000

// expectedVisits solves v = a + v P for the absorbing Markov chain of the
// map (v = a (I − P)^-1), component by component in topological order:
// a step outside any loop gets exactly the flow that reaches it, and each
// loop is solved on its own with the flow entering it. A map of 100,000
// steps takes milliseconds instead of an n×n matrix.
func expectedVisits(m *Map, alpha []float64) ([]float64, error) {
	n := len(m.Steps)
	succ := make([][]int32, n)
	prob := make([][]float64, n)
	for i, s := range m.Steps {
		for _, e := range s.Next {
			j := m.StepIndex(e.To)
			if j < 0 {
				return nil, fmt.Errorf("step %s: next step %q does not exist", s.ID, e.To)
			}
			succ[i] = append(succ[i], int32(j))
			prob[i] = append(prob[i], e.P)
		}
	}
	comps := components(succ)
	comp := make([]int32, n)
	for c, members := range comps {
		for _, i := range members {
			comp[i] = int32(c)
		}
	}
	inflow := append([]float64(nil), alpha...)
	v := make([]float64, n)
	// components returns them sinks first; walk it backwards.
	for c := len(comps) - 1; c >= 0; c-- {
		members := comps[c]
		if len(members) == 1 && !selfLoop(succ, members[0]) {
			v[members[0]] = inflow[members[0]]
		} else if err := solveComponent(members, comp, int32(c), succ, prob, inflow, v); err != nil {
			return nil, err
		}
		for _, i := range members {
			for k, j := range succ[i] {
				if comp[j] != int32(c) {
					inflow[j] += v[i] * prob[i][k]
				}
			}
		}
	}
	return v, nil
}

func selfLoop(succ [][]int32, i int32) bool {
	for _, j := range succ[i] {
		if j == i {
			return true
		}
	}
	return false
}

// solveComponent solves v_C = inflow_C + v_C P_CC for one loop.
func solveComponent(members []int32, comp []int32, c int32, succ [][]int32, prob [][]float64, inflow, v []float64) error {
	if len(members) <= denseComponentMax {
		return solveDense(members, comp, c, succ, prob, inflow, v)
	}
	return solveGaussSeidel(members, comp, c, succ, prob, inflow, v)
}

func solveDense(members []int32, comp []int32, c int32, succ [][]int32, prob [][]float64, inflow, v []float64) error {
	k := len(members)
	local := make(map[int32]int, k)
	for li, i := range members {
		local[i] = li
	}
	// A = (I − P_CC)^T, so that A x = inflow_C gives x = inflow_C (I − P_CC)^-1.
	a := mat.NewDense(k, k, nil)
	for li := 0; li < k; li++ {
		a.Set(li, li, 1)
	}
	b := mat.NewVecDense(k, nil)
	for li, i := range members {
		b.SetVec(li, inflow[i])
		for e, j := range succ[i] {
			if comp[j] == c {
				lj := local[j]
				a.Set(lj, li, a.At(lj, li)-prob[i][e])
			}
		}
	}
	var lu mat.LU
	lu.Factorize(a)
	if cond := lu.Cond(); cond > 1e14 || lu.Det() == 0 {
		return ErrSingular
	}
	var x mat.VecDense
	if err := lu.SolveVecTo(&x, false, b); err != nil {
		return ErrSingular
	}
	for li, i := range members {
		v[i] = x.AtVec(li)
	}
	return nil
}

// solveGaussSeidel iterates x_j = inflow_j + Σ_{i→j in C} x_i p_ij until no
// visit changes by more than 1e-13 of the largest. It converges because a
// loop with a way out has a substochastic P_CC with spectral radius < 1; a
// loop without one is refused first.
func solveGaussSeidel(members []int32, comp []int32, c int32, succ [][]int32, prob [][]float64, inflow, v []float64) error {
	type in struct {
		from int32
		p    float64
	}
	pred := make(map[int32][]in, len(members))
	exits := false
	for _, i := range members {
		for e, j := range succ[i] {
			if comp[j] == c {
				pred[j] = append(pred[j], in{i, prob[i][e]})
			} else if prob[i][e] > 0 {
				exits = true
			}
		}
	}
	if !exits {
		return ErrSingular
	}
	edges := 0
	for _, p := range pred {
		edges += len(p)
	}
	for work := 0; work < gaussSeidelMaxWork; work += edges + len(members) {
		change, largest := 0.0, 0.0
		for _, j := range members {
			x := inflow[j]
			for _, e := range pred[j] {
				x += v[e.from] * e.p
			}
			change = max(change, abs(x-v[j]))
			largest = max(largest, abs(x))
			v[j] = x
		}
		if change <= 1e-13*largest {
			return nil
		}
	}
	return ErrSingular
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// components returns the strongly connected components of the graph
// (Tarjan's algorithm without recursion, so long chains cannot overflow
// the stack), sinks first: every edge leaving a component goes to one
// listed before it.
func components(succ [][]int32) [][]int32 {
	n := len(succ)
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int32
	var out [][]int32
	type frame struct{ node, edge int32 }
	var call []frame
	next := int32(0)
	for root := range n {
		if index[root] >= 0 {
			continue
		}
		call = append(call, frame{int32(root), 0})
		index[root], low[root] = next, next
		next++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			u := f.node
			if int(f.edge) < len(succ[u]) {
				w := succ[u][f.edge]
				f.edge++
				switch {
				case index[w] < 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				case onStack[w]:
					low[u] = min(low[u], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].node
				low[p] = min(low[p], low[u])
			}
			if low[u] == index[u] {
				var members []int32
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					members = append(members, w)
					if w == u {
						break
					}
				}
				// File order inside a component keeps the dense solve's
				// matrix in the same order as the whole map's.
				slices.Sort(members)
				out = append(out, members)
			}
		}
	}
	return out
}
