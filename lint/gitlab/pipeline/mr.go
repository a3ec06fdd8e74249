package pipeline

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/gitlab"
	"github.com/promptlint/promptlint/lint/host"
	"github.com/promptlint/promptlint/lint/output"
	"github.com/promptlint/promptlint/lint/retry"
)

// mrRun is the check of one merge request.
type mrRun struct {
	*run
	client  *gitlab.Client
	token   string
	project string
	mr      *gitlab.MergeRequest
	base    *gitlab.Tree // at the merge base
	head    *gitlab.Tree

	commitFiles *host.CommitFiles
}

func (r *run) mergeRequest(ctx context.Context) (*Result, error) {
	apiURL := r.getenv("CI_API_V4_URL")
	if apiURL == "" {
		return nil, lint.Usagef("CI_API_V4_URL is not set")
	}
	project := orDefault(r.getenv("CI_MERGE_REQUEST_PROJECT_ID"), r.getenv("CI_PROJECT_ID"))
	if project == "" {
		return nil, lint.Usagef("CI_MERGE_REQUEST_PROJECT_ID and CI_PROJECT_ID are not set")
	}
	iid, err := strconv.Atoi(r.getenv("CI_MERGE_REQUEST_IID"))
	if err != nil || iid <= 0 {
		return nil, lint.Usagef("CI_MERGE_REQUEST_IID %q is not a merge request number", r.getenv("CI_MERGE_REQUEST_IID"))
	}
	token := strings.TrimSpace(r.getenv(TokenVariable))
	if token == "" {
		r.warn(fmt.Sprintf("%s is not set, so promptlint reads the merge request without a token (a public project only) and cannot comment on it; a fork's pipeline does not get the parent project's variables. The job still passes or fails on its findings.", TokenVariable))
	}
	hc, err := r.httpClient()
	if err != nil {
		return nil, err
	}
	client, err := gitlab.New(token, apiURL, retry.WithLogf(r.logf), retry.WithHTTPClient(hc), retry.WithSleep(r.opts.Sleep))
	if err != nil {
		return nil, lint.Usagef("CI_API_V4_URL: %v", err)
	}
	mr, err := client.MergeRequest(ctx, project, iid)
	if err != nil {
		if gitlab.IsForbidden(err) || gitlab.IsNotFound(err) {
			return nil, fmt.Errorf("%w; give %s a token that may read the project (the api or read_api scope, at least the Reporter role)", err, TokenVariable)
		}
		return nil, err
	}
	c := &mrRun{run: r, client: client, token: token, project: project, mr: mr}
	return c.check(ctx)
}

// httpClient is Options.HTTPClient, else, when the runner names the CA of
// a self-managed GitLab (CI_SERVER_TLS_CA_FILE, from the runner's
// tls-ca-file), a client that trusts it besides the system's roots; nil
// for the default.
func (r *run) httpClient() (*http.Client, error) {
	if r.opts.HTTPClient != nil {
		return r.opts.HTTPClient, nil
	}
	caFile := r.getenv("CI_SERVER_TLS_CA_FILE")
	if caFile == "" {
		return nil, nil
	}
	data, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("reading CI_SERVER_TLS_CA_FILE: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, lint.Usagef("CI_SERVER_TLS_CA_FILE %s holds no PEM certificate", caFile)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	tr.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: tr}, nil
}

func short(sha string) string {
	if len(sha) > 8 {
		return sha[:8]
	}
	return sha
}

func (c *mrRun) check(ctx context.Context) (*Result, error) {
	mr := c.mr
	// The merge request's own refs, so that the files listed and the
	// contents read are of the same version; while GitLab still prepares
	// a new merge request they are empty, and the pipeline's variables
	// say the same.
	baseSHA, headSHA := mr.BaseSHA, mr.HeadSHA
	pipelineSHA := orDefault(c.getenv("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"), c.getenv("CI_COMMIT_SHA"))
	if baseSHA == "" || headSHA == "" {
		baseSHA, headSHA = c.getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA"), pipelineSHA
	}
	if baseSHA == "" || headSHA == "" {
		return nil, fmt.Errorf("merge request !%d has no diff yet (diff_refs is empty) and CI_MERGE_REQUEST_DIFF_BASE_SHA is not set; retry the job", mr.IID)
	}
	if pipelineSHA != "" && pipelineSHA != headSHA {
		c.notes = append(c.notes, fmt.Sprintf("this pipeline runs for %s, but merge request !%d is now at %s, which promptlint checked", short(pipelineSHA), mr.IID, short(headSHA)))
	}
	c.logf("promptlint: merge request !%d, %s...%s", mr.IID, short(baseSHA), short(headSHA))
	c.base = c.client.Tree(ctx, c.project, baseSHA)
	c.head = c.client.Tree(ctx, c.project, headSHA)

	headCfg, err := c.apiConfig(c.head, "the head")
	if err != nil {
		return nil, err
	}
	if err := c.useConfig(headCfg); err != nil {
		return nil, err
	}
	c.base.SetPrefetch(c.cfg.MaxFileSize)
	c.head.SetPrefetch(c.cfg.MaxFileSize)

	diffs, truncated, err := c.client.Diffs(ctx, c.project, mr.IID)
	if err != nil {
		return nil, err
	}
	if truncated || mr.Overflow() {
		c.notes = append(c.notes, fmt.Sprintf("merge request !%d changes more files (%s) than GitLab's diff lists, so promptlint linted the whole checkout instead of the merge request's changes", mr.IID, orDefault(mr.ChangesCount, "too many")))
		rep, err := c.lintWorkspace(ctx)
		if err != nil {
			return nil, err
		}
		return c.finish(rep, c.noter(ctx, true))
	}

	// The base side's config, when the merge request changes it: the
	// gate compares them.
	baseCfg := headCfg
	if c.changesConfig(diffs, headCfg.Path) {
		if baseCfg, err = c.apiConfig(c.base, ""); err != nil {
			return nil, err
		}
	}

	// The diff gives each file's mode on both sides: the trees know links
	// and submodules without asking.
	changes := make([]lint.FileChange, 0, len(diffs))
	for _, d := range diffs {
		var ch lint.FileChange
		if !d.DeletedFile {
			c.head.SetMode(d.NewPath, d.BMode)
			ch.Path = d.NewPath
		}
		if !d.NewFile {
			c.base.SetMode(d.OldPath, d.AMode)
			ch.OldPath = d.OldPath
		}
		changes = append(changes, ch)
	}
	c.commitFiles = &host.CommitFiles{
		Lookup: func(ctx context.Context, sha string) ([]string, error) {
			return c.client.CommitPaths(ctx, c.project, sha)
		},
		Unreadable: func(err error) bool {
			return gitlab.IsForbidden(err) || gitlab.IsNotFound(err)
		},
	}
	rep, err := lint.Run(ctx, lint.Input{Base: c.base, Head: c.head, Dir: c.opts.Subdir, Changes: changes, Request: (*mergeRequest)(c),
		Config: headCfg, BaseConfig: &baseCfg, HeadConfig: &headCfg, Registry: c.opts.Rules})
	if err != nil {
		return nil, err
	}
	c.notes = append(c.notes, c.commitFiles.Notes()...)
	touched := rep.ChangedFiles > 0 || len(rep.Gate) > 0
	if !touched {
		msg := fmt.Sprintf("none of the %d files merge request !%d changes matches the prompt globs %s", len(diffs), mr.IID, c.where(host.Globs(c.cfg)))
		c.logf("promptlint: %s", msg)
		c.notes = append(c.notes, msg)
	}
	rep.Notes = append(rep.Notes, c.notes...)
	return c.finish(rep, c.noter(ctx, touched))
}

// apiConfig reads the configuration from tree: --config, else
// .promptlint.yaml or .promptlint.yml in --dir. what names the side in
// the log ("" logs nothing).
func (c *mrRun) apiConfig(tree *gitlab.Tree, what string) (lint.ConfigFile, error) {
	cf, err := lint.FindConfigFile(tree, c.configCandidates())
	if err != nil {
		return lint.ConfigFile{}, fmt.Errorf("at %s: %w", short(tree.Ref()), err)
	}
	switch {
	case cf.Path != "" && what != "":
		c.logf("promptlint: config %s at %s (%s)", cf.Path, short(tree.Ref()), what)
	case cf.Path == "" && c.opts.Config != "" && what != "":
		return lint.ConfigFile{}, lint.Usagef("--config: %s is not in the repository at %s", c.opts.Config, short(tree.Ref()))
	case cf.Path == "" && what != "":
		c.logf("promptlint: no %s at %s (%s); the defaults apply", strings.Join(c.configCandidates(), " or "), short(tree.Ref()), what)
	}
	return cf, nil
}

// changesConfig reports whether the diffs touch the configuration file
// (or, with none in use, add one where it would be looked for).
func (c *mrRun) changesConfig(diffs []gitlab.Diff, used string) bool {
	cands := c.configCandidates()
	if used != "" {
		cands = append(cands, used)
	}
	for _, d := range diffs {
		for _, p := range cands {
			if d.NewPath == p || d.OldPath == p {
				return true
			}
		}
	}
	return false
}

// reviews turns the merge request's approvals, and its reviewers who
// requested changes, into the reviews team-reviewed counts: an approval
// is APPROVED, a reviewer in requested_changes is CHANGES_REQUESTED. When
// the approvals cannot be read, a note says so and team-reviewed stays
// unverified.
func (c *mrRun) reviews(ctx context.Context) ([]lint.Review, error) {
	approvers, err := c.client.Approvals(ctx, c.project, c.mr.IID)
	switch {
	case gitlab.IsForbidden(err) || gitlab.IsNotFound(err):
		c.notes = append(c.notes, fmt.Sprintf("promptlint could not read the merge request's approvals (%v), so team-reviewed cannot be verified", err))
		return nil, nil
	case err != nil:
		return nil, err
	}
	var out []lint.Review
	for _, u := range approvers {
		out = append(out, lint.Review{User: u, State: "APPROVED"})
	}
	reviewers, err := c.client.Reviewers(ctx, c.project, c.mr.IID)
	switch {
	case gitlab.IsForbidden(err) || gitlab.IsNotFound(err):
		// An older GitLab has no reviewers API: approvals alone.
	case err != nil:
		return nil, err
	}
	for _, rv := range reviewers {
		if rv.State == "requested_changes" {
			out = append(out, lint.Review{User: rv.User, State: "CHANGES_REQUESTED"})
		}
	}
	return out, nil
}

// mergeRequest is the merge request as the engine asks about it: its
// description and author come with it; the approvals, the commits and a
// commit's files cost requests, made only when the engine asks.
type mergeRequest mrRun

// Description returns the merge request's description and author.
func (m *mergeRequest) Description(context.Context) (*lint.Description, error) {
	return &lint.Description{Author: m.mr.Author, Body: m.mr.Description, Reviews: true, Noun: "MR"}, nil
}

// Reviews returns the approvals and change requests (see mrRun.reviews).
func (m *mergeRequest) Reviews(ctx context.Context) ([]lint.Review, error) {
	return (*mrRun)(m).reviews(ctx)
}

// Commits lists the merge request's commits, their files unknown.
func (m *mergeRequest) Commits(ctx context.Context) ([]lint.Commit, error) {
	c := (*mrRun)(m)
	list, truncated, err := c.client.Commits(ctx, c.project, c.mr.IID)
	switch {
	case gitlab.IsForbidden(err) || gitlab.IsNotFound(err):
		c.notes = append(c.notes, fmt.Sprintf("promptlint could not read the merge request's commits (%v), so their messages were not checked", err))
		return nil, nil
	case err != nil:
		return nil, err
	}
	if truncated {
		c.notes = append(c.notes, fmt.Sprintf("merge request !%d has more commits than promptlint reads; the messages of the %d newest were checked", c.mr.IID, len(list)))
	}
	commits := make([]lint.Commit, len(list))
	for i, gc := range list {
		commits[i] = lint.Commit{SHA: gc.SHA, Message: gc.Message}
	}
	return commits, nil
}

// CommitFiles reads a commit's files, at most host.MaxCommitLookups.
func (m *mergeRequest) CommitFiles(ctx context.Context, sha string) ([]string, bool, error) {
	return m.commitFiles.Files(ctx, sha)
}

// noter returns the step that keeps the merge request's note up to date,
// run by finish once the reports are written.
func (c *mrRun) noter(ctx context.Context, touched bool) func(*lint.Report) string {
	return func(rep *lint.Report) string { return c.putNote(ctx, rep, touched) }
}

// putNote keeps the sticky note up to date according to --comment, and
// returns its URL. touched says whether the merge request changes a
// prompt file: with on-change, one that does not gets no note, but an
// earlier note is updated to say the prompts are clean again. A note that
// cannot be written (no token, a token that may not post: a fork's
// pipeline) is a warning in the log and the Markdown report: the job
// passes or fails on its findings alone.
func (c *mrRun) putNote(ctx context.Context, rep *lint.Report, touched bool) string {
	if c.opts.Comment == "never" {
		return ""
	}
	if c.token == "" {
		return "" // said when the run started
	}
	notes := c.client.Notes(c.project, c.mr.IID, c.mr.WebURL)
	existing, err := notes.Find(ctx)
	if err != nil {
		c.noteFailed(err)
		return ""
	}
	if !touched && existing == nil && c.opts.Comment == "on-change" {
		return ""
	}
	// No job link in the body: it changes every run, and an unchanged
	// body is not edited.
	body := output.MarkdownString(rep, output.MarkdownOptions{MaxSize: noteLimit, Clean: existing != nil, Host: noteWords})
	url, action, err := notes.Put(ctx, existing, body)
	if err != nil {
		c.noteFailed(err)
		return ""
	}
	c.logf("promptlint: merge request note %s: %s", action, url)
	return url
}

// noteFailed says in the log and the Markdown report that the note could
// not be written.
func (c *mrRun) noteFailed(err error) {
	if gitlab.IsForbidden(err) || gitlab.StatusCode(err) == http.StatusNotFound {
		c.warn(fmt.Sprintf("promptlint could not comment on merge request !%d (%v). A fork's pipeline, or a token without the api scope or the Reporter role, cannot post notes; set %s to a project access token with the api scope. The job still passes or fails on its findings.", c.mr.IID, err, TokenVariable))
		return
	}
	c.warn(fmt.Sprintf("promptlint could not update its note on merge request !%d (%v). The job still passes or fails on its findings.", c.mr.IID, err))
}
