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
words; merge commits are not checked. The finding names the commit by its
7-character short SHA, on the first prompt file the commit touches.

Bad:

    git commit -m "update prompt"

Good:

    git commit -m "prompts: ask for concrete next steps in support replies"`,
	Change: true,
	Run:    runCommitMessageGeneric,
}

func runCommitMessageGeneric(pass *lint.Pass) {
	subj := pass.Subject()
	if subj == nil {
		return
	}
	for _, c := range pass.Commits {
		if !firstTouched(c, subj, pass.All) {
			continue
		}
		generic, why := checklist.GenericMessage(c.Message, pass.Config.Commits.MinWords, pass.Config.Commits.Deny)
		if !generic {
			continue
		}
		pass.Reportf(lint.Pos{}, "commit %s: %s; say what changed in the prompt and why", shortSHA(c.SHA), why)
	}
}

// firstTouched reports whether p is where a finding about commit c goes:
// the first (by path) prompt file the commit touches, and the first
// prompt of that file, so that a commit is reported once.
func firstTouched(c lint.Commit, p *lint.Prompt, all []*lint.Prompt) bool {
	if len(c.Paths) > 0 {
		first := ""
		for _, path := range c.Paths {
			if first == "" || path < first {
				first = path
			}
		}
		if p.Path != first && containsString(c.Paths, p.Path) {
			return false
		}
	}
	for _, q := range all {
		if q.Path == p.Path {
			return q == p
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
