// Package host is what every CI host of promptlint (the GitHub Action,
// GitLab CI) does the same way around the engine: the job's settings over
// the configuration, what the change request is worth asking the host's
// API for, and the change's commits made into the engine's.
package host

import (
	"fmt"
	"strings"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/checklist"
)

// MaxCommitLookups bounds the extra requests commit-message-generic
// costs: the files of at most this many commits with a generic message
// are read, one request each, to see whether they touch a prompt file.
const MaxCommitLookups = 100

// Overrides are a job's settings that replace the configuration's.
type Overrides struct {
	// Files, when not empty, replace the configuration's prompt globs.
	Files []string
	// ReviewThreshold, from 0 to 1, replaces diff.review_threshold;
	// below 0 it is not set.
	ReviewThreshold float64
	// OnlyNew, when not nil, replaces only_new.
	OnlyNew *bool
}

// Apply returns cf's configuration with the overrides, and the rules of
// registry that it turns on, with their severities.
func (o Overrides) Apply(cf lint.ConfigFile, registry []*lint.Rule) (*lint.Config, []*lint.Rule, error) {
	cfg := cf.Config
	if cfg == nil {
		cfg = lint.DefaultConfig()
	}
	if len(o.Files) > 0 {
		cfg.Files = append([]string(nil), o.Files...)
	}
	if o.ReviewThreshold >= 0 && o.ReviewThreshold <= 1 {
		cfg.Diff.ReviewThreshold = o.ReviewThreshold
	}
	if o.OnlyNew != nil {
		cfg.OnlyNew = *o.OnlyNew
	}
	rules, err := cfg.Apply(registry)
	if err != nil {
		return nil, nil, err
	}
	return cfg, rules, nil
}

// Enabled reports whether the rule id is among rules.
func Enabled(rules []*lint.Rule, id string) bool {
	for _, r := range rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// NeedsReviews reports whether any prompt of files (the head side of a
// change) shows the team-reviewed checklist item, so that the change
// request's reviews or approvals are worth a request. A prompt with no
// environment shows production's items as advice, team-reviewed among
// them.
func NeedsReviews(cfg *lint.Config, rules []*lint.Rule, files []*lint.File) bool {
	if !Enabled(rules, "checklist-team-reviewed") {
		return false
	}
	for _, f := range files {
		for _, p := range f.Prompts {
			_, requires, _ := cfg.ChecklistOf(p)
			for _, id := range requires {
				if id == "team-reviewed" {
					return true
				}
			}
		}
	}
	return false
}

// Globs is the configuration's prompt globs, quoted, for messages.
func Globs(cfg *lint.Config) string {
	q := make([]string, len(cfg.Files))
	for i, g := range cfg.Files {
		q[i] = "`" + g + "`"
	}
	return strings.Join(q, ", ")
}

// Dedupe returns list without repeats, in order.
func Dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// CommitFiles is how a host reads the files a commit changes. Unreadable
// reports whether an error of Lookup means the host may not read that
// commit (the commit is then left out, with a note) rather than that the
// run cannot go on.
type CommitFiles struct {
	Lookup     func(sha string) ([]string, error)
	Unreadable func(error) bool
}

// PromptCommits turns a change's commits into those the engine checks
// (commit-message-generic), with the prompt files (as match selects
// them) each touches. A commit whose message the rule would not report is
// kept as it is. One it would report needs its files: a commit that comes
// with PathsKnown has them, the others are looked up (one request each,
// at most MaxCommitLookups); such a commit that touches no prompt file is
// left out. notes say what was not checked.
func PromptCommits(cfg *lint.Config, list []lint.Commit, match func(string) bool, files CommitFiles) (out []lint.Commit, notes []string, err error) {
	lookups, skipped := 0, 0
	for _, c := range list {
		if generic, _ := checklist.GenericMessage(c.Message, cfg.Commits.MinWords, cfg.Commits.Deny); !generic {
			out = append(out, lint.Commit{SHA: c.SHA, Message: c.Message})
			continue
		}
		touched := c.Paths
		if !c.PathsKnown {
			if lookups == MaxCommitLookups {
				skipped++
				continue
			}
			lookups++
			touched, err = files.Lookup(c.SHA)
			if err != nil && files.Unreadable(err) {
				notes = append(notes, fmt.Sprintf("promptlint could not read the files of commit %s (%v), so its message was not checked", shortSHA(c.SHA), err))
				continue
			}
			if err != nil {
				return nil, nil, err
			}
		}
		lc := lint.Commit{SHA: c.SHA, Message: c.Message}
		for _, p := range touched {
			if match(p) {
				lc.Paths = append(lc.Paths, p)
			}
		}
		if len(lc.Paths) > 0 {
			out = append(out, lc)
		}
	}
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d more commits with a generic message were not checked: promptlint reads the files of at most %d commits", skipped, MaxCommitLookups))
	}
	return out, notes, nil
}

// shortSHA is a commit's name in a message: the first 7 characters.
func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
