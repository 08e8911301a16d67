package logdistance

import (
	"encoding/binary"
	"math"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// ControlFlowDistance is the control-flow log distance (CFLD, Simod's DL):
// the cases of the two logs are paired one to one so that the total
// normalised Damerau–Levenshtein distance between their activity sequences
// (the unrestricted distance with adjacent transpositions, divided by the
// longer length) is smallest, and the mean over the pairs is returned, in
// [0, 1]. With unequal case counts only min(n_real, n_sim) pairs are made;
// the other cases are ignored.
func ControlFlowDistance(real, sim *eventlog.Log) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return controlFlowDistance(a, b)
}

func controlFlowDistance(a, b *view) (float64, error) {
	ta, tb, k := sharedIDs(a, b)
	sa, sb := traces(a, ta), traces(b, tb)
	if len(sa) > len(sb) {
		sa, sb = sb, sa // rows ≤ columns; the distance is symmetric
	}
	cost := costMatrix(sa, sb, k)
	match := assign(cost)
	var sum float64
	for i, j := range match {
		sum += cost[i][j]
	}
	return sum / float64(len(match)), nil
}

// costMatrix holds the normalised Damerau–Levenshtein distance of every
// pair of traces, computed once per pair of distinct sequences (variants).
func costMatrix(sa, sb [][]int32, k int) [][]float64 {
	va, ia := variants(sa)
	vb, ib := variants(sb)
	dl := newDamerau(k)
	dv := make([][]float64, len(va))
	for i, s := range va {
		dv[i] = make([]float64, len(vb))
		for j, t := range vb {
			dv[i][j] = float64(dl.distance(s, t)) / float64(max(len(s), len(t)))
		}
	}
	cost := make([][]float64, len(sa))
	for i := range sa {
		cost[i] = make([]float64, len(sb))
		for j := range sb {
			cost[i][j] = dv[ia[i]][ib[j]]
		}
	}
	return cost
}

// variants are the distinct traces and each trace's index among them.
func variants(traces [][]int32) ([][]int32, []int) {
	seen := map[string]int{}
	var distinct [][]int32
	idx := make([]int, len(traces))
	key := make([]byte, 0, 64)
	for i, t := range traces {
		key = key[:0]
		for _, a := range t {
			key = binary.LittleEndian.AppendUint32(key, uint32(a))
		}
		v, ok := seen[string(key)]
		if !ok {
			v = len(distinct)
			seen[string(key)] = v
			distinct = append(distinct, t)
		}
		idx[i] = v
	}
	return distinct, idx
}

// traces are the cases' activity sequences as shared numbers.
func traces(v *view, tr []int32) [][]int32 {
	out := make([][]int32, len(v.cases))
	for i, c := range v.cases {
		out[i] = make([]int32, len(c))
		for j, e := range c {
			out[i][j] = tr[e.act]
		}
	}
	return out
}

// damerau computes the unrestricted Damerau–Levenshtein distance
// (Lowrance–Wagner) over symbols 1..k, reusing its buffers.
type damerau struct {
	last []int // per symbol, the last row where it occurred in s
	d    []int // (len(s)+2) × (len(t)+2) matrix, row-major
}

func newDamerau(k int) *damerau { return &damerau{last: make([]int, k+1)} }

func (dl *damerau) distance(s, t []int32) int {
	n, m := len(s), len(t)
	w := m + 2
	if need := (n + 2) * w; cap(dl.d) < need {
		dl.d = make([]int, need)
	}
	d := dl.d[:(n+2)*w]
	clear(dl.last)
	inf := n + m
	d[0] = inf
	for i := 0; i <= n; i++ {
		d[(i+1)*w] = inf
		d[(i+1)*w+1] = i
	}
	for j := 0; j <= m; j++ {
		d[j+1] = inf
		d[w+j+1] = j
	}
	for i := 1; i <= n; i++ {
		db := 0
		for j := 1; j <= m; j++ {
			i1, j1 := dl.last[t[j-1]], db
			c := 1
			if s[i-1] == t[j-1] {
				c, db = 0, j
			}
			d[(i+1)*w+j+1] = min(d[i*w+j]+c, d[(i+1)*w+j]+1, d[i*w+j+1]+1,
				d[i1*w+j1]+(i-i1-1)+1+(j-j1-1))
		}
		dl.last[s[i-1]] = i
	}
	return d[(n+1)*w+m+1]
}

// assign solves the rectangular assignment problem (rows ≤ columns) with the
// Hungarian method in its shortest-augmenting-path form, O(n²m), and returns
// the column of each row.
func assign(cost [][]float64) []int {
	n := len(cost)
	if n == 0 {
		return nil
	}
	m := len(cost[0])
	u, v := make([]float64, n+1), make([]float64, m+1)
	p, way := make([]int, m+1), make([]int, m+1) // p[j]: row (1-based) in column j
	minv, used := make([]float64, m+1), make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = math.Inf(1), false
		}
		for p[j0] != 0 {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	match := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			match[p[j]-1] = j - 1
		}
	}
	return match
}
