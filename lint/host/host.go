// Package host is what every CI host of promptlint (the GitHub Action,
// GitLab CI) does the same way around the engine (lint.Run): the job's
// settings over the configuration, and the bounded reading of commits'
// files when the engine asks for them.
package host

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/promptlint/promptlint/lint"
)

// MaxCommitLookups bounds the extra requests commit-message-generic
// costs: the files of at most this many commits are read, one request
// each, to see whether they touch a prompt file.
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

// CommitFiles answers the engine's questions about the files of commits
// (lint.Request.CommitFiles) for a host behind an API: one request per
// commit, for at most MaxCommitLookups commits. The engine asks only for
// commits a rule would report (commit-message-generic: a generic message)
// whose files the list of commits does not give. Past the bound, and when
// the host may not read a commit, the commit counts as touching no file
// (it is not checked), and Notes says so.
type CommitFiles struct {
	// Lookup reads the paths a commit touches.
	Lookup func(ctx context.Context, sha string) ([]string, error)
	// Unreadable reports whether an error of Lookup means the host may
	// not read that commit, rather than that the run cannot go on.
	Unreadable func(error) bool

	mu      sync.Mutex
	lookups int
	skipped int
	notes   []string
}

// Files returns the paths the commit sha touches; known is always true
// (a commit not looked up touches nothing as far as the run knows).
func (f *CommitFiles) Files(ctx context.Context, sha string) (paths []string, known bool, err error) {
	f.mu.Lock()
	if f.lookups == MaxCommitLookups {
		f.skipped++
		f.mu.Unlock()
		return nil, true, nil
	}
	f.lookups++
	f.mu.Unlock()
	paths, err = f.Lookup(ctx, sha)
	if err != nil && f.Unreadable != nil && f.Unreadable(err) {
		f.mu.Lock()
		f.notes = append(f.notes, fmt.Sprintf("promptlint could not read the files of commit %s (%v), so its message was not checked", shortSHA(sha), err))
		f.mu.Unlock()
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	return paths, true, nil
}

// Notes say what was not checked: commits the host may not read, and
// those past MaxCommitLookups.
func (f *CommitFiles) Notes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	notes := append([]string(nil), f.notes...)
	if f.skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d more commits with a generic message were not checked: promptlint reads the files of at most %d commits", f.skipped, MaxCommitLookups))
	}
	return notes
}

// shortSHA is a commit's name in a message: the first 7 characters.
func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
