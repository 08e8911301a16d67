//go:build unix

package eventlog

import (
	"syscall"
	"unsafe"
)

// mapEvents maps memory for n staged events outside the Go heap; nil when
// the system refuses (the caller falls back to the heap).
func mapEvents(n int) ([]stagedEv, []byte) {
	size := n * int(unsafe.Sizeof(stagedEv{}))
	region, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, nil
	}
	return unsafe.Slice((*stagedEv)(unsafe.Pointer(&region[0])), n)[:0], region
}

// unmapEvents gives a region of mapEvents back to the system.
func unmapEvents(region []byte) {
	_ = syscall.Munmap(region)
}
