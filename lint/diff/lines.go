package diff

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// exactLineCells is the largest product of the line counts (after the
// common prefix and suffix lines are set aside) that gets a minimal line
// diff; go-diff's Myers bisection costs at most about four times that. Larger
// problems are split at lines unique to both sides (patience diff) first.
const exactLineCells = 16_000_000

// change is one run of consecutive deleted and inserted lines: del lines of
// a starting at index a replaced by ins lines of b starting at index b.
type change struct {
	a, b, del, ins int
}

// splitLines cuts s into lines, each keeping its "\n"; only the last may
// lack one. An empty text has no lines.
func splitLines(s string) []string {
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, s[:i])
		s = s[i:]
	}
	return lines
}

func countLines(changes []change) (added, removed int) {
	for _, c := range changes {
		added += c.ins
		removed += c.del
	}
	return added, removed
}

// diffLines returns the changes of a line diff of a and b, in order, and
// whether the diff may not be minimal because the input was too large.
func diffLines(a, b []string) (changes []change, approximate bool) {
	switch {
	case len(a) == 0 || len(b) == 0:
		// All of one side: what diff finds, without naming the lines
		// (an added or removed prompt's diff).
		d := lineDiffer{}
		d.add(0, 0, len(a), len(b))
		return d.changes, false
	case len(a) == 1 && len(b) == 1:
		// One line each (a rename candidate's sentence): the same, or
		// one replaced by the other.
		if a[0] == b[0] {
			return nil, false
		}
		return []change{{a: 0, b: 0, del: 1, ins: 1}}, false
	}
	ids := make(map[string]int32, len(a)+len(b))
	x, y := make([]int32, len(a)), make([]int32, len(b))
	for i, l := range a {
		x[i] = lineID(ids, l)
	}
	for i, l := range b {
		y[i] = lineID(ids, l)
	}
	d := lineDiffer{}
	d.diff(x, y, 0, 0)
	return d.changes, d.approximate
}

func lineID(ids map[string]int32, line string) int32 {
	id, ok := ids[line]
	if !ok {
		id = int32(len(ids))
		ids[line] = id
	}
	return id
}

type lineDiffer struct {
	changes     []change
	approximate bool
}

// add appends a change at a0, b0, merging it with the previous one when
// they touch.
func (d *lineDiffer) add(a0, b0, del, ins int) {
	if del == 0 && ins == 0 {
		return
	}
	if n := len(d.changes); n > 0 {
		last := &d.changes[n-1]
		if last.a+last.del == a0 && last.b+last.ins == b0 {
			last.del += del
			last.ins += ins
			return
		}
	}
	d.changes = append(d.changes, change{a: a0, b: b0, del: del, ins: ins})
}

// diff appends the changes turning x into y; offA and offB are the
// positions of x and y in the whole texts.
func (d *lineDiffer) diff(x, y []int32, offA, offB int) {
	p := 0
	for p < len(x) && p < len(y) && x[p] == y[p] {
		p++
	}
	s := 0
	for s < len(x)-p && s < len(y)-p && x[len(x)-1-s] == y[len(y)-1-s] {
		s++
	}
	x, y = x[p:len(x)-s], y[p:len(y)-s]
	offA, offB = offA+p, offB+p
	switch {
	case len(x) == 0 || len(y) == 0:
		d.add(offA, offB, len(x), len(y))
	case len(x) == 1 && len(y) == 1:
		d.add(offA, offB, 1, 1) // they differ: the common lines are set aside
	case len(x)*len(y) <= exactLineCells:
		d.myers(x, y, offA, offB)
	default:
		d.approximate = true
		d.patience(x, y, offA, offB)
	}
}

// myers diffs x and y with go-diff's Myers bisection over one code point
// per line. With DiffTimeout 0 go-diff skips its half-match shortcut and
// never gives up, so the diff is minimal.
func (d *lineDiffer) myers(x, y []int32, offA, offB int) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(idRunes(x), idRunes(y), false)
	i, j := offA, offB
	for _, df := range diffs {
		n := utf8.RuneCountInString(df.Text)
		switch df.Type {
		case diffmatchpatch.DiffEqual:
			i += n
			j += n
		case diffmatchpatch.DiffDelete:
			d.add(i, j, n, 0)
			i += n
		case diffmatchpatch.DiffInsert:
			d.add(i, j, 0, n)
			j += n
		}
	}
}

// idRunes maps line ids to distinct valid code points, skipping the
// surrogate range that strings cannot hold.
func idRunes(ids []int32) []rune {
	r := make([]rune, len(ids))
	for i, id := range ids {
		r[i] = rune(id)
		if r[i] >= 0xD800 {
			r[i] += 0x800
		}
	}
	return r
}

// patience splits a problem too large for myers at the lines that occur
// exactly once in x and once in y, keeping the longest run of them in the
// same order on both sides, and diffs the gaps between them. Without such
// lines the whole of x is replaced by y.
func (d *lineDiffer) patience(x, y []int32, offA, offB int) {
	type count struct{ x, y, posX, posY int }
	counts := map[int32]*count{}
	for i, id := range x {
		c := counts[id]
		if c == nil {
			c = &count{}
			counts[id] = c
		}
		c.x++
		c.posX = i
	}
	for j, id := range y {
		if c := counts[id]; c != nil {
			c.y++
			c.posY = j
		}
	}
	type pair struct{ i, j int }
	var pairs []pair
	for _, c := range counts {
		if c.x == 1 && c.y == 1 {
			pairs = append(pairs, pair{c.posX, c.posY})
		}
	}
	if len(pairs) == 0 {
		d.add(offA, offB, len(x), len(y))
		return
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].i < pairs[j].i })
	// Longest increasing subsequence of j (patience sorting).
	tails := []int{}
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		n := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]].j >= p.j })
		prev[k] = -1
		if n > 0 {
			prev[k] = tails[n-1]
		}
		if n == len(tails) {
			tails = append(tails, k)
		} else {
			tails[n] = k
		}
	}
	anchors := make([]pair, len(tails))
	for k, n := tails[len(tails)-1], len(tails)-1; k >= 0; k, n = prev[k], n-1 {
		anchors[n] = pairs[k]
	}
	i, j := 0, 0
	for _, an := range anchors {
		d.diff(x[i:an.i], y[j:an.j], offA+i, offB+j)
		i, j = an.i+1, an.j+1
	}
	d.diff(x[i:], y[j:], offA+i, offB+j)
}
