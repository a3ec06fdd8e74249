package checks

import "github.com/promptlint/promptlint/lint"

// GateWeakened stands for changes that weaken promptlint's own gate. The
// engine reports it (lint.Gate) after comparing the base side's
// configuration and prompts with the head's; the value gives the rule its
// severity, docs and config key. Its severity is read from the base
// side's configuration, so a change cannot turn it down itself.
var GateWeakened = &lint.Rule{
	ID:       lint.GateRule,
	Severity: lint.Warning,
	Doc: `The change weakens the gate: it disables a rule in a prompt file, suppresses one with a promptlint:ignore comment, moves a prompt to a less strict environment, or turns rules or checklist items off or down in the configuration.

A pull request can make its own check pass by switching the check off: a
"promptlint: {disable: [...]}" line or a new "promptlint:ignore rule --
reason" comment in the prompt file, an "environment:
development" on a production prompt, or "rules: {version-not-bumped: off}"
in .promptlint.yaml. Such a change may be right, but a reviewer must see
it, so the comment lists each one in its own section and this rule reports
it, naming the rule, checklist item or setting. The severity is the one
the base branch's configuration sets (gate-weakened: error makes such a
change block the merge), never the one the change sets. Fix it by
reverting the weakening, or by having it reviewed on its own.

Bad (the pull request rewrites the prompt and turns the rule off):

    -- base/prompts/summarize.yaml --
    version: 1.0.0
    template: "Summarize {text}."
    -- head/.promptlint.yaml --
    rules:
      version-not-bumped: off
    -- head/prompts/summarize.yaml --
    version: 1.0.0
    template: "Summarize {text} in three sentences."

Good (the rule stays on, and the version is bumped):

    -- base/prompts/summarize.yaml --
    version: 1.0.0
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 1.0.1
    template: "Summarize {text} in three sentences."`,
	Change: true,
}
