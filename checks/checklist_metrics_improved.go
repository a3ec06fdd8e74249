package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistMetricsImproved reports prompts whose required "metrics-improved" checklist item is missing.
var ChecklistMetricsImproved = &lint.Rule{
	ID:       "checklist-metrics-improved",
	Severity: lint.Error,
	Doc: checklistDoc("The \"business metrics improved\" checklist item is missing.",
		"A prompt change ships because it moves a metric the business cares about\n(satisfaction, resolution rate, response time); without the numbers, nobody\ncan tell whether the new version is better than the one it replaces.\nEvidence: evaluation.metrics in the prompt file, each with a baseline, a\ncandidate and a goal (increase, decrease or maintain), every metric moved in\nits goal's direction. Or tick the box in the PR description.",
		checklistChange("", "1.0.1", "evaluation:\n  metrics:\n    satisfaction: {baseline: 4.3, candidate: 4.1, goal: increase}\n"),
		checklistChange("", "1.0.1", "evaluation:\n  metrics:\n    satisfaction: {baseline: 4.1, candidate: 4.3, goal: increase}\n")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("metrics-improved"),
}
