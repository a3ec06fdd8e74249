package lint

import (
	"fmt"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/githubmodels"
	"github.com/promptlint/promptlint/lint/template/handlebars"
	"github.com/promptlint/promptlint/lint/template/jinja"
	"github.com/promptlint/promptlint/lint/template/python"
	"github.com/promptlint/promptlint/lint/template/vscode"
)

// language returns the template language of syntax s, nil for a syntax
// promptlint does not know.
func language(s template.Syntax) *template.Language {
	switch s {
	case template.GitHubModels:
		return githubmodels.Language
	case template.Handlebars:
		return handlebars.Language
	case template.Jinja:
		return jinja.Language
	case template.Mustache:
		return handlebars.Mustache
	case template.Python:
		return python.Language
	case template.Literal:
		return template.Text
	case template.VSCode:
		return vscode.Language
	}
	return nil
}

// scanTemplate reports the free variables and syntax errors of text in
// syntax s. An unknown syntax yields an empty Result.
func scanTemplate(s template.Syntax, text string) template.Result {
	if l := language(s); l != nil {
		return l.Scan(text)
	}
	return template.Result{}
}

// compileTemplate returns a function that substitutes data into text in
// syntax s, parsing text once. An unknown syntax is an error of every call.
func compileTemplate(s template.Syntax, text string) func(data map[string]any) (string, error) {
	if l := language(s); l != nil {
		return l.Compiled(text)
	}
	err := fmt.Errorf("unknown template syntax %q", string(s))
	return func(map[string]any) (string, error) { return "", err }
}
