package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistRollbackPlan reports prompts whose required "rollback-plan" checklist item is missing.
var ChecklistRollbackPlan = &lint.Rule{
	ID:       "checklist-rollback-plan",
	Severity: lint.Error,
	Doc: checklistDoc("The \"rollback plan\" checklist item is missing.",
		"When a new prompt misbehaves, the fastest fix is the previous version;\nknowing how to go back, and having tried it, is what makes a bad deploy a\nshort incident. Evidence: a \"Rollback plan\" section in the PR\ndescription, or a rollback: key in the prompt file, that says how; one\nthat says only \"N/A\", \"(none)\", \"TBD\" or \"-\" is no plan.",
		checklistChange("-- pr-body.md --\n## Rollback plan\n\n<!-- How to go back, how fast, and which signal triggers it. -->\nN/A\n", "1.0.1", ""),
		checklistChange("-- pr-body.md --\n## Rollback plan\n\nRevert to 1.0.0 with a one-line config change; watched hourly.\n", "1.0.1", "")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("rollback-plan"),
}
