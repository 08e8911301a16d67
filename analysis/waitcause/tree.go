package waitcause

import "sort"

// coverTree is a segment tree over the elementary segments between sorted
// coordinates that counts how often each segment is covered by added
// intervals and answers "how much of [lo, hi] is covered" in O(log n).
type coverTree struct {
	xs  []int64 // sorted distinct coordinates; leaf i is [xs[i], xs[i+1]]
	cnt []int32 // intervals covering a node entirely (not pushed down)
	cov []int64 // covered length within the node
}

func newCoverTree(xs []int64) *coverTree {
	n := max(len(xs)-1, 1)
	return &coverTree{xs: xs, cnt: make([]int32, 4*n), cov: make([]int64, 4*n)}
}

func (t *coverTree) index(x int64) int {
	return sort.Search(len(t.xs), func(i int) bool { return t.xs[i] >= x })
}

// add adds delta (+1 or −1) to the coverage of [from, to]; from and to must
// be coordinates of the tree.
func (t *coverTree) add(from, to int64, delta int32) {
	if to <= from || len(t.xs) < 2 {
		return
	}
	t.update(1, 0, len(t.xs)-1, t.index(from), t.index(to), delta)
}

// update covers leaves [ql, qr) of node (whose leaves are [l, r)).
func (t *coverTree) update(node, l, r, ql, qr int, delta int32) {
	if qr <= l || r <= ql {
		return
	}
	if ql <= l && r <= qr {
		t.cnt[node] += delta
	} else {
		m := (l + r) / 2
		t.update(2*node, l, m, ql, qr, delta)
		t.update(2*node+1, m, r, ql, qr, delta)
	}
	switch {
	case t.cnt[node] > 0:
		t.cov[node] = t.xs[r] - t.xs[l]
	case r-l == 1:
		t.cov[node] = 0
	default:
		t.cov[node] = t.cov[2*node] + t.cov[2*node+1]
	}
}

// covered returns the covered length of [lo, hi] (any instants).
func (t *coverTree) covered(lo, hi int64) int64 {
	if hi <= lo || len(t.xs) < 2 {
		return 0
	}
	return t.query(1, 0, len(t.xs)-1, lo, hi)
}

func (t *coverTree) query(node, l, r int, lo, hi int64) int64 {
	a, b := t.xs[l], t.xs[r]
	if hi <= a || b <= lo {
		return 0
	}
	if t.cnt[node] > 0 {
		return min(hi, b) - max(lo, a)
	}
	if lo <= a && b <= hi {
		return t.cov[node]
	}
	if r-l == 1 {
		return 0
	}
	m := (l + r) / 2
	return t.query(2*node, l, m, lo, hi) + t.query(2*node+1, m, r, lo, hi)
}

// timeline is the merged work of one resource: disjoint busy periods with
// prefix sums of their length and of their non-working time.
type timeline struct {
	busy  []Interval
	cum   []int64 // busy time before period i
	cumNW []int64 // non-working busy time before period i
	cal   *Calendar
}

// newTimeline merges intervals sorted by From.
func newTimeline(sorted []Interval, cal *Calendar) *timeline {
	tl := &timeline{cal: cal}
	for _, iv := range sorted {
		if iv.To <= iv.From {
			continue
		}
		if n := len(tl.busy); n > 0 && iv.From <= tl.busy[n-1].To {
			tl.busy[n-1].To = max(tl.busy[n-1].To, iv.To)
			continue
		}
		tl.busy = append(tl.busy, iv)
	}
	tl.cum = make([]int64, len(tl.busy)+1)
	for i, b := range tl.busy {
		tl.cum[i+1] = tl.cum[i] + b.To - b.From
	}
	if !cal.AlwaysOpen() {
		tl.cumNW = make([]int64, len(tl.busy)+1)
		for i, b := range tl.busy {
			tl.cumNW[i+1] = tl.cumNW[i] + cal.NonWorking(b.From, b.To)
		}
	}
	return tl
}

// upTo returns the busy time before x and its non-working part.
func (tl *timeline) upTo(x int64) (busy, nonWorking int64) {
	k := sort.Search(len(tl.busy), func(i int) bool { return tl.busy[i].From >= x })
	busy = tl.cum[k]
	if tl.cumNW != nil {
		nonWorking = tl.cumNW[k]
	}
	if k > 0 && tl.busy[k-1].To > x { // x inside period k-1
		busy -= tl.busy[k-1].To - x
		if tl.cumNW != nil {
			nonWorking -= tl.cal.NonWorking(x, tl.busy[k-1].To)
		}
	}
	return busy, nonWorking
}

// split returns the busy time inside [lo, hi] and the non-working time of
// [lo, hi] outside busy periods.
func (tl *timeline) split(lo, hi int64) (busy, idleNonWorking int64) {
	b1, n1 := tl.upTo(lo)
	b2, n2 := tl.upTo(hi)
	busy = b2 - b1
	if tl.cumNW != nil {
		idleNonWorking = tl.cal.NonWorking(lo, hi) - (n2 - n1)
	}
	return busy, idleNonWorking
}
