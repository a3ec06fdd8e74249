package checks

import (
	"fmt"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// VariableSpacing reports GitHub Models placeholders written with spaces.
var VariableSpacing = &lint.Rule{
	ID:       "variable-spacing",
	Severity: lint.Warning,
	Doc: `A GitHub Models placeholder is written with spaces inside the braces.

GitHub Models (the playground, "gh models run" and "gh models eval") only
substitute the exact form {{name}}; "{{ name }}" reaches the model as
literal text, so the prompt silently runs without its input. Remove the
spaces.

Bad:

    -- summarize.prompt.yml --
    name: Summarizer
    messages:
      - role: user
        content: "Summarize {{ text }}"

Good:

    -- summarize.prompt.yml --
    name: Summarizer
    messages:
      - role: user
        content: "Summarize {{text}}"`,
	Run: runVariableSpacing,
}

func runVariableSpacing(pass *lint.Pass) {
	for _, u := range pass.Prompt.Uses {
		if u.Spaced {
			var fix *lint.Fix
			var err error
			if pass.Listed() { // a fix reads the file again: only for findings listed
				fix, err = spacingFix(pass.Prompt, u)
			}
			pass.ReportFixf(u.Pos, fix, err, "placeholder for %q has spaces inside the braces; GitHub's tools substitute only {{%s}}", u.Name, u.Name)
		}
	}
}

// spacingFix removes the spaces inside the braces of a placeholder. The
// placeholder (its Expr, "{{ name }}") starts the characters of its braces
// and spaces before the name.
func spacingFix(p *lint.Prompt, u lint.Use) (*lint.Fix, error) {
	i := strings.Index(u.Expr, u.Name)
	if !strings.HasPrefix(u.Expr, "{{") || !strings.HasSuffix(u.Expr, "}}") || i < 0 || u.Pos.Col <= i {
		return nil, fmt.Errorf("the placeholder %q is not written on one line", u.Expr)
	}
	start := lint.Pos{Line: u.Pos.Line, Col: u.Pos.Col - i}
	return p.ReplaceFix(start, u.Expr, "{{"+u.Name+"}}", fmt.Sprintf("write {{%s}}", u.Name))
}
