// Command promptlint lints LLM prompt files and checks prompt changes in
// pull requests: semantic versions, variable conventions, a diff summary
// with similarity, and the production checklist. It runs offline.
//
// main.go wires the outside world: flags, environment, git, the GitHub API
// and the exit code. Everything below it is in lint/ and checks/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/action"
	"github.com/promptlint/promptlint/lint/checklist"
	"github.com/promptlint/promptlint/lint/git"
	"github.com/promptlint/promptlint/lint/output"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

// Exit codes.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // bad usage or config
	exitFailure  = 3 // the tool could not finish (I/O, git, API)
)

func main() {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "promptlint: finding the working directory: %v\n", err)
		os.Exit(exitFailure)
	}
	os.Exit(run(&process{Dir: dir, Env: os.Environ(), Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}

// process is what the program sees of the outside world: a working
// directory, an environment and the standard streams. run reads and
// writes through it only (never the process's own working directory or
// environment), so tests run it in parallel, each in its own directory.
type process struct {
	Dir    string   // the working directory, absolute
	Env    []string // KEY=value
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// getenv returns the value of key in p.Env, the last one when repeated.
func (p *process) getenv(key string) string {
	v := ""
	for _, kv := range p.Env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// abs resolves a command-line path against the working directory.
func (p *process) abs(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(p.Dir, name)
}

// repo is the git repository around the working directory.
func (p *process) repo() git.Repo { return git.Repo{Dir: p.Dir, Env: p.Env} }

const usage = `usage: promptlint <command> [flags]

commands:
  lint    [flags] [PATH...]   run the rules on prompt files (default PATH: .)
  check   [flags]             PR check: base vs head, lint of changed prompts, checklist
  inspect [flags] FILE...     print the parsed model of each prompt
  rules   [flags]             list every rule with its id, severity and summary
  init    [--force]           write .promptlint.yaml and a PR template
  action                      the GitHub Action entry point
  version                     print the version

common flags: --config FILE  --format text|json|markdown|sarif|github  --fail-on error|warning|notice|none
run 'promptlint <command> -h' for a command's flags.
`

// run is the whole program: it returns the exit code.
func run(p *process, args []string) int {
	stdout, stderr := p.Stdout, p.Stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var err error
	code := exitOK
	switch cmd {
	case "lint":
		code, err = p.lint(rest)
	case "check":
		code, err = p.check(rest)
	case "inspect":
		code, err = p.inspect(rest)
	case "rules":
		code, err = p.rules(rest)
	case "init":
		code, err = p.init(rest)
	case "action":
		code, err = p.action()
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "promptlint", buildVersion())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "promptlint: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	if err != nil {
		var ue *lint.UsageError
		switch {
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "promptlint %s: %v\n", cmd, err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "promptlint %s: %v\n", cmd, err)
		return exitFailure
	}
	return code
}

func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	// A build from a checkout: name the commit, as go build records it.
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) >= 7 {
		v := "dev+" + rev[:7]
		if dirty {
			v += "-dirty"
		}
		return v
	}
	return "dev"
}

// common holds the flags every reporting command takes.
type common struct {
	config string
	format string
	failOn string
}

func newFlags(name string, stderr io.Writer, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet("promptlint "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if c != nil {
		fs.StringVar(&c.config, "config", "", "config `file` (default .promptlint.yaml when present)")
		fs.StringVar(&c.format, "format", "text", "output format: text, json, markdown, sarif or github")
		fs.StringVar(&c.failOn, "fail-on", "error", "exit 1 on findings at or above: error, warning, notice or none")
	}
	return fs
}

// parseFlags parses flags wherever they stand among the arguments
// (`promptlint lint prompts --format json`), as users of golangci-lint
// expect; after "--" everything is an argument. The arguments are left in
// fs.Args() order through a second parse of the collected positionals.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &lint.UsageError{Err: err}
		}
		rest := fs.Args()
		// flag stops at the first non-flag, or after "--" (which it drops).
		consumed := len(args) - len(rest)
		if len(rest) == 0 {
			break
		}
		if consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

// loadConfig reads the config file named by --config, else
// .promptlint.yaml in the working directory, else the defaults; and
// applies it to the rule registry.
func (p *process) loadConfig(name string) (*lint.Config, []*lint.Rule, error) {
	cfg := lint.DefaultConfig()
	if name == "" {
		for _, n := range []string{".promptlint.yaml", ".promptlint.yml"} {
			if _, err := os.Stat(p.abs(n)); err == nil {
				name = n
				break
			}
		}
	}
	if name != "" {
		f, err := os.Open(p.abs(name))
		if err != nil {
			return nil, nil, &lint.UsageError{Err: fmt.Errorf("reading config: %w", err)}
		}
		defer f.Close()
		if cfg, err = lint.LoadConfig(name, f); err != nil {
			return nil, nil, err
		}
	}
	rules, err := cfg.Apply(checks.All)
	if err != nil {
		return nil, nil, err
	}
	return cfg, rules, nil
}

func (c *common) threshold() (lint.Severity, error) {
	s, err := lint.ParseSeverity(c.failOn)
	if err != nil {
		return 0, lint.Usagef("--fail-on: %q is not error, warning, notice or none", c.failOn)
	}
	return s, nil
}

// write prints a report in the chosen format and returns the exit code.
func (c *common) write(stdout, stderr io.Writer, rep *lint.Report, rules []*lint.Rule) (int, error) {
	threshold, err := c.threshold()
	if err != nil {
		return 0, err
	}
	switch c.format {
	case "text":
		err = output.Text(stdout, rep)
		s := rep.Summary()
		fmt.Fprintf(stderr, "%d prompt files, %d prompts, %d errors, %d warnings, %d notices\n", s.Files, s.Prompts, s.Errors, s.Warnings, s.Notices)
	case "json":
		err = output.JSON(stdout, rep)
	case "markdown":
		err = output.Markdown(stdout, rep, output.MarkdownOptions{})
	case "sarif":
		err = output.SARIF(stdout, rep, rules, buildVersion())
	case "github":
		err = output.GitHub(stdout, rep, 0)
	default:
		return 0, lint.Usagef("--format: unknown format %q (want text, json, markdown, sarif or github)", c.format)
	}
	if err != nil {
		return 0, fmt.Errorf("writing report: %w", err)
	}
	if lint.AtLeast(rep.Findings, threshold) {
		return exitFindings, nil
	}
	return exitOK, nil
}

func (p *process) lint(args []string) (int, error) {
	stdout, stderr := p.Stdout, p.Stderr
	var c common
	fl := newFlags("lint", stderr, &c)
	if err := parseFlags(fl, args); err != nil {
		return 0, err
	}
	if _, err := c.threshold(); err != nil {
		return 0, err
	}
	cfg, rules, err := p.loadConfig(c.config)
	if err != nil {
		return 0, err
	}
	paths, err := p.relPaths(fl.Args())
	if err != nil {
		return 0, err
	}
	rep, err := lint.Lint(os.DirFS(p.Dir), paths, cfg, rules)
	if err != nil {
		return 0, err
	}
	return c.write(stdout, stderr, rep, rules)
}

// relPaths turns command-line paths into slash-separated paths relative to
// the working directory, which is the root of the tree linted.
func (p *process) relPaths(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		abs := p.abs(a)
		rel, err := filepath.Rel(p.Dir, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, lint.Usagef("path %s is outside the working directory; run promptlint from a directory that contains it", a)
		}
		if _, err := os.Lstat(abs); err != nil {
			return nil, lint.Usagef("path %s: no such file or directory", a)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

func (p *process) check(args []string) (int, error) {
	stdout, stderr := p.Stdout, p.Stderr
	var c common
	var baseRev, baseDir, headRev, headDir, prBody string
	fl := newFlags("check", stderr, &c)
	fl.StringVar(&baseRev, "base", "", "git `revision` the change is compared against (e.g. origin/main)")
	fl.StringVar(&baseDir, "base-dir", "", "`directory` holding the base tree (instead of --base)")
	fl.StringVar(&headRev, "head", "", "git `revision` of the change (default: the working tree)")
	fl.StringVar(&headDir, "head-dir", "", "`directory` holding the head tree (default: the working tree)")
	fl.StringVar(&prBody, "pr-body", "", "`file` holding the PR description, for the checklist")
	if err := parseFlags(fl, args); err != nil {
		return 0, err
	}
	if fl.NArg() > 0 {
		return 0, lint.Usagef("unexpected arguments %q", fl.Args())
	}
	if (baseRev == "") == (baseDir == "") {
		return 0, lint.Usagef("give exactly one of --base REV or --base-dir DIR")
	}
	if headRev != "" && headDir != "" {
		return 0, lint.Usagef("give at most one of --head REV or --head-dir DIR")
	}
	if _, err := c.threshold(); err != nil {
		return 0, err
	}
	cfg, rules, err := p.loadConfig(c.config)
	if err != nil {
		return 0, err
	}
	ctx := context.Background()
	var base, head fs.FS
	if baseDir != "" {
		if base, err = dirFS(p.abs(baseDir)); err != nil {
			return 0, err
		}
	} else {
		t, err := p.repo().Open(ctx, baseRev)
		if err != nil {
			return 0, err
		}
		defer t.Close()
		base = t
	}
	switch {
	case headDir != "":
		if head, err = dirFS(p.abs(headDir)); err != nil {
			return 0, err
		}
	case headRev != "":
		t, err := p.repo().Open(ctx, headRev)
		if err != nil {
			return 0, err
		}
		defer t.Close()
		head = t
	default:
		head = os.DirFS(p.Dir)
	}
	var commits []lint.Commit
	if baseRev != "" {
		h := headRev
		if h == "" {
			h = "HEAD"
		}
		log, err := p.repo().Log(ctx, baseRev, h, nil)
		if err != nil {
			return 0, err
		}
		for _, gc := range log {
			commits = append(commits, lint.Commit{SHA: gc.SHA, Message: gc.Message, Paths: gc.Paths})
		}
	}
	pr := &lint.PullRequest{}
	if prBody != "" {
		b, err := os.ReadFile(p.abs(prBody))
		if err != nil {
			return 0, lint.Usagef("--pr-body: %v", err)
		}
		pr.Body = string(b)
	}
	rep, err := lint.Check(base, head, cfg, rules, pr, commits)
	if err != nil {
		return 0, err
	}
	if err := p.checkGate(rep, base, c.config, cfg, baseRev != ""); err != nil {
		return 0, err
	}
	return c.write(stdout, stderr, rep, rules)
}

// checkGate reports what the change does to its own gate (gate-weakened):
// the config in use against the same file in the base tree. A base
// directory without that file is taken to share the config (it may hold
// only prompts); a base revision without it had the defaults.
func (p *process) checkGate(rep *lint.Report, base fs.FS, name string, cfg *lint.Config, revision bool) error {
	head := lint.ConfigFile{Config: cfg}
	for _, n := range append([]string{name}, lint.ConfigNames...) {
		if data, err := os.ReadFile(p.abs(n)); n != "" && err == nil {
			head.Path, head.Data = filepath.ToSlash(n), data
			break
		}
	}
	baseCfg := lint.ConfigFile{Config: lint.DefaultConfig()}
	if head.Path != "" && filepath.IsLocal(head.Path) {
		var err error
		if baseCfg, err = lint.ReadConfigFile(base, head.Path); err != nil {
			return fmt.Errorf("the base side's config: %w", err)
		}
	}
	if baseCfg.Path == "" && !revision {
		baseCfg = head
	}
	lint.Gate(rep, baseCfg, head, checks.All)
	return nil
}

func dirFS(dir string) (fs.FS, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, lint.Usagef("%v", err)
	}
	if !info.IsDir() {
		return nil, lint.Usagef("%s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}

func (p *process) inspect(args []string) (int, error) {
	stdout, stderr := p.Stdout, p.Stderr
	var c common
	fl := newFlags("inspect", stderr, &c)
	if err := parseFlags(fl, args); err != nil {
		return 0, err
	}
	if fl.NArg() == 0 {
		return 0, lint.Usagef("name at least one prompt file")
	}
	cfg, _, err := p.loadConfig(c.config)
	if err != nil {
		return 0, err
	}
	paths, err := p.relPaths(fl.Args())
	if err != nil {
		return 0, err
	}
	files, err := lint.ReadFiles(os.DirFS(p.Dir), paths, cfg)
	if err != nil {
		return 0, err
	}
	var prompts []*lint.Prompt
	code := exitOK
	for _, f := range files {
		if f.Err != nil {
			fmt.Fprintln(stderr, output.SafeLine(f.Err.Error()))
			code = exitFindings
		}
		prompts = append(prompts, f.Prompts...)
	}
	if c.format != "text" && c.format != "json" {
		return 0, lint.Usagef("--format: inspect writes text or json, not %q", c.format)
	}
	// Show the environment the rules apply (declared, by path, or the
	// default), not only a declared one.
	if err := output.Inspect(stdout, prompts, c.format, cfg.EnvironmentOf); err != nil {
		return 0, fmt.Errorf("writing report: %w", err)
	}
	return code, nil
}

func (p *process) rules(args []string) (int, error) {
	stdout, stderr := p.Stdout, p.Stderr
	var format, config string
	fl := newFlags("rules", stderr, nil)
	fl.StringVar(&format, "format", "text", "output format: text, markdown or json")
	fl.StringVar(&config, "config", "", "config `file`: show severities as configured")
	if err := parseFlags(fl, args); err != nil {
		return 0, err
	}
	rules := checks.All
	if config != "" {
		_, r, err := p.loadConfig(config)
		if err != nil {
			return 0, err
		}
		rules = r
	}
	switch format {
	case "text", "markdown", "json":
	default:
		return 0, lint.Usagef("--format: unknown format %q (want text, markdown or json)", format)
	}
	if err := output.Rules(stdout, rules, format); err != nil {
		return 0, fmt.Errorf("writing rules: %w", err)
	}
	return exitOK, nil
}

func (p *process) init(args []string) (int, error) {
	stdout, stderr := p.Stdout, p.Stderr
	var force bool
	fl := newFlags("init", stderr, nil)
	fl.BoolVar(&force, "force", false, "overwrite existing files")
	if err := parseFlags(fl, args); err != nil {
		return 0, err
	}
	files := []struct{ path, content string }{
		{".promptlint.yaml", lint.DefaultConfigYAML},
		{filepath.Join(".github", "pull_request_template.md"), checklist.PRTemplate},
	}
	if !force {
		for _, f := range files {
			if _, err := os.Stat(p.abs(f.path)); err == nil {
				return 0, lint.Usagef("%s exists; use --force to overwrite it", f.path)
			}
		}
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(p.abs(f.path)), 0o755); err != nil {
			return 0, fmt.Errorf("writing %s: %w", f.path, err)
		}
		if err := os.WriteFile(p.abs(f.path), []byte(f.content), 0o644); err != nil {
			return 0, fmt.Errorf("writing %s: %w", f.path, err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", filepath.ToSlash(f.path))
	}
	return exitOK, nil
}

func (p *process) action() (int, error) {
	res, err := action.Run(context.Background(), action.Options{
		Getenv:  p.getenv,
		Stdout:  p.Stdout,
		Stderr:  p.Stderr,
		Rules:   checks.All,
		Version: buildVersion(),
	})
	if err != nil {
		return 0, err
	}
	return res.ExitCode, nil
}
