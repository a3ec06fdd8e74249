package lint

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
)

// corpusDir holds real prompt files from public repositories (see its
// SOURCES.md), copied into the repository so that a fresh clone tests them.
const corpusDir = "../testdata/corpus"

// corpusNonPrompts are corpus files that are not prompt files; DetectFormat
// must not select them.
var corpusNonPrompts = map[string]string{
	"SOURCES.md":             "the corpus's own index",
	"LICENSE":                "license text",
	"LICENSE.txt":            "license text",
	"README.md":              "documentation",
	"promptly.toml":          "configuration of Dotprompt's linter",
	"Prompty.yaml":           "JSON Schema of Prompty v1 front matter",
	"Agent.yaml":             "JSON Schema of Prompty v2 front matter",
	"schema.json":            "JSON Schema",
	"evals_action.yml":       "GitHub Actions workflow",
	"promptfooconfig.yaml":   "promptfoo configuration (prompts are references, tests are rows)",
	"shared_connection.json": "Prompty connection settings",
	"weather_spec.json":      "OpenAPI fragment",
	"assistant.json":         "promptfoo message body as JSON, no template key",
}

// corpusBroken are corpus prompts that are not valid, with the reason.
var corpusBroken = map[string]string{
	"google__dotprompt/examples/error-invalid-yaml.prompt":                  "a fixture of invalid YAML front matter",
	"google__dotprompt/packages/monaco/samples/02-schema-and-config.prompt": `front matter "formal" | "casual" is not YAML`,
	"google__dotprompt/packages/monaco/samples/06-partials.prompt":          "front matter { name: string }[] is not YAML",
	"google__dotprompt/packages/monaco/samples/10-kitchen-sink.prompt":      "front matter { name: string }[] is not YAML",
}

// corpusFiles lists the corpus's files, relative and slash-separated.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	out, err := corpusFilesQuiet()
	if err != nil || len(out) < 100 {
		tb.Fatalf("corpus %s: %d files, %v", corpusDir, len(out), err)
	}
	sort.Strings(out)
	return out
}

func TestParseCorpus(t *testing.T) {
	scanned := map[template.Syntax]bool{}
	for _, s := range []struct {
		syn    template.Syntax
		sample string
	}{{template.Python, "{x}"}, {template.Handlebars, "{{x}}"}, {template.Mustache, "{{x}}"}, {template.Jinja, "{{ x }}"}, {template.GitHubModels, "{{x}}"}, {template.VSCode, "${input:x}"}} {
		scanned[s.syn] = scans(s.syn, s.sample)
	}
	seenBroken := 0
	for _, rel := range corpusFiles(t) {
		data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		f, ok := DetectFormat(rel, data)
		if !ok && (strings.HasSuffix(rel, ".txt") || strings.HasSuffix(rel, ".md")) {
			// Text without front matter documents prompts (promptfoo's
			// prompt files are such text): Parse yields no prompt.
			if ps, err := Parse(rel, data, DefaultConfig()); err != nil || len(ps) != 0 {
				t.Errorf("%s: not a prompt, but Parse gives %d prompts, %v", rel, len(ps), err)
			}
			continue
		}
		if !ok {
			if _, known := corpusNonPrompts[filepath.Base(rel)]; !known && !strings.HasPrefix(rel, "google__dotprompt/spec/") {
				t.Errorf("%s: not detected as a prompt file, and not listed as a non-prompt", rel)
			}
			continue
		}
		if _, known := corpusNonPrompts[filepath.Base(rel)]; known {
			t.Errorf("%s: listed as a non-prompt but detected as %s", rel, f)
		}
		ps, err := Parse(rel, data, DefaultConfig())
		if reason, broken := corpusBroken[rel]; broken {
			seenBroken++
			if err == nil {
				t.Errorf("%s: parsed, but it is broken (%s)", rel, reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		for _, p := range ps {
			if p.Format != f {
				t.Errorf("%s: format %s, detected %s", rel, p.Format, f)
			}
			if len(p.Messages) == 0 {
				t.Errorf("%s: no messages", rel)
			}
			checkPositions(t, p)
			if scanned[p.Syntax] {
				checkUsesPointAtNames(t, data, p)
			}
		}
	}
	if seenBroken != len(corpusBroken) {
		t.Errorf("saw %d of the %d broken corpus files", seenBroken, len(corpusBroken))
	}
}

// checkPositions asserts that every position a reader set is a real one.
func checkPositions(t testing.TB, p *Prompt) {
	t.Helper()
	bad := func(what string, pos Pos) {
		t.Errorf("%s: %s at %d:%d", p.Path, what, pos.Line, pos.Col)
	}
	valid := func(pos Pos) bool { return pos.Line >= 1 && pos.Col >= 1 }
	if !valid(p.Pos) {
		bad("prompt", p.Pos)
	}
	for _, pos := range []Pos{p.NamePos, p.VersionPos} {
		if pos != (Pos{}) && !valid(pos) {
			bad("name or version", pos)
		}
	}
	if p.VersionSet && !valid(p.VersionPos) {
		bad("version", p.VersionPos)
	}
	for _, m := range p.Messages {
		if !valid(m.Pos) {
			bad("message", m.Pos)
		}
		for _, l := range m.Lines {
			if !valid(l) {
				bad("message line", l)
			}
		}
	}
	for _, u := range p.Uses {
		if !valid(u.Pos) || u.Message < 0 || u.Message >= len(p.Messages) {
			bad("use "+u.Name, u.Pos)
		}
	}
	for _, e := range p.TemplateErrors {
		if !valid(e.Pos) {
			bad("template error", e.Pos)
		}
	}
	for _, v := range p.Variables {
		if !valid(v.Pos) {
			bad("variable "+v.Name, v.Pos)
		}
	}
	for _, r := range p.TestData {
		if !valid(r.Pos) {
			bad("test row", r.Pos)
		}
	}
	for _, c := range p.Changelog {
		if !valid(c.Pos) {
			bad("changelog entry", c.Pos)
		}
	}
}
