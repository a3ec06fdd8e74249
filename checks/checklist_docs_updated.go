package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistDocsUpdated reports prompts whose required "docs-updated" checklist item is missing.
var ChecklistDocsUpdated = &lint.Rule{
	ID:       "checklist-docs-updated",
	Severity: lint.Error,
	Doc: checklistDoc("The \"documentation updated\" checklist item is missing.",
		"The reasoning and the results behind a prompt version (why it changed, what\nit improved) are lost unless they are written down with it. Evidence: a\nchangelog entry for the new version in the prompt file. Or tick the box in\nthe PR description.",
		"    version: 2.1.0\n    changelog:\n      - version: 2.0.0\n        changes: Restructured for clarity.",
		"    version: 2.1.0\n    changelog:\n      - version: 2.1.0\n        changes: Added an instruction for concrete next steps."),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("docs-updated"),
}
