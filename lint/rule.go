package lint

import (
	"fmt"
	"strings"

	"github.com/promptlint/promptlint/lint/tokens"
)

// Rule is one check. Rules are values registered in checks.All.
type Rule struct {
	ID       string   // stable kebab-case id
	Severity Severity // default severity
	// Doc is a one-line summary, a blank line, then why the rule matters,
	// how to fix a finding, and a bad and a good example.
	Doc string
	// Change marks a rule that compares a base prompt with a head prompt;
	// it runs only in `check` and the action.
	Change bool
	Run    func(*Pass)
}

// Summary is the first line of the rule's doc.
func (r *Rule) Summary() string {
	s, _, _ := strings.Cut(r.Doc, "\n")
	return strings.TrimSpace(s)
}

// Status says how a prompt changed between base and head.
type Status string

// The change statuses.
const (
	Added     Status = "added"
	Modified  Status = "modified"
	Removed   Status = "removed"
	Renamed   Status = "renamed"
	Unchanged Status = "unchanged"
)

// Pass is what a rule sees while it checks one prompt.
type Pass struct {
	Rule   *Rule
	Config *Config

	// Prompt is the head prompt; nil only when Status is Removed (then
	// only change rules run, with Base set).
	Prompt *Prompt
	// Base is the base version of the prompt: nil in `lint` and for a new
	// prompt. Change rules start with `if pass.Base == nil { return }`.
	Base *Prompt
	// Status is the prompt's change status; Unchanged in `lint`.
	Status Status
	// Change describes what changed between Base and Prompt; nil when
	// Base or Prompt is nil.
	Change *Change

	// All is every head prompt of the run, for rules that compare prompts
	// with each other (duplicate names, mixed naming styles).
	All []*Prompt

	// Commits are the commits of the change that touch this prompt's file
	// and no changed prompt file before it, so that each commit is seen
	// once (check and action only).
	Commits []Commit

	// PR is the pull request under check; nil in lint.
	PR *PullRequest

	checklist []ChecklistItem
	report    func(Finding)
	// tokens is 1 + the token count of Prompt.Text() when check has
	// counted it for the diff summary already; 0 when not counted.
	tokens int
	memo   map[any]any // values computed once per run (Memo)
}

// Commit is a commit of the change under check. commit-message-generic
// looks only at commits that touch a changed prompt's file.
type Commit struct {
	SHA     string
	Message string
	// Paths are files the commit touches (all of them, or at least the
	// prompt files among them). A commit with no Paths and PathsKnown
	// false is one whose files are unknown (the PR commits API does not
	// list them): it is given to one prompt of the run.
	Paths []string
	// PathsKnown says Paths is the commit's whole list of files, even
	// when empty (an empty commit, a merge): a commit that touches no
	// prompt file is then left out.
	PathsKnown bool
}

// NewPass returns a pass that sends its findings to report. The engine
// builds passes; tests of single rules may too.
func NewPass(r *Rule, cfg *Config, report func(Finding)) *Pass {
	return &Pass{Rule: r, Config: cfg, Status: Unchanged, report: report}
}

// Subject is the prompt the pass reports on: the head prompt, or the base
// prompt when it was removed.
func (p *Pass) Subject() *Prompt {
	if p.Prompt != nil {
		return p.Prompt
	}
	return p.Base
}

// Reportf reports a finding of the pass's rule at pos in the subject's file.
func (p *Pass) Reportf(pos Pos, format string, args ...any) {
	p.report(p.finding(pos, fmt.Sprintf(format, args...)))
}

// finding is a finding of the pass's rule at pos in the subject's file.
func (p *Pass) finding(pos Pos, msg string) Finding {
	f := Finding{Rule: p.Rule.ID, Severity: p.Rule.Severity, Pos: pos, Message: msg}
	if s := p.Subject(); s != nil {
		f.Path = s.Path
		f.Prompt = s.Name
	}
	return f
}

// Tokens returns the number of tokens of the prompt's template text
// (Prompt.Text) in the configured encoding; 0 when the prompt was removed.
// check counts each text once: a rule gets the count of the diff summary.
func (p *Pass) Tokens() (int, error) {
	switch {
	case p.tokens > 0:
		return p.tokens - 1, nil
	case p.Prompt == nil:
		return 0, nil
	}
	return tokens.Count(p.Config.Tokens.Encoding, p.Prompt.Text())
}

// Memo returns the value f computes for key, computed once per run and
// shared by every pass of the run: for rules that look at all the run's
// prompts (All) and would otherwise redo that work for each prompt, which
// is quadratic in a file of thousands of prompts. key should be of a type
// the rule's package defines. A pass made by NewPass computes every time.
func (p *Pass) Memo(key any, f func() any) any {
	if p.memo == nil {
		return f()
	}
	if v, ok := p.memo[key]; ok {
		return v
	}
	v := f()
	p.memo[key] = v
	return v
}

// ChecklistFor returns the checklist items of the pass's prompt (check and
// action only; nil in lint).
func (p *Pass) ChecklistFor() []ChecklistItem { return p.checklist }

// DocsURL is the page that documents every rule, one heading per rule id.
const DocsURL = "https://github.com/promptlint/promptlint/blob/main/README.md"

// URL is the address of the rule's documentation: the README's section on
// it, whose anchor is the rule id.
func (r *Rule) URL() string { return RuleURL(r.ID) }

// RuleURL is the address of the documentation of the rule with this id.
func RuleURL(id string) string { return DocsURL + "#" + id }
