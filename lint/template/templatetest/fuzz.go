package templatetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
)

// Seeds are fuzz seeds in every syntax, for the scanners and renderers of
// each: placeholders, blocks, escapes, unclosed tags and invalid UTF-8.
var Seeds = []string{
	"Hello {name}! {{x}} {a[0]} {b!r:>{w}}", "{} {0} } {", "{{#each xs as |x i|}}{{x}}{{../y}}{{else}}{{z}}{{/each}}",
	"{{#if a}}{{else if b}}{{/if}}{{> p q=r}}{{!-- c --}}\\{{e}}{{{{raw}}}}{{/raw}}{{{{/raw}}}}",
	"{% for a, b in xs if a %}{{ a|default(b) }}{% else %}{% endfor %}{% set v %}{% endset %}{# c #}{% raw %}{{{% endraw %}",
	"{{ x[", "{% if %}", "${input:a:b} ${input:", "{{ a }}{{b}}{{{c}}}", "\xff{\xfe}{{\xff}}",
}

// addSeeds adds Seeds and the corpus files to f's seed corpus.
func addSeeds(f *testing.F) {
	for _, seed := range Seeds {
		f.Add(seed)
	}
	for _, seed := range CorpusSeeds(f) {
		f.Add(seed)
	}
}

// FuzzScan fuzzes lang's Scan from Seeds and the corpus: no panic, and
// every Result keeps Check's invariants.
func FuzzScan(f *testing.F, lang *template.Language) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		Check(t, lang.Syntax, text, lang.Scan(text))
	})
}

// FuzzRender renders in each language with data for every name Scan finds:
// no panic, errors are one line, Render refuses what Scan calls a syntax
// error, and GitHub/VS Code output is unchanged without placeholders.
func FuzzRender(f *testing.F, langs ...*template.Language) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range langs {
			s := lang.Syntax
			r := lang.Scan(text)
			data := map[string]any{}
			for i, u := range r.Uses {
				switch i % 3 {
				case 0:
					data[u.Name] = "v"
				case 1:
					data[u.Name] = []any{1, "two", map[string]any{"k": true}}
				default:
					data[u.Name] = map[string]any{"k": 1.5}
				}
			}
			out, err := lang.Render(text, data)
			// A template parsed once renders each call afresh: a render
			// with other data first changes nothing.
			compiled := lang.Compiled(text)
			_, _ = compiled(map[string]any{})
			if out2, err2 := compiled(data); out2 != out || fmt.Sprint(err2) != fmt.Sprint(err) {
				t.Fatalf("%s: compiled render of %q = %q, %v; Render = %q, %v", s, text, out2, err2, out, err)
			}
			if err != nil {
				if err.Error() == "" || strings.ContainsRune(err.Error(), '\n') {
					t.Fatalf("%s: error is not one line: %q", s, err)
				}
				continue
			}
			if len(r.Errors) > 0 && s != template.GitHubModels && s != template.VSCode {
				t.Fatalf("%s: Render succeeded on %q despite scan errors %v", s, text, r.Errors)
			}
			if (s == template.GitHubModels || s == template.VSCode) && len(r.Uses) == 0 && out != text {
				t.Fatalf("%s: output changed without placeholders: %q -> %q", s, text, out)
			}
		}
	})
}

// BenchmarkScan measures lang's Scan of text.
func BenchmarkScan(b *testing.B, lang *template.Language, text string) {
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		lang.Scan(text)
	}
}
