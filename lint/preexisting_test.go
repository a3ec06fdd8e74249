package lint_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// TestPreexisting checks which findings count as ones the base already
// had: same rule, prompt and message, wherever the lines went, as many
// times as the base had them; a prompt renamed keeps its findings; and
// with OnlyNew only new findings fail the run.
func TestPreexisting(t *testing.T) {
	files := func(kv ...string) fstest.MapFS {
		m := fstest.MapFS{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
		}
		return m
	}
	run := func(t *testing.T, onlyNew bool, base, head fstest.MapFS) *lint.Report {
		t.Helper()
		cfg := lint.DefaultConfig()
		cfg.OnlyNew = onlyNew
		return checkAll(t, cfg, base, head)
	}
	marks := func(rep *lint.Report, rule string) []bool {
		var out []bool
		for _, f := range rep.Findings {
			if f.Rule == rule {
				out = append(out, f.Preexisting)
			}
		}
		return out
	}

	t.Run("a template over the token budget", func(t *testing.T) {
		// The base's count, taken from the change's statistics, is the
		// base text's: the same text keeps its finding, a longer one
		// (another count in the message) gets a new one.
		cfg := lint.DefaultConfig()
		cfg.Tokens.Budget = 5
		prompt := func(version, text, eol string) fstest.MapFS {
			return files("prompts/a.yaml", strings.ReplaceAll("name: a\nversion: "+version+"\ndescription: A.\ntemplate: |\n  "+text+"\n", "\n", eol))
		}
		long := "Write a short friendly reply about the order to the customer."
		for _, tt := range []struct {
			name       string
			base, head fstest.MapFS
			want       bool
		}{
			{"same text", prompt("1.0.0", long, "\n"), prompt("1.0.1", long, "\n"), true},
			{"longer text", prompt("1.0.0", long, "\n"), prompt("1.1.0", long+" Thank them.", "\n"), false},
			{"same text, base with CRLF", prompt("1.0.0", long, "\r\n"), prompt("1.0.1", long, "\n"), true},
			{"longer text, base with CRLF", prompt("1.0.0", long, "\r\n"), prompt("1.1.0", long+" Thank them.", "\n"), false},
		} {
			rep := checkAll(t, cfg, tt.base, tt.head)
			if got := marks(rep, "template-too-long"); len(got) != 1 || got[0] != tt.want {
				t.Errorf("%s: template-too-long pre-existing marks %v, want [%v]", tt.name, got, tt.want)
			}
		}
	})
	t.Run("counts", func(t *testing.T) {
		// Two undeclared uses of different names are two findings; the
		// base had one of them.
		base := files("prompts/a.yaml", "name: a\nversion: 1.0.0\ndescription: A.\nvariables:\n  topic: null\ntemplate: \"Write about {topic} for {audience}.\"\n")
		head := files("prompts/a.yaml", "name: a\nversion: 2.0.0\ndescription: A.\nvariables:\n  topic: null\ntemplate: \"Write about {topic} for {audience} in {language}.\"\n")
		rep := run(t, false, base, head)
		if got := marks(rep, "variable-undefined"); len(got) != 2 || !got[0] || got[1] {
			t.Errorf("variable-undefined pre-existing marks %v, want [true false] (audience old, language new)", got)
		}
		if s := rep.Summary(); s.PreExisting != 1 {
			t.Errorf("summary counts %d pre-existing, want 1", s.PreExisting)
		}
	})
	t.Run("a duplicate name whose other prompt moved down", func(t *testing.T) {
		other := "name: greet\nversion: 1.0.0\ndescription: Greets.\ntemplate: Say hello.\n"
		base := files("prompts/a.yaml", other, "prompts/b.yaml", other)
		head := files("prompts/a.yaml", "# Greeting, kept for the old app.\n\n"+other, "prompts/b.yaml", strings.Replace(other, "Say hello.", "Say hello warmly.", 1))
		head["prompts/b.yaml"].Data = []byte(strings.Replace(string(head["prompts/b.yaml"].Data), "1.0.0", "1.0.1", 1))
		rep := run(t, false, base, head)
		var found bool
		for _, f := range rep.Findings {
			if f.Rule == "prompt-name-duplicate" && f.Path == "prompts/b.yaml" {
				found = true
				if !f.Preexisting {
					t.Errorf("%s: not pre-existing, though only the other prompt's line moved", f)
				}
			}
		}
		if !found {
			t.Fatalf("no prompt-name-duplicate on b.yaml: %v", rep.Findings)
		}
	})
	t.Run("a test row that moved down", func(t *testing.T) {
		// The base's second row lacks a value; the change inserts a row
		// above it, so the same row is now the third. Another row that
		// lacks a value is new.
		prompt := "name: ask\nversion: 1.0.0\ndescription: Asks.\nmodel: openai/gpt-4o\nmessages:\n  - role: user\n    content: \"Answer {{question}}\"\ntestData:\n"
		base := files("prompts/ask.prompt.yml", prompt+"  - question: Why?\n  - expected: yes\n")
		head := files("prompts/ask.prompt.yml", strings.Replace(prompt, "1.0.0", "1.0.1", 1)+"  - question: How?\n  - question: Why?\n  - expected: yes\n")
		rep := run(t, false, base, head)
		if got := marks(rep, "test-data-missing-variable"); len(got) != 1 || !got[0] {
			t.Errorf("test-data-missing-variable marks %v, want [true]: %v", got, rep.Findings)
		}
		head = files("prompts/ask.prompt.yml", strings.Replace(prompt, "1.0.0", "1.0.1", 1)+"  - question: How?\n  - question: Why?\n  - expected: yes\n  - expected: no\n")
		rep = run(t, false, base, head)
		if got := marks(rep, "test-data-missing-variable"); len(got) != 2 || got[0] == got[1] {
			t.Errorf("test-data-missing-variable marks %v, want one old and one new: %v", got, rep.Findings)
		}
	})
	t.Run("renamed prompt", func(t *testing.T) {
		base := files("prompts/summary.yaml", "name: summary\nversion: 1.0.0\ntemplate: Summarize the article below in three short sentences for a busy reader.\n")
		head := files("prompts/digest.yaml", "name: digest\nversion: 1.0.0\ntemplate: Summarize the article below in three short sentences for a busy reader.\n")
		rep := run(t, false, base, head)
		if got := marks(rep, "description-missing"); len(got) != 1 || !got[0] {
			t.Errorf("description-missing marks %v on a renamed prompt, want [true]", got)
		}
	})
	t.Run("only new findings fail with OnlyNew", func(t *testing.T) {
		base := files("prompts/a.yaml", "name: a\nversion: 1.0.0\ndescription: A.\nvariables:\n  topic: null\ntemplate: \"Write about {topic} for {audience}.\"\n")
		same := files("prompts/a.yaml", "name: a\nversion: 1.0.1\ndescription: A.\nvariables:\n  topic: null\ntemplate: \"Write briefly about {topic} for {audience}.\"\n")
		worse := files("prompts/a.yaml", "name: a\nversion: 2.0.0\ndescription: A.\nvariables:\n  topic: null\ntemplate: \"Write about {topic} for {audience} in {language}.\"\n")
		for _, tc := range []struct {
			name    string
			head    fstest.MapFS
			onlyNew bool
			fails   bool
		}{
			{"old error, all count", same, false, true},
			{"old error, only new count", same, true, false},
			{"new error, only new count", worse, true, true},
		} {
			rep := run(t, tc.onlyNew, base, tc.head)
			if got := rep.Fails(lint.Error); got != tc.fails {
				t.Errorf("%s: Fails = %v, want %v; findings %v", tc.name, got, tc.fails, rep.Findings)
			}
		}
	})
}

// checkAll runs check with every rule of the registry, as configured.
func checkAll(t *testing.T, cfg *lint.Config, base, head fstest.MapFS) *lint.Report {
	t.Helper()
	rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
