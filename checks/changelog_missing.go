package checks

import (
	"errors"
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
satisfies the docs-updated checklist item. Where that item is required
and enforced (a production prompt) and missing, checklist-docs-updated,
an error, reports the missing entry and this rule does not repeat it:
the gate speaks once, and with its error.

Bad:

    -- base/prompts/support.yaml --
    version: 2.0.0
    template: "Answer {question}."
    changelog:
      - version: 2.0.0
        changes: Restructured for clarity.
    -- head/prompts/support.yaml --
    version: 2.0.1
    template: "Answer {question}, then suggest one next step."
    changelog:
      - version: 2.0.0
        changes: Restructured for clarity.

Good:

    -- base/prompts/support.yaml --
    version: 2.0.0
    template: "Answer {question}."
    changelog:
      - version: 2.0.0
        changes: Restructured for clarity.
    -- head/prompts/support.yaml --
    version: 2.0.1
    template: "Answer {question}, then suggest one next step."
    changelog:
      - version: 2.0.1
        date: 2026-11-20
        changes: Added an instruction for concrete next steps.
      - version: 2.0.0
        changes: Restructured for clarity.`,
	Change:   true,
	Requires: checklistRequires,
	Run:      runChangelogMissing,
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
	for _, it := range pass.Checklist() {
		if it.ID == "docs-updated" && it.Required && it.Status == lint.Missing && it.ReportedBy == "" &&
			!pass.Config.RuleOff(ChecklistDocsUpdated.ID, pass.Prompt) {
			return // checklist-docs-updated reports it
		}
	}
	fix, err := changelogFix(pass, n.Original())
	pass.ReportFixf(versionPos(pass.Prompt), fix, err, "version changed to %s but no changelog entry names it; add one under \"changelog:\"", n.Original())
}

// changelogFix adds a skeleton entry for version v to the prompt's
// changelog, its text the changes check found; none while the version
// itself still needs a fix.
func changelogFix(pass *lint.Pass, v string) (*lint.Fix, error) {
	c := pass.Change
	if c != nil {
		if got, ok := lint.VersionBump(pass.Base.Version, v); !ok || got < c.Required {
			return nil, errors.New("the version needs fixing first")
		}
	}
	text := "describe the change"
	if c != nil && len(c.Reasons) > 0 {
		var parts []string
		for _, r := range c.Reasons {
			parts = append(parts, r.Text)
		}
		text = strings.Join(parts, "; ")
		if len(text) > 200 {
			text = reasonsFor(c, c.Required)
		}
		text = strings.ToUpper(text[:1]) + text[1:] + "."
	}
	return pass.Prompt.ChangelogFix(v, pass.Config.Today, text)
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
