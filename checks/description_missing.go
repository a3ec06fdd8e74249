package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// DescriptionMissing reports prompts without a description.
var DescriptionMissing = &lint.Rule{
	ID:       "description-missing",
	Severity: lint.Warning,
	Doc: `The prompt has no description.

A description says what the prompt is for, so that a reviewer can judge a
change against its purpose and a caller can pick the right prompt. Add a
one-line "description:" (in front matter for front-matter formats).
Dotprompt partials, which are fragments of other prompts, are exempt.

Bad:

    -- prompts/ticket_triage.yaml --
    name: ticket_triage
    version: 1.0.0
    template: "Classify {ticket_text} as urgent, normal or low."

Good:

    -- prompts/ticket_triage.yaml --
    name: ticket_triage
    version: 1.0.0
    description: Sorts incoming support tickets by urgency for the on-call queue.
    template: "Classify {ticket_text} as urgent, normal or low."`,
	Run: runDescriptionMissing,
}

func runDescriptionMissing(pass *lint.Pass) {
	p := pass.Prompt
	if p.Partial || strings.TrimSpace(p.Description) != "" {
		return
	}
	pass.Reportf(promptPos(p), "prompt %q has no description", p.Name)
}
