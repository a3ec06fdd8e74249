package lint_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/tokens"
)

// TestPassTokens checks that a rule's Pass.Tokens is the token count of
// the prompt's text, in lint and in check, where it is the count the diff
// summary made (each text is counted once), and for a text with a lone
// carriage return, which the summary counts as a newline.
func TestPassTokens(t *testing.T) {
	file := func(version, template string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("version: " + version + "\ntemplate: " + template + "\n")}
	}
	base := fstest.MapFS{
		"prompts/changed.yaml": file("1.0.0", "Summarize the ticket in one sentence."),
		"prompts/cr.yaml":      file("1.0.0", `"First line.\rSecond line."`),
	}
	head := fstest.MapFS{
		"prompts/changed.yaml": file("1.1.0", "Summarize the customer's ticket in two sentences, then propose a next step."),
		"prompts/cr.yaml":      file("1.0.1", `"First line!\rSecond line."`),
		"prompts/added.yaml":   file("1.0.0", "Answer {question} in the customer's language."),
	}
	for _, enc := range tokens.Encodings {
		got, texts := map[string]int{}, map[string]string{}
		inCheck := true
		rec := &lint.Rule{ID: "record-tokens", Severity: lint.Notice, Doc: "Records Pass.Tokens.", Run: func(p *lint.Pass) {
			if inCheck && p.Status == lint.Unchanged {
				return // the base side, which check lints for pre-existing findings
			}
			n, err := p.Tokens()
			if err != nil {
				t.Fatal(err)
			}
			got[p.Prompt.Path], texts[p.Prompt.Path] = n, p.Prompt.Text()
		}}
		cfg := lint.DefaultConfig()
		cfg.Tokens.Encoding = enc
		rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: []*lint.Rule{rec}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Prompts) != 3 || len(got) != 3 {
			t.Fatalf("%s: %d prompts reported, %d seen by the rule; want 3", enc, len(rep.Prompts), len(got))
		}
		for _, r := range rep.Prompts {
			text := r.Prompt.Text()
			want, err := tokens.Count(enc, text)
			if err != nil {
				t.Fatal(err)
			}
			if got[r.Prompt.Path] != want {
				t.Errorf("%s: check: Pass.Tokens of %s = %d, want %d", enc, r.Prompt.Path, got[r.Prompt.Path], want)
			}
			if r.Prompt.Path != "prompts/cr.yaml" && r.Change.TokensNew != want {
				t.Errorf("%s: check: summary counts %d tokens for %s, want %d", enc, r.Change.TokensNew, r.Prompt.Path, want)
			}
		}
		clear(got)
		inCheck = false
		if _, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: head, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: []*lint.Rule{rec}}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("%s: lint: the rule saw %d prompts, want 3", enc, len(got))
		}
		for p, n := range got {
			if want, _ := tokens.Count(enc, texts[p]); n != want || n == 0 {
				t.Errorf("%s: lint: Pass.Tokens of %s = %d, want %d", enc, p, n, want)
			}
		}
	}
}
