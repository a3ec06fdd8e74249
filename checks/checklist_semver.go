package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistSemver reports prompts whose required "semver" checklist item is missing.
var ChecklistSemver = &lint.Rule{
	ID:       "checklist-semver",
	Severity: lint.Error,
	Doc: checklistDoc("The \"version properly tagged\" checklist item is missing.",
		"A production prompt must carry a valid semantic version bumped as the\nversion policy requires, so that callers can pin it and roll back to the\nprevious one. The item is verified when the version is valid, is no\nprerelease in production, and is bumped at least as much as the change\nrequires. When a version rule (version-missing, version-invalid,\nversion-not-bumped, version-decreased, version-bump-too-small,\nprerelease-in-production) already reported the problem on the prompt,\nthis rule does not repeat it: it speaks only when those rules are off or\nignored for the prompt.",
		checklistChange("-- .promptlint.yaml --\nrules:\n  version-not-bumped: off\n", "1.0.0", ""),
		checklistChange("-- .promptlint.yaml --\nrules:\n  version-not-bumped: off\n", "1.0.1", "")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("semver"),
}
