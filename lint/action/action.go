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
	"math"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/sethvargo/go-githubactions"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/host"
	"github.com/promptlint/promptlint/lint/output"
)

// Inputs are the action's inputs, in action.yml's order: the names Run
// reads as INPUT_<NAME> (upper-cased, hyphens kept).
var Inputs = []string{"github-token", "config", "files", "fail-on", "only-new", "comment", "suggestions", "review-threshold", "sarif-file", "working-directory"}

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

	failOn      lint.Severity
	comment     string
	sarifFile   string // slash-separated, relative to the workspace
	configName  string // the config input, slash-separated, relative to the workspace
	files       []string
	threshold   float64  // review-threshold; -1 when not given
	suggestions bool     // suggestions: fixable findings become suggested changes
	onlyNew     string   // only-new: "true", "false", or "" for the config's only_new
	notes       []string // said in the summary and the comment

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
		rep, err := r.lintWorkspace(ctx)
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
	switch s := strings.ToLower(r.input("suggestions")); s {
	case "", "true":
		r.suggestions = true
	case "false":
	default:
		return lint.Usagef("input suggestions: %q is not one of true or false", r.input("suggestions"))
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
			if !doublestar.ValidatePattern(f) {
				// A bad glob matches nothing: the run would pass having
				// checked nothing.
				return lint.Usagef("input files: %q is not a valid glob (one glob a line; ** for any folders, {a,b} for either)", f)
			}
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
// The workspace may be the PR's checkout: a config that is a link (to
// /proc/self/environ, say) is refused, as everywhere (lint.FindConfigFile),
// so that no parse error quotes its target.
func (r *run) workspaceFile(p string) (lint.ConfigFile, bool, error) {
	cf, err := lint.FindConfigFile(os.DirFS(r.workspace), []string{p})
	if err != nil {
		var ue *lint.UsageError
		if !errors.As(err, &ue) {
			err = lint.Usagef("input config: %v", err)
		}
		return lint.ConfigFile{}, false, err
	}
	return cf, cf.Path != "", nil
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
func (r *run) lintWorkspace(ctx context.Context) (*lint.Report, error) {
	rep, err := lint.Run(ctx, lint.Input{Lint: true, Head: lint.DirFS(r.workdir), Paths: []string{"."}, Config: lint.ConfigFile{Config: r.cfg}, Registry: r.opts.Rules})
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

// commenter returns the step that keeps the sticky comment up to date,
// run by finish once every file is written, and then, with the
// suggestions input on and files listing the PR's changes, the review of
// suggested changes.
func (c *apiRun) commenter(ctx context.Context, touched bool, files []github.File) func(*lint.Report) string {
	return func(rep *lint.Report) string {
		url := c.postComment(ctx, rep, touched)
		if c.suggestions && files != nil && touched {
			c.suggest(ctx, rep, files)
		}
		return url
	}
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
	c.summaryNote(msg)
}

// summaryNote adds a warning to the job summary (written by then).
func (r *run) summaryNote(msg string) {
	if p := r.getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if err := appendFile(p, []byte("\n> [!WARNING]\n> "+output.SafeLine(msg)+"\n")); err != nil {
			r.warn(fmt.Sprintf("promptlint could not write the job summary: %v", r.userPaths(err)))
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
