package checks

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/linttest"
)

// TestMain runs the tests with the collector set as the binary sets it
// under its memory limit (main's gcPercent), unless GOGC is set: they run
// the engine in this process, and spend a tenth less CPU.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(m.Run())
}

// TestRules runs each rule's testdata archive, testdata/<rule-id>.txtar
// (see lint/linttest for what an archive holds), and compares the rule's
// findings with the archive's want section; go test ./checks -update
// rewrites them.
func TestRules(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		id := strings.TrimSuffix(filepath.Base(name), ".txtar")
		t.Run(id, func(t *testing.T) {
			rule := ByID(id)
			if rule == nil {
				t.Fatalf("%s: no rule %q in All", name, id)
			}
			linttest.Run(t, All, rule, name)
		})
	}
}

// TestDocExamples runs the Bad and Good examples of every rule's doc: a
// Bad example produces the rule's finding, a Good example none.
func TestDocExamples(t *testing.T) {
	for _, r := range All {
		t.Run(r.ID, func(t *testing.T) { linttest.RunExamples(t, All, r) })
	}
}

// TestAll validates the registry: ids unique, sorted and kebab-case, docs
// complete, a testdata case and a README entry for every rule.
func TestAll(t *testing.T) {
	if err := lint.Validate(All); err != nil {
		t.Error(err)
	}
	seen := map[string]bool{}
	for i, r := range All {
		if !lint.ValidRuleID(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule id %q appears twice", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && All[i-1].ID >= r.ID {
			t.Errorf("All is not sorted by id: %q before %q", All[i-1].ID, r.ID)
		}
		if r.Severity < lint.Notice || r.Severity > lint.Error {
			t.Errorf("%s: default severity %v", r.ID, r.Severity)
		}
		summary, body, ok := strings.Cut(r.Doc, "\n\n")
		switch {
		case !ok || strings.TrimSpace(summary) == "" || strings.Contains(summary, "\n"):
			t.Errorf("%s: doc does not start with a one-line summary and a blank line", r.ID)
		case !strings.HasSuffix(strings.TrimSpace(summary), "."):
			t.Errorf("%s: summary %q is not a sentence", r.ID, summary)
		case !strings.Contains(body, "Bad") || !strings.Contains(body, "Good"):
			t.Errorf("%s: doc has no bad and good example", r.ID)
		case len(body) < 200:
			t.Errorf("%s: doc body is too short to say why the rule matters and how to fix it", r.ID)
		}
		if r.Run == nil && r.ID != lint.ParseErrorRule && r.ID != lint.GateRule && r.ID != lint.IgnoreUnusedRule && r.ID != lint.IgnoreMalformedRule {
			t.Errorf("%s: no Run function", r.ID)
		}
		if r.Change != (isChangeRule(r.ID)) {
			t.Errorf("%s: Change = %v", r.ID, r.Change)
		}
		if _, err := os.Stat(filepath.Join("testdata", r.ID+".txtar")); err != nil {
			t.Errorf("%s: no testdata case: %v", r.ID, err)
		}
	}
	if ByID(lint.ParseErrorRule) != ParseError {
		t.Errorf("ByID(%q) is not ParseError", lint.ParseErrorRule)
	}
	for _, id := range lint.ChecklistItems {
		if ByID("checklist-"+id) == nil {
			t.Errorf("no rule for checklist item %q", id)
		}
	}
}

// TestREADME checks that every rule id appears in the README's rule
// catalogue (between <!-- rules:start --> and <!-- rules:end --> when the
// README has those markers).
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatalf("no README: %v", err)
	}
	// The catalogue sits between these markers when the README has them.
	if _, after, ok := bytes.Cut(readme, []byte("<!-- rules:start -->")); ok {
		readme, _, _ = bytes.Cut(after, []byte("<!-- rules:end -->"))
	}
	var missing []string
	for _, r := range All {
		if !bytes.Contains(readme, []byte(r.ID)) {
			missing = append(missing, r.ID)
		}
	}
	if len(missing) == len(All) {
		t.Fatal("README.md has no rule catalogue")
	}
	for _, id := range missing {
		t.Errorf("rule %s is not documented in README.md", id)
	}
}

// isChangeRule says which rules compare base and head, per DESIGN.md.
func isChangeRule(id string) bool {
	if strings.HasPrefix(id, "checklist-") {
		return true
	}
	switch id {
	case "version-not-bumped", "version-decreased", "version-bump-too-small", "version-skipped",
		"version-bump-unneeded", "prerelease-in-production", "prompt-removed", "changelog-missing",
		"commit-message-generic", "gate-weakened", "slash-command-renamed":
		return true
	}
	return false
}

// TestRulesNilSafe runs every rule on passes a careless engine might build
// (no base, no head, no change, empty prompts) and checks none panics.
func TestRulesNilSafe(t *testing.T) {
	empty := &lint.Prompt{Path: "prompts/a.yaml", Name: "a"}
	full := &lint.Prompt{Path: "prompts/b.yaml", Name: "b", Version: "1.0.0", VersionSet: true,
		Messages: []lint.Message{{Text: "Summarize {text}.", Pos: lint.Pos{Line: 3, Col: 11}}},
		Uses:     []lint.Use{{Name: "text", Pos: lint.Pos{Line: 3, Col: 22}}},
		TestData: []lint.TestRow{{Values: map[string]any{}}}}
	for _, r := range All {
		if r.Run == nil {
			continue
		}
		for _, tc := range []struct {
			head, base *lint.Prompt
			status     lint.Status
		}{
			{empty, nil, lint.Unchanged}, {full, nil, lint.Added}, {nil, full, lint.Removed},
			{full, empty, lint.Modified}, {empty, full, lint.Renamed},
		} {
			pass := lint.NewPass(r, lint.DefaultConfig(), func(lint.Finding) {})
			pass.Prompt, pass.Base, pass.Status = tc.head, tc.base, tc.status
			if !r.Change && tc.head == nil {
				continue
			}
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Errorf("%s panics on %s with head %v, base %v: %v", r.ID, tc.status, tc.head != nil, tc.base != nil, v)
					}
				}()
				r.Run(pass)
			}()
		}
	}
}

var corpus = flag.Bool("corpus", false, "run the single-file rules over ../testdata/corpus and print the findings")

// TestCorpus runs every single-file rule over the corpus of real
// prompt files (with -corpus) and prints the findings and a count per rule.
func TestCorpus(t *testing.T) {
	if !*corpus {
		t.Skip("run with -corpus")
	}
	root := filepath.Join("..", "testdata", "corpus")
	cfg := lint.DefaultConfig()
	cfg.Files = append(cfg.Files,
		"github__gh-models/examples/*_prompt.yml", "github__gh-models/examples/test_*.yml",
		"github__gh-models/history/**/*.yml", "promptfoo__promptfoo/**/prompts/*.txt")
	var single []*lint.Rule
	for _, r := range All {
		if !r.Change {
			single = append(single, r)
		}
	}
	rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: os.DirFS(root), Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: single})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range rep.Findings {
		counts[f.Rule]++
		t.Log(f.String())
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	t.Logf("%d files, %d prompts", rep.Files, len(rep.Prompts))
	for _, id := range ids {
		t.Logf("%-28s %d", id, counts[id])
	}
}

// corpusTexts returns the texts of the corpus's prompt files, for fuzz
// seeds; it fails when the corpus is missing.
func corpusTexts(tb testing.TB) []string {
	root := filepath.Join("..", "testdata", "corpus")
	var out []string
	err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch path.Ext(p) {
		case ".prompt", ".prompty", ".yml", ".yaml", ".md", ".txt":
			b, err := os.ReadFile(filepath.Join(root, p))
			if err != nil {
				return err
			}
			out = append(out, string(b))
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		tb.Fatalf("corpus %s: %d prompt files: %v", root, len(out), err)
	}
	return out
}

// BenchmarkLintCorpus runs every single-file rule over the corpus
// (reading and parsing included), the work of `promptlint lint` on it.
func BenchmarkLintCorpus(b *testing.B) {
	root := os.DirFS(filepath.Join("..", "testdata", "corpus"))
	cfg := lint.DefaultConfig()
	cfg.Files = append(cfg.Files, "github__gh-models/examples/*_prompt.yml", "github__gh-models/history/**/*.yml")
	for i := 0; i < b.N; i++ {
		if _, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: root, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: All}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTemplateTooLong measures the rule on a prompt over the budget
// (the tokenizer runs once per text; later runs hit the cache) and under
// it in bytes (the tokenizer never runs).
func BenchmarkTemplateTooLong(b *testing.B) {
	long := strings.Repeat("Answer the customer's question about their order politely. ", 400)
	for _, tc := range []struct {
		name, text string
	}{{"over", long}, {"under-bytes", long[:3000]}} {
		b.Run(tc.name, func(b *testing.B) {
			p := &lint.Prompt{Path: "prompts/a.yaml", Name: "a", Messages: []lint.Message{{Text: tc.text}}}
			pass := lint.NewPass(TemplateTooLong, lint.DefaultConfig(), func(lint.Finding) {})
			pass.Prompt = p
			for i := 0; i < b.N; i++ {
				TemplateTooLong.Run(pass)
			}
		})
	}
}
