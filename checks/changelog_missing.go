package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// ChangelogMissing reports a version change without a changelog entry.
var ChangelogMissing = &lint.Rule{
	ID:       "changelog-missing",
	Severity: lint.Warning,
	Doc: `The version changed, but no changelog entry names the new version.

A version without a changelog entry tells callers that something changed
but not what or why; the reasoning behind a prompt change ("added an
instruction for next steps: +8% resolution rate") is exactly what is lost
first. Add an entry for the new version to the prompt's "changelog:" (or
"history:") list, with the date and what changed. A changelog entry also
satisfies the docs-updated checklist item.

Bad:

    version: 2.1.0
    changelog:
      - version: 2.0.0
        changes: Restructured for clarity.

Good:

    version: 2.1.0
    changelog:
      - version: 2.1.0
        date: 2026-11-20
        changes: Added an instruction for concrete next steps.
      - version: 2.0.0
        changes: Restructured for clarity.`,
	Change: true,
	Run:    runChangelogMissing,
}

func runChangelogMissing(pass *lint.Pass) {
	o, n, ok := versions(pass)
	if !ok || o.Equal(n) {
		return
	}
	for _, e := range pass.Prompt.Changelog {
		if sameVersion(e.Version, n.Original()) {
			return
		}
	}
	pass.Reportf(versionPos(pass.Prompt), "version changed to %s but no changelog entry names it; add one under \"changelog:\"", n.Original())
}

// sameVersion compares a changelog entry's version with a version, allowing
// a leading "v" in the entry.
func sameVersion(entry, v string) bool {
	entry = strings.TrimPrefix(strings.TrimSpace(entry), "v")
	if entry == v {
		return true
	}
	a, err1 := lint.ParseVersion(entry)
	b, err2 := lint.ParseVersion(v)
	return err1 == nil && err2 == nil && a.Equal(b)
}
