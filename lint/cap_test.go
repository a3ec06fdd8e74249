package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// floodRule reports one finding per byte of each message, at its offset:
// a rule that a hostile file can make report without bound.
var floodRule = &Rule{
	ID:       "flood",
	Severity: Error,
	Doc:      "Reports every byte.\n\nA test rule.",
	Run: func(pass *Pass) {
		for i := range pass.Prompt.Messages {
			m := &pass.Prompt.Messages[i]
			offs := make([]int, len(m.Text))
			for k := range offs {
				offs[k] = k
			}
			for _, pos := range m.Positions(offs) {
				pass.Reportf(pos, "byte")
			}
		}
	},
}

// quietRule reports one finding per prompt.
var quietRule = &Rule{
	ID:       "quiet",
	Severity: Warning,
	Doc:      "Reports once.\n\nA test rule.",
	Run:      func(pass *Pass) { pass.Reportf(pass.Prompt.Pos, "once") },
}

func floodTree(sizes map[string]int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, n := range sizes {
		fsys[p] = &fstest.MapFile{Data: []byte("---\nversion: 1.0.0\n---\n" + strings.Repeat("x", n) + "\n")}
	}
	return fsys
}

// TestFindingCap: a rule keeps at most MaxFindingsPerRule findings per
// file, in the order it reported them, then one summary finding with the
// rule's severity at the first finding left out; other files and rules
// are not affected, and the report records the cut.
func TestFindingCap(t *testing.T) {
	fsys := floodTree(map[string]int{"prompts/big.md": 5000, "prompts/small.md": 7, "prompts/edge.md": MaxFindingsPerRule - 1})
	cfg := DefaultConfig()
	rep, err := Run(context.Background(), Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: ConfigFile{Config: cfg}, Registry: []*Rule{floodRule, quietRule}})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var summary []Finding
	for _, f := range rep.Findings {
		count[f.Path+" "+f.Rule]++
		if strings.HasPrefix(f.Message, "and ") {
			summary = append(summary, f)
		}
	}
	want := map[string]int{
		"prompts/big.md flood": MaxFindingsPerRule + 1, "prompts/big.md quiet": 1,
		"prompts/small.md flood": 8, "prompts/small.md quiet": 1,
		"prompts/edge.md flood": MaxFindingsPerRule, "prompts/edge.md quiet": 1,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s: %d findings, want %d", k, count[k], n)
		}
	}
	if len(summary) != 1 {
		t.Fatalf("summary findings %v, want one", summary)
	}
	s := summary[0]
	wantMsg := fmt.Sprintf("and %d more findings of this rule in this file, not listed (at most %d per rule and file)", 5001-MaxFindingsPerRule, MaxFindingsPerRule)
	if s.Message != wantMsg || s.Severity != Error || s.Path != "prompts/big.md" || s.Pos != (Pos{Line: 4, Col: MaxFindingsPerRule + 1}) {
		t.Errorf("summary finding %v, want %q at 4:%d", s, wantMsg, MaxFindingsPerRule+1)
	}
	if len(rep.Cut) != 1 || rep.Cut[0] != (Cut{Path: "prompts/big.md", Rule: "flood", Found: 5001, Reported: MaxFindingsPerRule}) {
		t.Errorf("cut %+v, want prompts/big.md flood 5001 found, %d reported", rep.Cut, MaxFindingsPerRule)
	}

	// An ignored rule is dropped before it counts, and check caps too.
	cfg.Ignore = append(cfg.Ignore, Ignore{Path: "prompts/small.md", Rules: []string{"flood"}})
	base := floodTree(map[string]int{"prompts/big.md": 1, "prompts/small.md": 1})
	rep, err = Run(context.Background(), Input{Base: base, Head: fsys, Config: ConfigFile{Config: cfg}, Registry: []*Rule{floodRule}})
	if err != nil {
		t.Fatal(err)
	}
	count = map[string]int{}
	for _, f := range rep.Findings {
		count[f.Path]++
	}
	if count["prompts/big.md"] != MaxFindingsPerRule+1 || count["prompts/small.md"] != 0 {
		t.Errorf("check findings per file %v, want %d on big.md and none on the ignored small.md", count, MaxFindingsPerRule+1)
	}
	if len(rep.Cut) != 1 {
		t.Errorf("check cut %+v, want one", rep.Cut)
	}
}

// BenchmarkFindingCap runs a rule that reports once per byte over files of
// 64 KiB, 256 KiB and 1 MiB: the findings are capped, and the time per
// byte stays the same as the file grows.
func BenchmarkFindingCap(b *testing.B) {
	for _, n := range []int{64 << 10, 256 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKiB", n>>10), func(b *testing.B) {
			fsys := floodTree(map[string]int{"prompts/flood.md": n - 64})
			cfg := DefaultConfig()
			b.SetBytes(int64(n))
			for b.Loop() {
				rep, err := Run(context.Background(), Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: ConfigFile{Config: cfg}, Registry: []*Rule{floodRule}})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Findings) != MaxFindingsPerRule+1 {
					b.Fatalf("%d findings, want %d", len(rep.Findings), MaxFindingsPerRule+1)
				}
			}
		})
	}
}
