package checks

import "github.com/promptlint/promptlint/lint"

// VersionBumpTooSmall reports a version bump smaller than the change
// requires.
var VersionBumpTooSmall = &lint.Rule{
	ID:       "version-bump-too-small",
	Severity: lint.Error,
	Doc: `The version was bumped, but by less than the change requires.

A caller that accepts minor and patch updates (^1.2.0) picks up a breaking
change released as 1.3.0 and breaks. The version policy (versions: in the
config) says what each change requires: major for a variable removed or
renamed, a required variable added, a default removed, a role changed or an
output schema broken (minor while the major version is 0); minor for a
variable added with a default, a default changed, messages added or
removed, model parameters changed; patch for wording. The message names
the changes that drive the requirement. Releasing a prerelease
(2.2.0-rc1 → 2.2.0) counts as the bump its number implies.

Bad (the variable "tone" was removed, a breaking change):

    -- base/prompts/answer.yaml --
    version: 1.2.0
    template: "Answer {question} in a {tone} tone."
    -- head/prompts/answer.yaml --
    version: 1.3.0
    template: "Answer {question}."

Good:

    -- base/prompts/answer.yaml --
    version: 1.2.0
    template: "Answer {question} in a {tone} tone."
    -- head/prompts/answer.yaml --
    version: 2.0.0
    template: "Answer {question}."`,
	Change:   true,
	Requires: versionPolicy,
	Run:      runVersionBumpTooSmall,
}

func runVersionBumpTooSmall(pass *lint.Pass) {
	if pass.Change == nil {
		return
	}
	o, n, ok := versions(pass)
	if !ok || !n.GreaterThan(o) {
		return // version-not-bumped and version-decreased
	}
	c := pass.Change
	got, ok := lint.VersionBump(o.Original(), n.Original())
	if !ok || got >= c.Required {
		return
	}
	next, ok := lint.FixedVersion(o.Original(), n.Original(), c.Required)
	if !ok {
		next = lint.NextVersion(o.Original(), c.Required)
	}
	fix, err := pass.Prompt.VersionFix(next)
	pass.ReportFixf(versionPos(pass.Prompt), fix, err, "%s: needs a %s bump (%s → %s), got %s (%s)",
		reasonsFor(c, c.Required), c.Required, o.Original(), next, got, n.Original())
}
