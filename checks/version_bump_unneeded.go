package checks

import "github.com/promptlint/promptlint/lint"

// VersionBumpUnneeded reports a version bump on a prompt whose content did
// not change.
var VersionBumpUnneeded = &lint.Rule{
	ID:       "version-bump-unneeded",
	Severity: lint.Notice,
	Doc: `The version changed, but the prompt's content did not.

A new version tells callers and evaluation pipelines that the prompt
behaves differently; when only white space or metadata (description,
changelog, evidence, test data) changed, the bump makes them re-evaluate
and re-deploy for nothing. Keep the old version, or make the change the
bump was meant for. This is a notice: teams that version every edit can
turn it off.

Bad (only the description changed):

    -- base/prompts/summarize.yaml --
    version: 1.2.0
    description: Summarizes text.
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 1.3.0
    description: Summarizes support tickets for the weekly report.
    template: "Summarize {text}."

Good:

    -- base/prompts/summarize.yaml --
    version: 1.2.0
    description: Summarizes text.
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 1.2.0
    description: Summarizes support tickets for the weekly report.
    template: "Summarize {text}."`,
	Change: true,
	Run:    runVersionBumpUnneeded,
}

func runVersionBumpUnneeded(pass *lint.Pass) {
	if pass.Change == nil {
		return
	}
	o, n, ok := versions(pass)
	if !ok || !n.GreaterThan(o) {
		return
	}
	c := pass.Change
	if c.ContentChanged || c.Required > lint.BumpNone {
		return
	}
	what := "only metadata changed"
	if c.WhitespaceOnly {
		what = "only white space changed"
	}
	pass.Reportf(versionPos(pass.Prompt), "version bumped from %s to %s but %s; no new version is needed", o.Original(), n.Original(), what)
}
