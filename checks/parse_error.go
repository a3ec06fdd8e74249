package checks

import "github.com/promptlint/promptlint/lint"

// ParseError stands for files that cannot be read as prompts. The engine
// reports it itself while reading files; the value exists so that the rule
// has a severity, docs and a config key like every other rule.
var ParseError = &lint.Rule{
	ID:       lint.ParseErrorRule,
	Severity: lint.Error,
	Doc: `The file matches a prompt glob but cannot be read as a prompt.

A prompt file that does not parse cannot be checked, diffed or deployed: the
YAML is malformed, the front matter is not closed, the file is not UTF-8, too
large, or a symbolic link. The message gives the line and column where the
reader gave up; fix the file there, or exclude it in .promptlint.yaml
(exclude: [...]) when it is not a prompt.

Bad (the template line is not indented under its key):

    -- prompts/summarize.yaml --
    name: summarize
    template: |
    Summarize {text}.

Good:

    -- prompts/summarize.yaml --
    name: summarize
    template: |
      Summarize {text}.`,
}
