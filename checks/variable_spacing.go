package checks

import "github.com/promptlint/promptlint/lint"

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

    messages:
      - role: user
        content: "Summarize {{ text }}"

Good:

    messages:
      - role: user
        content: "Summarize {{text}}"`,
	Run: runVariableSpacing,
}

func runVariableSpacing(pass *lint.Pass) {
	for _, u := range pass.Prompt.Uses {
		if u.Spaced {
			pass.Reportf(u.Pos, "placeholder for %q has spaces inside the braces; GitHub's tools substitute only {{%s}}", u.Name, u.Name)
		}
	}
}
