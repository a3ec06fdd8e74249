package checks

import (
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/promptlint/promptlint/lint"
)

// versionPolicy is what the rules that enforce the version policy
// require: its verdict on the prompt (lint.VersionPolicy). Requiring it
// also makes a rule's findings stand for the semver checklist item, which
// then names the rule instead of saying the same thing again.
var versionPolicy = []*lint.Producer{lint.VersionPolicy}

// versions returns the base and head versions of a changed prompt when
// both are valid; ok is false otherwise (version-missing and
// version-invalid report those). They come from the version policy's
// verdict when the rule requires it.
func versions(pass *lint.Pass) (old, new *semver.Version, ok bool) {
	if v := pass.Version(); v != nil {
		return v.Old, v.New, v.Old != nil && v.New != nil
	}
	if pass.Base == nil || pass.Prompt == nil {
		return nil, nil, false
	}
	o, err := lint.ParseVersion(strings.TrimSpace(pass.Base.Version))
	if err != nil {
		return nil, nil, false
	}
	n, err := lint.ParseVersion(strings.TrimSpace(pass.Prompt.Version))
	if err != nil {
		return nil, nil, false
	}
	return o, n, true
}

// versionPos is where a finding about the head prompt's version goes.
func versionPos(p *lint.Prompt) lint.Pos {
	if p.VersionPos.IsValid() {
		return p.VersionPos
	}
	return promptPos(p)
}

// reasonsFor describes the reasons of a change that require at least the
// bump b: `variable "tone" removed`, or two of them and a count of the rest.
func reasonsFor(c *lint.Change, b lint.Bump) string {
	var texts []string
	for _, r := range c.Reasons {
		if r.Bump >= b {
			texts = append(texts, r.Text)
		}
	}
	if len(texts) == 0 {
		for _, r := range c.Reasons {
			texts = append(texts, r.Text)
		}
	}
	switch {
	case len(texts) == 0:
		return "the prompt changed"
	case len(texts) > 3:
		return strings.Join(texts[:2], ", ") + " and " + itoaPlural(len(texts)-2, "more change")
	}
	return strings.Join(texts, ", ")
}

func itoaPlural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// nextVersions are the versions that directly follow v: its release when
// it is a prerelease, and its next patch, minor and major versions.
func nextVersions(v *semver.Version) []semver.Version {
	var out []semver.Version
	if v.Prerelease() != "" {
		out = append(out, *semver.New(v.Major(), v.Minor(), v.Patch(), "", ""))
	}
	core := semver.New(v.Major(), v.Minor(), v.Patch(), "", "")
	return append(out, core.IncPatch(), core.IncMinor(), core.IncMajor())
}
