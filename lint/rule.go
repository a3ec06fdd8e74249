package lint

import (
	"fmt"
	"strings"
	"sync"

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
	// Requires are the producers whose results Run reads from its Pass
	// (Pass.Version, Pass.Checklist); the engine runs them first.
	Requires []*Producer
	// Names marks a rule that looks prompts up by name (Pass.Named): in
	// a check, the engine then starts reading the files the change
	// leaves alone early, in the background. It changes no result.
	Names bool
	Run   func(*Pass)
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

	run     *session // the run the pass belongs to; nil for a pass built by NewPass
	tree    *side    // the tree the prompt is read from, for All and Named
	index   int      // the prompt's place among the run's changed prompts; -1 when not one
	results map[*Producer]any
	// found are the findings reported on the prompt so far, with the rule
	// that reported each, for producers that run After others.
	found  *[]ruleFinding
	report func(Finding)
	// tokens is 1 + the token count of Prompt.Text() when check has
	// counted it for the diff summary already; 0 when not counted.
	tokens int
	memo   map[any]any // values computed once per run (Memo)
	listed func() bool // Listed; nil lists every finding
	// lazy guards what the run and the tree read on demand (the request,
	// the rest of the tree) when the rules run on several prompts at
	// once; nil when they do not.
	lazy *sync.Mutex
}

// locked calls f holding the pass's lazy lock, if any.
func (p *Pass) locked(f func()) {
	if p.lazy != nil {
		p.lazy.Lock()
		defer p.lazy.Unlock()
	}
	f()
}

// description is the run's request description (see session.description).
func (p *Pass) description() (d *Description) {
	p.locked(func() { d = p.run.description() })
	return d
}

// reviewList is the run's request reviews (see session.reviewList).
func (p *Pass) reviewList() (r []Review) {
	p.locked(func() { r = p.run.reviewList() })
	return r
}

type ruleFinding struct {
	rule    *Rule
	finding Finding
}

// NewPass returns a pass that sends its findings to report. The engine
// builds passes; tests of single rules may too. Such a pass has no run
// around it: All and Named see only its Prompt, and no producer results.
func NewPass(r *Rule, cfg *Config, report func(Finding)) *Pass {
	return &Pass{Rule: r, Config: cfg, Status: Unchanged, report: report, index: -1}
}

// Subject is the prompt the pass reports on: the head prompt, or the base
// prompt when it was removed.
func (p *Pass) Subject() *Prompt {
	if p.Prompt != nil {
		return p.Prompt
	}
	return p.Base
}

// Reportf reports a finding of the pass's rule at pos in the subject's
// file. A finding past the cap (see Listed) is only counted, so its
// message is not formatted.
func (p *Pass) Reportf(pos Pos, format string, args ...any) {
	msg := ""
	if p.Listed() {
		msg = fmt.Sprintf(format, args...)
	}
	p.report(p.finding(pos, msg))
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

// Listed reports whether the next finding of the pass's rule in the
// subject's file will be listed. Past MaxFindingsPerRule findings of a
// rule in a file, findings are only counted: a rule can skip the costly
// part of one (a fix that locates text in the file) when it is not.
func (p *Pass) Listed() bool {
	return p.listed == nil || p.listed()
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

// ResultOf returns the result of producer q for the pass's prompt: nil
// unless the pass's rule (or producer) requires q and q had something to
// say about the prompt.
func (p *Pass) ResultOf(q *Producer) any {
	if p.Rule != nil && !p.Rule.requires(q) {
		return nil
	}
	return p.results[q]
}

// Version returns the version policy's verdict on the pass's prompt; nil
// unless the rule requires VersionPolicy.
func (p *Pass) Version() *VersionCheck {
	v, _ := p.ResultOf(VersionPolicy).(*VersionCheck)
	return v
}

// Checklist returns the checklist items of the pass's prompt; nil unless
// the rule requires Checklist, and in lint, for a removed prompt or for a
// change with no request to hold to a checklist (a push).
func (p *Pass) Checklist() []ChecklistItem {
	items, _ := p.ResultOf(ProductionChecklist).([]ChecklistItem)
	return items
}

// FindingsOf returns the findings reported on the pass's prompt so far by
// the rules that require q, in the order they ran. Only a producer that
// runs After q sees them all.
func (p *Pass) FindingsOf(q *Producer) []Finding {
	if p.found == nil {
		return nil
	}
	var out []Finding
	for _, rf := range *p.found {
		if rf.rule.requires(q) {
			out = append(out, rf.finding)
		}
	}
	return out
}

// All returns every prompt of the pass's tree, sorted by path, for rules
// that look across the repository (mixed naming styles, Dotprompt
// partials). Where the host can list the tree cheaply that is every
// prompt of it, read on the first call: a rule that can should ask only
// when it has something to compare, or use Named. Otherwise (a host API)
// it is the prompts of the files the change touches.
func (p *Pass) All() []*Prompt {
	if p.tree == nil {
		if p.Prompt != nil {
			return []*Prompt{p.Prompt}
		}
		return nil
	}
	var all []*Prompt
	p.locked(func() { all = p.tree.all(p.run) })
	return all
}

// Named returns the prompts of the pass's tree (as All) whose declared
// name is name, sorted by path. Where the tree is listed cheaply, only
// the files that can hold the name are read.
func (p *Pass) Named(name string) []*Prompt {
	if p.tree == nil {
		if p.Prompt != nil && p.Prompt.Name == name {
			return []*Prompt{p.Prompt}
		}
		return nil
	}
	var named []*Prompt
	p.locked(func() { named = p.tree.named(p.run, name) })
	return named
}

// Commits returns the commits of the change that keep accepts and that
// belong to the pass's prompt: those that touch its file (at its new path
// or, for a prompt moved, its old one) and no changed prompt file before
// it, so that each commit is seen once; a commit whose files the host
// cannot tell goes to the first changed prompt. The host is asked for the
// files of a commit only when keep accepts it, so keep should be cheap
// and narrow (commit-message-generic keeps generic messages). nil in lint.
func (p *Pass) Commits(keep func(Commit) bool) []Commit {
	if p.run == nil || p.index < 0 {
		return nil
	}
	var commits []Commit
	p.locked(func() { commits = p.run.commitsOf(p.index, keep) })
	return commits
}

// DocsURL is the page that documents every rule, one heading per rule id.
const DocsURL = "https://github.com/promptlint/promptlint/blob/main/README.md"

// URL is the address of the rule's documentation: the README's section on
// it, whose anchor is the rule id.
func (r *Rule) URL() string { return RuleURL(r.ID) }

// RuleURL is the address of the documentation of the rule with this id.
func RuleURL(id string) string { return DocsURL + "#" + id }
