package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// histories are real edit histories from the corpus (testdata/corpus):
// every committed revision of one prompt file, named NN-<sha8>.<ext>. Each
// is checked under a path that the default globs select: the gh-models
// examples are examples/*.yml upstream, which no default glob matches, so
// they are checked as examples/*.prompt.yml.
var histories = []struct {
	dir  string // under the corpus
	path string // where the file lives in the checked tree
	// required is the bump each step needs, judged by reading its diff.
	required []lint.Bump
}{
	// 01 → 02 wraps the same JSON Schema in OpenAI's {name, strict,
	// schema} as a JSON string; 02 → 03 rewrites the prompt; 03 → 04
	// renames it back.
	{"github__gh-models/history/examples/json_schema_prompt.yml", "examples/json_schema_prompt.prompt.yml",
		[]lint.Bump{lint.BumpNone, lint.BumpMajor, lint.BumpNone}},
	// Wording, wording, {{text}} renamed {{input}}, a top-level
	// temperature GitHub's tools ignore, that temperature moved under
	// modelParameters, then test data and evaluators only.
	{"github__gh-models/history/examples/test_generate.yml", "examples/test_generate.prompt.yml",
		[]lint.Bump{lint.BumpPatch, lint.BumpPatch, lint.BumpMajor, lint.BumpNone, lint.BumpMinor, lint.BumpNone, lint.BumpNone, lint.BumpNone, lint.BumpNone}},
	// v1 → v2 (another model, parameters, wording); inputSchema → inputs
	// with the same variables; the provider; the provider and endpoint.
	{"microsoft__prompty/history/basic.prompty", "basic.prompty",
		[]lint.Bump{lint.BumpMinor, lint.BumpNone, lint.BumpNone, lint.BumpNone}},
	// mode: renamed agent:.
	{"github__awesome-copilot/history/prompts/create-readme.prompt.md", "prompts/create-readme.prompt.md",
		[]lint.Bump{lint.BumpNone}},
}

// TestHistories runs each consecutive pair of revisions (N → N+1) through
// lint.Run with every rule on, checks invariants of the change and logs
// what the tool made of each step (go test ./lint -run TestHistories -v).
func TestHistories(t *testing.T) {
	corpus := filepath.Join("..", "testdata", "corpus")
	cfg := lint.DefaultConfig()
	counts := map[string]int{} // findings per rule over every step
	for _, h := range histories {
		t.Run(filepath.Base(h.dir), func(t *testing.T) {
			revs, err := filepath.Glob(filepath.Join(corpus, h.dir, "*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(revs) < 2 {
				t.Fatalf("fewer than two revisions in %s", h.dir)
			}
			sort.Strings(revs)
			for i := 0; i+1 < len(revs); i++ {
				old, err := os.ReadFile(revs[i])
				if err != nil {
					t.Fatal(err)
				}
				cur, err := os.ReadFile(revs[i+1])
				if err != nil {
					t.Fatal(err)
				}
				step := strings.TrimSuffix(filepath.Base(revs[i]), filepath.Ext(revs[i])) + " → " + strings.TrimSuffix(filepath.Base(revs[i+1]), filepath.Ext(revs[i+1]))
				base := fstest.MapFS{h.path: {Data: old, Mode: 0o644}}
				head := fstest.MapFS{h.path: {Data: cur, Mode: 0o644}}
				rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				checkStep(t, step, h.path, rep)
				for _, f := range rep.Findings {
					t.Logf("%s: %s", step, f)
					counts[f.Rule]++
					if strings.HasPrefix(f.Rule, "checklist-") {
						t.Errorf("%s: %s: no environment is assigned, so the checklist is advisory", step, f)
					}
				}
				if len(rep.Prompts) == 1 && rep.Prompts[0].Change != nil && i < len(h.required) {
					if got := rep.Prompts[0].Change.Required; got != h.required[i] {
						t.Errorf("%s: required %s, want %s", step, got, h.required[i])
					}
				}
			}
		})
	}
	for _, id := range sortedRules(counts) {
		t.Logf("%-28s %d", id, counts[id])
	}
}

func sortedRules(counts map[string]int) []string {
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// checkStep asserts the invariants of one history step and logs it.
func checkStep(t *testing.T, step, path string, rep *lint.Report) {
	t.Helper()
	var findings []string
	for _, f := range rep.Findings {
		if !strings.HasPrefix(f.Rule, "checklist-") {
			findings = append(findings, f.Rule)
		}
		if f.Rule == lint.ParseErrorRule {
			t.Errorf("%s: %s", step, f)
		}
	}
	if len(rep.Prompts) == 0 {
		t.Logf("%s: no change reported; findings %v", step, findings)
		return
	}
	if len(rep.Prompts) != 1 {
		// A rewrite that also renames the prompt pairs as removed + added;
		// TestSamePathRewrite holds that case.
		var what []string
		for _, r := range rep.Prompts {
			what = append(what, string(r.Status)+" "+strconvQuote(r.Subject().Name))
		}
		t.Logf("%s: %d prompts reported for one file: %s; findings %v", step, len(rep.Prompts), strings.Join(what, ", "), findings)
		return
	}
	for _, r := range rep.Prompts {
		if r.Status != lint.Modified && r.Status != lint.Renamed {
			t.Errorf("%s: status %s, want modified (or renamed within %s when the prompt's name changed)", step, r.Status, path)
		}
		c := r.Change
		if c == nil {
			t.Errorf("%s: no change for a modified prompt", step)
			continue
		}
		if c.Similarity < 0 || c.Similarity > 1 {
			t.Errorf("%s: similarity %v outside [0, 1]", step, c.Similarity)
		}
		if c.Required < lint.BumpNone || c.Required > lint.BumpMajor {
			t.Errorf("%s: required bump %d", step, c.Required)
		}
		maxReason := lint.BumpNone
		for _, rs := range c.Reasons {
			maxReason = max(maxReason, rs.Bump)
		}
		if c.Required > maxReason {
			t.Errorf("%s: requires %s but no reason asks for more than %s", step, c.Required, maxReason)
		}
		if (c.AddedLines == 0 && c.RemovedLines == 0) != (c.Similarity == 1) {
			t.Errorf("%s: %d lines added, %d removed, but similarity %v", step, c.AddedLines, c.RemovedLines, c.Similarity)
		}
		var reasons []string
		for _, rs := range c.Reasons {
			reasons = append(reasons, rs.Bump.String()+": "+rs.Text)
		}
		t.Logf("%s: %s %q, version %q → %q, similarity %.3f, lines +%d −%d, vars +%v −%v defaults %v, required %s, whitespace-only %v, metadata-only %v; reasons %q; findings %v",
			step, r.Status, r.Prompt.Name, c.OldVersion, c.NewVersion, c.Similarity, c.AddedLines, c.RemovedLines,
			c.VarsAdded, c.VarsRemoved, c.DefaultsChanged, c.Required, c.WhitespaceOnly, c.MetadataOnly, reasons, findings)
	}
}

// // TestSamePathRewrite checks that a one-prompt file rewritten in place,
// display name included (as in the gh-models history
// json_schema_prompt.yml 02 → 03 and test_generate.yml 01 → 02, and
// Prompty basic.prompty 01 → 02), is one changed prompt that the version
// rules see, not a removal plus an addition: the file is still where
// callers load it.
func TestSamePathRewrite(t *testing.T) {
	base := fstest.MapFS{"examples/example.prompt.yml": {Data: []byte(`name: Person Example
description: Describes a person.
version: 1.0.0
model: openai/gpt-4o
messages:
  - role: system
    content: You are a helpful assistant that provides structured information about people.
  - role: user
    content: "Generate information for a person named {{name}} who is {{age}} years old."
`)}}
	head := fstest.MapFS{"examples/example.prompt.yml": {Data: []byte(`name: Animal Example
description: Describes an animal.
version: 1.0.0
model: openai/gpt-4o
messages:
  - role: system
    content: Answer in one short paragraph.
  - role: user
    content: "Where does the {{animal}} live and what does it eat?"
`)}}
	rep := checkAll(t, lint.DefaultConfig(), base, head)
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule)
	}
	if len(rep.Prompts) != 1 {
		t.Fatalf("a one-prompt file (GitHub Models here) rewritten in place with a new display name is reported as %d prompts (removed + added), findings %v: pairPrompts keys prompts by path+name and pairs a same-path name change only at rename_threshold similarity, so a rewrite escapes version-not-bumped/version-bump-too-small (any version is valid for an added prompt) and raises prompt-removed although the file is still at its path; want one changed prompt (modified, or renamed within the file), required major (variables name and age removed, animal added) and version-not-bumped", len(rep.Prompts), ids)
	}
	r := rep.Prompts[0]
	if r.Change == nil || r.Change.Required != lint.BumpMajor {
		t.Errorf("rewrite: change %+v, want required major", r.Change)
	}
	found := false
	for _, id := range ids {
		found = found || id == "version-not-bumped"
	}
	if !found {
		t.Errorf("no version-not-bumped for a rewrite under the same version: %v", ids)
	}
}
