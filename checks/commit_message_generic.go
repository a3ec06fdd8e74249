package checks

import (
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/checklist"
)

// CommitMessageGeneric reports commits touching a prompt whose message says
// nothing about the change.
var CommitMessageGeneric = &lint.Rule{
	ID:       "commit-message-generic",
	Severity: lint.Warning,
	Doc: `A commit that touches the prompt has a generic message: "fix", "update prompt", "prompt v3".

Git history is the prompt's history: when an answer regresses, "git log"
on the prompt file is where a team looks for what changed and why. A
message that only says "update" or names a version answers neither. Reword
the commit (git rebase -i, "reword") to say what changed in the prompt and
why, in at least commits.min_words words (default 3); messages on
commits.deny are always generic. A "type(scope):" prefix does not count as
words; merge commits are not checked, nor are commits that touch no
changed prompt file (code, docs, an empty commit). The finding names the
commit by its 7-character short SHA, on the first prompt file the commit
touches.

Bad:

    -- commits --
    1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b update prompt
    -- base/prompts/support.yaml --
    version: 1.0.0
    template: "Help the customer."
    -- head/prompts/support.yaml --
    version: 1.0.1
    template: "Help the customer and offer a next step."

Good:

    -- commits --
    1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b prompts: ask for concrete next steps in support replies
    -- base/prompts/support.yaml --
    version: 1.0.0
    template: "Help the customer."
    -- head/prompts/support.yaml --
    version: 1.0.1
    template: "Help the customer and offer a next step."`,
	Change: true,
	Run:    runCommitMessageGeneric,
}

func runCommitMessageGeneric(pass *lint.Pass) {
	if pass.Subject() == nil {
		return
	}
	// The engine gives each commit to the first changed prompt file it
	// touches, so each is reported once; it asks the host for the files
	// of the generic ones only.
	generic := func(c lint.Commit) bool {
		g, _ := checklist.GenericMessage(c.Message, pass.Config.Commits.MinWords, pass.Config.Commits.Deny)
		return g
	}
	for _, c := range pass.Commits(generic) {
		_, why := checklist.GenericMessage(c.Message, pass.Config.Commits.MinWords, pass.Config.Commits.Deny)
		pass.Reportf(lint.Pos{}, "commit %s: %s; say what changed in the prompt and why", shortSHA(c.SHA), why)
	}
}

func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
