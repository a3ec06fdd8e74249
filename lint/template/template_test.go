package template

import "testing"

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
