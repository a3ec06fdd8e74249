package checks

import "github.com/promptlint/promptlint/lint"

// ChecklistMonitoring reports prompts whose required "monitoring" checklist item is missing.
var ChecklistMonitoring = &lint.Rule{
	ID:       "checklist-monitoring",
	Severity: lint.Error,
	Doc: checklistDoc("The \"monitoring and alerting\" checklist item is missing.",
		"A prompt that degrades in production (quality drops, latency grows) must\npage someone before users complain. Evidence: a monitoring.alerts block with\nthresholds in the prompt file. Or tick the box in the PR description.",
		checklistChange("", "1.0.1", "monitoring: {}\n"),
		checklistChange("", "1.0.1", "monitoring:\n  alerts:\n    quality_score_below: 0.7\n    response_time_above: 5.0\n")),
	Change:   true,
	Requires: checklistRequires,
	Run:      checklistRun("monitoring"),
}
