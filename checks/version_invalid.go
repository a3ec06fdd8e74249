package checks

import (
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/promptlint/promptlint/lint"
)

// VersionInvalid reports versions that are not strict Semantic Versioning
// 2.0.0.
var VersionInvalid = &lint.Rule{
	ID:       "version-invalid",
	Severity: lint.Error,
	Doc: `The version is not a strict Semantic Versioning 2.0.0 version.

The version rules compare versions to decide whether a bump is big enough,
skipped or going backwards; that needs MAJOR.MINOR.PATCH with no leading
"v" and no leading zeros, optionally followed by a prerelease ("-rc.1") or
build metadata ("+build.5"). "1.0", "v1", "1.0.0.0" and "01.0.0" are
invalid; "2.2.0-rc1" is valid. Quote the version in YAML so that 1.10 is not
read as the number 1.1. A version written as a YAML list or mapping
(version: [1, 0, 0], or a mapping of major/minor/patch) is reported as such,
at its position: write it as one string. In a GitHub Models file the
version is a top-level "version:" key.

Bad:

    -- prompts/summarize.yaml --
    version: v2.1
    template: "Summarize {text}."

Good:

    -- prompts/summarize.yaml --
    version: "2.1.0"
    template: "Summarize {text}."`,
	Requires: versionPolicy,
	Run:      runVersionInvalid,
}

func runVersionInvalid(pass *lint.Pass) {
	p := pass.Prompt
	v := strings.TrimSpace(p.Version)
	if p.VersionKind != "" {
		pass.ReportFixf(p.VersionPos, nil, fmt.Errorf("the version is %s; write the string by hand", p.VersionKind),
			"version is %s; write a string such as %s", p.VersionKind, pass.Config.Versions.Initial)
		return
	}
	if v == "" {
		return // version-missing
	}
	if _, err := lint.ParseVersion(p.Version); err == nil {
		return
	}
	pos := p.VersionPos
	if !pos.IsValid() {
		pos = promptPos(p)
	}
	where := ""
	if p.Format == lint.FormatGitHubModels {
		where = ` in the top-level "version:" key`
	}
	want := suggestVersion(v)
	var fix *lint.Fix
	var err error
	if sv, perr := semver.NewVersion(v); perr != nil || sv.String() != want {
		err = fmt.Errorf("%q does not say which version it means", p.Version)
	} else {
		fix, err = p.VersionFix(want)
	}
	pass.ReportFixf(pos, fix, err, "version %q is not a strict semantic version MAJOR.MINOR.PATCH; write %q%s", p.Version, want, where)
}

// suggestVersion turns an invalid version into the valid one its author
// most likely meant: "v1" → "1.0.0", "1.0" → "1.0.0", "01.2.3" → "1.2.3";
// "1.0.0" when there is no telling.
func suggestVersion(v string) string {
	if sv, err := semver.NewVersion(v); err == nil {
		return sv.String()
	}
	parts := strings.Split(strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V"), ".")
	if len(parts) > 3 {
		if sv, err := semver.NewVersion(strings.Join(parts[:3], ".")); err == nil {
			return sv.String()
		}
	}
	return "1.0.0"
}
