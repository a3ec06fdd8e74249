package checks

import (
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/tokens"
)

// TemplateTooLong reports templates over the configured token budget.
var TemplateTooLong = &lint.Rule{
	ID:       "template-too-long",
	Severity: lint.Warning,
	Doc: `The template is longer than the token budget (tokens.budget, default 4000).

Every token of a template is paid for on every call, adds latency, and
leaves less of the context window for the input; long prompts also tend to
bury the instruction that matters. Tokens are counted offline with the
tokens.encoding tokenizer (cl100k_base or o200k_base) over the template
text (all messages). Cut repetition, move reference material into a
variable filled at run time, or split the prompt; raise tokens.budget when
the length is deliberate.

Bad (with a budget of 20 tokens):

    -- .promptlint.yaml --
    tokens:
      budget: 20
    -- prompts/answer.yaml --
    version: 1.0.0
    template: |
      You are a helpful, friendly, knowledgeable, patient and thorough
      assistant who always answers every question completely and carefully.
      Answer {question}.

Good:

    -- .promptlint.yaml --
    tokens:
      budget: 20
    -- prompts/answer.yaml --
    version: 1.0.0
    template: "Answer {question} briefly."`,
	Run: runTemplateTooLong,
}

func runTemplateTooLong(pass *lint.Pass) {
	budget := pass.Config.Tokens.Budget
	text := pass.Prompt.Text()
	// A token is at least one byte: a text no longer than the budget in
	// bytes is within it, and the tokenizer need not run.
	if budget <= 0 || len(text) <= budget {
		return
	}
	enc := pass.Config.Tokens.Encoding
	if enc == "" {
		enc = tokens.CL100K
	}
	n, err := pass.Tokens()
	if err != nil || n <= budget {
		return // an unknown encoding is a config error, reported when loading the config
	}
	pass.Reportf(promptPos(pass.Prompt), "template is %d tokens (%s), over the budget of %d (tokens.budget)", n, enc, budget)
}
