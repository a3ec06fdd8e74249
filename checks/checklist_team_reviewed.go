package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistTeamReviewed reports prompts whose required "team-reviewed" checklist item is missing.
var ChecklistTeamReviewed = &lint.Rule{
	ID:       "checklist-team-reviewed",
	Severity: lint.Error,
	Doc: checklistDoc("The \"team reviewed\" checklist item is missing.",
		"Prompts are code: a second pair of eyes catches the instruction that\ncontradicts another, the variable nobody fills and the tone that does not\nfit the product. In the action the item needs at least\nchecklist.min_approvals (default 1) approving reviews on the pull request (a\nticked box does not stand in for an approval); locally, the box attests it.",
		checklistChange("-- pr-body.md --\n- [ ] Team reviewed and approved changes <!-- promptlint:team-reviewed -->\n", "1.0.1", ""),
		checklistChange("-- pr-body.md --\n- [x] Team reviewed and approved changes <!-- promptlint:team-reviewed -->\n", "1.0.1", "")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("team-reviewed"),
}
