package action

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/host"
)

// MaxCommitLookups bounds the extra requests commit-message-generic costs:
// the files of at most this many commits are read, one request each, to
// see whether they touch a prompt file. The engine asks only for commits
// the rule would report (a generic message).
const MaxCommitLookups = host.MaxCommitLookups

// apiRun is a check of a change read through the API: a pull request, or
// a push. It is the GitHub host of the engine: it hands lint.Run the two
// sides of the change as trees over the contents API, the files GitHub
// lists as changed, the trusted config, and a lint.Request that reads the
// description, reviews and commits only when the engine asks.
type apiRun struct {
	*run
	client    *github.Client
	owner     string
	repo      string
	ev        *event
	eventName string

	// The comparison of the change (base...head), read once, when the
	// merge base or the commits are first needed.
	cmpOnce          sync.Once
	cmpBase, cmpHead string
	cmp              *github.Comparison
	mergeBase        string
	cmpErr           error
	commitFiles      *host.CommitFiles
}

// tree is the repository at ref, read through the contents API.
func (c *apiRun) tree(ctx context.Context, ref string) *github.Tree {
	return c.client.Tree(ctx, c.owner, c.repo, ref)
}

// compare reads base...head once: the merge base and the commits. When
// GitHub cannot compare the range (a force-pushed or unrelated base), the
// old side is the base commit itself, and a note says so.
func (c *apiRun) compare(ctx context.Context) (*github.Comparison, string, error) {
	c.cmpOnce.Do(func() {
		cmp, err := c.client.Compare(ctx, c.owner, c.repo, c.cmpBase, c.cmpHead)
		switch code := github.StatusCode(err); {
		case err == nil:
			c.cmp, c.mergeBase = cmp, cmp.MergeBase
		case c.eventName != "push" && (code == http.StatusNotFound || code == http.StatusUnprocessableEntity):
			c.mergeBase = c.cmpBase
			c.notes = append(c.notes, fmt.Sprintf("GitHub could not compare %s...%s (HTTP %d), so the old side is the base commit %s rather than the merge base", short(c.cmpBase), short(c.cmpHead), code, short(c.cmpBase)))
		case c.eventName == "push":
			c.cmpErr = fmt.Errorf("comparing %s...%s: %w", short(c.cmpBase), short(c.cmpHead), err)
		default:
			c.cmpErr = fmt.Errorf("finding the merge base of %s...%s: %w", short(c.cmpBase), short(c.cmpHead), err)
		}
	})
	return c.cmp, c.mergeBase, c.cmpErr
}

// apiConfig reads the config at ref through the contents API: the config
// input, else .promptlint.yaml or .promptlint.yml in the working
// directory. A config input that is not in the repository may be a file
// an earlier step wrote into the workspace. what names ref in the log.
func (c *apiRun) apiConfig(ctx context.Context, ref, what string, quiet bool) (lint.ConfigFile, error) {
	cands := c.configCandidates()
	cf, err := lint.FindConfigFile(c.tree(ctx, ref), cands)
	switch {
	case err != nil:
		return lint.ConfigFile{}, err
	case cf.Path != "":
		if !quiet {
			fmt.Fprintf(c.log, "promptlint: config %s at %s (%s)\n", cf.Path, short(ref), what)
		}
		return cf, nil
	case c.configName != "":
		cf, found, err := c.workspaceFile(c.configName)
		if err != nil {
			return lint.ConfigFile{}, err
		}
		if !found {
			return lint.ConfigFile{}, lint.Usagef("input config: %s is neither in the repository at %s nor in the workspace", c.configName, short(ref))
		}
		if !quiet {
			fmt.Fprintf(c.log, "promptlint: config %s from the workspace (it is not in the repository at %s)\n", c.configName, short(ref))
		}
		return cf, nil
	}
	if !quiet {
		fmt.Fprintf(c.log, "promptlint: no %s at %s (%s); the defaults apply\n", joinOr(cands), short(ref), what)
	}
	return cf, nil
}

func joinOr(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += " or "
		}
		out += s
	}
	return out
}

// changes reports whether the files list a change to one of the paths
// (a new or an old name).
func changes(files []github.File, paths []string) bool {
	for _, f := range files {
		for _, p := range paths {
			if f.Name == p || f.PreviousName == p {
				return true
			}
		}
	}
	return false
}

// fileChanges turns GitHub's list of changed files into the engine's.
func fileChanges(files []github.File) []lint.FileChange {
	out := make([]lint.FileChange, 0, len(files))
	for _, f := range files {
		switch f.Status {
		case "added", "copied": // a copy leaves its source in place
			out = append(out, lint.FileChange{Path: f.Name})
		case "removed":
			out = append(out, lint.FileChange{OldPath: f.Name})
		default:
			old := f.Name
			if f.PreviousName != "" {
				old = f.PreviousName
			}
			out = append(out, lint.FileChange{Path: f.Name, OldPath: old})
		}
	}
	return out
}

// input is the engine's input for a change between the trees base and
// head: the trusted config in force (r.cfg), the config each side carries
// for gate-weakened.
func (c *apiRun) input(base, head *github.Tree, files []github.File, req lint.Request, trusted, baseCfg, headCfg lint.ConfigFile) lint.Input {
	return lint.Input{
		Base: base, Head: head, Dir: c.subdir, Changes: fileChanges(files), Request: req,
		Config: trusted, BaseConfig: &baseCfg, HeadConfig: &headCfg, Registry: c.opts.Rules,
	}
}

func (c *apiRun) check(ctx context.Context) (*Result, error) {
	pr := c.ev.PullRequest
	if pr == nil {
		return nil, fmt.Errorf("the %s event payload has no pull_request", c.eventName)
	}
	if pr.Number <= 0 || pr.Head.SHA == "" || pr.Base.SHA == "" {
		return nil, fmt.Errorf("the %s event payload's pull_request has no number or no base and head SHAs", c.eventName)
	}
	c.cmpBase, c.cmpHead = pr.Base.SHA, pr.Head.SHA
	// GitHub lists at most filesCap files. The payload's changed_files says
	// when a PR has more, without listing 30 pages to find out; events
	// whose payload lacks it (pull_request_review) list and look.
	var files []github.File
	truncated := pr.ChangedFiles > filesCap
	if !truncated {
		var err error
		if pr.ChangedFiles > 0 {
			files, truncated, err = c.client.PullFilesCounted(ctx, c.owner, c.repo, pr.Number, pr.ChangedFiles)
		} else {
			files, truncated, err = c.client.PullFiles(ctx, c.owner, c.repo, pr.Number)
		}
		if err != nil {
			return nil, fmt.Errorf("listing the files of PR #%d: %w", pr.Number, err)
		}
	}
	// The config: at the head for pull_request; under pull_request_target
	// the head is untrusted, so the run obeys the base side's config and
	// reads the head's only to show what the PR would change.
	target := c.eventName == "pull_request_target"
	configChanged := !truncated && changes(files, c.configCandidates())
	var head lint.ConfigFile
	var err error
	if !target {
		if head, err = c.apiConfig(ctx, pr.Head.SHA, "the PR head", false); err != nil {
			return nil, err
		}
		if err := c.useConfig(head); err != nil {
			return nil, err
		}
	}
	base := head
	if target || configChanged {
		_, mergeBase, err := c.compare(ctx)
		if err != nil {
			return nil, err
		}
		if base, err = c.apiConfig(ctx, mergeBase, "the merge base", !target); err != nil {
			return nil, err
		}
	}
	trusted := head
	if target {
		if err := c.useConfig(base); err != nil {
			return nil, err
		}
		trusted, head = base, base
		if configChanged {
			if head, err = c.apiConfig(ctx, pr.Head.SHA, "the PR head", true); err != nil {
				// The PR's config does not govern the run: a broken one
				// is said, not fatal.
				c.notes = append(c.notes, fmt.Sprintf("the PR's config does not load (%v); under pull_request_target promptlint uses the base branch's config", err))
				head = base
			}
			c.notes = append(c.notes, fmt.Sprintf("this PR changes %s; under pull_request_target promptlint uses the base branch's config and does not obey the change", c.configCandidates()[0]))
		}
	}

	if truncated {
		c.notes = append(c.notes, fmt.Sprintf("this PR changes more than %d files, past what GitHub's API lists; promptlint linted the whole workspace instead of the PR's changes", filesCap))
		rep, err := c.lintWorkspace(ctx)
		if err != nil {
			return nil, err
		}
		return c.finish(rep, c.commenter(ctx, true, nil))
	}

	// The old side is read at the merge base, found only when the engine
	// first reads it: a PR that changes no prompt file needs no
	// comparison.
	baseTree := c.client.LazyTree(ctx, c.owner, c.repo, func(ctx context.Context) (string, error) {
		_, mb, err := c.compare(ctx)
		return mb, err
	})
	req := &pullRequest{c: c, number: pr.Number, author: pr.User.Login}
	if pr.Body != nil {
		req.body = *pr.Body
	}
	rep, err := lint.Run(ctx, c.input(baseTree, c.tree(ctx, pr.Head.SHA), files, req, trusted, base, head))
	if err != nil {
		return nil, err
	}
	touched := rep.ChangedFiles > 0 || len(rep.Gate) > 0
	if !touched {
		c.noMatch(len(files), "this PR changes")
	}
	c.commitNotes()
	rep.Notes = append(rep.Notes, c.notes...)
	return c.finish(rep, c.commenter(ctx, touched, files))
}

// noMatch says, in the log and the summary, that no changed file is a
// prompt file, and which globs were tried.
func (c *apiRun) noMatch(n int, what string) {
	msg := fmt.Sprintf("none of the %d files %s matches the prompt globs %s", n, what, host.Globs(c.cfg))
	if c.subdir != "" {
		msg += " under " + c.subdir
	}
	c.gha.Noticef("%s", msg)
	c.notes = append(c.notes, msg)
}

// commitNotes says which commits' messages went unchecked.
func (c *apiRun) commitNotes() {
	if c.commitFiles != nil {
		c.notes = append(c.notes, c.commitFiles.Notes()...)
	}
}

// push checks a push: before...after through the compare API, like a
// pull request without its description, reviews and comment.
func (c *apiRun) push(ctx context.Context) (*Result, error) {
	ev := c.ev
	after := orDefault(ev.After, c.getenv("GITHUB_SHA"))
	if ev.Deleted || after == "" || after == zeroSHA {
		c.gha.Noticef("promptlint has nothing to check: the push deletes %s", orDefault(ev.Ref, "a ref"))
		return c.finish(&lint.Report{Check: true}, nil)
	}
	head, err := c.apiConfig(ctx, after, "the pushed commit", false)
	if err != nil {
		return nil, err
	}
	if err := c.useConfig(head); err != nil {
		return nil, err
	}
	before := ev.Before
	if before == "" || before == zeroSHA {
		// A new branch: compare it with the default branch.
		def := ""
		if ev.Repository != nil {
			def = ev.Repository.DefaultBranch
		}
		if def == "" || ev.Ref == "refs/heads/"+def {
			c.notes = append(c.notes, "this push creates the branch, so there is no earlier commit to compare with; promptlint linted the whole workspace")
			rep, err := c.lintWorkspace(ctx)
			if err != nil {
				return nil, err
			}
			return c.finish(rep, nil)
		}
		before = def
	}
	c.cmpBase, c.cmpHead = before, after
	cmp, mergeBase, err := c.compare(ctx)
	if err != nil {
		return nil, err
	}
	if cmp.FilesTruncated {
		c.notes = append(c.notes, fmt.Sprintf("this push changes %d files or more, past what GitHub's compare API lists; promptlint linted the whole workspace instead", github.MaxCompareFiles))
		rep, err := c.lintWorkspace(ctx)
		if err != nil {
			return nil, err
		}
		return c.finish(rep, nil)
	}
	base := head
	if changes(cmp.Files, c.configCandidates()) {
		if base, err = c.apiConfig(ctx, mergeBase, "the commit before the push", true); err != nil {
			return nil, err
		}
	}
	req := &pushRequest{c: c, files: map[string][]string{}}
	for _, pc := range ev.Commits {
		req.files[pc.ID] = append(append(append([]string(nil), pc.Added...), pc.Removed...), pc.Modified...)
	}
	rep, err := lint.Run(ctx, c.input(c.tree(ctx, mergeBase), c.tree(ctx, after), cmp.Files, req, head, base, head))
	if err != nil {
		return nil, err
	}
	if rep.ChangedFiles == 0 {
		c.noMatch(len(cmp.Files), fmt.Sprintf("%s...%s changes", short(before), short(after)))
	}
	c.commitNotes()
	rep.Notes = append(rep.Notes, c.notes...)
	return c.finish(rep, nil)
}

// pullRequest is a pull request as the engine asks about it: the
// description and author come with the event; the reviews, the commits
// and a commit's files cost a request each, made only when asked.
type pullRequest struct {
	c            *apiRun
	number       int
	author, body string
}

// Description returns the body and author of the event's pull request.
func (p *pullRequest) Description(context.Context) (*lint.Description, error) {
	return &lint.Description{Author: p.author, Body: p.body, Reviews: true}, nil
}

// Reviews lists the PR's reviews. A token that may not read them (a 403
// or 404) leaves team-reviewed unverified, with a note.
func (p *pullRequest) Reviews(ctx context.Context) ([]lint.Review, error) {
	list, err := p.c.client.Reviews(ctx, p.c.owner, p.c.repo, p.number)
	switch {
	case github.IsForbidden(err) || github.IsNotFound(err):
		p.c.notes = append(p.c.notes, fmt.Sprintf("promptlint could not read the PR's reviews (%v), so team-reviewed cannot be verified", err))
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("listing the reviews of PR #%d: %w", p.number, err)
	}
	out := make([]lint.Review, len(list))
	for i, rv := range list {
		out[i] = lint.Review{User: rv.User, State: rv.State}
	}
	return out, nil
}

// Commits returns the PR's commits: from the comparison, which lists them
// in the same request as the merge base, or from the PR commits API when
// that list is incomplete.
func (p *pullRequest) Commits(ctx context.Context) ([]lint.Commit, error) {
	cmp, _, err := p.c.compare(ctx)
	if err != nil {
		return nil, err
	}
	list := []github.Commit(nil)
	if cmp != nil && cmp.Complete {
		list = cmp.Commits
	} else {
		list, err = p.c.client.Commits(ctx, p.c.owner, p.c.repo, p.number)
		switch {
		case github.IsForbidden(err) || github.IsNotFound(err):
			p.c.notes = append(p.c.notes, fmt.Sprintf("promptlint could not read the PR's commits (%v), so their messages were not checked", err))
			return nil, nil
		case err != nil:
			return nil, fmt.Errorf("listing the commits of PR #%d: %w", p.number, err)
		}
	}
	return engineCommits(list, nil), nil
}

// CommitFiles reads the files of a commit (see apiRun.commitFiles).
func (p *pullRequest) CommitFiles(ctx context.Context, sha string) ([]string, bool, error) {
	return p.c.files(ctx, sha)
}

// pushRequest is a push as the engine asks about it: no description (so
// no checklist), the commits of the comparison, and their files from the
// push payload where it lists them.
type pushRequest struct {
	c     *apiRun
	files map[string][]string // by commit SHA, from the payload
}

// Description returns nil: a push has no description or reviews to hold
// a checklist to.
func (p *pushRequest) Description(context.Context) (*lint.Description, error) { return nil, nil }

// Reviews is never asked: a push has none.
func (p *pushRequest) Reviews(context.Context) ([]lint.Review, error) { return nil, nil }

// Commits returns the comparison's commits.
func (p *pushRequest) Commits(ctx context.Context) ([]lint.Commit, error) {
	cmp, _, err := p.c.compare(ctx)
	if err != nil || cmp == nil {
		return nil, err
	}
	return engineCommits(cmp.Commits, p.files), nil
}

// CommitFiles reads the files of a commit the payload does not list.
func (p *pushRequest) CommitFiles(ctx context.Context, sha string) ([]string, bool, error) {
	return p.c.files(ctx, sha)
}

// engineCommits turns GitHub's commits into the engine's, with the files
// of those that known lists.
func engineCommits(list []github.Commit, known map[string][]string) []lint.Commit {
	out := make([]lint.Commit, 0, len(list))
	for _, gc := range list {
		c := lint.Commit{SHA: gc.SHA, Message: gc.Message}
		if paths, ok := known[gc.SHA]; ok {
			c.Paths, c.PathsKnown = paths, true
		}
		out = append(out, c)
	}
	return out
}

// files reads the files of a commit the engine asks about (see
// host.CommitFiles).
func (c *apiRun) files(ctx context.Context, sha string) ([]string, bool, error) {
	if c.commitFiles == nil {
		c.commitFiles = &host.CommitFiles{
			Lookup: func(ctx context.Context, sha string) ([]string, error) {
				return c.client.CommitFiles(ctx, c.owner, c.repo, sha)
			},
			Unreadable: func(err error) bool {
				return github.IsForbidden(err) || github.IsNotFound(err) || github.StatusCode(err) == http.StatusUnprocessableEntity
			},
		}
	}
	return c.commitFiles.Files(ctx, sha)
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
