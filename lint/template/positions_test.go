package template

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// positionsByScan is Positions as a plain loop from the text's start for
// each offset: what the one forward pass must agree with.
func positionsByScan(text string, off int) Pos {
	end := min(max(off, 0), len(text))
	line, col := 1, 1
	for i := 0; i < end; {
		if text[i] == '\n' {
			line, col = line+1, 1
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
		col++
	}
	return Pos{Offset: end, Line: line, Col: col}
}

// fillPositionsSlow is fillPositions as a stable sort by reflection and a
// scan from the start for every offset.
func fillPositionsSlow(text string, r *Result) {
	sort.SliceStable(r.Uses, func(i, j int) bool { return r.Uses[i].Pos.Offset < r.Uses[j].Pos.Offset })
	sort.SliceStable(r.Errors, func(i, j int) bool { return r.Errors[i].Pos.Offset < r.Errors[j].Pos.Offset })
	for k := range r.Uses {
		r.Uses[k].Pos = positionsByScan(text, r.Uses[k].Pos.Offset)
	}
	for k := range r.Errors {
		r.Errors[k].Pos = positionsByScan(text, r.Errors[k].Pos.Offset)
	}
	for k := range r.Comments {
		r.Comments[k].Pos = positionsByScan(text, r.Comments[k].Pos.Offset)
		r.Comments[k].End = positionsByScan(text, r.Comments[k].End.Offset)
	}
}

// TestFillPositionsSameAsScan holds fillPositions (a stable sort without
// reflection, one forward pass per list) to the slow way, over random
// texts (line breaks, multi-byte and invalid UTF-8) and results with
// offsets in any order, repeated, inside characters and out of range.
func TestFillPositionsSameAsScan(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	parts := []string{"a", "{x}", "\n", "é", "日本", "😀", "\xff", "\xe6\x97", "  ", "\n\n"}
	for trial := 0; trial < 2000; trial++ {
		var b strings.Builder
		for n := rng.Intn(30); n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		text := b.String()
		off := func() int { return rng.Intn(len(text)+6) - 3 }
		var r Result
		for n := rng.Intn(6); n > 0; n-- {
			r.Uses = append(r.Uses, Use{Name: fmt.Sprint(len(r.Uses)), Pos: Pos{Offset: off()}})
		}
		if rng.Intn(2) == 0 {
			sort.Slice(r.Uses, func(i, j int) bool { return r.Uses[i].Pos.Offset < r.Uses[j].Pos.Offset })
		}
		for n := rng.Intn(6); n > 0; n-- {
			r.Errors = append(r.Errors, Error{Msg: fmt.Sprint(len(r.Errors)), Pos: Pos{Offset: off()}})
		}
		for n := rng.Intn(3); n > 0; n-- {
			r.Comments = append(r.Comments, Comment{Text: fmt.Sprint(len(r.Comments)), Pos: Pos{Offset: off()}, End: Pos{Offset: off()}})
		}
		want := Result{Uses: append([]Use(nil), r.Uses...), Errors: append([]Error(nil), r.Errors...), Comments: append([]Comment(nil), r.Comments...)}
		fillPositionsSlow(text, &want)
		fillPositions(text, &r)
		if !reflect.DeepEqual(r, want) {
			t.Fatalf("text %q:\n got %+v\nwant %+v", text, r, want)
		}
		var offs []int
		for _, u := range want.Uses {
			offs = append(offs, u.Pos.Offset)
		}
		got := Positions(text, offs)
		for k, p := range got {
			if w := positionsByScan(text, offs[k]); p != w {
				t.Fatalf("text %q: Positions of %d is %v, want %v", text, offs[k], p, w)
			}
		}
	}
}
