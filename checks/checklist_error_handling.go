package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistErrorHandling reports prompts whose required "error-handling" checklist item is missing.
var ChecklistErrorHandling = &lint.Rule{
	ID:       "checklist-error-handling",
	Severity: lint.Error,
	Doc: checklistDoc("The \"error handling\" checklist item is missing.",
		"Prompts meet empty inputs, inputs in the wrong language, oversized documents\nand model refusals; the code around a production prompt must handle them\nbefore it ships. promptlint cannot verify code paths, so the author attests\nit by ticking the box in the PR description.",
		checklistChange("-- pr-body.md --\n- [ ] Error handling implemented for edge cases <!-- promptlint:error-handling -->\n", "1.0.1", ""),
		checklistChange("-- pr-body.md --\n- [x] Error handling implemented for edge cases <!-- promptlint:error-handling -->\n", "1.0.1", "")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("error-handling"),
}
