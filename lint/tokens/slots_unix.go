//go:build linux || darwin

package tokens

import (
	"runtime"
	"syscall"
	"unsafe"
)

// newSlots returns a zeroed hash table of n slots for v, outside the
// collected heap: the table is megabytes that hold no pointer, and in
// the heap it would count towards the collector's goal, so that a check
// of one prompt collected once more only for it. The memory is mapped
// written where the system can (MAP_POPULATE), and unmapped when v is
// collected; where it cannot be mapped, the table is made in the heap.
func newSlots(v *vocab, n int) []slot {
	size := n * int(unsafe.Sizeof(slot{}))
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE|populate)
	if err != nil {
		slots := make([]slot, n)
		touch(slots)
		return slots
	}
	runtime.AddCleanup(v, func(mem []byte) { _ = syscall.Munmap(mem) }, mem)
	slots := unsafe.Slice((*slot)(unsafe.Pointer(unsafe.SliceData(mem))), n)
	if populate == 0 {
		touch(slots)
	}
	return slots
}
