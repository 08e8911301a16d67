package logdistance

import (
	"encoding/binary"
	"fmt"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// NGramDistance is the n-gram distribution distance (NGD): each case's
// activity sequence is padded with n−1 blanks on both sides and every window
// of n counted; the distance is Σ|c_real(g) − c_sim(g)| / (Σ c_real + Σ c_sim)
// over all n-grams g, in [0, 1]. The counts are absolute, so logs with
// different numbers of cases are further apart.
func NGramDistance(real, sim *eventlog.Log, n int) (float64, error) {
	a, b, err := views(real, sim)
	if err != nil {
		return 0, err
	}
	return ngramDistance(a, b, n)
}

func ngramDistance(a, b *view, n int) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("logdistance: n-gram length %d, want at least 1", n)
	}
	ta, tb, _ := sharedIDs(a, b)
	ca, cb := ngramCounts(a, ta, n), ngramCounts(b, tb, n)
	var diff, total int64
	for g, x := range ca {
		y := cb[g]
		diff += abs(x - y)
		total += x
	}
	for g, y := range cb {
		if _, ok := ca[g]; !ok {
			diff += y
		}
		total += y
	}
	return float64(diff) / float64(total), nil
}

// ngramCounts counts the padded n-grams of every case, an n-gram keyed by
// its n activity numbers (0 = padding).
func ngramCounts(v *view, tr []int32, n int) map[string]int64 {
	counts := map[string]int64{}
	seq := make([]uint32, 0, 64)
	key := make([]byte, 4*n)
	for _, c := range v.cases {
		seq = seq[:0]
		for range n - 1 {
			seq = append(seq, 0)
		}
		for _, e := range c {
			seq = append(seq, uint32(tr[e.act]))
		}
		for range n - 1 {
			seq = append(seq, 0)
		}
		for i := 0; i+n <= len(seq); i++ {
			for j := range n {
				binary.LittleEndian.PutUint32(key[4*j:], seq[i+j])
			}
			counts[string(key)]++
		}
	}
	return counts
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
