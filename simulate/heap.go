package simulate

// Event kinds.
const (
	evArrival uint8 = iota
	evDone          // a service completes: id = case slot
	evOpen          // a pool's calendar opens: id = pool
	evMark          // a peak window opens (id = 2p) or closes (id = 2p+1)
	evDelayed       // a case's delay before its step is over: id = case slot
)

// event is one entry of the event list, a value (no boxing, no allocation
// per event). Ties in time are broken by seq, the order of scheduling, so
// runs are deterministic.
type event struct {
	t    float64
	seq  uint64
	id   int32
	kind uint8
}

func (a *event) before(b *event) bool {
	return a.t < b.t || a.t == b.t && a.seq < b.seq
}

// eventHeap is a binary min-heap of events ordered by (t, seq), typed so
// that no interface conversion happens per operation (container/heap would
// box each event).
type eventHeap struct {
	ev  []event
	seq uint64
}

func (h *eventHeap) push(t float64, kind uint8, id int32) {
	h.seq++
	e := event{t: t, seq: h.seq, id: id, kind: kind}
	h.ev = append(h.ev, e)
	i := len(h.ev) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !e.before(&h.ev[p]) {
			break
		}
		h.ev[i] = h.ev[p]
		i = p
	}
	h.ev[i] = e
}

func (h *eventHeap) pop() event {
	top := h.ev[0]
	n := len(h.ev) - 1
	last := h.ev[n]
	h.ev = h.ev[:n]
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && h.ev[r].before(&h.ev[c]) {
			c = r
		}
		if !h.ev[c].before(&last) {
			break
		}
		h.ev[i] = h.ev[c]
		i = c
	}
	h.ev[i] = last
	return top
}
