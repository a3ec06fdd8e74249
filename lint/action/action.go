// Package action runs promptlint as a GitHub Action: it reads the event,
// fetches the changed prompts through the REST API, checks them, keeps one
// sticky PR comment up to date, writes the job summary, annotations, SARIF
// and the JSON report, and sets the step's outputs and exit code.
//
// It never reads the process environment itself: main hands it a getenv
// function, so tests drive it with the variables GitHub sets.
package action

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/output"
)

// Inputs are the action's inputs, in action.yml's order: the names Run
// reads as INPUT_<NAME> (upper-cased, hyphens kept).
var Inputs = []string{"github-token", "config", "files", "fail-on", "comment", "review-threshold", "sarif-file", "working-directory"}

// Outputs are the step outputs Run writes to GITHUB_OUTPUT, in order.
var Outputs = []string{"errors", "warnings", "changed-prompts", "min-similarity", "report", "comment-url"}

// ReportName is the file name of the JSON report.
const ReportName = "promptlint-report.json"

// Options configure a run.
type Options struct {
	Getenv  func(string) string
	Stdout  io.Writer // the step log: workflow commands go here
	Stderr  io.Writer
	Rules   []*lint.Rule // the registry (checks.All)
	Version string

	HTTPClient *http.Client                               // nil: http.DefaultClient
	Sleep      func(context.Context, time.Duration) error // nil: real sleep (retries)
}

// Result is what a run decided.
type Result struct {
	ExitCode   int
	Report     *lint.Report
	CommentURL string
}

// Limits GitHub puts on what a step writes.
const (
	commentLimit     = 65536   // characters in an issue comment
	summaryLimit     = 1 << 20 // bytes in a step summary; GitHub drops a larger one whole
	annotationsLimit = 10      // annotations per severity shown per step
	filesCap         = 3000    // files the PR files API lists at most
)

// event is the part of the event payload promptlint reads.
type event struct {
	PullRequest *struct {
		Number       int     `json:"number"`
		Body         *string `json:"body"`
		ChangedFiles int     `json:"changed_files"`
		User         struct {
			Login string `json:"login"`
		} `json:"user"`
		Head struct {
			SHA  string `json:"sha"`
			Repo *struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"head"`
		Base struct {
			SHA  string `json:"sha"`
			Repo *struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"base"`
	} `json:"pull_request"`
	Repository *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

// run holds one action run's state.
type run struct {
	opts   Options
	gha    *githubactions.Action
	getenv func(string) string
	out    io.Writer
	log    io.Writer

	workspace string // GITHUB_WORKSPACE
	workdir   string // the working-directory inside it
	subdir    string // working-directory, slash-separated; "" for the root
	cfg       *lint.Config
	rules     []*lint.Rule

	failOn    lint.Severity
	comment   string
	sarifFile string
	notes     []string // said in the summary and the comment
}

// Run performs the action. An error means the tool could not do its job
// (exit 3, or 2 for a *lint.UsageError in its chain); findings are
// reported through Result.ExitCode. The error's message is one line that
// is safe to print in the step log.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	r := &run{opts: opts, getenv: opts.Getenv, out: opts.Stdout, log: opts.Stderr}
	r.gha = githubactions.New(githubactions.WithGetenv(opts.Getenv), githubactions.WithWriter(opts.Stdout))
	res, err := r.run(ctx)
	if err != nil {
		return nil, &safeError{err}
	}
	return res, nil
}

// safeError is an error whose message is printed as one inert line: it
// may quote a file name from the pull request.
type safeError struct{ err error }

func (e *safeError) Error() string { return output.SafeLine(e.err.Error()) }
func (e *safeError) Unwrap() error { return e.err }

func (r *run) run(ctx context.Context) (*Result, error) {
	token := r.input("github-token")
	if token != "" {
		r.gha.AddMask(token)
	}
	if err := r.readInputs(); err != nil {
		return nil, err
	}
	name := r.getenv("GITHUB_EVENT_NAME")
	switch name {
	case "pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment":
		return r.pullRequest(ctx, name, token)
	case "push", "workflow_dispatch", "schedule", "merge_group":
		if err := r.loadConfig(nil); err != nil {
			return nil, err
		}
		rep, err := r.lintWorkspace()
		if err != nil {
			return nil, err
		}
		return r.finish(rep, "")
	}
	r.gha.Noticef("promptlint has nothing to do on %q events; it runs on pull_request, pull_request_target, pull_request_review, push and workflow_dispatch", name)
	return &Result{ExitCode: 0}, nil
}

func (r *run) input(name string) string {
	return strings.TrimSpace(r.gha.GetInput(name))
}

func (r *run) readInputs() error {
	ws := r.getenv("GITHUB_WORKSPACE")
	if ws == "" {
		ws = "."
	}
	r.workspace, r.workdir = ws, ws
	if wd := r.input("working-directory"); wd != "" {
		if filepath.IsAbs(wd) || !filepath.IsLocal(wd) {
			return lint.Usagef("input working-directory: %q must be a relative path inside the workspace", wd)
		}
		r.workdir = filepath.Join(ws, wd)
		if r.subdir = path.Clean(filepath.ToSlash(wd)); r.subdir == "." {
			r.subdir = ""
		}
	}
	failOn := r.input("fail-on")
	if failOn == "" {
		failOn = "error"
	}
	var err error
	if r.failOn, err = lint.ParseSeverity(failOn); err != nil {
		return lint.Usagef("input fail-on: %v", err)
	}
	r.comment = r.input("comment")
	switch r.comment {
	case "":
		r.comment = "on-change"
	case "always", "on-change", "never":
	default:
		return lint.Usagef("input comment: %q is not always, on-change or never", r.comment)
	}
	r.sarifFile = r.input("sarif-file")
	return nil
}

// loadConfig reads the config from trusted bytes (the base side under
// pull_request_target), else from the workspace, then applies the action's
// inputs over it.
func (r *run) loadConfig(trusted []byte) error {
	name := r.input("config")
	var cfg *lint.Config
	var err error
	switch {
	case trusted != nil:
		cfg, err = lint.LoadConfig("base:"+orDefault(name, ".promptlint.yaml"), bytes.NewReader(trusted))
	default:
		cfg, err = r.workspaceConfig(name)
	}
	if err != nil {
		return err
	}
	if files := r.input("files"); files != "" {
		cfg.Files = nil
		for _, f := range strings.FieldsFunc(files, func(c rune) bool { return c == '\n' || c == ',' }) {
			if f = strings.TrimSpace(f); f != "" {
				cfg.Files = append(cfg.Files, f)
			}
		}
	}
	if t := r.input("review-threshold"); t != "" {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || v < 0 || v > 1 {
			return lint.Usagef("input review-threshold: %q is not a number between 0 and 1", t)
		}
		cfg.Diff.ReviewThreshold = v
	}
	rules, err := cfg.Apply(r.opts.Rules)
	if err != nil {
		return err
	}
	r.cfg, r.rules = cfg, rules
	return nil
}

func (r *run) workspaceConfig(name string) (*lint.Config, error) {
	candidates := []string{".promptlint.yaml", ".promptlint.yml"}
	if name != "" {
		candidates = []string{name}
	}
	for _, c := range candidates {
		p := filepath.Join(r.workdir, c)
		// The workspace may be the PR's checkout: a config that is a
		// link (to /proc/self/environ, say) would have its content quoted
		// in the log by a parse error.
		if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
			return nil, lint.Usagef("input config: %s is not a regular file; promptlint does not follow links", c)
		}
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) && name == "" {
			continue
		}
		if err != nil {
			return nil, lint.Usagef("input config: %v", err)
		}
		return lint.LoadConfig(c, bytes.NewReader(data))
	}
	return lint.DefaultConfig(), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// lintWorkspace runs `lint` over the checked-out workspace (push events,
// and PRs past the files API's cap). Paths in the report are relative to
// the working directory.
func (r *run) lintWorkspace() (*lint.Report, error) {
	rep, err := lint.Lint(os.DirFS(r.workdir), nil, r.cfg, r.rules)
	if err != nil {
		return nil, fmt.Errorf("linting the workspace: %w", err)
	}
	if r.subdir != "" {
		// Annotations and SARIF want paths from the repository root.
		for i := range rep.Findings {
			if rep.Findings[i].Path != "" {
				rep.Findings[i].Path = path.Join(r.subdir, rep.Findings[i].Path)
			}
		}
		for _, p := range rep.Prompts {
			if p.Prompt != nil {
				p.Prompt.Path = path.Join(r.subdir, p.Prompt.Path)
			}
		}
	}
	rep.Notes = append(rep.Notes, r.notes...)
	return rep, nil
}

func (r *run) readEvent() (*event, error) {
	p := r.getenv("GITHUB_EVENT_PATH")
	if p == "" {
		return nil, errors.New("GITHUB_EVENT_PATH is not set; is this running in GitHub Actions?")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("reading the event payload: %w", err)
	}
	var ev event
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("reading the event payload %s: %w", p, err)
	}
	return &ev, nil
}

func (r *run) pullRequest(ctx context.Context, eventName, token string) (*Result, error) {
	ev, err := r.readEvent()
	if err != nil {
		return nil, err
	}
	if ev.PullRequest == nil {
		return nil, fmt.Errorf("the %s event payload has no pull_request", eventName)
	}
	repoName := r.getenv("GITHUB_REPOSITORY")
	if repoName == "" && ev.Repository != nil {
		repoName = ev.Repository.FullName
	}
	owner, repo, ok := strings.Cut(repoName, "/")
	if !ok {
		return nil, fmt.Errorf("GITHUB_REPOSITORY %q is not owner/name", repoName)
	}
	if token == "" {
		return nil, lint.Usagef("input github-token is empty; pass ${{ github.token }}")
	}
	apiURL := r.getenv("GITHUB_API_URL")
	if apiURL == "" {
		apiURL = "https://api.github.com"
	}
	copts := []github.Option{github.WithLogf(func(format string, args ...any) {
		fmt.Fprintln(r.log, output.SafeLine(fmt.Sprintf(format, args...)))
	})}
	if r.opts.HTTPClient != nil {
		copts = append(copts, github.WithHTTPClient(r.opts.HTTPClient))
	}
	if r.opts.Sleep != nil {
		copts = append(copts, github.WithSleep(r.opts.Sleep))
	}
	client, err := github.New(token, apiURL, copts...)
	if err != nil {
		return nil, err
	}
	c := &prRun{run: r, client: client, owner: owner, repo: repo, ev: ev, eventName: eventName}
	return c.check(ctx)
}

// prRun is the pull request check.
type prRun struct {
	*run
	client    *github.Client
	owner     string
	repo      string
	ev        *event
	eventName string
}

func (c *prRun) check(ctx context.Context) (*Result, error) {
	pr := c.ev.PullRequest
	if pr.Number <= 0 || pr.Head.SHA == "" || pr.Base.SHA == "" {
		return nil, fmt.Errorf("the %s event payload's pull_request has no number or no base and head SHAs", c.eventName)
	}
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
	target := c.eventName == "pull_request_target"
	if !target {
		// The workspace config decides which files are prompts, so a PR
		// that touches none needs no comparison.
		if err := c.loadConfig(nil); err != nil {
			return nil, err
		}
	}
	var mergeBase string
	var cmp *github.Comparison
	if target || !truncated && c.touchesPrompts(files) {
		var err error
		cmp, err = c.client.Compare(ctx, c.owner, c.repo, pr.Base.SHA, pr.Head.SHA)
		switch code := github.StatusCode(err); {
		case err == nil:
			mergeBase = cmp.MergeBase
		case code == http.StatusNotFound || code == http.StatusUnprocessableEntity:
			// No common history GitHub can compare (a force-pushed or
			// unrelated base): compare with the base commit itself.
			mergeBase = pr.Base.SHA
			c.notes = append(c.notes, fmt.Sprintf("GitHub could not compare %s...%s (HTTP %d), so the old side is the base commit %s rather than the merge base", short(pr.Base.SHA), short(pr.Head.SHA), code, short(pr.Base.SHA)))
		default:
			return nil, fmt.Errorf("finding the merge base of %s...%s: %w", short(pr.Base.SHA), short(pr.Head.SHA), err)
		}
	}

	// The config: under pull_request_target the head is untrusted, so the
	// config comes from the base side and a change to it is not obeyed.
	var trusted []byte
	if target {
		var name string
		var err error
		trusted, name, err = c.baseConfig(ctx, mergeBase)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f.Name == name || f.PreviousName == name {
				c.notes = append(c.notes, fmt.Sprintf("this PR changes %s; under pull_request_target promptlint uses the base branch's config and does not obey the change", name))
				break
			}
		}
	}
	if target {
		if err := c.loadConfig(trusted); err != nil {
			return nil, err
		}
	}

	if truncated {
		c.notes = append(c.notes, fmt.Sprintf("this PR changes more than %d files, past what GitHub's API lists; promptlint linted the whole workspace instead of the PR's changes", filesCap))
		rep, err := c.lintWorkspace()
		if err != nil {
			return nil, err
		}
		url := c.postComment(ctx, rep, true)
		return c.finish(rep, url)
	}

	var baseFiles, headFiles []*lint.File
	unreadable := 0 // prompt files the PR lists that the API cannot read at the head
	for _, f := range files {
		headPath, basePath := f.Name, f.Name
		if f.PreviousName != "" {
			basePath = f.PreviousName
		}
		// A copied file leaves its source in place: it is new at the head.
		if f.Status != "removed" && c.match(headPath) {
			lf, err := c.fetch(ctx, headPath, pr.Head.SHA)
			if err != nil {
				return nil, err
			}
			if lf == nil {
				unreadable++
				c.notes = append(c.notes, fmt.Sprintf("the PR lists %s, but GitHub's contents API does not have it at %s, so it was not checked", headPath, short(pr.Head.SHA)))
			} else if !lf.NotPrompt {
				headFiles = append(headFiles, lf)
			}
		}
		if f.Status != "added" && f.Status != "copied" && c.match(basePath) {
			lf, err := c.fetch(ctx, basePath, mergeBase)
			if err != nil {
				return nil, err
			}
			if lf != nil && !lf.NotPrompt {
				baseFiles = append(baseFiles, lf)
			}
		}
	}

	lpr := &lint.PullRequest{Number: pr.Number, Author: pr.User.Login, ReviewsKnown: true}
	if pr.Body != nil {
		lpr.Body = *pr.Body
	}
	var commits []lint.Commit
	touched := len(headFiles)+len(baseFiles)+unreadable > 0
	if len(headFiles)+len(baseFiles) > 0 {
		if c.needsReviews(headFiles) {
			reviews, err := c.client.Reviews(ctx, c.owner, c.repo, pr.Number)
			switch {
			case github.IsForbidden(err) || github.IsNotFound(err):
				// Without the reviews team-reviewed stays missing; say why.
				c.notes = append(c.notes, fmt.Sprintf("promptlint could not read the PR's reviews (%v), so team-reviewed cannot be verified", err))
			case err != nil:
				return nil, fmt.Errorf("listing the reviews of PR #%d: %w", pr.Number, err)
			}
			for _, rv := range reviews {
				lpr.Reviews = append(lpr.Reviews, lint.Review{User: rv.User, State: rv.State})
			}
		}
		if c.ruleOn("commit-message-generic") {
			// The comparison already lists the PR's commits (its
			// three-dot range); the PR commits API is asked only when
			// that list is incomplete.
			var list []github.Commit
			if cmp != nil && cmp.Complete {
				list = cmp.Commits
			} else {
				var err error
				list, err = c.client.Commits(ctx, c.owner, c.repo, pr.Number)
				switch {
				case github.IsForbidden(err) || github.IsNotFound(err):
					c.notes = append(c.notes, fmt.Sprintf("promptlint could not read the PR's commits (%v), so their messages were not checked", err))
				case err != nil:
					return nil, fmt.Errorf("listing the commits of PR #%d: %w", pr.Number, err)
				}
			}
			for _, gc := range list {
				commits = append(commits, lint.Commit{SHA: gc.SHA, Message: gc.Message})
			}
		}
	}
	rep := lint.CheckFiles(baseFiles, headFiles, c.cfg, c.rules, lpr, commits)
	rep.Notes = append(rep.Notes, c.notes...)
	url := c.postComment(ctx, rep, touched)
	return c.finish(rep, url)
}

// baseConfig reads the config at the merge base: the config input, or
// .promptlint.yaml, else .promptlint.yml, in the working directory. A
// config that is not there gives empty bytes (the defaults). name is the
// repository path looked for first.
func (c *prRun) baseConfig(ctx context.Context, mergeBase string) (data []byte, name string, err error) {
	candidates := []string{".promptlint.yaml", ".promptlint.yml"}
	if n := c.input("config"); n != "" {
		candidates = []string{n}
	}
	for i, cand := range candidates {
		p := path.Join(c.subdir, filepath.ToSlash(cand))
		if i == 0 {
			name = p
		}
		data, found, err := c.client.Content(ctx, c.owner, c.repo, p, mergeBase)
		if err != nil {
			return nil, "", fmt.Errorf("reading the config %s at the merge base %s: %w", p, short(mergeBase), err)
		}
		if found {
			return data, p, nil
		}
	}
	return []byte{}, name, nil
}

// match reports whether a changed file is a prompt file: under the working
// directory and selected by the config.
func (c *prRun) match(p string) bool {
	if c.subdir == "" {
		return c.cfg.Match(p)
	}
	return strings.HasPrefix(p, c.subdir+"/") && c.cfg.Match(p, c.subdir)
}

// touchesPrompts reports whether any file of the PR, old or new name, is a
// prompt file.
func (c *prRun) touchesPrompts(files []github.File) bool {
	for _, f := range files {
		if c.match(f.Name) || f.PreviousName != "" && c.match(f.PreviousName) {
			return true
		}
	}
	return false
}

// needsReviews reports whether any changed prompt's environment requires
// team-reviewed, so the reviews are worth a request.
func (c *prRun) needsReviews(headFiles []*lint.File) bool {
	if !c.ruleOn("checklist-team-reviewed") {
		return false
	}
	for _, f := range headFiles {
		for _, p := range f.Prompts {
			// A prompt with no environment shows production's items as
			// advice; its team-reviewed row is worth the reviews too.
			_, requires, _ := c.cfg.ChecklistOf(p)
			for _, id := range requires {
				if id == "team-reviewed" {
					return true
				}
			}
		}
	}
	return false
}

func (c *prRun) ruleOn(id string) bool {
	for _, r := range c.rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// fetch reads one prompt file at ref through the contents API, refusing
// one over max_file_size before downloading it. A file the
// API does not have at ref gives nil (the base side of a file the PR adds
// under another status).
func (c *prRun) fetch(ctx context.Context, p, ref string) (*lint.File, error) {
	data, found, err := c.client.ContentLimited(ctx, c.owner, c.repo, p, ref, c.cfg.MaxFileSize)
	var nf *github.ErrNotFile
	var big *github.ErrTooLarge
	switch {
	case errors.As(err, &nf):
		return &lint.File{Path: p, Err: &lint.ParseError{Path: p, Msg: fmt.Sprintf("is a %s, not a file; promptlint does not follow links", nf.Type)}}, nil
	case errors.As(err, &big):
		return &lint.File{Path: p, Err: &lint.ParseError{Path: p, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit (max_file_size)", big.Size, big.Limit)}}, nil
	case err != nil:
		return nil, fmt.Errorf("reading %s at %s: %w", p, short(ref), err)
	case !found:
		return nil, nil
	}
	return lint.ParseFile(p, data, c.cfg), nil
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// postComment keeps the sticky comment up to date according to the
// comment input, and returns its URL. touched says whether the PR changes a
// prompt file: with on-change, a PR that does not gets no comment, but an
// earlier comment is updated to say the prompts are clean again. A 403/404
// (a fork's read-only token, a missing pull-requests: write) is a warning
// in the log and the summary, and so is any other failure to comment: the
// check passes or fails on its findings alone.
func (c *prRun) postComment(ctx context.Context, rep *lint.Report, touched bool) string {
	if c.comment == "never" {
		return ""
	}
	pr := c.ev.PullRequest
	existing, err := c.client.FindComment(ctx, c.owner, c.repo, pr.Number)
	if err != nil {
		c.commentFailed(rep, err)
		return ""
	}
	if !touched && existing == nil && c.comment == "on-change" {
		return ""
	}
	// No run link in the body: it changes every run, and an unchanged
	// body is not edited.
	body := output.MarkdownString(rep, output.MarkdownOptions{MaxSize: commentLimit, Clean: existing != nil})
	url, what, err := c.client.PutComment(ctx, c.owner, c.repo, pr.Number, existing, body)
	if err != nil {
		c.commentFailed(rep, err)
		return ""
	}
	fmt.Fprintf(c.log, "promptlint: PR comment %s\n", what)
	return url
}

func (c *prRun) commentFailed(rep *lint.Report, err error) {
	var msg string
	if github.IsForbidden(err) || github.IsNotFound(err) {
		msg = "promptlint could not comment on this PR (" + err.Error() + "). A PR from a fork gets a read-only token; give the job `pull-requests: write`, or run on pull_request_target with the base branch's config. The check still passes or fails on its findings."
	} else {
		msg = "promptlint could not update its PR comment (" + err.Error() + "). The check still passes or fails on its findings."
	}
	c.warn(msg)
	rep.Notes = append(rep.Notes, msg)
}

// warn writes a warning annotation, on one escaped line.
func (r *run) warn(msg string) {
	r.gha.Warningf("%s", msg)
}

func (r *run) runURL() string {
	server, repo, id := r.getenv("GITHUB_SERVER_URL"), r.getenv("GITHUB_REPOSITORY"), r.getenv("GITHUB_RUN_ID")
	if server == "" || repo == "" || id == "" {
		return ""
	}
	return server + "/" + repo + "/actions/runs/" + id
}

// finish writes the summary, annotations, SARIF, JSON report and outputs,
// and decides the exit code. A summary or outputs file that cannot be
// written is a warning: the findings still decide the job.
func (r *run) finish(rep *lint.Report, commentURL string) (*Result, error) {
	rep.Notes = dedupe(rep.Notes)
	// Annotations on the head lines, errors first, capped per severity.
	if err := output.GitHub(r.out, rep, annotationsLimit); err != nil {
		return nil, fmt.Errorf("writing annotations: %w", err)
	}
	if p := r.getenv("GITHUB_STEP_SUMMARY"); p != "" {
		md := output.MarkdownString(rep, output.MarkdownOptions{MaxSize: summaryLimit - 1024, RunURL: r.runURL(), Summary: true})
		if err := appendFile(p, []byte(md)); err != nil {
			r.warn(fmt.Sprintf("promptlint could not write the job summary: %v", err))
		}
	} else {
		fmt.Fprintln(r.log, "promptlint: GITHUB_STEP_SUMMARY is not set; no job summary written")
	}
	if r.sarifFile != "" {
		p := r.sarifFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.workdir, p)
		}
		var buf bytes.Buffer
		if err := output.SARIF(&buf, rep, r.rules, r.opts.Version); err != nil {
			return nil, fmt.Errorf("writing SARIF: %w", err)
		}
		if err := writeFile(p, buf.Bytes()); err != nil {
			return nil, fmt.Errorf("writing SARIF: %w", err)
		}
	}
	reportPath, err := r.writeReport(rep)
	if err != nil {
		return nil, err
	}
	s := rep.Summary()
	// Similarity exists only for prompts with an old and a new side: an
	// added or removed prompt would pin the minimum at 0 and make the
	// output useless as a gate.
	minSim := 1.0
	for _, p := range rep.Prompts {
		if p.Change != nil && p.Base != nil && p.Prompt != nil {
			minSim = math.Min(minSim, p.Change.Similarity)
		}
	}
	r.setOutputs(map[string]string{
		"errors":          strconv.Itoa(s.Errors),
		"warnings":        strconv.Itoa(s.Warnings),
		"changed-prompts": strconv.Itoa(s.Changed),
		"min-similarity":  strconv.FormatFloat(math.Round(minSim*1000)/1000, 'f', -1, 64),
		"report":          reportPath,
		"comment-url":     commentURL,
	})
	fmt.Fprintf(r.log, "promptlint: %d changed prompts, %d errors, %d warnings, %d notices\n", s.Changed, s.Errors, s.Warnings, s.Notices)
	code := 0
	if lint.AtLeast(rep.Findings, r.failOn) {
		code = 1
	}
	return &Result{ExitCode: code, Report: rep, CommentURL: commentURL}, nil
}

// setOutputs sets the step outputs, in the order of Outputs, through
// go-githubactions. Its SetOutput writes a heredoc with a fixed delimiter,
// so each value is made one line without that delimiter: untrusted text
// cannot end a value early and forge another output. SetOutput panics when
// the file cannot be opened; that becomes a warning, and the findings still
// decide the exit code.
func (r *run) setOutputs(values map[string]string) {
	if r.getenv("GITHUB_OUTPUT") == "" {
		fmt.Fprintln(r.log, "promptlint: GITHUB_OUTPUT is not set; no step outputs written")
		return
	}
	defer func() {
		if v := recover(); v != nil {
			r.warn(fmt.Sprintf("promptlint could not write the step outputs: %v", v))
		}
	}()
	for _, name := range Outputs {
		r.gha.SetOutput(name, singleLine(values[name]))
	}
}

// writeReport writes the JSON report to RUNNER_TEMP and returns its path.
// A Docker action does not see RUNNER_TEMP (the runner passes the host's
// path but does not mount it), so when it is not a directory here the
// report goes to the working directory instead, and the path returned is
// relative to the workspace: the same file for the steps that follow,
// which run in the workspace on the host.
func (r *run) writeReport(rep *lint.Report) (string, error) {
	var buf bytes.Buffer
	if err := output.JSON(&buf, rep); err != nil {
		return "", fmt.Errorf("writing the JSON report: %w", err)
	}
	if dir := r.getenv("RUNNER_TEMP"); dir != "" {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			p := filepath.Join(dir, ReportName)
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				return "", fmt.Errorf("writing the JSON report: %w", err)
			}
			return p, nil
		}
	}
	p := filepath.Join(r.workdir, ReportName)
	if err := writeFile(p, buf.Bytes()); err != nil {
		return "", fmt.Errorf("writing the JSON report: %w", err)
	}
	if rel, err := filepath.Rel(r.workspace, p); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel), nil
	}
	return p, nil
}

// writeFile writes data to p in the workspace, replacing rather than
// following a symbolic link there: the workspace may be the PR's checkout,
// and a link it commits (promptlint-report.json -> /etc/...) must not
// redirect the write.
func writeFile(p string, data []byte) error {
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return os.WriteFile(p, data, 0o644)
}

func appendFile(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// singleLine makes an output value one line: line breaks (CR, LF, and the
// Unicode ones) become spaces.
func singleLine(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ").Replace(s)
	return strings.ReplaceAll(s, "_GitHubActionsFileCommandDelimeter_", "")
}

func dedupe(list []string) []string {
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
