package checks

import "github.com/promptlint/promptlint/lint"

// IgnoreMalformed stands for promptlint:ignore directives that cannot be
// read. The engine reports it itself; the value gives the rule a
// severity, docs and a config key.
var IgnoreMalformed = &lint.Rule{
	ID:       lint.IgnoreMalformedRule,
	Severity: lint.Error,
	Doc: `A promptlint directive cannot be read, so it suppresses nothing.

A suppression must say what it drops and why, so that a reviewer can
judge it: "promptlint:ignore rule-id -- reason", with one or more rule ids
separated by commas, then two dashes and the reason. A directive without a
rule, with an unknown rule, without a reason, or with another verb than
ignore suppresses nothing and is reported here, so that a typo never
silently leaves a finding in place or passes for a suppression.

Bad (no reason):

    -- prompts/summarize.yaml --
    version: 1.2.0
    template: "Summarize {text}."  # promptlint:ignore template-multi-task

Good:

    -- prompts/summarize.yaml --
    version: 1.2.0
    template: "Summarize {text}."  # promptlint:ignore template-multi-task -- one task, phrased as a list`,
}
