package eventlog

import (
	"runtime"
	"sync/atomic"
)

// Staged events of a big log live outside the Go heap (evmem_unix.go), in
// full-size blocks that group gives back to the system as soon as both of
// its scatter passes have read them. The instances group writes then take
// the place of the staged events instead of adding to them: the read of a
// 10M-event CSV peaks at about the size of its instances, not that plus
// its staged events. Elsewhere (and for the first, smaller blocks) the
// blocks are ordinary slices.

// evMem tracks the off-heap blocks of a builder: regions[k] is the memory
// of the k-th block allocated (nil for a block on the heap).
type evMem struct {
	regions [][]byte
	passes  []atomic.Int32 // group: scatter passes done, by block
}

// newEvMem returns the block tracker of b; its cleanup frees what is left
// when b is dropped without group (a read that fails).
func newEvMem(b *builder) *evMem {
	m := &evMem{}
	runtime.AddCleanup(b, func(m *evMem) { m.freeAll() }, m)
	return m
}

// block returns an empty block with room for n events.
func (m *evMem) block(n int) []stagedEv {
	if n == maxEvBlock {
		if evs, region := mapEvents(n); evs != nil {
			m.regions = append(m.regions, region)
			return evs
		}
	}
	m.regions = append(m.regions, nil)
	return make([]stagedEv, 0, n)
}

// scatterStart prepares for group's two passes over the blocks.
func (m *evMem) scatterStart() {
	m.passes = make([]atomic.Int32, len(m.regions))
}

// passed records that a scatter pass has read block k; the second frees it.
func (m *evMem) passed(k int) {
	if k < len(m.passes) && m.passes[k].Add(1) == 2 && m.regions[k] != nil {
		unmapEvents(m.regions[k])
		m.regions[k] = nil
	}
}

func (m *evMem) freeAll() {
	for k, r := range m.regions {
		if r != nil {
			unmapEvents(r)
			m.regions[k] = nil
		}
	}
}
