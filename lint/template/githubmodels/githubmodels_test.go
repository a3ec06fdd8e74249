package githubmodels

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template/templatetest"
)

// TestScanGitHubModels follows gh models' TemplateString (literal
// "{{"+key+"}}" replacement) and actions/ai-inference's
// /\{\{([\w.-]+)\}\}/ replacement.
func TestScanGitHubModels(t *testing.T) {
	type use struct {
		name   string
		col    int
		spaced bool
	}
	cases := []struct {
		tmpl   string
		uses   []use
		engine string
	}{
		{"Hi {{name}}", []use{{"name", 6, false}}, "substituted"},
		{"{{ name }}", []use{{"name", 4, true}}, "left as is"},
		{"{{\tname}}", []use{{"name", 4, true}}, "left as is"},
		{"{{user.name}} {{a-b}} {{x_1}}", []use{{"user.name", 3, false}, {"a-b", 17, false}, {"x_1", 25, false}}, "[\\w.-]+"},
		{"{{{x}}}", []use{{"x", 4, false}}, "inner {{x}} substituted"},
		{"{{#if x}}", nil, "not a placeholder"},
		{"{{a b}}", nil, "not a placeholder"},
		{"{{}} {{", nil, "literal"},
		{"{{é}}", nil, "\\w is ASCII"},
		{"{{a}}{{b}}", []use{{"a", 3, false}, {"b", 8, false}}, "adjacent"},
		{"{{ a}} {{b }}", []use{{"a", 4, true}, {"b", 10, true}}, "one-sided spaces"},
		{"{{\na}}", nil, "newline is not a space here"},
	}
	for _, c := range cases {
		r := Scan(c.tmpl)
		var got []use
		for _, u := range r.Uses {
			got = append(got, use{u.Name, u.Pos.Col, u.Spaced})
		}
		if !slices.Equal(got, c.uses) {
			t.Errorf("Scan(%q) = %v, want %v (engine: %s)", c.tmpl, got, c.uses, c.engine)
		}
		if len(r.Errors) > 0 {
			t.Errorf("Scan(%q): errors %v", c.tmpl, r.Errors)
		}
	}
}

func TestRenderGitHubModels(t *testing.T) {
	got, err := Render("{{a}} {{ a }} {{b}} {{{a}}} {{n}}", map[string]any{"a": "A", "n": 2})
	if want := "A {{ a }} {{b}} {A} 2"; err != nil || got != want {
		t.Errorf("Render = %q, %v; want %q", got, err, want)
	}
}

// TestActionsExpressions: a quoted GitHub Actions expression is literal in
// GitHub Models syntax: no use, spaced or not, when rooted in an Actions
// context; no use when spaced; "${{price}}" stays a dollar sign and a
// placeholder.
func TestActionsExpressions(t *testing.T) {
	tests := []struct {
		text string
		want string // the uses as name/actions
	}{
		{"Pass ${{ secrets.GITHUB_TOKEN }} and ${{ github.sha }}.", "[]"},
		{"Runs on ${{matrix.os}} with {{text}}.", "[text/false]"},
		{"Costs ${{price}}; ${{ budget }} is literal.", "[price/false]"},
		{"Say {{ name }} and ${name}.", "[name/false]"},
	}
	for _, tt := range tests {
		var got []string
		for _, u := range Scan(tt.text).Uses {
			got = append(got, fmt.Sprintf("%s/%v", u.Name, u.Actions))
		}
		if s := fmt.Sprint(got); s != tt.want && !(len(got) == 0 && tt.want == "[]") {
			t.Errorf("%q: uses %s, want %s", tt.text, s, tt.want)
		}
	}
}

// TestComments: GitHub Models text has no comments.
func TestComments(t *testing.T) {
	if got := Scan("{{! not a comment }} {{name}}").Comments; got != nil {
		t.Errorf("comments %+v, want none", got)
	}
}

// TestScanCorpus scans every corpus file: no panic and positions in
// bounds.
func TestScanCorpus(t *testing.T) { templatetest.ScanCorpus(t, Language) }

func FuzzScan(f *testing.F)   { templatetest.FuzzScan(f, Language) }
func FuzzRender(f *testing.F) { templatetest.FuzzRender(f, Language) }

func BenchmarkScan(b *testing.B) {
	templatetest.BenchmarkScan(b, Language, strings.Repeat("Summarize {{text}} for {{audience}} in {{ language }} using {{style.tone}}; {{#not}} {{{x}}}\n", 20))
}
