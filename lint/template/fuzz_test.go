package template

import (
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"Hello {name}! {{x}} {a[0]} {b!r:>{w}}", "{} {0} } {", "{{#each xs as |x i|}}{{x}}{{../y}}{{else}}{{z}}{{/each}}",
	"{{#if a}}{{else if b}}{{/if}}{{> p q=r}}{{!-- c --}}\\{{e}}{{{{raw}}}}{{/raw}}{{{{/raw}}}}",
	"{% for a, b in xs if a %}{{ a|default(b) }}{% else %}{% endfor %}{% set v %}{% endset %}{# c #}{% raw %}{{{% endraw %}",
	"{{ x[", "{% if %}", "${input:a:b} ${input:", "{{ a }}{{b}}{{{c}}}", "\xff{\xfe}{{\xff}}",
}

func fuzzScan(f *testing.F, s Syntax) {
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	for _, seed := range corpusSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkResult(t, s, text, Scan(s, text))
	})
}

func FuzzScanPython(f *testing.F)       { fuzzScan(f, Python) }
func FuzzScanMustache(f *testing.F)     { fuzzScan(f, Mustache) }
func FuzzScanHandlebars(f *testing.F)   { fuzzScan(f, Handlebars) }
func FuzzScanJinja(f *testing.F)        { fuzzScan(f, Jinja) }
func FuzzScanVSCode(f *testing.F)       { fuzzScan(f, VSCode) }
func FuzzScanGitHubModels(f *testing.F) { fuzzScan(f, GitHubModels) }

// FuzzRender renders in every syntax with data for every name Scan finds:
// no panic, errors are one line, Render refuses what Scan calls a syntax
// error, and GitHub/VS Code output is unchanged without placeholders.
func FuzzRender(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	for _, seed := range corpusSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range Syntaxes {
			r := Scan(s, text)
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
			out, err := Render(s, text, data)
			if err != nil {
				if err.Error() == "" || strings.ContainsRune(err.Error(), '\n') {
					t.Fatalf("%s: error is not one line: %q", s, err)
				}
				continue
			}
			if len(r.Errors) > 0 && s != GitHubModels && s != VSCode {
				t.Fatalf("%s: Render succeeded on %q despite scan errors %v", s, text, r.Errors)
			}
			if (s == GitHubModels || s == VSCode) && len(r.Uses) == 0 && out != text {
				t.Fatalf("%s: output changed without placeholders: %q -> %q", s, text, out)
			}
		}
	})
}

// benchTemplates are realistic ~2 KB templates, one per syntax.
var benchTemplates = map[Syntax]string{
	Python: strings.Repeat("You are {persona}, a support agent for {company}. The customer {customer[name]} wrote on {date:%Y}:\n{message!r}\nAnswer in {language} within {limit:>4} words; cite {sources[0]} and {sources[1]}. {{Braces}} stay.\n", 8),
	Handlebars: strings.Repeat(`{{role "system"}}You are {{persona}}.
{{#if context}}Context:
{{#each context as |doc i|}}  {{i}}. {{doc.title}} — {{doc.body}} ({{../company}})
{{/each}}{{else}}No context.{{/if}}
{{role "user"}}{{question}} {{json meta indent=2}} {{!-- note --}}
`, 8),
	Mustache: strings.Repeat(`You are {{persona}}.
{{#context}}
- {{title}}: {{body}}
{{/context}}
{{^context}}No context.{{/context}}
Question: {{question}} {{{raw_html}}} {{! comment }}
`, 10),
	Jinja: strings.Repeat(`{% set greeting = "Hello " ~ user.name %}{{ greeting }}
{% for doc in docs if doc.score > threshold %}{{ loop.index }}. {{ doc.title | title }} — {{ doc.body | truncate(200) }}
{% else %}No documents for {{ query | default("your question") }}.{% endfor %}
{# comment #}{% if lang is defined %}Answer in {{ lang }}.{% endif %}
`, 8),
	GitHubModels: strings.Repeat("Summarize {{text}} for {{audience}} in {{ language }} using {{style.tone}}; {{#not}} {{{x}}}\n", 20),
	VSCode:       strings.Repeat("Review ${input:file:Which file?} against ${input:standard} in ${workspaceFolder} and ${selection}.\n", 20),
}

func BenchmarkScan(b *testing.B) {
	for _, s := range Syntaxes {
		text := benchTemplates[s]
		b.Run(string(s), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Scan(s, text)
			}
		})
	}
}
