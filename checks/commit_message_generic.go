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

    git commit -m "update prompt"

Good:

    git commit -m "prompts: ask for concrete next steps in support replies"`,
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
