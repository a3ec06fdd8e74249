package template

import (
	"slices"
	"testing"
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
		r := Scan(GitHubModels, c.tmpl)
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
	got, err := Render(GitHubModels, "{{a}} {{ a }} {{b}} {{{a}}} {{n}}", map[string]any{"a": "A", "n": 2})
	if want := "A {{ a }} {{b}} {A} 2"; err != nil || got != want {
		t.Errorf("Render = %q, %v; want %q", got, err, want)
	}
}

func TestScanVSCode(t *testing.T) {
	cases := []struct {
		tmpl  string
		uses  []useAt
		errs  int
		notes string
	}{
		{"Review ${input:file}", []useAt{{"file", 16}}, 0, "input"},
		{"${input:topic:What topic?}", []useAt{{"topic", 9}}, 0, "placeholder text"},
		{"${input: spaced :x}", []useAt{{"spaced", 10}}, 0, "trimmed"},
		{"${selection} ${file} ${workspaceFolder}", nil, 0, "builtins"},
		{"${input:a} and ${input:b:B}", []useAt{{"a", 9}, {"b", 24}}, 0, "two"},
		{"${input:open", nil, 1, "unclosed"},
		{"${input:}", nil, 1, "empty name"},
		{"${input:a\n}", nil, 1, "newline before }"},
	}
	for _, c := range cases {
		r := Scan(VSCode, c.tmpl)
		if got := usesOf(r); !slices.Equal(got, c.uses) {
			t.Errorf("Scan(%q) = %v, want %v (%s)", c.tmpl, got, c.uses, c.notes)
		}
		if len(r.Errors) != c.errs {
			t.Errorf("Scan(%q) errors = %v, want %d", c.tmpl, r.Errors, c.errs)
		}
	}
	got, _ := Render(VSCode, "${input:a:x} ${input:b} ${file}", map[string]any{"a": "A"})
	if want := "A ${input:b} ${file}"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}
