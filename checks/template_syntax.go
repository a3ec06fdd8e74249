package checks

import "github.com/promptlint/promptlint/lint"

// TemplateSyntax reports the syntax errors the template scanner found.
var TemplateSyntax = &lint.Rule{
	ID:       "template-syntax",
	Severity: lint.Error,
	Doc: `The template has a syntax error: unbalanced braces, an unclosed block, a stray "}".

A template that does not scan renders wrong or not at all: Python's
str.format raises on a lone "{", Handlebars and Jinja2 refuse an unclosed
{{#if}} or {% for %}. Positional Python fields ("{}", "{0}") are reported
too: a prompt's inputs are passed by name, and a positional field cannot be
filled from a name. Double a literal brace in Python format ("{{" for "{"),
close every block, and name every field.

Bad:

    -- prompts/answer.yaml --
    version: 1.0.0
    template: "Answer {question} using the {context"

Good:

    -- prompts/answer.yaml --
    version: 1.0.0
    template: "Answer {question} using the {context}"`,
	Run: runTemplateSyntax,
}

func runTemplateSyntax(pass *lint.Pass) {
	for _, e := range pass.Prompt.TemplateErrors {
		if !pass.Listed() {
			pass.Reportf(e.Pos, "") // only counted
			continue
		}
		pass.Reportf(e.Pos, "%s", e.Msg)
	}
}
