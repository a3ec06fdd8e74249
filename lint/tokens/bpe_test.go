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

// ranks returns a ranks file of every byte and then tokens, and how many
// tokens it holds.
func ranks(tokens ...string) (string, int) {
	var lens, data strings.Builder
	for b := range 256 {
		lens.WriteByte(1)
		data.WriteByte(byte(b))
	}
	for _, tok := range tokens {
		lens.WriteByte(byte(len(tok)))
		data.WriteString(tok)
	}
	return lens.String() + data.String(), 256 + len(tokens)
}

// TestNewVocabRejects: a ranks file that lists a token twice, overruns
// its data or leaves a byte out is refused, with the ranks it found; one
// that lists every byte and each token once is read.
func TestNewVocabRejects(t *testing.T) {
	t.Parallel()
	file, n := ranks("ab", "hello", "long token of many bytes")
	v, err := newVocab(file, n)
	if err != nil {
		t.Fatalf("a good file: %v", err)
	}
	for tok, want := range map[string]uint32{"ab": 256, "hello": 257, "long token of many bytes": 258, "x": 'x', "abc": none} {
		if got := v.rank(tok); got != want {
			t.Errorf("rank(%q) = %d, want %d", tok, got, want)
		}
	}
	for _, tc := range []struct {
		name string
		toks []string
		want string
	}{
		{"a pair twice", []string{"ab", "cd", "ab"}, `token "ab" has ranks 256 and 258`},
		{"a long token twice", []string{"hello world, again", "x y", "hello world, again"}, `token "hello world, again" has ranks 256 and 258`},
		{"a byte twice", []string{"q"}, `token "q" has ranks 113 and 256`},
	} {
		file, n := ranks(tc.toks...)
		if _, err := newVocab(file, n); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %s", tc.name, err, tc.want)
		}
	}
	if _, err := newVocab(file[:len(file)-1], n); err == nil || !strings.Contains(err.Error(), "overruns the data") {
		t.Errorf("a file cut short: %v", err)
	}
	// Byte 0x01 only as the start of the token "\x01\x02".
	lens, data := file[:n], file[n:]
	no01 := lens[:1] + "\x02" + lens[2:] + data[:2] + "\x02" + data[2:]
	if _, err := newVocab(no01, n); err == nil || !strings.Contains(err.Error(), "byte 0x1 is no token") {
		t.Errorf("a file without the byte 0x01: %v", err)
	}
}
