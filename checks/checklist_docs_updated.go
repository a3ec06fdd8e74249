package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistDocsUpdated reports prompts whose required "docs-updated" checklist item is missing.
var ChecklistDocsUpdated = &lint.Rule{
	ID:       "checklist-docs-updated",
	Severity: lint.Error,
	Doc: checklistDoc("The \"documentation updated\" checklist item is missing.",
		"The reasoning and the results behind a prompt version (why it changed, what\nit improved) are lost unless they are written down with it. Evidence: a\nchangelog entry for the new version in the prompt file. Or tick the box in\nthe PR description. While a version rule reports the version as not\nbumped, missing or invalid, this rule does not repeat it (an entry for an\nunbumped version documents nothing new). Where it reports a missing entry,\nchangelog-missing stays silent and its fix (a skeleton entry) comes with\nthis finding.",
		checklistChange("", "1.0.1", "changelog:\n  - version: 1.0.0\n    changes: First version.\n"),
		checklistChange("", "1.0.1", "changelog:\n  - version: 1.0.1\n    changes: Added an instruction for concrete next steps.\n  - version: 1.0.0\n    changes: First version.\n")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("docs-updated"),
}
