package lint

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/diff"
)

// greedyRenames is rename pairing as pairPrompts specifies it, without
// its short cuts or its budget: every removed prompt compared with every
// added one of the same format or path, the pairs at or above the
// threshold taken best first, ties in order.
func greedyRenames(removed, added []*Prompt, threshold float64) map[*Prompt]*Prompt {
	type cand struct {
		r, a int
		sim  float64
	}
	var cands []cand
	for i, b := range removed {
		for j, h := range added {
			if b.Format != h.Format && b.Path != h.Path {
				continue
			}
			if sim, _ := diff.Similarity(b.Text(), h.Text()); sim >= threshold {
				cands = append(cands, cand{i, j, sim})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].sim > cands[j].sim })
	out := map[*Prompt]*Prompt{}
	usedA := map[int]bool{}
	for _, c := range cands {
		if out[removed[c.r]] != nil || usedA[c.a] {
			continue
		}
		out[removed[c.r]], usedA[c.a] = added[c.a], true
	}
	return out
}

func renamesOf(pairs []pair) map[*Prompt]*Prompt {
	out := map[*Prompt]*Prompt{}
	for _, p := range pairs {
		if p.status == Renamed {
			out[p.base] = p.head
		}
	}
	return out
}

// TestPairRenamesAsGreedy holds pairPrompts's renames (the same texts
// paired by lookup first, the rest compared) to greedyRenames on random
// changes of a few files: texts repeat, differ by a word, or by line
// endings and invalid UTF-8 only, and prompts move between formats.
func TestPairRenamesAsGreedy(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	rng := rand.New(rand.NewSource(7))
	texts := []string{"Answer {q} briefly.", "Answer {q} briefly!", "Answer {q}\r\nbriefly.", "Summarize {doc} in three lines.", "Summarize {doc} in 3 lines.", "x\xff", "x\xfe", "", "Translate {t} to French, politely and exactly."}
	formats := []Format{"promptlint", "dotprompt"}
	for trial := range 300 {
		mk := func(prefix string, n int) []*File {
			files := map[string]*File{}
			var order []*File
			for i := range n {
				path := fmt.Sprintf("p%d.yaml", rng.Intn(3))
				f := files[path]
				if f == nil {
					f = &File{Path: path}
					files[path] = f
					order = append(order, f)
				}
				f.Prompts = append(f.Prompts, &Prompt{
					Path: path, Name: fmt.Sprintf("%s%d", prefix, i),
					Format:   formats[rng.Intn(len(formats))],
					Messages: []Message{{Text: texts[rng.Intn(len(texts))]}},
				})
			}
			sort.Slice(order, func(i, j int) bool { return order[i].Path < order[j].Path })
			return order
		}
		base, head := mk("old", 1+rng.Intn(12)), mk("new", 1+rng.Intn(12))
		pairs, cut := pairPrompts(base, head, cfg)
		if cut {
			t.Fatalf("trial %d: a change of a dozen prompts ran out of budget", trial)
		}
		var removed, added []*Prompt
		inPlace := renamesInPlace(base, head)
		for _, f := range base {
			for _, p := range f.Prompts {
				if _, ok := inPlace[p]; !ok {
					removed = append(removed, p)
				}
			}
		}
		taken := map[*Prompt]bool{}
		for _, h := range inPlace {
			taken[h] = true
		}
		for _, f := range head {
			for _, p := range f.Prompts {
				if !taken[p] {
					added = append(added, p)
				}
			}
		}
		want := greedyRenames(removed, added, cfg.Diff.RenameThreshold)
		for b, h := range inPlace {
			want[b] = h
		}
		got := renamesOf(pairs)
		if len(got) != len(want) {
			t.Fatalf("trial %d: %d renames, want %d", trial, len(got), len(want))
		}
		for b, h := range want {
			if got[b] != h {
				t.Fatalf("trial %d: %s (%q) renamed to %v, want %s (%q)", trial, b.Name, b.Text(), got[b], h.Name, h.Text())
			}
		}
	}
}

// renamesInPlace is the rule pairPrompts applies before similarity: the
// only prompt removed from a file and the only one added to it.
func renamesInPlace(base, head []*File) map[*Prompt]*Prompt {
	out := map[*Prompt]*Prompt{}
	byPath := map[string]*File{}
	for _, f := range head {
		byPath[f.Path] = f
	}
	for _, b := range base {
		h := byPath[b.Path]
		if h == nil {
			continue
		}
		names := func(f *File) map[string]bool {
			m := map[string]bool{}
			for _, p := range f.Prompts {
				m[p.Name] = true
			}
			return m
		}
		inBase, inHead := names(b), names(h)
		var gone, came []*Prompt
		for _, p := range b.Prompts {
			if !inHead[p.Name] {
				gone = append(gone, p)
			}
		}
		for _, p := range h.Prompts {
			if !inBase[p.Name] {
				came = append(came, p)
			}
		}
		if len(gone) == 1 && len(came) == 1 {
			out[gone[0]] = came[0]
		}
	}
	return out
}

// TestPairRenamesBounded: a change that removes and adds thousands of
// prompts pairs those whose text did not change, all of them, and stops
// comparing the others at the budget, saying so; every prompt is in one
// pair either way.
func TestPairRenamesBounded(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	const n = 4000
	file := func(prefix string, text func(i int) string) []*File {
		f := &File{Path: "prompts/p.yaml"}
		for i := range n {
			f.Prompts = append(f.Prompts, &Prompt{Path: f.Path, Name: fmt.Sprintf("%s_%d", prefix, i), Format: "promptlint", Messages: []Message{{Text: text(i)}}})
		}
		return []*File{f}
	}
	sentence := func(i int) string { return fmt.Sprintf("Answer question %d about {q} briefly and kindly.", i) }
	for _, c := range []struct {
		name    string
		edit    func(i int) string
		renamed int
		cut     bool
	}{
		{"same texts", sentence, n, false},
		{"edited texts", func(i int) string { return strings.Replace(sentence(i), "kindly", "politely", 1) }, -1, true},
	} {
		pairs, cut := pairPrompts(file("old", sentence), file("new", c.edit), cfg)
		if cut != c.cut {
			t.Errorf("%s: cut = %t, want %t", c.name, cut, c.cut)
		}
		seen := map[*Prompt]int{}
		renamed := 0
		for _, p := range pairs {
			if p.base != nil {
				seen[p.base]++
			}
			if p.head != nil {
				seen[p.head]++
			}
			if p.status == Renamed {
				renamed++
				if strings.TrimPrefix(p.base.Name, "old_") != strings.TrimPrefix(p.head.Name, "new_") {
					t.Fatalf("%s: %s paired with %s", c.name, p.base.Name, p.head.Name)
				}
			}
		}
		if len(seen) != 2*n {
			t.Errorf("%s: %d prompts in pairs, want %d", c.name, len(seen), 2*n)
		}
		for p, k := range seen {
			if k != 1 {
				t.Fatalf("%s: %s in %d pairs", c.name, p.Name, k)
			}
		}
		if c.renamed >= 0 && renamed != c.renamed {
			t.Errorf("%s: %d renames, want %d", c.name, renamed, c.renamed)
		}
		if c.cut && (renamed == 0 || renamed == n) {
			t.Errorf("%s: %d renames: the budget should pair the first and stop", c.name, renamed)
		}
	}
}

func BenchmarkPairRenames(b *testing.B) {
	cfg := DefaultConfig()
	for _, n := range []int{100, 1000, 10000} {
		file := func(prefix, word string) []*File {
			f := &File{Path: "prompts/p.yaml"}
			for i := range n {
				f.Prompts = append(f.Prompts, &Prompt{Path: f.Path, Name: fmt.Sprintf("%s_%d", prefix, i), Format: "promptlint", Messages: []Message{{Text: fmt.Sprintf("Answer question %d about {q} %s.", i, word)}}})
			}
			return []*File{f}
		}
		base, head := file("old", "briefly"), file("new", "kindly")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				pairPrompts(base, head, cfg)
			}
		})
	}
}
