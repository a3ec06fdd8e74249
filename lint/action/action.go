// Package action runs promptlint as a GitHub Action: it reads the event,
// fetches the changed prompts and the configuration through the REST API
// (no checkout needed), checks them, keeps one sticky PR comment up to
// date, writes the job summary, annotations, SARIF and the JSON report,
// and sets the step's outputs and exit code.
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
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/host"
	"github.com/promptlint/promptlint/lint/output"
)

// Inputs are the action's inputs, in action.yml's order: the names Run
// reads as INPUT_<NAME> (upper-cased, hyphens kept).
var Inputs = []string{"github-token", "config", "files", "fail-on", "only-new", "comment", "review-threshold", "sarif-file", "working-directory"}

// Outputs are the step outputs Run writes to GITHUB_OUTPUT, in order.
var Outputs = []string{"errors", "warnings", "changed-prompts", "min-similarity", "report", "comment-url"}

// ReportName is the file name of the JSON report.
const ReportName = "promptlint-report.json"

// MaxCommitLookups bounds the extra requests commit-message-generic costs:
// the files of at most this many commits with a generic message are read,
// one request each, to see whether they touch a prompt file.
const MaxCommitLookups = host.MaxCommitLookups

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

// zeroSHA is what a push event says for a branch that did not exist
// before, or no longer exists after.
const zeroSHA = "0000000000000000000000000000000000000000"

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
		FullName      string `json:"full_name"`
		DefaultBranch string `json:"default_branch"`
	} `json:"repository"`

	// merge_group: the merge queue's candidate commit and its base
	MergeGroup *struct {
		BaseSHA string `json:"base_sha"`
		HeadSHA string `json:"head_sha"`
	} `json:"merge_group"`

	// push
	Ref     string `json:"ref"`
	Before  string `json:"before"`
	After   string `json:"after"`
	Deleted bool   `json:"deleted"`
	Commits []struct {
		ID       string   `json:"id"`
		Message  string   `json:"message"`
		Added    []string `json:"added"`
		Removed  []string `json:"removed"`
		Modified []string `json:"modified"`
	} `json:"commits"`
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

	failOn     lint.Severity
	comment    string
	sarifFile  string // slash-separated, relative to the workspace
	configName string // the config input, slash-separated, relative to the workspace
	files      []string
	threshold  float64  // review-threshold; -1 when not given
	onlyNew    string   // only-new: "true", "false", or "" for the config's only_new
	notes      []string // said in the summary and the comment

	outputsWritten bool
}

// Run performs the action. An error means the tool could not do its job
// (exit 3, or 2 for a *lint.UsageError in its chain): Run has then already
// written it as an ::error:: annotation and set the step outputs, and the
// error's message is one line that is safe to print in the step log.
// Findings are reported through Result.ExitCode.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	r := &run{opts: opts, getenv: opts.Getenv, out: opts.Stdout, log: opts.Stderr, threshold: -1}
	r.gha = githubactions.New(githubactions.WithGetenv(opts.Getenv), githubactions.WithWriter(opts.Stdout))
	if token := r.input("github-token"); token != "" {
		r.gha.AddMask(token)
	}
	// The first line the log shows (the mask command is not shown).
	fmt.Fprintf(r.out, "promptlint %s (%s/%s)\n", orDefault(opts.Version, "dev"), runtime.GOOS, runtime.GOARCH)
	res, err := r.run(ctx)
	if err != nil {
		err = &safeError{r.userPaths(err)}
		r.gha.Errorf("%s", err.Error())
		if !r.outputsWritten {
			r.setOutputs(map[string]string{})
		}
		return nil, err
	}
	return res, nil
}

// safeError is an error whose message is printed as one inert line: it
// may quote a file name from the pull request.
type safeError struct{ err error }

func (e *safeError) Error() string { return output.SafeLine(e.err.Error()) }
func (e *safeError) Unwrap() error { return e.err }

// pathError is an error whose message shows a path as the user knows it.
type pathError struct {
	msg string
	err error
}

func (e *pathError) Error() string { return e.msg }
func (e *pathError) Unwrap() error { return e.err }

// userPaths rewrites the container paths in err's message as the user
// knows them: the workspace's files relative to it, the event payload and
// the file commands by their variable.
func (r *run) userPaths(err error) error {
	msg := err.Error()
	repl := []string{}
	for _, k := range []string{"GITHUB_EVENT_PATH", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
		if v := r.getenv(k); v != "" {
			repl = append(repl, v, "$"+k)
		}
	}
	if r.workspace != "" && filepath.IsAbs(r.workspace) {
		repl = append(repl, strings.TrimSuffix(r.workspace, string(filepath.Separator))+string(filepath.Separator), "")
	}
	if len(repl) == 0 {
		return err
	}
	if out := strings.NewReplacer(repl...).Replace(msg); out != msg {
		return &pathError{msg: out, err: err}
	}
	return err
}

func (r *run) run(ctx context.Context) (*Result, error) {
	if err := r.readInputs(); err != nil {
		return nil, err
	}
	name := r.getenv("GITHUB_EVENT_NAME")
	switch name {
	case "pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment", "push", "merge_group":
		c, err := r.connect(name)
		if err != nil {
			return nil, err
		}
		switch name {
		case "push":
			return c.push(ctx)
		case "merge_group":
			// The queue's candidate commit against its base, like a push.
			if mg := c.ev.MergeGroup; mg != nil && mg.BaseSHA != "" && mg.HeadSHA != "" {
				c.ev.Before, c.ev.After, c.ev.Commits = mg.BaseSHA, mg.HeadSHA, nil
				return c.push(ctx)
			}
			return nil, fmt.Errorf("the merge_group event payload has no merge_group.base_sha and head_sha")
		}
		return c.check(ctx)
	case "workflow_dispatch", "schedule":
		cf, err := r.workspaceConfig()
		if err != nil {
			return nil, err
		}
		if err := r.useConfig(cf); err != nil {
			return nil, err
		}
		rep, err := r.lintWorkspace()
		if err != nil {
			return nil, err
		}
		return r.finish(rep, nil)
	}
	r.gha.Noticef("promptlint has nothing to do on %q events; it runs on pull_request, pull_request_target, pull_request_review, push, merge_group, workflow_dispatch and schedule", name)
	return &Result{ExitCode: 0}, nil
}

func (r *run) input(name string) string {
	return strings.TrimSpace(r.gha.GetInput(name))
}

// localPath checks an input that names a path relative to the workspace
// and returns it slash-separated. An absolute path inside the workspace
// is accepted too; any other is not visible to the steps that follow (a
// Docker action sees only the workspace of the runner's disk).
func (r *run) localPath(input, p string) (string, error) {
	if filepath.IsAbs(p) {
		rel, err := filepath.Rel(r.workspace, p)
		if err != nil || !filepath.IsLocal(rel) {
			return "", lint.Usagef("input %s: %q is outside the workspace; give a path relative to the workspace (a Docker action sees no other folder of the runner)", input, p)
		}
		p = rel
	}
	if !filepath.IsLocal(p) {
		return "", lint.Usagef("input %s: %q must be a relative path inside the workspace", input, p)
	}
	return path.Clean(filepath.ToSlash(p)), nil
}

func (r *run) readInputs() error {
	ws := r.getenv("GITHUB_WORKSPACE")
	if ws == "" {
		ws = "."
	}
	r.workspace, r.workdir = ws, ws
	if wd := r.input("working-directory"); wd != "" {
		sub, err := r.localPath("working-directory", wd)
		if err != nil {
			return err
		}
		if sub != "." {
			r.subdir = sub
			r.workdir = filepath.Join(ws, filepath.FromSlash(sub))
		}
	}
	failOn := r.input("fail-on")
	if failOn == "" {
		failOn = "error"
	}
	switch strings.ToLower(failOn) {
	case "error", "warning", "notice", "none":
		r.failOn, _ = lint.ParseSeverity(failOn)
	default:
		return lint.Usagef("input fail-on: %q is not one of error, warning, notice or none", failOn)
	}
	switch r.onlyNew = strings.ToLower(r.input("only-new")); r.onlyNew {
	case "", "true", "false":
	default:
		return lint.Usagef("input only-new: %q is not one of true or false", r.input("only-new"))
	}
	r.comment = r.input("comment")
	switch r.comment {
	case "":
		r.comment = "on-change"
	case "always", "on-change", "never":
	default:
		return lint.Usagef("input comment: %q is not one of always, on-change or never", r.comment)
	}
	if t := r.input("review-threshold"); t != "" {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || v < 0 || v > 1 || math.IsNaN(v) {
			return lint.Usagef("input review-threshold: %q is not a number from 0 to 1", t)
		}
		r.threshold = v
	}
	// One glob a line: a brace glob ({yaml,yml}) holds commas.
	for _, f := range strings.Split(r.input("files"), "\n") {
		if f = strings.TrimSpace(f); f != "" {
			r.files = append(r.files, f)
		}
	}
	var err error
	if s := r.input("sarif-file"); s != "" {
		if r.sarifFile, err = r.localPath("sarif-file", s); err != nil {
			return err
		}
	}
	if c := r.input("config"); c != "" {
		if r.configName, err = r.localPath("config", c); err != nil {
			return err
		}
	}
	return nil
}

// configCandidates are the repository paths the config is looked for at:
// the config input, else .promptlint.yaml and .promptlint.yml in the
// working directory.
func (r *run) configCandidates() []string {
	if r.configName != "" {
		return []string{r.configName}
	}
	var out []string
	for _, n := range lint.ConfigNames {
		out = append(out, path.Join(r.subdir, n))
	}
	return out
}

// useConfig applies the action's inputs over the configuration and makes
// it the run's.
func (r *run) useConfig(cf lint.ConfigFile) error {
	o := host.Overrides{Files: r.files, ReviewThreshold: r.threshold}
	if r.onlyNew != "" {
		onlyNew := r.onlyNew == "true"
		o.OnlyNew = &onlyNew
	}
	cfg, rules, err := o.Apply(cf, r.opts.Rules)
	if err != nil {
		return err
	}
	r.cfg, r.rules = cfg, rules
	return nil
}

// workspaceConfig reads the config from the workspace (events without a
// commit to read it at through the API).
func (r *run) workspaceConfig() (lint.ConfigFile, error) {
	for _, c := range r.configCandidates() {
		cf, found, err := r.workspaceFile(c)
		if err != nil || found {
			if err == nil {
				fmt.Fprintf(r.log, "promptlint: config %s from the workspace\n", c)
			}
			return cf, err
		}
	}
	if r.configName != "" {
		return lint.ConfigFile{}, lint.Usagef("input config: %s is not in the workspace", r.configName)
	}
	fmt.Fprintf(r.log, "promptlint: no %s in the workspace; the defaults apply\n", strings.Join(r.configCandidates(), " or "))
	return lint.ConfigFile{Config: lint.DefaultConfig()}, nil
}

// workspaceFile reads the config at repository path p from the workspace.
func (r *run) workspaceFile(p string) (lint.ConfigFile, bool, error) {
	full := filepath.Join(r.workspace, filepath.FromSlash(p))
	fi, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) {
		return lint.ConfigFile{}, false, nil
	}
	if err != nil {
		return lint.ConfigFile{}, false, lint.Usagef("input config: %v", err)
	}
	// The workspace may be the PR's checkout: a config that is a link
	// (to /proc/self/environ, say) would have its content quoted in the
	// log by a parse error.
	if !fi.Mode().IsRegular() {
		return lint.ConfigFile{}, false, lint.Usagef("input config: %s is not a regular file; promptlint does not follow links", p)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return lint.ConfigFile{}, false, lint.Usagef("input config: %v", err)
	}
	cfg, err := lint.LoadConfig(p, bytes.NewReader(data))
	if err != nil {
		return lint.ConfigFile{}, false, err
	}
	return lint.ConfigFile{Path: p, Data: data, Config: cfg}, true, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// lintWorkspace runs `lint` over the checked-out workspace (scheduled and
// manual runs, and changes past what the API lists). Paths in the report
// are relative to the repository root.
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
	if rep.Files == 0 {
		where := "the workspace"
		if r.subdir != "" {
			where = r.subdir
		}
		// Never green having checked nothing: an empty workspace is a job
		// without a checkout, and this path needs one.
		if entries, err := os.ReadDir(r.workspace); err != nil || len(entries) == 0 {
			return nil, fmt.Errorf("the workspace is empty, so promptlint has nothing to lint; add actions/checkout before it (the API cannot list this change)")
		}
		msg := fmt.Sprintf("no prompt file in %s matches the globs %s, so nothing was checked; set `files` if your prompts live elsewhere", where, host.Globs(r.cfg))
		r.warn(msg)
		r.notes = append(r.notes, msg)
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

// connect reads the event and makes the API client.
func (r *run) connect(eventName string) (*apiRun, error) {
	ev, err := r.readEvent()
	if err != nil {
		return nil, err
	}
	repoName := r.getenv("GITHUB_REPOSITORY")
	if repoName == "" && ev.Repository != nil {
		repoName = ev.Repository.FullName
	}
	owner, repo, ok := strings.Cut(repoName, "/")
	if !ok {
		return nil, fmt.Errorf("GITHUB_REPOSITORY %q is not owner/name", repoName)
	}
	token := r.input("github-token")
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
	return &apiRun{run: r, client: client, owner: owner, repo: repo, ev: ev, eventName: eventName}, nil
}

// apiRun is a check of a change read through the API: a pull request, or
// a push.
type apiRun struct {
	*run
	client    *github.Client
	owner     string
	repo      string
	ev        *event
	eventName string
}

// apiConfig reads the config at ref through the contents API: the config
// input, else .promptlint.yaml or .promptlint.yml in the working
// directory. A config input that is not in the repository may be a file
// an earlier step wrote into the workspace. what names ref in the log.
func (c *apiRun) apiConfig(ctx context.Context, ref, what string, quiet bool) (lint.ConfigFile, error) {
	cands := c.configCandidates()
	for _, p := range cands {
		data, found, err := c.client.Content(ctx, c.owner, c.repo, p, ref)
		var nf *github.ErrNotFile
		switch {
		case errors.As(err, &nf):
			return lint.ConfigFile{}, lint.Usagef("config %s at %s is a %s, not a file; promptlint does not follow links", p, short(ref), nf.Type)
		case err != nil:
			return lint.ConfigFile{}, fmt.Errorf("reading the config %s at %s: %w", p, short(ref), err)
		case !found:
			continue
		}
		cfg, err := lint.LoadConfig(p, bytes.NewReader(data))
		if err != nil {
			return lint.ConfigFile{}, err
		}
		if !quiet {
			fmt.Fprintf(c.log, "promptlint: config %s at %s (%s)\n", p, short(ref), what)
		}
		return lint.ConfigFile{Path: p, Data: data, Config: cfg}, nil
	}
	if c.configName != "" {
		cf, found, err := c.workspaceFile(c.configName)
		if err != nil {
			return lint.ConfigFile{}, err
		}
		if found {
			if !quiet {
				fmt.Fprintf(c.log, "promptlint: config %s from the workspace (it is not in the repository at %s)\n", c.configName, short(ref))
			}
			return cf, nil
		}
		return lint.ConfigFile{}, lint.Usagef("input config: %s is neither in the repository at %s nor in the workspace", c.configName, short(ref))
	}
	if !quiet {
		fmt.Fprintf(c.log, "promptlint: no %s at %s (%s); the defaults apply\n", strings.Join(cands, " or "), short(ref), what)
	}
	return lint.ConfigFile{Config: lint.DefaultConfig()}, nil
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

func (c *apiRun) check(ctx context.Context) (*Result, error) {
	pr := c.ev.PullRequest
	if pr == nil {
		return nil, fmt.Errorf("the %s event payload has no pull_request", c.eventName)
	}
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
	var mergeBase string
	var cmp *github.Comparison
	// The config decides which files are prompts, so a PR that touches
	// none, and not the config, needs no comparison.
	if target || configChanged || !truncated && c.touchesPrompts(files) {
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
	base := head
	if target || configChanged {
		if base, err = c.apiConfig(ctx, mergeBase, "the merge base", !target); err != nil {
			return nil, err
		}
	}
	if target {
		if err := c.useConfig(base); err != nil {
			return nil, err
		}
		head = base
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
		rep, err := c.lintWorkspace()
		if err != nil {
			return nil, err
		}
		return c.finish(rep, c.commenter(ctx, true))
	}

	baseFiles, headFiles, unreadable, err := c.fetchChange(ctx, files, mergeBase, pr.Head.SHA)
	if err != nil {
		return nil, err
	}
	lpr := &lint.PullRequest{Number: pr.Number, Author: pr.User.Login, ReviewsKnown: true}
	if pr.Body != nil {
		lpr.Body = *pr.Body
	}
	var commits []lint.Commit
	if len(headFiles)+len(baseFiles) > 0 {
		if host.NeedsReviews(c.cfg, c.rules, headFiles) {
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
		if host.Enabled(c.rules, "commit-message-generic") {
			// The comparison already lists the PR's commits (its
			// three-dot range); the PR commits API is asked only when
			// that list is incomplete.
			var list []github.Commit
			if cmp != nil && cmp.Complete {
				list = cmp.Commits
			} else {
				list, err = c.client.Commits(ctx, c.owner, c.repo, pr.Number)
				switch {
				case github.IsForbidden(err) || github.IsNotFound(err):
					c.notes = append(c.notes, fmt.Sprintf("promptlint could not read the PR's commits (%v), so their messages were not checked", err))
				case err != nil:
					return nil, fmt.Errorf("listing the commits of PR #%d: %w", pr.Number, err)
				}
			}
			if commits, err = c.promptCommits(ctx, list, nil); err != nil {
				return nil, err
			}
		}
	}
	rep := lint.CheckFiles(baseFiles, headFiles, c.cfg, c.rules, lpr, commits)
	lint.Gate(rep, base, head, c.opts.Rules)
	touched := len(headFiles)+len(baseFiles)+unreadable > 0 || len(rep.Gate) > 0
	if !touched {
		c.noMatch(len(files), "this PR changes")
	}
	rep.Notes = append(rep.Notes, c.notes...)
	return c.finish(rep, c.commenter(ctx, touched))
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

// fetchChange reads the prompt files of a change through the contents
// API: the new side at head, the old side at base. unreadable counts the
// prompt files listed that the API does not have at head.
func (c *apiRun) fetchChange(ctx context.Context, files []github.File, base, head string) (baseFiles, headFiles []*lint.File, unreadable int, err error) {
	for _, f := range files {
		headPath, basePath := f.Name, f.Name
		if f.PreviousName != "" {
			basePath = f.PreviousName
		}
		// A copied file leaves its source in place: it is new at the head.
		if f.Status != "removed" && c.match(headPath) {
			lf, err := c.fetch(ctx, headPath, head)
			if err != nil {
				return nil, nil, 0, err
			}
			if lf == nil {
				unreadable++
				c.notes = append(c.notes, fmt.Sprintf("the change lists %s, but GitHub's contents API does not have it at %s, so it was not checked", headPath, short(head)))
			} else if !lf.NotPrompt {
				headFiles = append(headFiles, lf)
			}
		}
		if base != "" && f.Status != "added" && f.Status != "copied" && c.match(basePath) {
			lf, err := c.fetch(ctx, basePath, base)
			if err != nil {
				return nil, nil, 0, err
			}
			if lf != nil && !lf.NotPrompt {
				baseFiles = append(baseFiles, lf)
			}
		}
	}
	return baseFiles, headFiles, unreadable, nil
}

// promptCommits turns the commits of a change into the engine's, with
// the prompt files each touches (see host.PromptCommits); paths gives the
// files of the commits that the push payload lists, so only the others
// are read through the API.
func (c *apiRun) promptCommits(ctx context.Context, list []github.Commit, paths map[string][]string) ([]lint.Commit, error) {
	commits := make([]lint.Commit, len(list))
	for i, gc := range list {
		commits[i] = lint.Commit{SHA: gc.SHA, Message: gc.Message}
		commits[i].Paths, commits[i].PathsKnown = paths[gc.SHA]
	}
	out, notes, err := host.PromptCommits(c.cfg, commits, c.match, host.CommitFiles{
		Lookup: func(sha string) ([]string, error) { return c.client.CommitFiles(ctx, c.owner, c.repo, sha) },
		Unreadable: func(err error) bool {
			return github.IsForbidden(err) || github.IsNotFound(err) || github.StatusCode(err) == http.StatusUnprocessableEntity
		},
	})
	c.notes = append(c.notes, notes...)
	return out, err
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
			rep, err := c.lintWorkspace()
			if err != nil {
				return nil, err
			}
			return c.finish(rep, nil)
		}
		before = def
	}
	cmp, err := c.client.Compare(ctx, c.owner, c.repo, before, after)
	if err != nil {
		return nil, fmt.Errorf("comparing %s...%s: %w", short(before), short(after), err)
	}
	if cmp.FilesTruncated {
		c.notes = append(c.notes, fmt.Sprintf("this push changes %d files or more, past what GitHub's compare API lists; promptlint linted the whole workspace instead", github.MaxCompareFiles))
		rep, err := c.lintWorkspace()
		if err != nil {
			return nil, err
		}
		return c.finish(rep, nil)
	}
	base := head
	if changes(cmp.Files, c.configCandidates()) {
		if base, err = c.apiConfig(ctx, cmp.MergeBase, "the commit before the push", true); err != nil {
			return nil, err
		}
	}
	baseFiles, headFiles, unreadable, err := c.fetchChange(ctx, cmp.Files, cmp.MergeBase, after)
	if err != nil {
		return nil, err
	}
	var commits []lint.Commit
	if len(baseFiles)+len(headFiles) > 0 && host.Enabled(c.rules, "commit-message-generic") {
		paths := map[string][]string{}
		for _, pc := range ev.Commits {
			paths[pc.ID] = append(append(append([]string(nil), pc.Added...), pc.Removed...), pc.Modified...)
		}
		if commits, err = c.promptCommits(ctx, cmp.Commits, paths); err != nil {
			return nil, err
		}
	}
	// The checklist is a pull request's: a push has no description or
	// reviews to satisfy it.
	var rules []*lint.Rule
	for _, rule := range c.rules {
		if !strings.HasPrefix(rule.ID, lint.ChecklistPrefix) {
			rules = append(rules, rule)
		}
	}
	rep := lint.CheckFiles(baseFiles, headFiles, c.cfg, rules, nil, commits)
	rep.Checklist = nil
	lint.Gate(rep, base, head, c.opts.Rules)
	if len(baseFiles)+len(headFiles)+unreadable == 0 {
		c.noMatch(len(cmp.Files), fmt.Sprintf("%s...%s changes", short(before), short(after)))
	}
	rep.Notes = append(rep.Notes, c.notes...)
	return c.finish(rep, nil)
}

// match reports whether a changed file is a prompt file: under the working
// directory and selected by the config.
func (c *apiRun) match(p string) bool {
	if c.subdir == "" {
		return c.cfg.Match(p)
	}
	return strings.HasPrefix(p, c.subdir+"/") && c.cfg.Match(p, c.subdir)
}

// touchesPrompts reports whether any file of the PR, old or new name, is a
// prompt file.
func (c *apiRun) touchesPrompts(files []github.File) bool {
	for _, f := range files {
		if c.match(f.Name) || f.PreviousName != "" && c.match(f.PreviousName) {
			return true
		}
	}
	return false
}

// fetch reads one prompt file at ref through the contents API, refusing
// one over max_file_size before downloading it. A file the
// API does not have at ref gives nil (the base side of a file the PR adds
// under another status).
func (c *apiRun) fetch(ctx context.Context, p, ref string) (*lint.File, error) {
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

// commenter returns the step that keeps the sticky comment up to date,
// run by finish once every file is written.
func (c *apiRun) commenter(ctx context.Context, touched bool) func(*lint.Report) string {
	return func(rep *lint.Report) string { return c.postComment(ctx, rep, touched) }
}

// postComment keeps the sticky comment up to date according to the
// comment input, and returns its URL. touched says whether the PR changes a
// prompt file: with on-change, a PR that does not gets no comment, but an
// earlier comment is updated to say the prompts are clean again. A 403/404
// (a fork's read-only token, a missing pull-requests: write) is a warning
// in the log and the summary, and so is any other failure to comment: the
// check passes or fails on its findings alone.
func (c *apiRun) postComment(ctx context.Context, rep *lint.Report, touched bool) string {
	if c.comment == "never" {
		return ""
	}
	pr := c.ev.PullRequest
	existing, err := c.client.FindComment(ctx, c.owner, c.repo, pr.Number)
	if err != nil {
		c.commentFailed(err)
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
		c.commentFailed(err)
		return ""
	}
	fmt.Fprintf(c.log, "promptlint: PR comment %s\n", what)
	return url
}

// commentFailed says in the log and the job summary (written by then)
// that the comment could not be written.
func (c *apiRun) commentFailed(err error) {
	var msg string
	if github.IsForbidden(err) || github.IsNotFound(err) {
		msg = "promptlint could not comment on this PR (" + err.Error() + "). A PR from a fork gets a read-only token; give the job `pull-requests: write`, or run on pull_request_target with the base branch's config. The check still passes or fails on its findings."
	} else {
		msg = "promptlint could not update its PR comment (" + err.Error() + "). The check still passes or fails on its findings."
	}
	c.warn(msg)
	if p := c.getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if err := appendFile(p, []byte("\n> [!WARNING]\n> "+output.SafeLine(msg)+"\n")); err != nil {
			c.warn(fmt.Sprintf("promptlint could not write the job summary: %v", c.userPaths(err)))
		}
	}
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

// finish writes the annotations, SARIF, the JSON report and the summary,
// then (every file written) runs comment, which posts the PR comment and
// returns its URL; then it sets the outputs and decides the exit code. A
// SARIF file or report that cannot be written fails the run before the
// comment; a summary or outputs file that cannot be written is a warning:
// the findings still decide the job.
func (r *run) finish(rep *lint.Report, comment func(*lint.Report) string) (*Result, error) {
	rep.Notes = host.Dedupe(rep.Notes)
	// Annotations on the head lines, errors first, capped per severity.
	if err := output.GitHub(r.out, rep, annotationsLimit); err != nil {
		return nil, fmt.Errorf("writing annotations: %w", err)
	}
	if r.sarifFile != "" {
		var buf bytes.Buffer
		if err := output.SARIF(&buf, rep, r.rules, r.opts.Version); err != nil {
			return nil, fmt.Errorf("writing SARIF: %w", err)
		}
		if err := output.WriteFileIn(r.workspace, r.sarifFile, buf.Bytes()); err != nil {
			return nil, fmt.Errorf("writing the SARIF file (input sarif-file): %w", err)
		}
	}
	reportPath, err := r.writeReport(rep)
	if err != nil {
		return nil, err
	}
	if p := r.getenv("GITHUB_STEP_SUMMARY"); p != "" {
		md := output.MarkdownString(rep, output.MarkdownOptions{MaxSize: summaryLimit - 1024, RunURL: r.runURL(), Summary: true})
		if err := appendFile(p, []byte(md)); err != nil {
			r.warn(fmt.Sprintf("promptlint could not write the job summary: %v", r.userPaths(err)))
		}
	} else {
		fmt.Fprintln(r.log, "promptlint: GITHUB_STEP_SUMMARY is not set; no job summary written")
	}
	commentURL := ""
	if comment != nil {
		commentURL = comment(rep)
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
		"min-similarity":  strconv.FormatFloat(lint.RoundSimilarity(minSim), 'f', -1, 64),
		"report":          reportPath,
		"comment-url":     commentURL,
	})
	fmt.Fprintf(r.log, "promptlint: %d changed prompts, %d errors, %d warnings, %d notices\n", s.Changed, s.Errors, s.Warnings, s.Notices)
	code := 0
	if rep.Fails(r.failOn) { // with only_new, only new findings count
		code = 1
	}
	return &Result{ExitCode: code, Report: rep, CommentURL: commentURL}, nil
}

// setOutputs sets the step outputs, in the order of Outputs, through
// go-githubactions; a value not given is empty. Its SetOutput writes a
// heredoc with a fixed delimiter, so each value is made one line without
// that delimiter: untrusted text cannot end a value early and forge
// another output. SetOutput panics when the file cannot be opened; that
// becomes a warning, and the findings still decide the exit code.
func (r *run) setOutputs(values map[string]string) {
	r.outputsWritten = true
	if r.getenv("GITHUB_OUTPUT") == "" {
		fmt.Fprintln(r.log, "promptlint: GITHUB_OUTPUT is not set; no step outputs written")
		return
	}
	defer func() {
		if v := recover(); v != nil {
			r.warn(fmt.Sprintf("promptlint could not write the step outputs: %v", r.userPaths(fmt.Errorf("%v", v))))
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
	rel := path.Join(r.subdir, ReportName)
	if err := output.WriteFileIn(r.workspace, rel, buf.Bytes()); err != nil {
		return "", fmt.Errorf("writing the JSON report: %w", err)
	}
	return rel, nil
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
