package checks

import "github.com/promptlint/promptlint/lint"

// IgnoreUnused stands for promptlint:ignore directives that suppress
// nothing. The engine reports it itself, after every rule has run; the
// value gives the rule a severity, docs and a config key.
var IgnoreUnused = &lint.Rule{
	ID:       lint.IgnoreUnusedRule,
	Severity: lint.Warning,
	Doc: `A promptlint:ignore directive suppresses nothing.

A suppression outlives the finding it was written for: the prompt is
fixed, the line moves, the rule changes, and the comment stays, ready to
hide the next real problem on that line. Like golangci-lint's nolintlint,
promptlint reports each rule of a directive that dropped no finding,
wherever that rule ran (lint does not run the change rules, and check runs
no rule on an unchanged prompt, so neither reports those). Remove the
directive, or the rule from it.

A directive is a comment that never reaches the model: a YAML comment in
the file or its front matter, or a Jinja {# #} or Handlebars {{!-- --}}
comment in the template. It covers its own line and, alone on its line,
the line below; a line that opens a YAML block (a block scalar, a list
entry) brings the block with it.

Bad (the description was written since; the directive hides nothing):

    -- prompts/summarize.yaml --
    version: 1.3.0
    # promptlint:ignore description-missing -- written for the next release
    description: Summarizes support tickets for the weekly report.
    template: "Summarize {text}."

Good:

    -- prompts/summarize.yaml --
    version: 1.3.0
    description: Summarizes support tickets for the weekly report.
    template: "Summarize {text}."`,
}
