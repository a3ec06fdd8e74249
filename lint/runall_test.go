package lint

import (
	"fmt"
	"reflect"
	"testing"
)

// TestRunAllWorkers: the rules run on thousands of prompts by several
// workers give the findings, the cuts (with their counts and the first
// finding past the cap) and the producer results of one collector, for
// rules that flood a file from its first prompt or from the middle of a
// chunk, report now and then, or write their message only when it is
// listed.
func TestRunAllWorkers(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	seen := &Producer{Name: "seen", Doc: "d", Run: func(*Pass) any { return nil }}
	tally := &Producer{Name: "tally", Doc: "d", After: []*Producer{seen}, Run: func(p *Pass) any {
		return fmt.Sprint(p.FindingsOf(seen))
	}}
	mix := func(i int) int { return (i*2654435761 + 12345) >> 7 & 0xffff }
	rules := []*Rule{
		// One to three findings on most prompts: past the cap early in
		// every file.
		{ID: "aa-flood", Severity: Warning, Requires: []*Producer{seen}, Run: func(p *Pass) {
			for j := range mix(p.index) % 4 {
				p.Reportf(Pos{Line: p.index + 1, Col: j + 1}, "flood %d.%d", p.index, j)
			}
		}},
		// One finding now and then: below the cap in a file, or just
		// over it in the largest.
		{ID: "bb-rare", Severity: Error, Requires: []*Producer{seen}, Run: func(p *Pass) {
			if mix(p.index)%19 == 0 {
				p.Reportf(Pos{Line: p.index + 1, Col: 1}, "rare %d", p.index)
			}
		}},
		// Floods from the middle of the second file on, the message
		// only for findings listed.
		{ID: "cc-late", Severity: Notice, Run: func(p *Pass) {
			if p.index < 1777 || p.Prompt.Path != "p/b.yaml" {
				return
			}
			for j := range 2 {
				if !p.Listed() {
					p.Reportf(Pos{Line: p.index + 1, Col: j + 1}, "")
					continue
				}
				p.Reportf(Pos{Line: p.index + 1, Col: j + 1}, "late %d.%d", p.index, j)
			}
		}},
		{ID: "dd-tally", Severity: Warning, Requires: []*Producer{tally}, Run: func(*Pass) {}},
	}
	const n = 3000
	prompts := make([]*Prompt, n)
	for i := range prompts {
		path := "p/a.yaml"
		switch {
		case i >= 2600:
			path = "p/c.yaml"
		case i >= 1000:
			path = "p/b.yaml"
		}
		prompts[i] = &Prompt{Path: path, Name: fmt.Sprint("p", i), Format: FormatPromptlint, Messages: []Message{{Text: "x"}}}
	}
	type outcome struct {
		findings []Finding
		cuts     []Cut
		results  []string
	}
	runOn := func(workers int) outcome {
		c := newCollector(cfg, rules)
		o := outcome{results: make([]string, n)}
		c.runOn(workers, n, func(i int) (*Pass, bool) {
			return &Pass{Config: cfg, Prompt: prompts[i], Status: Added, index: i}, false
		}, func(i int, results map[*Producer]any) {
			o.results[i], _ = results[tally].(string)
		})
		o.findings, o.cuts = c.result()
		SortFindings(o.findings)
		return o
	}
	want := runOn(1)
	if len(want.cuts) < 4 {
		t.Fatalf("%d cuts with one worker, want the floods cut in every file: %+v", len(want.cuts), want.cuts)
	}
	for _, workers := range []int{2, 3, 5} {
		got := runOn(workers)
		if !reflect.DeepEqual(got.cuts, want.cuts) {
			t.Errorf("%d workers: cuts %+v, want %+v", workers, got.cuts, want.cuts)
		}
		if !reflect.DeepEqual(got.findings, want.findings) {
			t.Errorf("%d workers: %d findings, want %d, or not the same", workers, len(got.findings), len(want.findings))
			for i := range min(len(got.findings), len(want.findings)) {
				if !reflect.DeepEqual(got.findings[i], want.findings[i]) {
					t.Errorf("first difference: %+v, want %+v", got.findings[i], want.findings[i])
					break
				}
			}
		}
		if !reflect.DeepEqual(got.results, want.results) {
			t.Errorf("%d workers: producer results differ", workers)
		}
	}
}
