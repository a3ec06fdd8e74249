package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// VersionNotBumped reports a changed prompt whose version stayed the same.
var VersionNotBumped = &lint.Rule{
	ID:       "version-not-bumped",
	Severity: lint.Error,
	Doc: `The prompt changed but its version did not.

Callers pin a prompt by version, caches and evaluations key on it, and the
changelog is written against it: two different prompts under one version
make every later question ("which prompt produced this answer?") unanswerable.
Bump the version by what the change requires under the version policy:
major for a breaking change (a variable removed or renamed, a required
variable added, a role changed), minor for a feature (a variable with a
default added, messages added, model parameters changed), patch for
wording. White-space and metadata-only changes need no bump.

Bad (the wording changed):

    -- base/prompts/summarize.yaml --
    version: 1.2.0
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 1.2.0
    template: "Summarize {text} in three sentences."

Good:

    -- base/prompts/summarize.yaml --
    version: 1.2.0
    template: "Summarize {text}."
    -- head/prompts/summarize.yaml --
    version: 1.2.1
    template: "Summarize {text} in three sentences."`,
	Change:   true,
	Requires: versionPolicy,
	Run:      runVersionNotBumped,
}

func runVersionNotBumped(pass *lint.Pass) {
	if pass.Base == nil || pass.Prompt == nil || pass.Change == nil {
		return
	}
	c := pass.Change
	if c.Required == lint.BumpNone {
		return
	}
	old, new := strings.TrimSpace(pass.Base.Version), strings.TrimSpace(pass.Prompt.Version)
	if o, n, ok := versions(pass); ok {
		if !o.Equal(n) {
			return
		}
	} else if old != new || new == "" {
		return // version-missing, version-invalid or a changed invalid version
	}
	next, ok := lint.FixedVersion(old, new, c.Required)
	if !ok {
		pass.Reportf(versionPos(pass.Prompt), "%s, but the version is still %q; it needs a %s bump", reasonsFor(c, c.Required), new, c.Required)
		return
	}
	fix, err := pass.Prompt.VersionFix(next)
	pass.ReportFixf(versionPos(pass.Prompt), fix, err, "%s, but the version is still %s; it needs a %s bump (%s → %s)", reasonsFor(c, c.Required), new, c.Required, old, next)
}
