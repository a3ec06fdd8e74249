package checks

import (
	"github.com/promptlint/promptlint/lint"
)

// SlashCommandRenamed reports a VS Code prompt file whose slash command
// changes.
var SlashCommandRenamed = &lint.Rule{
	ID:       "slash-command-renamed",
	Severity: lint.Warning,
	Doc: `A VS Code prompt file's slash command changes: its name: was added, changed or removed, or the file was renamed.

In VS Code chat a prompt file runs as /name, where name is the front
matter's name: or, without one, the file name without .prompt.md. Adding
or changing name: (or renaming the file) renames the command: people who
type the old one, and docs and other prompts that mention it, get
nothing. Keep the old command, or tell its users about the new one in the
pull request and the changelog.

Bad (/review-pr becomes /pr-review without notice):

    -- base/.github/prompts/review-pr.prompt.md --
    ---
    description: Review a pull request.
    ---
    Review ${input:pr} for bugs.
    -- head/.github/prompts/review-pr.prompt.md --
    ---
    name: pr-review
    description: Review a pull request.
    ---
    Review ${input:pr} for bugs.

Good (name: left out, the command stays /review-pr):

    -- base/.github/prompts/review-pr.prompt.md --
    ---
    description: Review a pull request.
    ---
    Review ${input:pr} for bugs.
    -- head/.github/prompts/review-pr.prompt.md --
    ---
    description: Review a pull request for bugs and missing tests.
    ---
    Review ${input:pr} for bugs and missing tests.`,
	Change: true,
	Run:    runSlashCommandRenamed,
}

func runSlashCommandRenamed(pass *lint.Pass) {
	if pass.Base == nil || pass.Prompt == nil {
		return
	}
	b, p := pass.Base, pass.Prompt
	if b.Format != lint.FormatVSCode || p.Format != lint.FormatVSCode || b.Name == p.Name {
		return
	}
	why := "its name: changed"
	switch {
	case !b.NamePos.IsValid() && p.NamePos.IsValid():
		why = "name: was added"
	case b.NamePos.IsValid() && !p.NamePos.IsValid():
		why = "name: was removed, so the file name counts"
	case !b.NamePos.IsValid() && !p.NamePos.IsValid():
		why = "the file was renamed"
	}
	pass.Reportf(promptPos(p), "slash command \"/%s\" is renamed to \"/%s\" (%s); whoever types the old command gets nothing", b.Name, p.Name, why)
}
