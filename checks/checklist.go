package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// checklistRequires are what every checklist rule reads: the checklist.
var checklistRequires = []*lint.Producer{lint.ProductionChecklist}

// checklistRun returns the Run function of the checklist rule for item id:
// it reports when the item is required for the prompt and missing, unless
// another rule already reported why (checklist-semver stays silent after
// version-not-bumped). Advisory items (a prompt with no environment) are
// never required.
func checklistRun(id string) func(*lint.Pass) {
	return func(pass *lint.Pass) {
		if pass.Prompt == nil {
			return
		}
		for _, it := range pass.Checklist() {
			if it.ID != id || !it.Required || it.Status != lint.Missing || it.ReportedBy != "" {
				continue
			}
			env := it.Environment
			if env == "" {
				env = pass.Config.EnvironmentOf(pass.Prompt)
			}
			why := ""
			if it.Evidence != "" {
				why = " (" + it.Evidence + ")"
			}
			if id == "docs-updated" && versionChanged(pass) {
				// It speaks for changelog-missing too, and carries its fix.
				fix, err := changelogFix(pass, pass.Prompt.Version)
				pass.ReportFixf(promptPos(pass.Prompt), fix, err, "checklist item %q is required for %s prompts and missing%s: %s", id, env, why, it.How)
				continue
			}
			pass.Reportf(promptPos(pass.Prompt), "checklist item %q is required for %s prompts and missing%s: %s", id, env, why, it.How)
		}
	}
}

// versionChanged reports whether the prompt's version is a valid one
// that differs from its base's valid one: where changelog-missing would
// speak.
func versionChanged(pass *lint.Pass) bool {
	o, n, ok := versions(pass)
	return ok && !o.Equal(n)
}

// checklistDoc assembles a checklist rule's doc from its summary, why it
// matters and how to satisfy it, with the shared explanation of where
// items come from, and its bad and good examples (see checklistChange).
func checklistDoc(summary, why, bad, good string) string {
	return summary + `

` + why + `

Each environment requires a set of checklist items (environments.<name>.requires;
by default all eight for production, semver, rollback-plan and team-reviewed
for staging, none for development). An item is verified by evidence in the
prompt file or attested by a ticked task-list box in the PR description,
matched by its hidden id ("<!-- promptlint:ITEM -->") or its text;
"promptlint init" writes a PR template with every box. The rule runs in
"check" and the action, on new and changed prompts.

A prompt's environment is its "environment:" key (or label), else the
first environments.<name>.paths glob that matches its path, else
default_environment. A prompt with none of these gets the checklist as
advice: the PR comment shows production's items marked "not enforced",
and no checklist rule reports on it. A change that needs no version bump
(white space, line endings, metadata) never asks for the checklist.

Bad:

` + bad + `

Good:

` + good
}

// checklistChange is the example archive of a checklist rule: a production
// prompt whose wording changes, released as version, after files (the PR
// description, a configuration) and with head appended to its new version.
// It comes indented, as a doc's example is.
func checklistChange(files, version, head string) string {
	archive := files + `-- base/prompts/support.yaml --
environment: production
version: 1.0.0
template: "Answer {question}."
-- head/prompts/support.yaml --
environment: production
version: ` + version + `
template: "Answer {question}, then suggest one next step."
` + head
	lines := strings.Split(strings.TrimSuffix(archive, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}
