package checks

import (
	"github.com/promptlint/promptlint/lint"
)

// PromptRemoved reports prompts deleted or renamed away.
var PromptRemoved = &lint.Rule{
	ID:       "prompt-removed",
	Severity: lint.Warning,
	Doc: `A prompt was deleted, or renamed or moved so that its old name or path is gone.

Code and other teams load prompts by name or path; when the prompt goes,
they fail at run time, not in this pull request. Make sure no caller uses
the old name (search the code base and deployment configs), or keep the
old prompt until callers have moved. Renames are detected by content
similarity (diff.rename_threshold).

Bad (callers still load "support_reply"):

    -- base/prompts/support_reply.yaml --
    name: support_reply
    version: 1.4.0
    template: "Answer {question}."
    -- head/prompts/billing_reply.yaml --
    name: billing_reply
    version: 1.0.0
    template: "Explain the {invoice} line by line."

Good (the prompt stays until its last caller is gone):

    -- base/prompts/support_reply.yaml --
    name: support_reply
    version: 1.4.0
    template: "Answer {question}."
    -- head/prompts/support_reply.yaml --
    name: support_reply
    version: 1.4.0
    description: Deprecated; billing questions go to billing_reply.
    template: "Answer {question}."
    -- head/prompts/billing_reply.yaml --
    name: billing_reply
    version: 1.0.0
    template: "Explain the {invoice} line by line."`,
	Change: true,
	Run:    runPromptRemoved,
}

func runPromptRemoved(pass *lint.Pass) {
	switch {
	case pass.Status == lint.Removed && pass.Base != nil:
		b := pass.Base
		pass.Reportf(lint.Pos{}, "prompt %q was removed; callers that load it will break", b.Name)
	case pass.Status == lint.Renamed && pass.Base != nil && pass.Prompt != nil:
		b, p := pass.Base, pass.Prompt
		switch {
		case b.Name != p.Name && b.Path != p.Path:
			pass.Reportf(promptPos(p), "prompt %q was renamed to %q and moved from %s; callers that load the old name or path will break", b.Name, p.Name, b.Path)
		case b.Name != p.Name && p.Format != lint.FormatPromptlint:
			// Same file, new display name: GitHub Models, Dotprompt,
			// Prompty and VS Code load prompts by path, so no caller breaks.
		case b.Name != p.Name:
			pass.Reportf(promptPos(p), "prompt %q was renamed to %q; callers that load the old name will break", b.Name, p.Name)
		case b.Path != p.Path:
			pass.Reportf(promptPos(p), "prompt %q was moved from %s; callers that load the old path will break", p.Name, b.Path)
		}
	}
}
