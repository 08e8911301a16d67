package eventlog

import (
	"hash/maphash"
	"math"
	"strings"
	"unsafe"
)

// caseTable holds the builder's cases while a log is read: their state, in
// order of first appearance, in chunks that are never copied as the log
// grows, and an index by id (open addressing on a hash of the id, 8 bytes
// a slot). A Go map of a million string keys takes about twice the memory
// and leaves its old tables as garbage each time it grows.
type caseTable struct {
	chunks [][]caseState // caseChunk cases each (the first grows up to it)
	n      int
	slots  []uint64 // hash>>32 << 32 | index+1; 0 = empty; at most half full
	seed   maphash.Seed
	ids    arena
}

// caseState is what the builder keeps per case while reading.
type caseState struct {
	id   string
	last int64  // latest time seen in file order
	h    uint64 // hash of id
	n    int32  // events
}

const caseChunk = 1 << 14

func newCaseTable() caseTable { return caseTable{seed: maphash.MakeSeed()} }

func (t *caseTable) len() int { return t.n }

// at returns the state of case ci.
func (t *caseTable) at(ci int32) *caseState {
	return &t.chunks[ci/caseChunk][ci%caseChunk]
}

func (t *caseTable) hash(id string) uint64 { return maphash.String(t.seed, id) }

// find returns the index of the case with id (hash h), or -1.
func (t *caseTable) find(id string, h uint64) int32 {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s>>32 == h>>32 {
			if ci := int32(uint32(s) - 1); t.at(ci).id == id {
				return ci
			}
		}
	}
}

// add adds a case that find did not find and returns its index. id may
// alias a reused buffer: it is copied.
func (t *caseTable) add(id string, h uint64) int32 {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	ci := int32(t.n)
	if ci%caseChunk == 0 && ci > 0 {
		t.chunks = append(t.chunks, make([]caseState, 0, caseChunk))
	} else if ci == 0 {
		t.chunks = append(t.chunks, nil)
	}
	last := &t.chunks[len(t.chunks)-1]
	*last = append(*last, caseState{id: t.ids.clone(id), last: math.MinInt64, h: h})
	t.n++
	t.place(h, ci)
	return ci
}

// place puts case ci (hash h) in the first free slot from its own.
func (t *caseTable) place(h uint64, ci int32) {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		if t.slots[i] == 0 {
			t.slots[i] = h>>32<<32 | uint64(ci+1)
			return
		}
	}
}

// grow doubles the index and places every case again.
func (t *caseTable) grow() {
	t.slots = make([]uint64, max(2*len(t.slots), 64))
	ci := int32(0)
	for _, c := range t.chunks {
		for k := range c {
			t.place(c[k].h, ci)
			ci++
		}
	}
}

// arena stores strings (the case ids) back to back in 64 KiB blocks
// instead of one allocation each.
type arena struct {
	block []byte
}

// clone returns a copy of s in the arena.
func (a *arena) clone(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > arenaBlock/8 {
		return strings.Clone(s)
	}
	if len(a.block)+len(s) > cap(a.block) {
		a.block = make([]byte, 0, arenaBlock)
	}
	off := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[off], len(s))
}

const arenaBlock = 64 << 10
