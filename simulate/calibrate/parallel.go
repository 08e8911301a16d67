package calibrate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// Parallel activities: two activities are concurrent when cases do them in
// both orders (each order in at least minOrderShare of their direct
// successions) and their instances overlap in time in at least
// minOverlapShare of the cases that do both. A block is a group of
// activities that are all pairwise concurrent; a run of consecutive
// instances that holds each member of a block once becomes one token, which
// the map writes as a split step with the members as parallel branches.
const (
	minOrderShare   = 0.1
	minOverlapShare = 0.3
)

// block is a group of concurrent activities and how often its runs were
// collapsed into one token (or left as they were).
type block struct {
	members        []int32
	runs, leftOver int
}

// findBlocks finds the blocks of concurrent activities of the training cases.
func findBlocks(l *eventlog.Log, cases []*eventlog.Case) []*block {
	n := len(l.Activities)
	df := make([][]int, n)
	both := make([][]int, n)
	overlap := make([][]int, n)
	for i := range df {
		df[i], both[i], overlap[i] = make([]int, n), make([]int, n), make([]int, n)
	}
	for _, c := range cases {
		ins := c.Instances
		for i := 1; i < len(ins); i++ {
			df[ins[i-1].Activity][ins[i].Activity]++
		}
		for i := range ins {
			for j := i + 1; j < len(ins); j++ {
				a, b := ins[i].Activity, ins[j].Activity
				if a == b {
					continue
				}
				both[a][b]++
				both[b][a]++
				if ins[i].Start != eventlog.NoTime && ins[j].Start != eventlog.NoTime && ins[j].Start < ins[i].End && ins[i].Start < ins[j].End ||
					ins[i].Start != eventlog.NoTime && ins[i].Start == ins[j].Start {
					overlap[a][b]++
					overlap[b][a]++
				}
			}
		}
	}
	conc := func(a, b int) bool {
		ab, ba := df[a][b], df[b][a]
		return ab > 0 && ba > 0 && float64(min(ab, ba)) >= minOrderShare*float64(ab+ba) &&
			float64(overlap[a][b]) >= minOverlapShare*float64(both[a][b])
	}
	var blocks []*block
	inBlock := make([]bool, n)
	for a := 0; a < n; a++ {
		if inBlock[a] {
			continue
		}
		members := []int32{int32(a)}
		for b := a + 1; b < n; b++ {
			if inBlock[b] {
				continue
			}
			all := true
			for _, m := range members {
				all = all && conc(int(m), b)
			}
			if all {
				members = append(members, int32(b))
			}
		}
		if len(members) > 1 {
			for _, m := range members {
				inBlock[m] = true
			}
			sort.Slice(members, func(i, j int) bool { return l.Activities[members[i]] < l.Activities[members[j]] })
			blocks = append(blocks, &block{members: members})
		}
	}
	return blocks
}

// tokens turns each case into its sequence of activities, with every run of
// a block's members that holds each member once replaced by the block's
// token (len(l.Activities) + block index).
func tokens(l *eventlog.Log, cases []*eventlog.Case, blocks []*block) [][]int32 {
	of := map[int32]int{}
	for k, b := range blocks {
		for _, m := range b.members {
			of[m] = k
		}
	}
	out := make([][]int32, len(cases))
	for ci, c := range cases {
		ins := c.Instances
		for i := 0; i < len(ins); {
			k, ok := of[ins[i].Activity]
			if !ok {
				out[ci] = append(out[ci], ins[i].Activity)
				i++
				continue
			}
			j := i
			seen := map[int32]bool{}
			for j < len(ins) && of[ins[j].Activity] == k && !seen[ins[j].Activity] {
				if _, in := of[ins[j].Activity]; !in {
					break
				}
				seen[ins[j].Activity] = true
				j++
			}
			if len(seen) == len(blocks[k].members) {
				out[ci] = append(out[ci], int32(len(l.Activities)+k))
				blocks[k].runs++
			} else {
				for ; i < j; i++ {
					out[ci] = append(out[ci], ins[i].Activity)
				}
				blocks[k].leftOver++
			}
			i = j
		}
	}
	return out
}

// name of an activity or block token.
func tokenName(l *eventlog.Log, blocks []*block, t int32) string {
	if int(t) < len(l.Activities) {
		return l.Activities[t]
	}
	b := blocks[int(t)-len(l.Activities)]
	names := make([]string, len(b.members))
	for i, m := range b.members {
		names[i] = l.Activities[m]
	}
	sort.Strings(names)
	return "parallel: " + strings.Join(names, " + ")
}

func (b *block) note() string {
	return fmt.Sprintf("parallel branches, done together in %d runs (%d runs not in this form were kept as they were)", b.runs, b.leftOver)
}
