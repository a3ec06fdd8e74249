//go:build !linux && !darwin

package tokens

// newSlots returns a zeroed hash table of n slots, written to once per
// page (touch).
func newSlots(_ *vocab, n int) []slot {
	slots := make([]slot, n)
	touch(slots)
	return slots
}
