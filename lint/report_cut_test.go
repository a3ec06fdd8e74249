package lint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// manyPrompts is a check report of n changed prompts of path, each with
// the 8 checklist items of a production prompt and one finding.
func manyPrompts(path string, n int) ([]PromptReport, []ChecklistItem, []Finding) {
	var ps []PromptReport
	var items []ChecklistItem
	var fs []Finding
	for i := range n {
		name := fmt.Sprintf("p%d", i)
		p := &Prompt{Path: path, Name: name, Version: "1.0.0"}
		ps = append(ps, PromptReport{Prompt: p, Status: Added, Environment: "production", Recommendation: "review", Change: &Change{Status: Added, NewVersion: "1.0.0", UnifiedDiff: "+x\n"}})
		for _, id := range []string{"semver", "ab-tested", "metrics-improved", "error-handling", "monitoring", "rollback-plan", "team-reviewed", "docs-updated"} {
			items = append(items, ChecklistItem{Prompt: name, Path: path, Environment: "production", ID: id, Required: true, Status: Missing})
		}
		fs = append(fs, Finding{Rule: "r", Severity: Error, Path: path, Pos: Pos{Line: i + 1, Col: 1}, Prompt: name, Message: "m"})
	}
	return ps, items, fs
}

// TestBoundedPrompts: a written report lists at most MaxPromptsPerFile
// prompts and MaxChecklistPerFile checklist items per file, records each
// cut and says so in a note; the findings, the counts and the verdict are
// those of the whole report, and the whole report is left as it was.
func TestBoundedPrompts(t *testing.T) {
	const big = 3*MaxPromptsPerFile + 7
	ps, items, fs := manyPrompts("prompts/big.yaml", big)
	ps2, items2, fs2 := manyPrompts("prompts/small.yaml", 3)
	rep := &Report{Check: true, Files: 2, Prompts: append(ps, ps2...), Checklist: append(items, items2...), Findings: append(fs, fs2...), Notes: []string{"a note"}}
	whole := rep.Summary()
	b := rep.Bounded()

	if len(rep.Prompts) != big+3 || len(rep.Checklist) != 8*(big+3) || rep.Cut != nil || len(rep.Notes) != 1 {
		t.Fatalf("Bounded changed the whole report: %d prompts, %d items, cut %v, notes %q", len(rep.Prompts), len(rep.Checklist), rep.Cut, rep.Notes)
	}
	perFile := map[string]int{}
	for i, p := range b.Prompts {
		perFile[p.Prompt.Path]++
		if i < MaxPromptsPerFile && p.Prompt != rep.Prompts[i].Prompt {
			t.Errorf("prompt %d is %s, want the report's %s: the first ones are kept, in order", i, p.Prompt.Name, rep.Prompts[i].Prompt.Name)
		}
	}
	if perFile["prompts/big.yaml"] != MaxPromptsPerFile || perFile["prompts/small.yaml"] != 3 {
		t.Errorf("prompts per file %v, want %d and 3", perFile, MaxPromptsPerFile)
	}
	perFile = map[string]int{}
	for _, it := range b.Checklist {
		perFile[it.Path]++
	}
	if perFile["prompts/big.yaml"] != MaxChecklistPerFile || perFile["prompts/small.yaml"] != 24 {
		t.Errorf("checklist items per file %v, want %d and 24", perFile, MaxChecklistPerFile)
	}
	want := []Cut{
		{Path: "prompts/big.yaml", What: CutPrompts, Found: big, Reported: MaxPromptsPerFile},
		{Path: "prompts/big.yaml", What: CutChecklist, Found: 8 * big, Reported: MaxChecklistPerFile},
	}
	if !reflect.DeepEqual(b.Cut, want) {
		t.Errorf("cut %+v, want %+v", b.Cut, want)
	}
	if len(b.Findings) != big+3 || !reflect.DeepEqual(b.Findings, rep.Findings) {
		t.Errorf("%d findings, want all %d as they were", len(b.Findings), big+3)
	}
	if got := b.Summary(); got != whole || got.Prompts != big+3 || got.Changed != big+3 {
		t.Errorf("summary %+v, want the whole report's %+v", got, whole)
	}
	if b.Fails(Error) != rep.Fails(Error) || !b.Fails(Error) {
		t.Errorf("the cut report fails: %v, the whole one: %v", b.Fails(Error), rep.Fails(Error))
	}
	note := fmt.Sprintf("the report lists the first %d of the %d prompts of prompts/big.yaml (at most %d per file); the findings, the counts and the verdicts cover them all", MaxPromptsPerFile, big, MaxPromptsPerFile)
	if len(b.Notes) != 2 || b.Notes[0] != "a note" || b.Notes[1] != note {
		t.Errorf("notes %q, want the report's then %q", b.Notes, note)
	}
	if again := b.Bounded(); again != b {
		t.Error("Bounded of a bounded report made another")
	}
}

// TestBoundedWithin: a report within every cap is written as it is.
func TestBoundedWithin(t *testing.T) {
	ps, items, fs := manyPrompts("prompts/a.yaml", MaxPromptsPerFile)
	rep := &Report{Check: true, Prompts: ps, Checklist: items, Findings: fs, Notes: make([]string, MaxNotes)}
	if b := rep.Bounded(); b != rep {
		t.Errorf("Bounded cut a report within the caps: cut %+v", b.Cut)
	}
}

// TestBoundedLists: each list of a prompt's change keeps MaxListed
// entries, the diffs of a file MaxDiffPerFile bytes cut at a line end, and
// each cut is recorded with the prompt's name.
func TestBoundedLists(t *testing.T) {
	n := MaxListed + 50
	names := func(prefix string) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s%d", prefix, i))
		}
		return out
	}
	var reasons []Reason
	var msgs []MessageChange
	var rows []RenderedRow
	for i := range n {
		reasons = append(reasons, Reason{Bump: BumpMinor, Text: fmt.Sprintf("variable \"v%d\" added", i)})
		msgs = append(msgs, MessageChange{Index: i, Role: "user", Status: Added})
		rows = append(rows, RenderedRow{Index: i, Similarity: 1})
	}
	line := "+" + strings.Repeat("x", 125) + "\n" // 128 bytes in JSON: the budget ends at a line end
	diff := strings.Repeat(line, MaxDiffPerFile/len(line)+10)
	c := &Change{Status: Modified, Required: BumpMajor, Reasons: reasons, VarsAdded: names("a"), VarsRemoved: names("r"), DefaultsChanged: names("d"), Messages: msgs, Rendered: &RenderedChange{Total: n, Rows: rows}, UnifiedDiff: diff}
	second := &Change{Status: Modified, UnifiedDiff: "+y\n"}
	other := &Change{Status: Modified, UnifiedDiff: "+z\n"}
	rep := &Report{Check: true, Prompts: []PromptReport{
		{Prompt: &Prompt{Path: "p.yaml", Name: "big"}, Base: &Prompt{Path: "p.yaml", Name: "big"}, Status: Modified, Change: c},
		{Prompt: &Prompt{Path: "p.yaml", Name: "next"}, Base: &Prompt{Path: "p.yaml", Name: "next"}, Status: Modified, Change: second},
		{Prompt: &Prompt{Path: "q.yaml", Name: "other"}, Base: &Prompt{Path: "q.yaml", Name: "other"}, Status: Modified, Change: other},
	}}
	b := rep.Bounded()
	bc := b.Prompts[0].Change
	for what, l := range map[string]int{"reasons": len(bc.Reasons), "added": len(bc.VarsAdded), "removed": len(bc.VarsRemoved), "defaults": len(bc.DefaultsChanged), "messages": len(bc.Messages), "rows": len(bc.Rendered.Rows)} {
		if l != MaxListed {
			t.Errorf("%s: %d listed, want %d", what, l, MaxListed)
		}
	}
	if bc.Required != BumpMajor || bc.Rendered.Total != n {
		t.Errorf("required %v, rendered total %d: the change's verdict and counts must stay", bc.Required, bc.Rendered.Total)
	}
	kept := MaxDiffPerFile / 128 * len(line)
	if len(bc.UnifiedDiff) != kept || !strings.HasPrefix(diff, bc.UnifiedDiff) {
		t.Errorf("diff of %d bytes, want the first %d, cut at a line end", len(bc.UnifiedDiff), kept)
	}
	if got := b.Prompts[1].Change.UnifiedDiff; got != "" {
		t.Errorf("second prompt's diff %q, want none: the file's budget is spent", got)
	}
	if got := b.Prompts[2].Change.UnifiedDiff; got != "+z\n" {
		t.Errorf("another file's diff %q, want it whole", got)
	}
	want := []Cut{
		{Path: "p.yaml", Prompt: "big", What: CutReasons, Found: n, Reported: MaxListed},
		{Path: "p.yaml", Prompt: "big", What: CutVarsAdded, Found: n, Reported: MaxListed},
		{Path: "p.yaml", Prompt: "big", What: CutVarsRemoved, Found: n, Reported: MaxListed},
		{Path: "p.yaml", Prompt: "big", What: CutDefaultsChanged, Found: n, Reported: MaxListed},
		{Path: "p.yaml", Prompt: "big", What: CutMessages, Found: n, Reported: MaxListed},
		{Path: "p.yaml", Prompt: "big", What: CutRows, Found: n, Reported: MaxListed},
		{Path: "p.yaml", Prompt: "big", What: CutDiff, Found: len(diff), Reported: kept},
		{Path: "p.yaml", Prompt: "next", What: CutDiff, Found: 3, Reported: 0},
	}
	if !reflect.DeepEqual(b.Cut, want) {
		t.Errorf("cut\n%+v\nwant\n%+v", b.Cut, want)
	}
	if len(c.Reasons) != n || len(c.VarsAdded) != n || len(c.Rendered.Rows) != n || c.UnifiedDiff != diff {
		t.Error("Bounded changed the whole report's change")
	}
}

// TestBoundedClips: names and texts of user origin are clipped, at a
// character boundary and with "…", wherever the report repeats them.
func TestBoundedClips(t *testing.T) {
	long := strings.Repeat("é", 100_000) // two bytes each: a cut can fall inside one
	p := &Prompt{Path: "p.yaml", Name: long, Version: long, Environment: long}
	rep := &Report{
		Check: true,
		Prompts: []PromptReport{{Prompt: p, Status: Added, Environment: long, Change: &Change{
			Status: Added, NewVersion: long, Reasons: []Reason{{Bump: BumpMajor, Text: long}},
			VarsAdded: []string{"ok", long}, Messages: []MessageChange{{Role: long}},
			Rendered: &RenderedChange{Rows: []RenderedRow{{Error: long}}},
		}}},
		Findings:  []Finding{{Rule: "r", Severity: Error, Path: "p.yaml", Prompt: long, Message: long}, {Rule: "r", Severity: Error, Path: "p.yaml", Prompt: "short", Message: "short"}},
		Checklist: []ChecklistItem{{Prompt: long, Path: "p.yaml", Environment: long, ID: "semver", Evidence: long}},
		Gate:      []GateChange{{Path: "p.yaml", Prompt: long, Subject: long, Message: long}},
		Notes:     append(make([]string, MaxNotes+5), long),
	}
	rep.Notes[0] = long
	b := rep.Bounded()
	check := func(what, s string, limit int) {
		t.Helper()
		if len(s) > limit || !utf8.ValidString(s) || !strings.HasSuffix(s, "…") || !strings.HasPrefix(long, strings.TrimSuffix(s, "…")) {
			t.Errorf("%s: %d bytes (valid UTF-8: %v), want a prefix of the text ending with \"…\" within %d", what, len(s), utf8.ValidString(s), limit)
		}
	}
	bp := b.Prompts[0]
	check("name", bp.Prompt.Name, MaxNameBytes)
	check("version", bp.Prompt.Version, MaxNameBytes)
	check("prompt environment", bp.Prompt.Environment, MaxNameBytes)
	check("environment", bp.Environment, MaxNameBytes)
	check("new version", bp.Change.NewVersion, MaxNameBytes)
	check("reason", bp.Change.Reasons[0].Text, MaxTextBytes)
	check("variable", bp.Change.VarsAdded[1], MaxNameBytes)
	check("role", bp.Change.Messages[0].Role, MaxNameBytes)
	check("row error", bp.Change.Rendered.Rows[0].Error, MaxTextBytes)
	check("finding prompt", b.Findings[0].Prompt, MaxNameBytes)
	check("finding message", b.Findings[0].Message, MaxTextBytes)
	check("checklist prompt", b.Checklist[0].Prompt, MaxNameBytes)
	check("checklist evidence", b.Checklist[0].Evidence, MaxTextBytes)
	check("gate message", b.Gate[0].Message, MaxTextBytes)
	check("gate subject", b.Gate[0].Subject, MaxNameBytes)
	check("note", b.Notes[0], MaxTextBytes)
	if bp.Change.VarsAdded[0] != "ok" || b.Findings[1].Message != "short" {
		t.Error("a short name or message was changed")
	}
	if len(b.Notes) != MaxNotes {
		t.Errorf("%d notes, want %d", len(b.Notes), MaxNotes)
	}
	if want := (Cut{What: CutNotes, Found: MaxNotes + 6, Reported: MaxNotes}); len(b.Cut) != 1 || b.Cut[0] != want {
		t.Errorf("cut %+v, want %+v", b.Cut, want)
	}
	if p.Name != long || rep.Findings[0].Message != long || rep.Notes[0] != long || rep.Prompts[0].Change.VarsAdded[1] != long {
		t.Error("Bounded changed the whole report")
	}
}

// TestBoundedDiffEscaped: the diff budget counts bytes as JSON escapes
// them, so a diff of control characters keeps a sixth as many.
func TestBoundedDiffEscaped(t *testing.T) {
	line := "+" + strings.Repeat("\x01", 99) + "\n" // 1 + 594 + 2 bytes in JSON
	diff := strings.Repeat(line, MaxDiffPerFile/len(line))
	rep := &Report{Check: true, Prompts: []PromptReport{{Prompt: &Prompt{Path: "p.md", Name: "p"}, Base: &Prompt{Path: "p.md", Name: "p"}, Status: Modified, Change: &Change{Status: Modified, UnifiedDiff: diff}}}}
	got := rep.Bounded().Prompts[0].Change.UnifiedDiff
	if want := MaxDiffPerFile / 597 * len(line); len(got) != want || !strings.HasPrefix(diff, got) {
		t.Errorf("kept %d bytes of the diff, want the first %d", len(got), want)
	}
	for _, tt := range []struct {
		d    string
		n    int
		want string
	}{
		{"a\nb\n", 6, "a\nb\n"}, {"a\nb\n", 5, "a\n"}, {"a\nb", 3, "a\n"}, {"a\nb", 4, "a\nb"}, {"ab\n", 3, ""}, {"\"\\\n", 6, "\"\\\n"}, {"\x1f\n", 7, ""},
	} {
		if got, _ := prefixWithin(tt.d, tt.n); got != tt.want {
			t.Errorf("prefixWithin(%q, %d) = %q, want %q", tt.d, tt.n, got, tt.want)
		}
	}
}

// TestPerFileInterleaved holds perFile, which counts an item of the last
// item's file without the map, to counting every item in the map: the
// same items kept, the same cuts in the same order, over files whose
// items come together, interleave, and come back after others.
func TestPerFileInterleaved(t *testing.T) {
	byMap := func(b *bounder, items []string, limit int) []string {
		count := map[string]int{}
		var order []string
		var out []string
		for _, p := range items {
			if count[p] == 0 {
				order = append(order, p)
			}
			count[p]++
			if count[p] > limit {
				b.changed = true
				continue
			}
			out = append(out, p+"!")
		}
		for _, p := range order {
			if n := count[p]; n > limit {
				b.cut(Cut{Path: p, What: CutChecklist, Found: n, Reported: limit})
			}
		}
		return out
	}
	seed := uint32(1)
	next := func(n int) int { // a fixed pseudo-random sequence
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for round := range 500 {
		files := 1 + next(5)
		var items []string
		for range next(40) {
			p := fmt.Sprintf("f%d", next(files))
			for range 1 + next(6) { // runs of one file
				items = append(items, p)
			}
		}
		limit := 1 + next(10)
		var want, got bounder
		w := byMap(&want, items, limit)
		g := perFile(&got, items, limit, CutChecklist, func(p *string) string { return *p }, func(p string) string { return p + "!" })
		if len(w) == 0 {
			w = []string{}
		}
		if !reflect.DeepEqual(g, w) || !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d, limit %d, items %q:\nperFile %q, %+v\nby map  %q, %+v", round, limit, items, g, got, w, want)
		}
	}
}
