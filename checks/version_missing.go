package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// VersionMissing reports prompts without a version.
var VersionMissing = &lint.Rule{
	ID:       "version-missing",
	Severity: lint.Error,
	Doc: `The prompt has no version.

Callers pin prompts by version, and every change rule (version-not-bumped,
version-bump-too-small, ...) compares versions: without one, nobody can tell
which prompt is deployed or whether a change is breaking. Add a Semantic
Versioning 2.0.0 version: "1.0.0" for a prompt already in use, "0.1.0" for
one still taking shape. In a GitHub Models .prompt.yml file it is a
top-level "version:" key (GitHub's tools ignore keys they do not know); in
a Prompty v2 file it goes under "metadata:". Dotprompt partials are exempt.
VS Code prompt files (.prompt.md) are exempt unless versions.require_vscode
is true: VS Code warns on front-matter keys it does not know, so their
version is a "# version: 1.0.0" comment line in the front matter (a
version: key is read too).

Bad:

    -- prompts/summarize.yaml --
    name: summarize
    template: "Summarize {text}."

Good:

    -- prompts/summarize.yaml --
    name: summarize
    version: 1.0.0
    template: "Summarize {text}."`,
	Requires: versionPolicy,
	Run:      runVersionMissing,
}

func runVersionMissing(pass *lint.Pass) {
	p := pass.Prompt
	if p.Partial || strings.TrimSpace(p.Version) != "" || p.VersionKind != "" {
		return // a list or mapping is version-invalid's
	}
	if p.Format == lint.FormatVSCode && !pass.Config.Versions.RequireVSCode && !p.VersionSet {
		return // VS Code prompt files need a version only when the team asks
	}
	pos, what := promptPos(p), "has no version"
	if p.VersionSet {
		pos, what = p.VersionPos, "has an empty version"
	}
	v := missingVersion(pass)
	fix, err := p.VersionFix(v)
	pass.ReportFixf(pos, fix, err, "prompt %q %s; add %s", p.Name, what, strings.ReplaceAll(versionKeyHint(p), "1.0.0", v))
}

// missingVersion is the version a prompt without one gets: its base's
// version bumped as the change requires, when the base had a valid one,
// else the configured first version (versions.initial).
func missingVersion(pass *lint.Pass) string {
	if b := pass.Base; b != nil {
		old := strings.TrimSpace(b.Version)
		if _, err := lint.ParseVersion(old); err == nil {
			if pass.Change == nil || pass.Change.Required == lint.BumpNone {
				return old
			}
			if v, ok := lint.FixedVersion(old, old, pass.Change.Required); ok {
				return v
			}
		}
	}
	return pass.Config.Versions.Initial
}

// versionKeyHint says where the prompt's format keeps its version.
func versionKeyHint(p *lint.Prompt) string {
	switch p.Format {
	case lint.FormatGitHubModels:
		return `a top-level "version: 1.0.0" key (GitHub's tools ignore it)`
	case lint.FormatPrompty:
		if _, v1 := p.Meta["version"]; !v1 {
			if _, v2 := p.Meta["metadata"]; v2 {
				return `"version: 1.0.0" under "metadata:"`
			}
		}
	case lint.FormatVSCode:
		return `a "# version: 1.0.0" comment line to the front matter (VS Code warns on a version: key)`
	case lint.FormatDotprompt, lint.FormatMarkdown:
		return `"version: 1.0.0" to the front matter`
	}
	return `"version: 1.0.0"`
}
