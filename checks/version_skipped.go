package checks

import (
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/promptlint/promptlint/lint"
)

// VersionSkipped reports a bump that skips versions.
var VersionSkipped = &lint.Rule{
	ID:       "version-skipped",
	Severity: lint.Warning,
	Doc: `The version bump skips one or more versions.

1.0.0 → 1.2.0 or 1.0.0 → 3.0.0 leaves a gap that readers of the changelog
take for a missing release, and tools that diff consecutive versions find
nothing to compare against. Bump to the next version: the next patch,
minor or major (1.0.0 → 1.0.1, 1.1.0 or 2.0.0). Moving from a prerelease to
its release (2.2.0-rc1 → 2.2.0), between prereleases of one version, or to
a prerelease of the next version (1.0.0 → 1.1.0-rc.1) is not a skip.

Bad:

    -- base/prompts/answer.yaml --
    version: 1.0.0
    template: "Answer {question}."
    -- head/prompts/answer.yaml --
    version: 1.2.0
    template: "Answer {question} in a {tone} tone."
    variables:
      question: null
      tone: friendly

Good:

    -- base/prompts/answer.yaml --
    version: 1.0.0
    template: "Answer {question}."
    -- head/prompts/answer.yaml --
    version: 1.1.0
    template: "Answer {question} in a {tone} tone."
    variables:
      question: null
      tone: friendly`,
	Change: true,
	Run:    runVersionSkipped,
}

func runVersionSkipped(pass *lint.Pass) {
	o, n, ok := versions(pass)
	if !ok || !n.GreaterThan(o) {
		return
	}
	core := semver.New(n.Major(), n.Minor(), n.Patch(), "", "")
	if core.Equal(semver.New(o.Major(), o.Minor(), o.Patch(), "", "")) {
		return
	}
	next := nextVersions(o)
	names := make([]string, len(next))
	for i, v := range next {
		if v.Equal(core) {
			return
		}
		names[i] = v.String()
	}
	pass.Reportf(versionPos(pass.Prompt), "version jumps from %s to %s; the next version is %s or %s",
		o.Original(), n.Original(), strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
