package output

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/template"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites the file
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test ./lint/output -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

const supportDiff = `--- a/prompts/support.yaml
+++ b/prompts/support.yaml
@@ -1,4 +1,5 @@
 You are a support agent for {product}.
-Answer the customer's question politely.
+Answer the customer's question in a {tone} tone.
+Always end with a concrete next step.
 
 Question: {question}
`

const greetingDiff = "--- a/prompts/hello.md\n+++ b/prompts/greeting.md\n@@ -1,2 +1,2 @@\n-Say hello to {name}.\n+Say hello to {name} with ```code``` fences.\n Keep it short.\n"

// sampleReport is a check report with every change status, every
// severity, every checklist status, rendered outputs and notes.
func sampleReport() *lint.Report {
	support := &lint.Prompt{Path: "prompts/support.yaml", Name: "support_reply", Format: lint.FormatPromptlint, Syntax: template.Python, Version: "2.0.0", Messages: []lint.Message{{Text: "You are a support agent for {product}.\n"}}}
	supportBase := &lint.Prompt{Path: "prompts/support.yaml", Name: "support_reply", Format: lint.FormatPromptlint, Syntax: template.Python, Version: "1.2.0", Messages: []lint.Message{{Text: "You are a support agent.\n"}}}
	added := &lint.Prompt{Path: "prompts/summarize.prompt.yml", Name: "summarize", Format: lint.FormatGitHubModels, Syntax: template.GitHubModels, Version: "1.0.0",
		Messages: []lint.Message{{Role: "system", Text: "You summarize text."}, {Role: "user", Text: "Summarize: {{input}}\nIn {{words}} words."}},
		Uses:     []lint.Use{{Name: "input", Pos: lint.Pos{Line: 6, Col: 20}}, {Name: "words", Pos: lint.Pos{Line: 7, Col: 11}}}}
	removed := &lint.Prompt{Path: "prompts/legacy.prompty", Name: "legacy", Format: lint.FormatPrompty, Syntax: template.Jinja, Version: "0.3.1",
		Messages: []lint.Message{{Role: "system", Text: "Old prompt {{ q }}\nline two\n"}}, Declares: true, Variables: []lint.Variable{{Name: "q", Required: true}}}
	greeting := &lint.Prompt{Path: "prompts/greeting.md", Name: "greeting", Format: lint.FormatMarkdown, Syntax: template.Python, Version: "1.0.1", Messages: []lint.Message{{Text: "Say hello to {name}.\n"}}}
	hello := &lint.Prompt{Path: "prompts/hello.md", Name: "greeting", Format: lint.FormatMarkdown, Syntax: template.Python, Version: "1.0.0", Messages: []lint.Message{{Text: "Say hello to {name}.\n"}}}

	return &lint.Report{
		Check: true,
		Files: 4,
		Prompts: []lint.PromptReport{
			{Prompt: support, Base: supportBase, Status: lint.Modified, Environment: "production", Recommendation: "deploy", Change: &lint.Change{
				Status: lint.Modified, OldVersion: "1.2.0", NewVersion: "2.0.0", Bump: lint.BumpMajor, Required: lint.BumpMajor,
				Reasons:        []lint.Reason{{Bump: lint.BumpMinor, Text: `variable "tone" added`}, {Bump: lint.BumpMajor, Text: "instructions changed substantially"}},
				ContentChanged: true, Similarity: 0.85314, AddedLines: 2, RemovedLines: 1, UnifiedDiff: supportDiff,
				VarsAdded: []string{"tone"}, TokensOld: 120, TokensNew: 134,
				Rendered: &lint.RenderedChange{Average: 0.9123, Min: 0.8, Max: 1, Changed: 2, Errors: 1, Rows: []lint.RenderedRow{
					{Index: 0, Similarity: 0.8, Changed: true}, {Index: 1, Similarity: 0.9369, Changed: true}, {Index: 2, Similarity: 1}, {Index: 3, Error: `missing variable "tone"`}}},
			}},
			{Prompt: added, Status: lint.Added, Environment: "staging", Recommendation: "deploy"},
			{Base: removed, Status: lint.Removed, Environment: "production", Recommendation: "review"},
			{Prompt: greeting, Base: hello, Status: lint.Renamed, Environment: "staging", Recommendation: "review", Change: &lint.Change{
				Status: lint.Renamed, OldPath: "prompts/hello.md", OldVersion: "1.0.0", NewVersion: "1.0.1", Bump: lint.BumpPatch, Required: lint.BumpMinor,
				Reasons:    []lint.Reason{{Bump: lint.BumpMinor, Text: `default of "name" changed`}},
				Similarity: 0.5, Approximate: true, AddedLines: 1, RemovedLines: 1, UnifiedDiff: greetingDiff,
				VarsRemoved: []string{"style"}, DefaultsChanged: []string{"name"}, TokensOld: 0, TokensNew: 9,
				Messages: []lint.MessageChange{{Index: 0, Role: "system", Status: lint.Modified, Similarity: 0.92}, {Index: 1, Role: "user", OldRole: "assistant", Status: lint.Added}},
			}},
		},
		Findings: []lint.Finding{
			{Rule: "version-bump", Severity: lint.Error, Path: "prompts/greeting.md", Pos: lint.Pos{Line: 2, Col: 10}, Prompt: "greeting", Message: `version "1.0.1" is a patch bump, the change needs minor`},
			{Rule: "variable-undefined", Severity: lint.Error, Path: "prompts/support.yaml", Pos: lint.Pos{Line: 7, Col: 21}, Prompt: "support_reply", Message: `variable "order_id" is used but not declared`},
			{Rule: "description-missing", Severity: lint.Notice, Path: "prompts/summarize.prompt.yml", Prompt: "summarize", Message: "prompt has no description"},
			{Rule: "prompt-removed", Severity: lint.Warning, Path: "prompts/legacy.prompty", Pos: lint.Pos{Line: 1, Col: 1}, Prompt: "legacy", Message: `prompt "legacy" was removed without a deprecation`},
		},
		Checklist: []lint.ChecklistItem{
			{Prompt: "support_reply", Path: "prompts/support.yaml", Environment: "production", ID: "semver", Required: true, Status: lint.Verified, Evidence: "2.0.0 is a major bump"},
			{Prompt: "support_reply", Path: "prompts/support.yaml", Environment: "production", ID: "ab-tested", Required: true, Status: lint.Verified, Evidence: "n=500/500, 80.0% → 85.0%, p=0.037"},
			{Prompt: "support_reply", Path: "prompts/support.yaml", Environment: "production", ID: "error-handling", Required: true, Status: lint.Attested, Evidence: "PR checkbox"},
			{Prompt: "support_reply", Path: "prompts/support.yaml", Environment: "production", ID: "monitoring", Required: true, Status: lint.Missing},
			{Prompt: "greeting", Path: "prompts/greeting.md", Environment: "staging", ID: "rollback-plan", Required: true, Status: lint.Missing},
			{Prompt: "greeting", Path: "prompts/greeting.md", Environment: "staging", ID: "ab-tested", Required: false, Status: lint.NotRequired},
		},
		Notes: []string{"similarity of prompts/greeting.md was approximated: the texts are too large for an exact diff in bounded time"},
	}
}

// lintReport is a lint report: prompts without changes, findings only.
func lintReport() *lint.Report {
	return &lint.Report{
		Files: 2,
		Prompts: []lint.PromptReport{
			{Prompt: &lint.Prompt{Path: "prompts/a.yaml", Name: "a", Format: lint.FormatPromptlint, Version: "1.0.0", Environment: "production"}, Status: lint.Unchanged},
			{Prompt: &lint.Prompt{Path: "prompts/b.prompt", Name: "b", Format: lint.FormatDotprompt}, Status: lint.Unchanged, Environment: "development"},
		},
		Findings: []lint.Finding{
			{Rule: "version-missing", Severity: lint.Warning, Path: "prompts/b.prompt", Prompt: "b", Message: "prompt has no version"},
			{Rule: "variable-unused", Severity: lint.Notice, Path: "prompts/a.yaml", Pos: lint.Pos{Line: 4, Col: 3}, Prompt: "a", Message: `variable "tone" is declared but never used`},
		},
	}
}

// sampleRules are rules as checks.All would hold them.
func sampleRules() []*lint.Rule {
	return []*lint.Rule{
		{ID: "description-missing", Severity: lint.Notice, Doc: "Prompts should say what they are for.\n\nA description helps reviewers.\n\nBad: no `description`.\nGood: `description: Replies to support tickets.`"},
		{ID: "prompt-removed", Severity: lint.Warning, Change: true, Doc: "Removing a prompt breaks its callers.\n\nDeprecate it first."},
		{ID: "variable-undefined", Severity: lint.Error, Doc: "Every used variable | is declared.\n\nAn undeclared variable renders as literal text."},
		{ID: "variable-unused", Severity: lint.Off, Doc: "Declared variables are used."},
		{ID: "version-bump", Severity: lint.Error, Change: true, Doc: "The version bump matches the change.\n\nSee the version policy."},
		{ID: "version-missing", Severity: lint.Warning, Doc: "Every prompt has a version."},
	}
}
