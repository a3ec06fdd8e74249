package template

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSyntax(t *testing.T) {
	cases := map[string]Syntax{
		"python": Python, " Format ": Python, "fstring": Python, "mustache": Mustache,
		"hbs": Handlebars, "dotprompt": Handlebars, "jinja": Jinja, "nunjucks": Jinja,
		"gh-models": GitHubModels, "copilot": VSCode,
	}
	for in, want := range cases {
		if got, ok := ParseSyntax(in); !ok || got != want {
			t.Errorf("ParseSyntax(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseSyntax("erb"); ok {
		t.Error(`ParseSyntax("erb") accepted`)
	}
}

func TestPositionsInvalidUTF8AndCRLF(t *testing.T) {
	// \xff is one column; \r counts as a column before \n ends the line.
	text := "a\xff\xfe{x}\r\n\xffé{y}"
	r := Scan(Python, text)
	want := []Pos{{Offset: 4, Line: 1, Col: 5}, {Offset: 12, Line: 2, Col: 4}}
	if len(r.Uses) != 2 || r.Uses[0].Pos != want[0] || r.Uses[1].Pos != want[1] {
		t.Errorf("uses = %+v, want positions %+v", r.Uses, want)
	}
	if p := PosAt(text, 1000); p.Offset != len(text) || p.Line != 2 {
		t.Errorf("PosAt past the end = %+v", p)
	}
}

func TestNamesDedupes(t *testing.T) {
	r := Scan(Handlebars, "{{b}} {{a}} {{b}}")
	if got := r.Names(); strings.Join(got, ",") != "b,a" {
		t.Errorf("Names = %q, want b,a", got)
	}
}

func TestRenderUnknownSyntax(t *testing.T) {
	if _, err := Render("erb", "x", nil); err == nil {
		t.Error("Render with an unknown syntax succeeded")
	}
	if r := Scan("erb", "{x}"); len(r.Uses)+len(r.Errors) != 0 {
		t.Errorf("Scan with an unknown syntax = %+v", r)
	}
}

// corpusSeeds returns the text of every prompt-like file in the corpus,
// or nil when the corpus is not there.
func corpusSeeds(tb testing.TB) []string {
	tb.Helper()
	var out []string
	_ = filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch filepath.Ext(path) {
		case ".prompt", ".yml", ".yaml", ".prompty", ".md", ".txt", ".j2", ".jinja", ".hbs":
			if b, err := os.ReadFile(path); err == nil && len(b) < 64<<10 {
				out = append(out, string(b))
			}
		}
		return nil
	})
	return out
}

// checkResult asserts the invariants of any scan.
func checkResult(t *testing.T, s Syntax, text string, r Result) {
	t.Helper()
	lines := strings.Count(text, "\n") + 1
	check := func(what string, p Pos) {
		if p.Offset < 0 || p.Offset > len(text) || p.Line < 1 || p.Line > lines || p.Col < 1 || p.Col > utf8.RuneCountInString(text)+1 {
			t.Fatalf("%s: %s position %+v out of bounds for %q", s, what, p, text)
		}
		if want := PosAt(text, p.Offset); want != p {
			t.Fatalf("%s: %s position %+v, recomputed %+v", s, what, p, want)
		}
	}
	for _, u := range r.Uses {
		if u.Name == "" {
			t.Fatalf("%s: empty use name in %q", s, text)
		}
		check("use "+u.Name, u.Pos)
	}
	for _, e := range r.Errors {
		if e.Msg == "" {
			t.Fatalf("%s: empty error message", s)
		}
		check("error", e.Pos)
	}
}

// TestScanCorpus scans every corpus file in every syntax: no panic and
// positions in bounds; the Dotprompt examples that are meant to be valid
// scan without errors.
func TestScanCorpus(t *testing.T) {
	seeds := corpusSeeds(t)
	if len(seeds) == 0 {
		t.Skip("corpus not present")
	}
	for _, text := range seeds {
		for _, s := range Syntaxes {
			checkResult(t, s, text, Scan(s, text))
		}
	}
	valid, _ := filepath.Glob(filepath.Join(corpusDir, "google__dotprompt/examples/valid-*.prompt"))
	for _, f := range valid {
		b, _ := os.ReadFile(f)
		r := Scan(Handlebars, string(b))
		if filepath.Base(f) == "valid-greeting.prompt" {
			// {{#if age >= 18}} is a Handlebars parse error (">" and "="
			// cannot appear in an expression): exactly that one error.
			if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Msg, `unexpected ">= 18}}"`) {
				t.Errorf("%s: errors %v, want the one for \">= 18\"", filepath.Base(f), r.Errors)
			}
			continue
		}
		if len(r.Errors) > 0 {
			t.Errorf("%s: %v", filepath.Base(f), r.Errors)
		}
	}
	for _, name := range []string{"error-unclosed-block.prompt", "error-unmatched-closing-block.prompt"} {
		b, err := os.ReadFile(filepath.Join(corpusDir, "google__dotprompt/examples", name))
		if err != nil {
			continue
		}
		if r := Scan(Handlebars, string(b)); len(r.Errors) == 0 {
			t.Errorf("%s: no error found", name)
		}
	}
}

// TestRenderIsBounded: test data cannot make a render allocate or loop
// without bound; each case fails with an error instead.
func TestRenderIsBounded(t *testing.T) {
	big := strings.Repeat("x", 400<<10)
	for _, tc := range []struct {
		name string
		s    Syntax
		text string
		data map[string]any
	}{
		{"python: a big value used many times", Python, strings.Repeat("{a}", 100000), map[string]any{"a": big}},
		{"python: a huge width", Python, strings.Repeat("{a:>999999999}", 100), map[string]any{"a": "x"}},
		{"handlebars: a big value used many times", Handlebars, strings.Repeat("{{a}}", 100000), map[string]any{"a": big}},
		{"handlebars: nested each", Handlebars, "{{#each xs}}{{#each ../xs}}{{#each ../../xs}}.{{/each}}{{/each}}{{/each}}", map[string]any{"xs": make([]any, 1000)}},
		{"mustache: nested sections", Mustache, "{{#xs}}{{#xs}}{{#xs}}.{{/xs}}{{/xs}}{{/xs}}", map[string]any{"xs": make([]any, 1000)}},
		{"jinja: a big value used many times", Jinja, strings.Repeat("{{ a }}", 100000), map[string]any{"a": big}},
		{"jinja: nested ranges", Jinja, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", nil},
		{"jinja: string repetition", Jinja, `{{ "ab" * 9223372036854775807 }}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Render(tc.s, tc.text, tc.data)
			if err == nil {
				t.Fatalf("rendered %d bytes without an error", len(out))
			}
			if len(out) > maxRenderOutput {
				t.Errorf("returned %d bytes", len(out))
			}
		})
	}
}
