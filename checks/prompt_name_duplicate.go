package checks

import (
	"fmt"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// PromptNameDuplicate reports prompts that declare a name another prompt
// already declares.
var PromptNameDuplicate = &lint.Rule{
	ID:       "prompt-name-duplicate",
	Severity: lint.Error,
	Doc: `Two prompts declare the same name.

Code that loads prompts by name gets one of them, depending on load order;
a change meant for one prompt ships in the other, and version history mixes
two prompts. Give each prompt its own name. Only declared identifiers are
compared: names derived from file paths are unique by construction, display
titles with spaces (GitHub Models "name: Text Summarizer") are not lookup
keys, and Dotprompt partials are left out. The finding is on the second and later
prompts and names where the first one is.

Bad:

    -- prompts/support.yaml --
    name: support_reply
    version: 1.0.0
    template: "Answer the customer's {question}."
    -- prompts/billing.yaml --
    name: support_reply
    version: 1.0.0
    template: "Explain the {invoice} line by line."

Good:

    -- prompts/support.yaml --
    name: support_reply
    version: 1.0.0
    template: "Answer the customer's {question}."
    -- prompts/billing.yaml --
    name: billing_reply
    version: 1.0.0
    template: "Explain the {invoice} line by line."`,
	Names: true,
	Run:   runPromptNameDuplicate,
}

func runPromptNameDuplicate(pass *lint.Pass) {
	p := pass.Prompt
	if !comparableName(p) {
		return
	}
	for _, q := range pass.Named(p.Name) {
		if q == p {
			return
		}
		if !comparableName(q) {
			continue
		}
		where := fmt.Sprintf("%s:%d", q.Path, max(q.NamePos.Line, 1))
		pass.Reportf(p.NamePos, "prompt name %q is already used by the prompt at %s", p.Name, where)
		return
	}
}

// memoKey names a value a rule computes once per run (lint.Pass.Memo).
type memoKey string

// comparableName reports whether a prompt's name identifies it: declared,
// not a partial's, and not a display title with spaces ("Text Summarizer").
func comparableName(p *lint.Prompt) bool {
	return !p.Partial && p.NamePos.IsValid() && p.Name != "" && !strings.ContainsAny(p.Name, " \t")
}
