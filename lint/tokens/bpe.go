package tokens

import (
	"fmt"
	"math"
)

// vocab is the mergeable ranks of one encoding: token i (its rank) is the
// byte string data[off[i]:off[i+1]]. The ranks file is that data preceded
// by one byte per token holding its length.
type vocab struct {
	data string
	// pairs holds the rank of every two-byte string, by its bytes.
	pairs []uint32
	// slots is an open-addressing hash table of the tokens, at most half
	// full, probed linearly.
	slots  []slot
	mask   uint64
	maxLen int // the length of the longest token
	// pairMax holds the length of the longest token that starts with
	// each two bytes, and quadMax, by quadHash of the first four, that
	// of the longest of four bytes or more (an upper bound: hashes
	// collide).
	pairMax, quadMax []uint8
}

// maxToken is the longest a token can be: the ranks file gives its
// length in a byte.
const maxToken = 255

// slot is one token in the hash table: its key, so that most look-ups
// read nothing else, and where its bytes are.
type slot struct {
	key  uint64 // the key of hash: for a token of 8 bytes or more, its first 8
	meta uint64 // rank+1 (0: empty slot) | length<<32 | offset in data<<40
}

// none is the rank of a byte string that is no token.
const none = math.MaxUint32

// newVocab reads a ranks file of n tokens.
func newVocab(file string, n int) (*vocab, error) {
	if len(file) < n {
		return nil, fmt.Errorf("ranks file of %d bytes for %d tokens", len(file), n)
	}
	v := &vocab{data: file[n:], pairs: make([]uint32, 1<<16), pairMax: make([]uint8, 1<<16), quadMax: make([]uint8, 1<<16)}
	if len(v.data) >= 1<<24 {
		return nil, fmt.Errorf("ranks file of %d bytes is too large", len(file))
	}
	for i := range v.pairs {
		v.pairs[i] = none
	}
	size := 1
	for size < 2*n {
		size <<= 1
	}
	v.slots, v.mask = newSlots(v, size), uint64(size-1)
	off := 0
	for r := range n {
		size := int(file[r])
		if size == 0 || off+size > len(v.data) {
			return nil, fmt.Errorf("ranks file: token %d of %d bytes at %d overruns the data", r, size, off)
		}
		tok := v.data[off : off+size]
		v.maxLen = max(v.maxLen, size)
		if size == 2 {
			v.pairs[int(tok[0])<<8|int(tok[1])] = uint32(r)
		}
		if size >= 2 {
			p := int(tok[0])<<8 | int(tok[1])
			v.pairMax[p] = max(v.pairMax[p], uint8(size))
		}
		if size >= 4 {
			q := quadHash(tok)
			v.quadMax[q] = max(v.quadMax[q], uint8(size))
		}
		// The probe passes every slot a token of the same bytes could
		// be in: a token listed twice is found on the way.
		k, h := hash(tok)
		i := h & v.mask
		for sl := &v.slots[i]; sl.meta != 0; sl = &v.slots[i] {
			if sl.key == k && int(sl.meta>>32&0xff) == size && v.data[sl.meta>>40:][:size] == tok {
				return nil, fmt.Errorf("ranks file: token %q has ranks %d and %d", tok, uint32(sl.meta)-1, r)
			}
			i = (i + 1) & v.mask
		}
		v.slots[i] = slot{key: k, meta: uint64(r+1) | uint64(size)<<32 | uint64(off)<<40}
		off += size
	}
	if off != len(v.data) {
		return nil, fmt.Errorf("ranks file: %d bytes of tokens, want %d", len(v.data), off)
	}
	for b := range 256 {
		if v.rank(string([]byte{byte(b)})) == none {
			return nil, fmt.Errorf("ranks file: byte %#x is no token", b)
		}
	}
	return v, nil
}

// touch writes to every page of slots before the table is filled, where
// the system does not map them written (see newSlots). A page the
// program first reads is mapped to the kernel's shared page of zeros and
// must be copied, and its old mapping flushed from every processor
// running the program, when it is then written (a probe reads a slot
// before it writes it): written first, it is mapped once. The table is
// megabytes, read at every start.
func touch(slots []slot) {
	const perPage = 4096 / 16 // slots in the smallest page
	for i := 0; i < len(slots); i += perPage {
		slots[i].meta = 0
	}
}

// hash returns a key that tells apart the strings of one length up to 8
// bytes (their bytes, little-endian, for 4 to 8), and the hash of s.
func hash(s string) (key, h uint64) {
	const m = 0x9E3779B97F4A7C15
	switch n := len(s); {
	case n >= 8:
		key = le64(s)
	case n >= 4:
		key = uint64(le32(s)) | uint64(le32(s[n-4:]))<<(8*(n-4))
	case n > 0:
		key = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	h = (key ^ uint64(len(s))) * m
	if len(s) > 8 {
		rest := s[8:]
		for ; len(rest) >= 8; rest = rest[8:] {
			h = (h ^ h>>29 ^ le64(rest)) * m
		}
		if len(rest) > 0 {
			// The last 8 bytes, overlapping the ones hashed already.
			h = (h ^ h>>29 ^ le64(s[len(s)-8:])) * m
		}
	}
	return key, h ^ h>>32
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// rank returns the rank of the token s, or none.
func (v *vocab) rank(s string) uint32 {
	switch {
	case len(s) == 2:
		return v.pairs[int(s[0])<<8|int(s[1])]
	case len(s) > v.maxLen:
		return none
	}
	k, h := hash(s)
	return v.rankHashed(s, k, h)
}

// rankHashed is rank of a string no longer than maxLen, with its key and
// hash.
func (v *vocab) rankHashed(s string, k, h uint64) uint32 {
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		sl := &v.slots[i]
		switch {
		case sl.meta == 0:
			return none
		case sl.key != k || int(sl.meta>>32&0xff) != len(s):
		case len(s) <= 8 || v.data[sl.meta>>40:][8:len(s)] == s[8:]:
			return uint32(sl.meta) - 1
		}
	}
}

// countText returns the number of tokens of text, cut into pieces by
// match. Prompt text repeats its words, so the count of each piece is
// remembered in a small table, which spares most look-ups in the large
// one. An entry is the piece's place in text, not the string: half the
// stack, so that countText fits, with its callers, in a new goroutine's
// first stack.
func (v *vocab) countText(text string, match func(s string, i int) int) int {
	var memo [256]struct{ start, end, n uint32 } // text[start:end] has n tokens
	n := 0
	for i := 0; i < len(text); {
		start := i
		i = match(text, i)
		piece := text[start:i]
		if len(piece) <= 2 || i > math.MaxUint32 {
			n += v.count(piece)
			continue
		}
		k, h := hash(piece)
		m := &memo[h>>56]
		if m.n == 0 || text[m.start:m.end] != piece {
			m.start, m.end, m.n = uint32(start), uint32(i), 1
			if len(piece) > v.maxLen || v.rankHashed(piece, k, h) == none {
				m.n = uint32(v.merge(piece))
			}
		}
		n += int(m.n)
	}
	return n
}

// count returns the number of tokens byte-pair encoding makes of piece:
// starting from single bytes, the adjacent pair whose concatenation has
// the lowest rank is merged, the leftmost on a tie, until no pair is a
// token.
func (v *vocab) count(piece string) int {
	switch {
	case len(piece) <= 1:
		return len(piece)
	case v.rank(piece) != none:
		return 1
	}
	return v.merge(piece)
}

// merge is count of a piece of two bytes or more that is no token.
func (v *vocab) merge(piece string) int {
	switch {
	case len(piece) <= smallPiece:
		return v.countSmall(piece)
	case len(piece) <= heapPiece:
		return v.countHeap(piece)
	}
	return v.countLarge(piece)
}

// heapPiece is the longest piece counted by countHeap: up to a few
// thousand bytes it costs about what countLarge's search does, and it
// never costs more than n log n; longer pieces, mostly long runs of one
// or a few characters, are counted by countLarge in time about linear.
const heapPiece = 4096

// smallPiece is the longest piece merged by scanning for the lowest rank
// at each step (quadratic, but fast on short pieces).
const smallPiece = 64

func (v *vocab) countSmall(piece string) int {
	var start [smallPiece + 1]int16
	var rank [smallPiece]uint32
	return v.mergeParts(piece, -1, start[:], rank[:])
}

// mergeParts byte-pair merges s and returns the number of parts left, or
// 0 as soon as a merge would make a part across at. start[k] is where
// part k begins (start[parts] is len(s)) and rank[k] is the rank of part
// k merged with part k+1; they must hold len(s)+1 and len(s) entries.
func (v *vocab) mergeParts(s string, at int, start []int16, rank []uint32) int {
	parts := len(s)
	for k := range parts {
		start[k] = int16(k)
		rank[k] = none
		if k+1 < parts {
			rank[k] = v.pairs[int(s[k])<<8|int(s[k+1])]
		}
	}
	start[parts] = int16(parts)
	for {
		best, k := uint32(none), -1
		for i := 0; i < parts-1; i++ {
			if rank[i] < best {
				best, k = rank[i], i
			}
		}
		if k < 0 {
			return parts
		}
		if int(start[k+1]) == at {
			return 0
		}
		// Merge part k+1 into part k.
		copy(start[k+1:parts], start[k+2:parts+1])
		copy(rank[k+1:parts-1], rank[k+2:parts])
		parts--
		rank[k] = none
		if k+2 <= parts {
			rank[k] = v.rank(s[start[k]:start[k+2]])
		}
		if k > 0 {
			rank[k-1] = v.rank(s[start[k-1]:start[k+1]])
		}
	}
}

// countLarge counts a piece too long for countSmall in time about linear
// in its length, with the same result. Byte-pair encoding gives the only
// sequence of tokens spelling the piece in which the first token, merged
// on its own, stays one token and every two adjacent tokens, merged on
// their own, stay those two: a merge that crossed the boundary between
// them would cross it in the whole piece too, and the merges on either
// side of a boundary no merge crosses are those of each side alone. So
// the tokens are found left to right: at each boundary the longest token
// that keeps the sequence so is taken, a shorter one when it does not,
// and when none does, the boundary is marked as none of the encoding and
// the previous token gives way to its next shorter one. The encoding of
// the text before a boundary is unique, so a marked boundary stays
// wrong, and each position is left forwards through each of its tokens
// at most once.
//
// The pairs tried are checked by merging them, which costs up to the
// square of their length; most pieces repeat their pairs, but some (a
// hundred spaces: every length is a token, and most pairs of them merge
// across) make the search try many long ones. When the checks have
// merged more than searchWork times the piece's length, the piece is
// counted by countHeap instead, so no piece costs more than a constant
// times its heap merge.
func (v *vocab) countLarge(piece string) int {
	n := len(piece)
	type token struct {
		pos  int32
		rank uint32
	}
	stack := make([]token, 0, n/4+1)
	dead := make([]uint64, n/64+1) // boundaries of no encoding
	pairs := new(pairCache)
	budget := searchWork*n + 1<<14
	pos := 0
	size, r := v.longest(piece, 0)
	for {
		if pairs.work > budget {
			return v.countHeap(piece)
		}
		end := pos + size
		ok := dead[end>>6]>>(end&63)&1 == 0
		if ok && len(stack) == 0 {
			ok = pairs.splits(v, piece[:end], end)
		} else if ok {
			last := stack[len(stack)-1]
			ok = pairs.pair(v, last.rank, r, piece[last.pos:end], pos-int(last.pos))
		}
		if ok {
			stack = append(stack, token{int32(pos), r})
			if end == n {
				return len(stack)
			}
			pos = end
			size, r = v.longest(piece, end)
			continue
		}
		// A shorter token at pos, or back to the previous boundary. The
		// byte at 0 followed by the true encoding of the rest always
		// fits, so the stack is never empty here.
		for size, r = v.shorter(piece, pos, size); size == 0; size, r = v.shorter(piece, pos, size) {
			dead[pos>>6] |= 1 << (pos & 63)
			last := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			pos, size = int(last.pos), pos-int(last.pos)
		}
	}
}

// searchWork bounds countLarge's checks: their merges, in bytes merged
// times bytes scanned, per byte of the piece.
const searchWork = 64

// longest returns the length and rank of the longest token at
// piece[pos:], which is not empty.
func (v *vocab) longest(piece string, pos int) (int, uint32) {
	rest := len(piece) - pos
	bound := 1
	if rest >= 2 {
		bound = int(v.pairMax[int(piece[pos])<<8|int(piece[pos+1])])
	}
	if bound >= 4 && rest >= 4 {
		if q := int(v.quadMax[quadHash(piece[pos:pos+4])]); q < 4 {
			bound = 3
		} else {
			bound = min(bound, q)
		}
	}
	return v.shorter(piece, pos, max(1, min(bound, rest))+1)
}

// shorter returns the length and rank of the longest token at piece[pos:]
// shorter than size bytes; 0 and none when size is 1.
func (v *vocab) shorter(piece string, pos, size int) (int, uint32) {
	for size--; size > 0; size-- {
		if r := v.rank(piece[pos : pos+size]); r != none {
			return size, r
		}
	}
	return 0, none
}

// quadHash is where the first four bytes of a token of four or more
// bytes are counted in quadMax.
func quadHash(s string) int {
	return int(le32(s) * 0x9E3779B1 >> 16)
}

// pairCache remembers, for recent pairs of adjacent tokens (by rank),
// whether they stay two when merged on their own: a long piece repeats
// its pairs. It holds the parts of the merge that finds out, reused.
type pairCache struct {
	seen [1024]struct {
		key   uint64 // ranks of the pair, plus one
		split bool
	}
	start [2*maxToken + 1]int16
	rank  [2 * maxToken]uint32
	work  int // what the merges of splits cost so far
}

// pair is splits of the tokens of ranks left and right, spelled s, the
// first at bytes of it.
func (c *pairCache) pair(v *vocab, left, right uint32, s string, at int) bool {
	key := (uint64(left)<<32 | uint64(right)) + 1
	e := &c.seen[(key*0x9E3779B97F4A7C15)>>54]
	if e.key != key {
		e.key, e.split = key, c.splits(v, s, at)
	}
	return e.split
}

// splits reports whether byte-pair merging s, a concatenation of tokens of
// at most maxToken bytes each, leaves s[:at] and s[at:] as one part each
// (when at is len(s), leaves s whole).
func (c *pairCache) splits(v *vocab, s string, at int) bool {
	c.work += len(s) * len(s)
	switch v.mergeParts(s, at, c.start[:len(s)+1], c.rank[:len(s)]) {
	case 1:
		return at == len(s)
	case 2:
		return int(c.start[1]) == at
	}
	return false
}

// countHeap is countSmall with the parts in a linked list and the
// candidate merges in a heap ordered by rank, then position, so a piece
// of n bytes costs O(n log n) whatever it holds. A heap entry is stale
// when its part was merged away or now forms another pair; it is skipped
// when popped.
func (v *vocab) countHeap(piece string) int {
	n := len(piece)
	next := make([]int32, n) // start of the next part; n after the last
	prev := make([]int32, n) // start of the previous part; -1 before the first
	rank := make([]uint32, n)
	h := make(mergeHeap, 0, n)
	for i := range n {
		next[i], prev[i] = int32(i+1), int32(i-1)
		rank[i] = none
		if i+2 <= n {
			rank[i] = v.rank(piece[i : i+2])
		}
		if rank[i] != none {
			h = append(h, merge(rank[i], int32(i)))
		}
	}
	h.init()
	pairRank := func(i int32) uint32 {
		j := next[i]
		if int(j) >= n {
			return none
		}
		return v.rank(piece[i:next[j]])
	}
	parts := n
	for len(h) > 0 {
		e := h.pop()
		i, r := int32(e&math.MaxUint32), uint32(e>>32)
		if rank[i] != r {
			continue // stale
		}
		// Merge the part at next[i] into the part at i.
		j := next[i]
		next[i] = next[j]
		if int(next[j]) < n {
			prev[next[j]] = i
		}
		rank[j] = none
		parts--
		if rank[i] = pairRank(i); rank[i] != none {
			h.push(merge(rank[i], i))
		}
		if p := prev[i]; p >= 0 {
			if rank[p] = pairRank(p); rank[p] != none {
				h.push(merge(rank[p], p))
			}
		}
	}
	return parts
}

// merge is a heap entry: the merge of the part at start with the next one,
// whose rank is r. Entries order by rank, then start.
func merge(r uint32, start int32) uint64 { return uint64(r)<<32 | uint64(start) }

// mergeHeap is a 4-ary min-heap of merges: half as deep as a binary one,
// and a node's children share a cache line.
type mergeHeap []uint64

func (h mergeHeap) init() {
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		h.down(i)
	}
}

func (h *mergeHeap) push(x uint64) {
	*h = append(*h, x)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if s[p] <= x {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = x
}

func (h *mergeHeap) pop() uint64 {
	s := *h
	x := s[0]
	s[0] = s[len(s)-1]
	*h = s[:len(s)-1]
	h.down(0)
	return x
}

func (h mergeHeap) down(i int) {
	if len(h) == 0 {
		return
	}
	x := h[i]
	for {
		c := 4*i + 1
		if c >= len(h) {
			break
		}
		m := c
		for k := c + 1; k < min(c+4, len(h)); k++ {
			if h[k] < h[m] {
				m = k
			}
		}
		if x <= h[m] {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = x
}
