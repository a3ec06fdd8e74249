package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// TemplateEmpty reports prompts without template text.
var TemplateEmpty = &lint.Rule{
	ID:       "template-empty",
	Severity: lint.Error,
	Doc: `The prompt has no template text.

An empty prompt sends the model nothing to act on; it is usually a key
spelled wrong ("templte:"), a body lost below the front matter, or a
messages list left empty. Write the template under the key your format
reads (template, messages, or the body after the front matter).

Bad:

    -- prompts/summarize.yaml --
    name: summarize
    version: 1.0.0
    template: ""

Good:

    -- prompts/summarize.yaml --
    name: summarize
    version: 1.0.0
    template: "Summarize {text} in three sentences."`,
	Run: runTemplateEmpty,
}

func runTemplateEmpty(pass *lint.Pass) {
	p := pass.Prompt
	if strings.TrimSpace(p.Text()) != "" {
		return
	}
	if len(p.Messages) == 0 {
		pass.Reportf(promptPos(p), "prompt %q has no template text", p.Name)
		return
	}
	pass.Reportf(p.Messages[0].Pos, "prompt %q has no template text", p.Name)
}
