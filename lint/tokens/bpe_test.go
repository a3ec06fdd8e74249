package tokens

import (
	"strings"
	"testing"
)

// TestLongPieceCounters checks countLarge's search, its way out to
// countHeap, and countHeap, against the naive merge on pieces where the
// search tries many long pairs (runs of spaces, where every length is a
// token) and where it goes straight.
func TestLongPieceCounters(t *testing.T) {
	t.Parallel()
	var pieces []string
	for n := smallPiece + 1; n <= 300; n += 7 {
		pieces = append(pieces, strings.Repeat(" ", n), strings.Repeat("=", n), strings.Repeat("x", n))
	}
	pieces = append(pieces, strings.Repeat(" ", 1000)+"\n", strings.Repeat("ab", 400)+"c")
	for _, enc := range Encodings {
		v, err := encodings[enc].load(enc)
		if err != nil {
			t.Fatal(err)
		}
		for _, piece := range pieces {
			want := naiveCount(v, piece)
			if got := v.countLarge(piece); got != want {
				t.Errorf("%s: countLarge(%q) = %d, want %d", enc, clip(piece), got, want)
			}
			if got := v.countHeap(piece); got != want {
				t.Errorf("%s: countHeap(%q) = %d, want %d", enc, clip(piece), got, want)
			}
		}
	}
}
