package diff

import (
	"math/bits"
	"sync"
	"unicode/utf8"
)

// Budgets bound the work on large inputs. A "step" is one 64-bit word
// operation of the bit-parallel LCS: ceil(n/64)·m steps for texts of n and m
// code points, about a nanosecond each.
const (
	// exactSteps is the largest LCS computed exactly over the whole texts;
	// 2^26 covers two texts of 64,000 code points that differ throughout.
	exactSteps = 1 << 26
	// maxTableWords bounds the match table (one bit row per distinct code
	// point of the shorter text), 16 MiB.
	maxTableWords = 1 << 21
	// approxSteps is the LCS work spent on the changed hunks of a
	// line-anchored alignment when the texts are too large for exactSteps.
	approxSteps = 1 << 26
)

// similarity returns the ratio of two different normalized texts. la, lb
// and changes are their lines and line diff when the caller has them.
func similarity(a, b string, la, lb []string, changes []change) (float64, bool) {
	buf := scratchPool.Get().(*scratch)
	defer scratchPool.Put(buf)
	buf.runes = appendRunes(buf.runes[:0], a)
	na := len(buf.runes)
	buf.runes = appendRunes(buf.runes, b)
	ra, rb := buf.runes[:na:na], buf.runes[na:]
	total := len(ra) + len(rb)
	if len(ra) == 0 || len(rb) == 0 {
		return 0, false
	}
	lines := func() {
		if changes == nil {
			la, lb = splitLines(a), splitLines(b)
			changes, _ = diffLines(la, lb)
		}
	}
	if words, cost := exactCost(ra, rb); cost <= exactSteps {
		if words <= 1 {
			// A band narrows rows of more than one word only: with the
			// shorter text in one word, the exact answer costs no more
			// than the alignment that would bound its band.
			if m, ok := lcsExact(ra, rb, exactSteps, 0); ok {
				return ratio(m, total), false
			}
		}
		// The line-anchored alignment, computed with an eighth of the work
		// of the exact answer at most, bounds the band the exact one
		// searches.
		lines()
		full := float64((min(len(ra), len(rb))+63)/64) * float64(max(len(ra), len(rb)))
		lower := approxMatches(ra, rb, la, lb, changes, full/8)
		if m, ok := lcsExact(ra, rb, exactSteps, lower); ok {
			return ratio(m, total), false
		}
	}
	lines()
	return ratio(approxMatches(ra, rb, la, lb, changes, approxSteps), total), true
}

// exactCost is the number of steps lcsExact takes on x and y without a
// band: ceil(n/64)·m for the shorter length n once their common affixes
// are set aside, and words is ceil(n/64). Above maxSteps it refuses, so a
// caller need not prepare a band for it.
func exactCost(x, y []rune) (words int, cost float64) {
	p, s := commonAffixes(x, y)
	n, m := len(x)-p-s, len(y)-p-s
	words = (min(n, m) + 63) / 64
	return words, float64(words) * float64(max(n, m))
}

func ratio(m, total int) float64 {
	return 2 * float64(m) / float64(total)
}

// approxMatches counts the code points matched by a line-anchored alignment:
// every equal line in full, plus a common subsequence of the deleted and
// inserted text of each change, exact when the budget (in steps) allows
// and otherwise the sum over proportional blocks. The result is a valid
// common subsequence, so at most the LCS.
func approxMatches(ra, rb []rune, la, lb []string, changes []change, budget float64) int {
	offA, offB := runeOffsets(la), runeOffsets(lb)
	type hunk struct{ x, y []rune }
	hunks := make([]hunk, 0, len(changes))
	var cost float64
	for _, c := range changes {
		x := ra[offA[c.a]:offA[c.a+c.del]]
		y := rb[offB[c.b]:offB[c.b+c.ins]]
		if len(x) > 0 && len(y) > 0 {
			hunks = append(hunks, hunk{x, y})
			cost += float64(len(x)) * float64(len(y)) / 64
		}
	}
	changed := 0
	for _, c := range changes {
		changed += offA[c.a+c.del] - offA[c.a]
	}
	m := len(ra) - changed
	// Shrink every hunk by the same factor k: cutting both sides into k
	// blocks divides the work by k.
	k := 1
	if cost > budget {
		k = int(cost/max(budget, 1)) + 1
	}
	for _, h := range hunks {
		m += lcsBlocks(h.x, h.y, k)
	}
	return m
}

// lcsBlocks cuts x and y into k proportional blocks and returns the sum of
// the LCS lengths of corresponding blocks (the LCS itself when k is 1).
func lcsBlocks(x, y []rune, k int) int {
	k = min(k, len(x), len(y))
	m := 0
	for i := range k {
		bx := x[i*len(x)/k : (i+1)*len(x)/k]
		by := y[i*len(y)/k : (i+1)*len(y)/k]
		n, ok := lcsExact(bx, by, -1, 0)
		if !ok {
			// The match table is too large even for one block: only count
			// the common affixes, which are always part of some LCS.
			n, _ = commonAffixes(bx, by)
			_, s := commonAffixes(bx[n:], by[n:])
			n += s
		}
		m += n
	}
	return m
}

// commonAffixes returns the lengths of the common prefix of x and y and of
// their common suffix after it.
func commonAffixes(x, y []rune) (prefix, suffix int) {
	n := min(len(x), len(y))
	for prefix < n && x[prefix] == y[prefix] {
		prefix++
	}
	for suffix < n-prefix && x[len(x)-1-suffix] == y[len(y)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}

// lcsExact returns the length of a longest common subsequence of x and y
// with the bit-parallel algorithm of Allison–Dix and Hyyrö: the common
// prefix and suffix are set aside, then the rest costs ceil(n/64)·m word
// operations for the shorter length n. ok is false when that exceeds
// maxSteps (negative: no limit) or the match table would exceed
// maxTableWords.
//
// lower is a length of some common subsequence of x and y (0 when none is
// known). It bounds how far an optimal alignment strays from the diagonal:
// it leaves at most len(x)-lower code points of x unmatched, and as many
// of y. Only the words of each row that hold cells within that band are
// computed: the cells to their left keep the values of an earlier row and
// those to their right have never been reached, both no more than their
// true values, while every cell of an optimal alignment lies within the
// band and is computed from cells within it. So the result is exact, and
// two similar texts cost about ceil(d/64)·m, d being the code points
// outside the known common subsequence.
func lcsExact(x, y []rune, maxSteps, lower int) (n int, ok bool) {
	p, s := commonAffixes(x, y)
	x, y = x[p:len(x)-s], y[p:len(y)-s]
	if len(x) == 0 || len(y) == 0 {
		return p + s, true
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	words := (len(x) + 63) / 64
	if maxSteps >= 0 && float64(words)*float64(len(y)) > float64(maxSteps) {
		return 0, false
	}
	buf := scratchPool.Get().(*scratch)
	defer scratchPool.Put(buf)
	// Give each distinct code point of x a row of the match table; code
	// points of y absent from x never match and are skipped.
	var ascii [utf8.RuneSelf]int32
	var other map[rune]int32
	rows := int32(0)
	buf.xs = grow(buf.xs, len(x))
	xs := buf.xs
	for i, r := range x {
		var id int32
		if r >= 0 && r < utf8.RuneSelf {
			if ascii[r] == 0 {
				rows++
				ascii[r] = rows
			}
			id = ascii[r]
		} else {
			if other == nil {
				other = map[rune]int32{}
			}
			if id = other[r]; id == 0 {
				rows++
				other[r] = rows
				id = rows
			}
		}
		xs[i] = id - 1
	}
	if int(rows)*words > maxTableWords {
		return 0, false
	}
	buf.table = grow(buf.table, int(rows)*words)
	table := buf.table
	clear(table)
	for i, id := range xs {
		table[int(id)*words+i/64] |= 1 << (i % 64)
	}
	buf.v = grow(buf.v, words)
	v := buf.v
	for i := range v {
		v[i] = ^uint64(0)
	}
	// Bit i of v stands for x[i]. Row j (after y[j]) needs the bits of
	// the cells (j+1, i+1) with i+1-(j+1) in [-(len(y)-lower),
	// len(x)-lower], and their neighbours.
	lower = max(lower-p-s, 0)
	before, after := len(y)-lower+1, len(x)-lower+1
	for j, r := range y {
		var id int32
		if r >= 0 && r < utf8.RuneSelf {
			id = ascii[r]
		} else {
			id = other[r]
		}
		if id == 0 {
			continue
		}
		lo, hi := max(j-before, 0)/64, min(j+after, len(x)-1)/64
		if lo > hi {
			continue
		}
		row := table[int(id-1)*words : int(id)*words][lo : hi+1]
		band := v[lo : hi+1]
		var carry uint64
		for w, pm := range row {
			old := band[w]
			sum, c := bits.Add64(old, old&pm, carry)
			carry = c
			band[w] = sum | (old &^ pm)
		}
	}
	// Each zero bit among the first len(x) is one matched code point.
	zeros := 0
	for w, word := range v {
		valid := ^uint64(0)
		if rest := len(x) - w*64; rest < 64 {
			valid = 1<<rest - 1
		}
		zeros += bits.OnesCount64(^word & valid)
	}
	return p + s + zeros, true
}

// scratch holds buffers for similarity and lcsExact, reused across calls
// through scratchPool.
type scratch struct {
	runes []rune
	xs    []int32
	table []uint64
	v     []uint64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// grow returns s resized to n, reallocated only when too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// appendRunes appends the code points of s to r, as []rune(s) would
// convert them.
func appendRunes(r []rune, s string) []rune {
	for _, c := range s {
		r = append(r, c)
	}
	return r
}

// runeOffsets returns the code-point offset of the start of each line, with
// the total length appended.
func runeOffsets(lines []string) []int {
	off := make([]int, len(lines)+1)
	for i, l := range lines {
		off[i+1] = off[i] + utf8.RuneCountInString(l)
	}
	return off
}
