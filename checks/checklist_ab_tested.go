package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistABTested reports prompts whose required "ab-tested" checklist item is missing.
var ChecklistABTested = &lint.Rule{
	ID:       "checklist-ab-tested",
	Severity: lint.Error,
	Doc: checklistDoc("The \"A/B tested\" checklist item is missing.",
		"A production prompt change should be tested against the current prompt on\nreal traffic with a sample large enough to tell the two apart; otherwise an\nimprovement is a guess. Evidence: evaluation.ab_test in the prompt file with\ncontrol and candidate samples of at least checklist.min_sample_size (default\n100) each, and a significant difference at checklist.confidence (default\n0.95; a two-proportion z-test on the counts, or a reported p_value). Or tick\nthe box in the PR description.",
		checklistChange("", "1.0.1", "evaluation:\n  ab_test:\n    control:   {samples: 20, successes: 15}\n    candidate: {samples: 20, successes: 17}\n"),
		checklistChange("", "1.0.1", "evaluation:\n  ab_test:\n    control:   {samples: 500, successes: 400}\n    candidate: {samples: 500, successes: 425}\n")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("ab-tested"),
}
