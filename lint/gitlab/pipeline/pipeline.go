// Package pipeline runs promptlint as a job of a GitLab CI/CD pipeline. In
// a merge request pipeline it reads the merge request from GitLab's
// predefined variables and the REST API (no checkout needed): the changed
// prompt files at the merge base and at the head, the configuration, the
// description, approvals and commits; it checks them, keeps one sticky
// note on the merge request up to date, writes the Code Quality report,
// the JSON report and the Markdown of the note into the project
// directory, and decides the job's exit code. In any other pipeline it
// lints the checkout.
//
// It never reads the process environment itself: main hands it a getenv
// function, so tests drive it with the variables GitLab sets.
package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/host"
	"github.com/promptlint/promptlint/lint/output"
)

// TokenVariable is the CI/CD variable that holds the token promptlint
// reads the merge request with and posts its note with: a project or
// group access token (or a bot user's personal one) with the api scope
// and at least the Reporter role, kept in a masked variable. The job
// token (CI_JOB_TOKEN) cannot list a merge request's changes or post a
// note.
const TokenVariable = "PROMPTLINT_GITLAB_TOKEN"

// The files a run writes by default, relative to the project directory.
const (
	DefaultCodeQuality = "gl-code-quality-report.json"
	DefaultReport      = "promptlint-report.json"
	DefaultMarkdown    = "promptlint-report.md"
)

// noteLimit is the largest note body promptlint writes, in bytes: GitLab
// takes up to 1,000,000 characters, but a note is read by people, so it
// is cut as GitHub's comment is.
const noteLimit = output.DefaultMaxSize

// markdownLimit is the largest Markdown report file, in bytes.
const markdownLimit = 1 << 20

// noteWords and reportWords are GitLab's names for what the note and the
// Markdown report mention (the run, the size limit, where the whole
// report is), where GitHub's would be wrong.
var (
	noteWords   = output.HostWords{Run: "job", Limit: "promptlint's note size limit", Elsewhere: "the job's Markdown or JSON report"}
	reportWords = output.HostWords{Run: "job", Limit: "the Markdown report's size limit", Elsewhere: "the JSON report"}
)

// Options configure a run: the job's command line and the outside world.
type Options struct {
	Getenv  func(string) string
	Stdout  io.Writer // the job log
	Stderr  io.Writer
	Rules   []*lint.Rule // the registry (checks.All)
	Version string
	// Dir is the working directory: the project directory when
	// CI_PROJECT_DIR is not set, and what a relative one is relative to.
	Dir string

	// Subdir is the folder of the repository to check (a part of a
	// monorepo), slash-separated; "" is the root. Its configuration
	// governs the run, its globs match relative to it, and the reports
	// name files from the repository root.
	Subdir string
	// Config names the configuration file, a path in the repository; ""
	// looks for .promptlint.yaml and .promptlint.yml in Subdir.
	Config string
	// Files, when not empty, replace the configuration's prompt globs.
	Files []string
	// FailOn is the least severity that fails the job (lint.Off: none).
	FailOn lint.Severity
	// OnlyNew, when set, overrides the configuration's only_new.
	OnlyNew *bool
	// ReviewThreshold, when 0 to 1, overrides the configuration's
	// diff.review_threshold; below 0 it is not set.
	ReviewThreshold float64
	// Comment says when the note is written: "always", "on-change" (a
	// merge request that changes no prompt file gets none, but an
	// earlier note is brought up to date) or "never".
	Comment string
	// CodeQuality, Report and Markdown are where the Code Quality
	// report, the JSON report and the note's Markdown go, relative to
	// the project directory; "" writes none.
	CodeQuality, Report, Markdown string

	HTTPClient *http.Client                               // nil: the default transport, trusting CI_SERVER_TLS_CA_FILE when set
	Sleep      func(context.Context, time.Duration) error // nil: real waits between retries
}

// Result is what a run decided.
type Result struct {
	ExitCode int
	Report   *lint.Report
	NoteURL  string
}

// run holds one run's state.
type run struct {
	opts       Options
	getenv     func(string) string
	out        io.Writer
	log        io.Writer
	projectDir string
	cfg        *lint.Config
	rules      []*lint.Rule
	notes      []string // said in the report
	warnings   []string // said in the log and the Markdown report
}

// Run performs the job. An error means the tool could not do its job
// (exit 3, or 2 for a *lint.UsageError in its chain); its message is one
// line that is safe to print in the job log. Findings are reported
// through Result.ExitCode.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.Comment == "" {
		opts.Comment = "on-change"
	}
	switch opts.Comment {
	case "always", "on-change", "never":
	default:
		return nil, lint.Usagef("--comment: %q is not one of always, on-change or never", opts.Comment)
	}
	r := &run{opts: opts, getenv: opts.Getenv, out: opts.Stdout, log: opts.Stderr}
	fmt.Fprintf(r.out, "promptlint %s (%s/%s)\n", orDefault(opts.Version, "dev"), runtime.GOOS, runtime.GOARCH)
	res, err := r.run(ctx)
	if err != nil {
		return nil, &safeError{err}
	}
	return res, nil
}

// safeError is an error whose message is printed as one inert line: it
// may quote a file name from the merge request.
type safeError struct{ err error }

func (e *safeError) Error() string { return output.SafeLine(e.err.Error()) }
func (e *safeError) Unwrap() error { return e.err }

func (r *run) run(ctx context.Context) (*Result, error) {
	if r.getenv("GITLAB_CI") != "true" && r.getenv("CI_PIPELINE_SOURCE") == "" {
		return nil, lint.Usagef("GITLAB_CI and CI_PIPELINE_SOURCE are not set: promptlint gitlab runs in a GitLab CI/CD job (locally, use promptlint check)")
	}
	if err := r.checkSubdir(); err != nil {
		return nil, err
	}
	r.projectDir = orDefault(r.getenv("CI_PROJECT_DIR"), ".")
	if !filepath.IsAbs(r.projectDir) && r.opts.Dir != "" {
		r.projectDir = filepath.Join(r.opts.Dir, r.projectDir)
	}
	if err := r.checkOutputs(); err != nil {
		return nil, err
	}
	source := r.getenv("CI_PIPELINE_SOURCE")
	if source == "merge_request_event" {
		return r.mergeRequest(ctx)
	}
	r.logf("promptlint: a %s pipeline has no merge request, so promptlint lints the checkout", orDefault(source, "GitLab"))
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

// logf writes one line to the job log, made inert (the merge request's
// text may be quoted in it).
func (r *run) logf(format string, args ...any) {
	fmt.Fprintln(r.log, output.SafeLine(fmt.Sprintf(format, args...)))
}

// warn writes a warning to the job log and keeps it for the Markdown
// report.
func (r *run) warn(msg string) {
	r.logf("promptlint: warning: %s", msg)
	r.warnings = append(r.warnings, msg)
}

// checkOutputs checks the paths of the files to write, before any work.
func (r *run) checkOutputs() error {
	seen := map[string]string{}
	for _, o := range []struct{ flag, p string }{
		{"--code-quality", r.opts.CodeQuality}, {"--report", r.opts.Report}, {"--markdown", r.opts.Markdown},
	} {
		if o.p == "" {
			continue
		}
		rel, err := r.localPath(o.flag, o.p)
		if err != nil {
			return err
		}
		if prev, dup := seen[rel]; dup {
			return lint.Usagef("%s and %s both write %s", prev, o.flag, rel)
		}
		seen[rel] = o.flag
	}
	return nil
}

// localPath checks a path relative to the project directory (or an
// absolute one inside it: GitLab keeps artifacts only from there) and
// returns it slash-separated.
func (r *run) localPath(flag, p string) (string, error) {
	if filepath.IsAbs(p) {
		abs, err := filepath.Abs(r.projectDir)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(abs, p)
		if err != nil || !filepath.IsLocal(rel) {
			return "", lint.Usagef("%s: %q is outside the project directory (CI_PROJECT_DIR); GitLab keeps artifacts only from inside it", flag, p)
		}
		p = rel
	}
	if !filepath.IsLocal(p) {
		return "", lint.Usagef("%s: %q must be a path inside the project directory (CI_PROJECT_DIR)", flag, p)
	}
	return path.Clean(filepath.ToSlash(p)), nil
}

// useConfig applies the command line over the configuration and makes it
// the run's.
func (r *run) useConfig(cf lint.ConfigFile) error {
	o := host.Overrides{Files: r.opts.Files, ReviewThreshold: r.opts.ReviewThreshold, OnlyNew: r.opts.OnlyNew}
	cfg, rules, err := o.Apply(cf, r.opts.Rules)
	if err != nil {
		return err
	}
	r.cfg, r.rules = cfg, rules
	return nil
}

// checkSubdir checks --dir and makes it a clean slash-separated path ("" for
// the root).
func (r *run) checkSubdir() error {
	d := strings.Trim(filepath.ToSlash(r.opts.Subdir), "/")
	if d == "" || d == "." {
		r.opts.Subdir = ""
		return nil
	}
	d = path.Clean(d)
	if !fs.ValidPath(d) {
		return lint.Usagef("--dir: %q is not a folder inside the repository", r.opts.Subdir)
	}
	r.opts.Subdir = d
	return nil
}

// configCandidates are the repository paths the configuration is looked
// for at: --config, else .promptlint.yaml and .promptlint.yml in --dir.
func (r *run) configCandidates() []string {
	if r.opts.Config != "" {
		return []string{path.Clean(strings.TrimPrefix(r.opts.Config, "./"))}
	}
	var out []string
	for _, n := range lint.ConfigNames {
		out = append(out, path.Join(r.opts.Subdir, n))
	}
	return out
}

// where names the part of the repository checked, for messages.
func (r *run) where(what string) string {
	if r.opts.Subdir == "" {
		return what
	}
	return what + " under " + r.opts.Subdir
}

// workspaceConfig reads the config from the checkout.
func (r *run) workspaceConfig() (lint.ConfigFile, error) {
	cf, err := lint.FindConfigFile(os.DirFS(r.projectDir), r.configCandidates())
	if err != nil {
		return lint.ConfigFile{}, err
	}
	switch {
	case cf.Path != "":
		r.logf("promptlint: config %s from the checkout", cf.Path)
	case r.opts.Config != "":
		return lint.ConfigFile{}, lint.Usagef("--config: %s is not in the checkout", r.opts.Config)
	default:
		r.logf("promptlint: no %s in the checkout; the defaults apply", strings.Join(r.configCandidates(), " or "))
	}
	return cf, nil
}

// lintWorkspace runs `lint` over the checkout (the folder --dir in it):
// pipelines without a merge request, and merge requests past what
// GitLab's diff lists. The report names files from the repository root.
func (r *run) lintWorkspace(ctx context.Context) (*lint.Report, error) {
	if entries, err := os.ReadDir(r.projectDir); err != nil || len(entries) == 0 {
		// Never green having checked nothing.
		return nil, fmt.Errorf("the checkout is empty (GIT_STRATEGY: none?), so promptlint has nothing to lint")
	}
	root := "."
	if r.opts.Subdir != "" {
		if fi, err := os.Stat(filepath.Join(r.projectDir, filepath.FromSlash(r.opts.Subdir))); err != nil || !fi.IsDir() {
			return nil, lint.Usagef("--dir: %s is not a folder of the checkout", r.opts.Subdir)
		}
		root = r.opts.Subdir
	}
	rep, err := lint.Run(ctx, lint.Input{Lint: true, Head: lint.DirFS(r.projectDir), Paths: []string{root}, Config: lint.ConfigFile{Config: r.cfg}, Registry: r.opts.Rules})
	if err != nil {
		return nil, fmt.Errorf("linting the checkout: %w", err)
	}
	if rep.Files == 0 {
		msg := fmt.Sprintf("no prompt file in %s matches the globs %s, so nothing was checked; set --files if your prompts live elsewhere", r.where("the checkout"), host.Globs(r.cfg))
		r.warn(msg)
		r.notes = append(r.notes, msg)
	}
	rep.Notes = append(rep.Notes, r.notes...)
	return rep, nil
}

// finish writes the findings to the log, the Code Quality report and the
// JSON report; then runs note, which keeps the merge request's note up to
// date and returns its URL; then writes the Markdown report (with any
// warning the note gave) and decides the exit code. A Code Quality or
// JSON report that cannot be written fails the run before the note; a
// Markdown report that cannot be is a warning.
func (r *run) finish(rep *lint.Report, note func(*lint.Report) string) (*Result, error) {
	rep.Notes = host.Dedupe(rep.Notes)
	if err := output.Text(r.out, rep); err != nil {
		return nil, fmt.Errorf("writing the findings: %w", err)
	}
	if p := r.opts.CodeQuality; p != "" {
		if err := r.writeFile("the Code Quality report", p, func(w io.Writer) error { return output.GitLab(w, rep) }); err != nil {
			return nil, err
		}
	}
	if p := r.opts.Report; p != "" {
		if err := r.writeFile("the JSON report", p, func(w io.Writer) error { return output.JSON(w, rep) }); err != nil {
			return nil, err
		}
	}
	url := ""
	if note != nil {
		url = note(rep)
	}
	if p := r.opts.Markdown; p != "" {
		md := output.MarkdownString(rep, output.MarkdownOptions{MaxSize: markdownLimit - 4096, RunURL: r.getenv("CI_JOB_URL"), Summary: true, Host: reportWords})
		for _, w := range r.warnings {
			md += "\n> [!WARNING]\n> " + output.SafeLine(w) + "\n"
		}
		if err := r.writeFile("the Markdown report", p, func(w io.Writer) error { _, err := io.WriteString(w, md); return err }); err != nil {
			r.logf("promptlint: warning: %v", err)
		}
	}
	s := rep.Summary()
	r.logf("promptlint: %d changed prompts, %d errors, %d warnings, %d notices", s.Changed, s.Errors, s.Warnings, s.Notices)
	code := 0
	if rep.Fails(r.opts.FailOn) { // with only_new, only new findings count
		code = 1
	}
	return &Result{ExitCode: code, Report: rep, NoteURL: url}, nil
}

// writeFile writes one report into the project directory, never through
// a link (the checkout is the merge request's).
func (r *run) writeFile(what, p string, write func(io.Writer) error) error {
	rel, err := r.localPath(what, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("writing %s: %w", what, err)
	}
	if err := output.WriteFileIn(r.projectDir, rel, buf.Bytes()); err != nil {
		return fmt.Errorf("writing %s %s: %w", what, rel, err)
	}
	r.logf("promptlint: wrote %s to %s", what, rel)
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
