package checks

import "github.com/promptlint/promptlint/lint"

// VersionDecreased reports a version lower than the base version.
var VersionDecreased = &lint.Rule{
	ID:       "version-decreased",
	Severity: lint.Error,
	Doc: `The new version is lower than the old one.

Versions order releases: a lower version after a higher one makes
deployment tools pick the old prompt as "latest", breaks version pins
("^2.0.0") and makes the history unreadable. It usually comes from a merge
that took the wrong side or a branch started before a release. Set a
version above the base version (prereleases order below their release:
2.0.0-rc.1 < 2.0.0).

Bad:

    -- base/prompts/summarize.yaml --
    version: 2.1.0
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 2.0.1
    template: "Summarize {text} in three sentences."

Good:

    -- base/prompts/summarize.yaml --
    version: 2.1.0
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 2.1.1
    template: "Summarize {text} in three sentences."`,
	Change:   true,
	Requires: versionPolicy,
	Run:      runVersionDecreased,
}

func runVersionDecreased(pass *lint.Pass) {
	o, n, ok := versions(pass)
	if !ok || !n.LessThan(o) {
		return
	}
	pass.Reportf(versionPos(pass.Prompt), "version went down from %s to %s; a new version must be higher than %s", o.Original(), n.Original(), o.Original())
}
