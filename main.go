// Command promptlint lints LLM prompt files and checks prompt changes in
// pull requests: semantic versions, variable conventions, a diff summary
// with similarity, and the production checklist. It runs offline.
//
// main.go wires the outside world: flags, environment, git, the GitHub and
// GitLab APIs and the exit code. Everything below it is in lint/ and checks/.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/action"
	"github.com/promptlint/promptlint/lint/checklist"
	"github.com/promptlint/promptlint/lint/diff"
	"github.com/promptlint/promptlint/lint/git"
	"github.com/promptlint/promptlint/lint/gitlab/pipeline"
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
	// A soft memory limit keeps the heap of a large check near its live
	// size rather than twice it: 1,000 changed prompts stay under 150 MB
	// of resident memory. GOMEMLIMIT in the environment overrides it.
	// Under the limit, the collector runs when the heap has grown by
	// twice its live size rather than once: a lint of 10,000 files spends
	// a tenth less CPU, and the limit still bounds the heap.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(gcPercent)
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "promptlint: finding the working directory: %v\n", err)
		os.Exit(exitFailure)
	}
	os.Exit(run(&process{Dir: dir, Env: os.Environ(), Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}

// memoryLimit is the soft limit of the Go runtime's memory (see main).
const memoryLimit = 128 << 20

// gcPercent is GOGC under memoryLimit (see main).
const gcPercent = 200

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

// command is one subcommand of promptlint.
type command struct {
	name     string
	args     string   // the synopsis after the name: "[flags] [PATH...]"
	summary  string   // one line, for the command list
	desc     string   // what it does, for `promptlint help CMD`
	examples []string // command lines, each optionally followed by "  # what it does"
	// setup defines the command's flags on fl and returns the function
	// that runs it with the arguments left after the flags.
	setup func(fl *flag.FlagSet) func(p *process, args []string) (int, error)
}

// commands are promptlint's subcommands, in the order of the usage text.
var commands []*command

func init() {
	commands = []*command{lintCmd, checkCmd, fixCmd, inspectCmd, rulesCmd, initCmd, configCmd, actionCmd, gitlabCmd, versionCmd, helpCmd}
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usage is the text of `promptlint help`.
func usage() string {
	var b strings.Builder
	b.WriteString("promptlint checks LLM prompt files and the pull requests that change them.\n\nusage: promptlint <command> [flags] [arguments]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Run 'promptlint help <command>' (or 'promptlint <command> -h') for a
command's flags and examples.

exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 bad usage or config; 3 the tool could not finish (I/O, git, API).
`)
	return b.String()
}

// run is the whole program: it returns the exit code.
func run(p *process, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, usage())
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	cmd := lookup(name)
	if cmd == nil {
		var names []string
		for _, c := range commands {
			names = append(names, c.name)
		}
		fmt.Fprintf(p.Stderr, "promptlint: unknown command %q%s\nRun 'promptlint help' for the list of commands.\n", name, lint.DidYouMean(name, names))
		return exitUsage
	}
	code, err := p.runCommand(cmd, rest)
	if err == nil {
		return code
	}
	var bf *badFlag
	var ue *lint.UsageError
	switch {
	case errors.As(err, &bf):
		fmt.Fprintf(p.Stderr, "promptlint %s: %s\nRun 'promptlint help %s' for its flags.\n", cmd.name, output.SafeLine(bf.msg), cmd.name)
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(p.Stderr, "promptlint %s: %s\n", cmd.name, output.SafeLine(err.Error()))
		return exitUsage
	}
	fmt.Fprintf(p.Stderr, "promptlint %s: %s\n", cmd.name, output.SafeLine(err.Error()))
	return exitFailure
}

// runCommand parses the command's flags and runs it; -h prints its help.
func (p *process) runCommand(cmd *command, args []string) (int, error) {
	fl := newFlagSet(cmd)
	runner := cmd.setup(fl)
	if err := parseFlags(fl, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(p.Stdout, commandHelp(cmd))
			return exitOK, nil
		}
		return 0, err
	}
	return runner(p, fl.Args())
}

// newFlagSet returns an empty flag set that prints nothing itself: errors
// are reported once, by run, and help by commandHelp.
func newFlagSet(cmd *command) *flag.FlagSet {
	fl := flag.NewFlagSet("promptlint "+cmd.name, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.Usage = func() {}
	return fl
}

// commandHelp is the text of `promptlint help CMD` and `CMD -h`: the
// synopsis, the description, every flag in --long form with its default,
// and examples.
func commandHelp(cmd *command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: promptlint %s %s\n\n%s\n", cmd.name, cmd.args, strings.TrimSpace(cmd.desc))
	fl := newFlagSet(cmd)
	cmd.setup(fl)
	type row struct{ flag, usage string }
	var rows []row
	width := 0
	fl.VisitAll(func(f *flag.Flag) {
		name, use := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool || name != "" {
			if name == "" || name == "value" {
				name = "VALUE"
			}
			left += " " + strings.ToUpper(name)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			use += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{left, use})
		width = max(width, len(left))
	})
	if len(rows) > 0 {
		b.WriteString("\nflags:\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, r.flag, r.usage)
		}
	}
	if len(cmd.examples) > 0 {
		b.WriteString("\nexamples:\n")
		for _, e := range cmd.examples {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	return b.String()
}

// flagMessage matches the messages of package flag that name a flag with
// one dash.
var flagMessage = regexp.MustCompile(`^(invalid boolean value ".*" for |flag needs an argument: )-`)

// invalidValue matches the message of package flag for a value that the
// flag's Set refused; the refusal says it all.
var invalidValue = regexp.MustCompile(`^invalid value ".*" for flag -([a-z][a-z0-9-]*): `)

// badFlag is a problem with a command's flags: a usage error after which
// run points at the command's help.
type badFlag struct{ msg string }

func (e *badFlag) Error() string { return e.msg }

// parseFlags parses flags wherever they stand among the arguments
// (`promptlint lint prompts --format json`), as users of golangci-lint
// expect; after "--" everything is an argument. The arguments are left in
// fs.Args() order through a second parse of the collected positionals.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return flagError(fs, err)
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

// flagError rewrites an error of package flag in --long form, with a
// "did you mean" for an unknown flag.
func flagError(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		msg = "unknown flag --" + name
		if m := lint.Suggest(name, names); m != "" {
			msg += " (did you mean --" + m + "?)"
		}
	} else if m := invalidValue.FindStringSubmatch(msg); m != nil {
		msg = "--" + m[1] + ": " + msg[len(m[0]):]
	} else {
		msg = flagMessage.ReplaceAllString(msg, "${1}--")
	}
	return &badFlag{msg: msg}
}

// workspace is where a run reads: the directory its config's globs are
// relative to, and the config.
type workspace struct {
	// root is the directory of the config file; without one, the root of
	// the repository around the working directory; outside a repository,
	// the working directory. Paths in every output are relative to it.
	root   string
	config string // path of the config file as shown to the user; "" for the defaults
	file   lint.ConfigFile
	cfg    *lint.Config
	rules  []*lint.Rule
	// inRepo is the root's path from the root of the repository around
	// it ("" when they are the same, or outside a repository), for the
	// formats that other tools resolve against the repository root.
	inRepo string
}

// findConfig looks for a config file in dir and its parents, up to and
// including the repository root (the first directory holding .git); it
// returns the file ("" when none) and the repository root ("" outside a
// repository).
func findConfig(dir string) (config, repo string) {
	for d := dir; ; d = filepath.Dir(d) {
		for _, n := range lint.ConfigNames {
			if fi, err := os.Stat(filepath.Join(d, n)); config == "" && err == nil && fi.Mode().IsRegular() {
				config = filepath.Join(d, n)
			}
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return config, d
		}
		if filepath.Dir(d) == d {
			return config, ""
		}
	}
}

// display returns a path as the user should see it in a message: relative
// to the working directory when it is under it or near, else absolute.
func (p *process) display(abs string) string {
	if rel, err := filepath.Rel(p.Dir, abs); err == nil && !strings.HasPrefix(rel, ".."+string(filepath.Separator)+"..") {
		return rel
	}
	return abs
}

// workspace finds and loads the config (the --config file when named,
// else .promptlint.yaml in the working directory or its nearest parent,
// up to the repository root), and applies it to the rule registry.
func (p *process) workspace(configFlag string) (*workspace, error) {
	ws := &workspace{cfg: lint.DefaultConfig()}
	path, repo := findConfig(p.Dir)
	if configFlag != "" {
		path = p.abs(configFlag)
	}
	switch {
	case path != "":
		ws.root = filepath.Dir(path)
	case repo != "":
		ws.root = repo
	default:
		ws.root = p.Dir
	}
	if path != "" {
		ws.config = p.display(path)
		f, err := os.Open(path)
		if err != nil {
			return nil, lint.Usagef("reading config %s: %v", ws.config, errors.Unwrap(err))
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, 1<<20))
		if err != nil {
			return nil, fmt.Errorf("reading config %s: %w", ws.config, err)
		}
		if ws.cfg, err = lint.LoadConfig(ws.config, bytes.NewReader(data)); err != nil {
			return nil, err
		}
		ws.file = lint.ConfigFile{Path: filepath.Base(path), Data: data}
	}
	ws.file.Config = ws.cfg
	// The registry is the program's own: a broken one is a bug to report,
	// not a config error.
	if err := lint.Validate(checks.All); err != nil {
		return nil, err
	}
	rules, err := ws.cfg.Apply(checks.All)
	if err != nil {
		return nil, err
	}
	ws.rules = rules
	if _, repo := findConfig(ws.root); repo != "" {
		if rel, err := filepath.Rel(repo, ws.root); err == nil && rel != "." {
			ws.inRepo = filepath.ToSlash(rel)
		}
	}
	return ws, nil
}

// rel returns abs as a slash-separated path relative to the workspace
// root, and whether it is inside the root.
func (ws *workspace) rel(abs string) (string, bool) {
	rel, err := filepath.Rel(ws.root, abs)
	if err != nil {
		return filepath.ToSlash(abs), false
	}
	rel = filepath.ToSlash(rel)
	return rel, rel != ".." && !strings.HasPrefix(rel, "../")
}

// globsTried describes the config's globs for a "nothing matched" message.
func (ws *workspace) globsTried() string {
	return fmt.Sprintf("the globs %s (files:, relative to %s)", strings.Join(ws.cfg.Files, ", "), ws.root)
}

// hasMeta reports whether a command-line path is a glob.
func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[{") }

// pathTree is what the command-line paths name, for the engine to read:
// the config's directory as a tree, with the folders and files named
// outside it mounted under the paths the report gives them
// ("../shared/prompts") and the standard input laid over it under
// --stdin-filename; and the files in it to read.
type pathTree struct {
	fs    fs.FS
	names []string // the files to read, sorted
	// named lists, for each file argument and each glob, the files it
	// named, so that one that named no prompt file can be reported.
	named []namedBy
	stdin string // the path the standard input is read under; "" without -
	opts  pathOptions
}

type namedBy struct {
	arg   string
	glob  bool
	names []string
}

// readPaths resolves the command-line paths into the tree the engine
// reads: a file is read whatever its name; a directory is walked with the
// config's globs; a glob (quoted, so the shell left it) is expanded like
// the shell would, with `**`; "-" is the standard input, named by
// stdinName. Paths outside the workspace root work too. With no paths,
// the working directory is walked. A path that yields no prompt file is a
// usage error (see pathTree.check for those whose content shows it).
func (p *process) readPaths(ws *workspace, args []string, opts pathOptions) (*pathTree, error) {
	implicit := len(args) == 0
	if implicit {
		args = []string{"."}
	}
	cfg := ws.cfg
	root := lint.DirFS(ws.root)
	t := &pathTree{fs: root, opts: opts}
	seen := map[string]bool{}
	add := func(names []string) {
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				t.names = append(t.names, n)
			}
		}
	}
	// addOutside mounts a directory outside the root in the tree, under
	// its path from the root, and adds the files named in it.
	mounted := map[string]bool{}
	addOutside := func(dir string, names []string) {
		at, _ := ws.rel(dir)
		if !mounted[at] {
			mounted[at] = true
			t.fs = lint.Mount(t.fs, at, lint.DirFS(dir))
		}
		for _, n := range names {
			name, _ := ws.rel(filepath.Join(dir, filepath.FromSlash(n)))
			add([]string{name})
		}
	}
	// addFile adds one file named (or matched by a glob) on the command
	// line and returns the name it is read under.
	addFile := func(abs string) string {
		rel, inside := ws.rel(abs)
		if opts.forceGlobs && (!inside || !cfg.Match(rel)) {
			return "" // not a prompt file by the config
		}
		if inside {
			add([]string{rel})
		} else {
			addOutside(filepath.Dir(abs), []string{filepath.Base(abs)})
		}
		return rel
	}
	usedStdin := false
	for _, a := range args {
		if a == "-" {
			if usedStdin {
				return nil, lint.Usagef("- (the standard input) is named twice")
			}
			usedStdin = true
			name, data, err := p.readStdin(ws, opts.stdinName)
			if err != nil {
				return nil, err
			}
			if !seen[name] {
				// A file named before it keeps its own content.
				t.fs, t.stdin = lint.Overlay(t.fs, map[string][]byte{name: data}), name
				add([]string{name})
			}
			continue
		}
		abs := p.abs(a)
		fi, err := os.Lstat(abs)
		if err != nil && hasMeta(a) {
			matches, err := expandGlob(abs)
			if err != nil {
				return nil, lint.Usagef("glob %q: %v", a, err)
			}
			if len(matches) == 0 {
				return nil, lint.Usagef("glob %q matched no file", a)
			}
			by := namedBy{arg: a, glob: true}
			for _, m := range matches {
				if name := addFile(m); name != "" {
					by.names = append(by.names, name)
				}
			}
			t.named = append(t.named, by)
			continue
		}
		if err != nil {
			return nil, lint.Usagef("path %s: no such file or directory", a)
		}
		if !fi.IsDir() {
			if name := addFile(abs); name != "" {
				t.named = append(t.named, namedBy{arg: a, names: []string{name}})
			}
			continue
		}
		var names []string
		rel, inside := ws.rel(abs)
		if inside {
			names, err = lint.Discover(root, []string{rel}, cfg)
			add(names)
		} else {
			// Walked as a tree of its own: its globs and ignore files
			// apply from it.
			names, err = lint.Discover(lint.DirFS(abs), nil, cfg)
			if err == nil {
				addOutside(abs, names)
			}
		}
		if err != nil {
			return nil, err
		}
		if len(names) == 0 {
			if implicit {
				where := p.display(abs)
				if where == "." {
					where = "the working directory"
				}
				fmt.Fprintf(p.Stderr, "promptlint: no prompt files in %s: nothing matched %s\n", where, ws.globsTried())
				continue
			}
			return nil, lint.Usagef("%s holds no prompt file: nothing in it matched %s", a, ws.globsTried())
		}
	}
	sort.Strings(t.names)
	return t, nil
}

// check returns the usage error for a file or glob named on the command
// line (or the standard input) that the engine read and found no prompt
// in (notPrompts, Report.NotPrompts): a mistake to say, not a silent
// pass. pre-commit's --force-globs names every changed file, documents
// included, and skips those.
func (t *pathTree) check(notPrompts []string) error {
	if t.opts.forceGlobs {
		return nil
	}
	skipped := map[string]bool{}
	for _, n := range notPrompts {
		skipped[n] = true
	}
	if t.stdin != "" && skipped[t.stdin] {
		return notPrompt("- (read as "+t.opts.stdinName+")", t.stdin)
	}
	for _, by := range t.named {
		if !slices.ContainsFunc(by.names, func(n string) bool { return !skipped[n] }) {
			if by.glob {
				return lint.Usagef("glob %q matched no prompt file: %s %s", by.arg, by.names[0], notPromptWhy(by.names[0]))
			}
			return notPrompt(by.arg, by.names[0])
		}
	}
	return nil
}

// notPrompt is the usage error for a file named on the command line whose
// content shows it is not a prompt.
func notPrompt(arg, name string) error {
	return lint.Usagef("%s is not a prompt file: it %s", arg, notPromptWhy(name))
}

// notPromptWhy says why a file in which Parse found no prompt is not one,
// as a predicate.
func notPromptWhy(name string) string {
	if lint.IsProjectDoc(name) {
		return "is a project document (README, CHANGELOG, CONTRIBUTING, LICENSE), never a prompt"
	}
	return "has no YAML front matter, so it documents prompts rather than being one (add front matter to make it a prompt; lint --force-globs skips the files that are not prompts)"
}

// pathOptions say how command-line paths are read.
type pathOptions struct {
	stdinName string // the path that "-" stands for
	// forceGlobs applies the config's globs to named files too, as to a
	// walked directory: pre-commit names every changed file.
	forceGlobs bool
}

// readStdin reads the standard input, up to one byte past the size
// limit (the engine says the file is too large), and returns it with the
// path it stands for (its format, environment and ignore globs follow
// from it), relative to the workspace root.
func (p *process) readStdin(ws *workspace, stdinName string) (string, []byte, error) {
	if stdinName == "" {
		return "", nil, lint.Usagef("- reads a prompt from the standard input: name it with --stdin-filename PATH (its extension says its format)")
	}
	name, _ := ws.rel(p.abs(stdinName))
	data, err := io.ReadAll(io.LimitReader(p.Stdin, ws.cfg.MaxFileSize+1))
	if err != nil {
		return "", nil, fmt.Errorf("reading the standard input: %w", err)
	}
	return name, data, nil
}

// expandGlob returns the files that an absolute glob matches, in order,
// without following symbolic links or entering .git and node_modules.
func expandGlob(pattern string) ([]string, error) {
	pattern = filepath.ToSlash(pattern)
	// The walk starts at the longest leading directory without a
	// metacharacter.
	base := "/"
	parts := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	i := 0
	for ; i < len(parts)-1 && !hasMeta(parts[i]); i++ {
		base = path.Join(base, parts[i])
	}
	rest := strings.Join(parts[i:], "/")
	if !doublestar.ValidatePattern(rest) {
		return nil, errors.New("not a valid glob")
	}
	var out []string
	err := doublestar.GlobWalk(os.DirFS(base), rest, func(m string, d fs.DirEntry) error {
		for _, part := range strings.Split(m, "/") {
			if part == ".git" || part == "node_modules" {
				return nil
			}
		}
		out = append(out, filepath.Join(filepath.FromSlash(base), filepath.FromSlash(m)))
		return nil
	}, doublestar.WithFilesOnly(), doublestar.WithNoFollow())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// reportFormats are the formats of lint and check.
var reportFormats = []string{"text", "json", "markdown", "sarif", "github", "gitlab", "junit", "checkstyle"}

// repoFormats are the formats whose readers resolve paths against the
// repository root (code scanning, annotations, GitLab, reviewdog, test
// reports), so they name files from there.
var repoFormats = map[string]bool{"sarif": true, "github": true, "gitlab": true, "junit": true, "checkstyle": true}

// underPrefix returns a copy of the report whose paths start with prefix
// (the tree's directory in the repository); the report itself when
// prefix is "".
func underPrefix(rep *lint.Report, prefix string) *lint.Report {
	if prefix == "" {
		return rep
	}
	cp := *rep
	cp.Findings = append([]lint.Finding(nil), rep.Findings...)
	for i := range cp.Findings {
		cp.Findings[i].Path = path.Join(prefix, cp.Findings[i].Path)
	}
	cp.Prompts = append([]lint.PromptReport(nil), rep.Prompts...)
	for i := range cp.Prompts {
		for _, pp := range []**lint.Prompt{&cp.Prompts[i].Prompt, &cp.Prompts[i].Base} {
			if *pp != nil {
				moved := **pp
				moved.Path = path.Join(prefix, moved.Path)
				*pp = &moved
			}
		}
	}
	cp.Checklist = append([]lint.ChecklistItem(nil), rep.Checklist...)
	for i := range cp.Checklist {
		cp.Checklist[i].Path = path.Join(prefix, cp.Checklist[i].Path)
	}
	return &cp
}

// outputSpec is one report to write: a format and a file ("" for stdout).
type outputSpec struct {
	format string
	path   string
}

// formatFlag is a repeatable --format FORMAT[=FILE], checked as it is
// parsed so that a bad format stops the run before any work.
type formatFlag struct {
	specs   []outputSpec
	allowed []string
}

func (f *formatFlag) String() string {
	if f == nil || len(f.specs) == 0 {
		return ""
	}
	var s []string
	for _, o := range f.specs {
		if o.path != "" {
			s = append(s, o.format+"="+o.path)
		} else {
			s = append(s, o.format)
		}
	}
	return strings.Join(s, ",")
}

func (f *formatFlag) Set(v string) error {
	name, file, hasFile := strings.Cut(v, "=")
	if !slices.Contains(f.allowed, name) {
		return fmt.Errorf("unknown format %q (want %s)%s", name, orList(f.allowed), lint.DidYouMean(name, f.allowed))
	}
	if hasFile && file == "" {
		return fmt.Errorf("%s= names no file", name)
	}
	f.specs = append(f.specs, outputSpec{format: name, path: file})
	return nil
}

// orList returns "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// reportFlags are the flags of the commands that write a report.
type reportFlags struct {
	config string
	failOn string
	format formatFlag
	output string
	color  string
}

func (r *reportFlags) define(fl *flag.FlagSet, formats []string) {
	r.format.allowed = formats
	fl.StringVar(&r.config, "config", "", "config `file` (default: .promptlint.yaml in the working directory or its nearest parent, up to the repository root)")
	fl.Var(&r.format, "format", "the report's `format[=file]`, repeatable: "+strings.Join(formats, ", ")+"; with =FILE that report goes to the file (default text)")
	fl.StringVar(&r.output, "output", "", "write the report to `file` instead of the standard output")
	fl.StringVar(&r.failOn, "fail-on", "error", "exit 1 on findings at or above `severity`: error, warning, notice or none")
	fl.StringVar(&r.color, "color", "auto", "colour the text output and show source lines `when`: auto (on a terminal, unless NO_COLOR is set), always or never")
}

// outputs returns the reports to write, checked before any work starts:
// known formats, at most one on the standard output, no file twice, and
// each file's directory exists.
func (r *reportFlags) outputs(p *process) ([]outputSpec, error) {
	specs := append([]outputSpec(nil), r.format.specs...)
	if len(specs) == 0 {
		specs = []outputSpec{{format: "text"}}
	}
	toStdout := 0
	seen := map[string]bool{}
	for i := range specs {
		if specs[i].path == "" {
			specs[i].path = r.output
		}
		if specs[i].path == "" {
			toStdout++
			continue
		}
		abs := p.abs(specs[i].path)
		if seen[abs] {
			return nil, lint.Usagef("--format: two reports go to %s", specs[i].path)
		}
		seen[abs] = true
		if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
			return nil, lint.Usagef("--format %s: cannot write %s: no directory %s", specs[i].format, specs[i].path, filepath.Dir(specs[i].path))
		}
	}
	if toStdout > 1 {
		return nil, lint.Usagef("--format: several reports go to the same output; give each but one a file, FORMAT=FILE")
	}
	return specs, nil
}

// prepare checks the report flags before any work starts, and returns the
// reports to write and the --fail-on threshold.
func (r *reportFlags) prepare(p *process) ([]outputSpec, lint.Severity, error) {
	specs, err := r.outputs(p)
	if err != nil {
		return nil, 0, err
	}
	s, err := lint.ParseSeverity(r.failOn)
	if err != nil {
		return nil, 0, lint.Usagef("--fail-on: %q is not error, warning, notice or none", r.failOn)
	}
	if r.color != "auto" && r.color != "always" && r.color != "never" {
		return nil, 0, lint.Usagef("--color: %q is not auto, always or never", r.color)
	}
	return specs, s, nil
}

// one returns the single format of a command that writes one report to
// the standard output (inspect, rules); def when none is given.
func (f *formatFlag) one(def string) (string, error) {
	switch {
	case len(f.specs) == 0:
		return def, nil
	case len(f.specs) > 1 || f.specs[0].path != "":
		return "", lint.Usagef("--format: give one format; it goes to the standard output")
	}
	return f.specs[0].format, nil
}

// outcome is what a run found, ready to be written.
type outcome struct {
	rep   *lint.Report
	rules []*lint.Rule
	// inRepo is the tree's directory in its repository, for repoFormats.
	inRepo string
	// source returns a file's content for the terminal output; nil when
	// not at hand.
	source func(path string) []byte
	// fixing says the run fixed what it could (--fix): the summary does
	// not offer to fix again what is left.
	fixing bool
}

// write writes the report in every format asked for and returns the exit
// code: a one-line summary goes to stderr with the text format.
func (p *process) write(r *reportFlags, specs []outputSpec, threshold lint.Severity, out outcome) (int, error) {
	for _, o := range specs {
		var buf bytes.Buffer
		w := io.Writer(&buf)
		if o.path == "" {
			w = p.Stdout
		}
		rep := out.rep
		if repoFormats[o.format] {
			rep = underPrefix(out.rep, out.inRepo)
		}
		var err error
		switch o.format {
		case "text":
			if opts, rich := p.terminalText(r.color, o.path == ""); rich {
				opts.Source = out.source
				err = output.TextTerminal(w, rep, opts)
			} else {
				err = output.Text(w, rep)
			}
			fmt.Fprintln(p.Stderr, summaryLine(rep, !out.fixing))
		case "json":
			err = output.JSON(w, rep)
		case "markdown":
			err = output.Markdown(w, rep, output.MarkdownOptions{})
		case "sarif":
			err = output.SARIF(w, rep, out.rules, buildVersion())
		case "github":
			err = output.GitHub(w, rep, 0)
		case "gitlab":
			err = output.GitLab(w, rep)
		case "junit":
			err = output.JUnit(w, rep, threshold)
		case "checkstyle":
			err = output.Checkstyle(w, rep)
		default:
			err = fmt.Errorf("unknown format %q", o.format)
		}
		if err == nil && o.path != "" {
			err = os.WriteFile(p.abs(o.path), buf.Bytes(), 0o644)
		}
		if err != nil {
			return 0, fmt.Errorf("writing the %s report: %w", o.format, err)
		}
	}
	if out.rep.Fails(threshold) { // with only_new, only new findings count
		return exitFindings, nil
	}
	return exitOK, nil
}

// terminalText says how text output on stdout reads for a person: on a
// terminal (and TERM is not dumb), or with --color=always, each finding shows its
// source line and a caret; colour is on with --color=always, or with auto
// on a terminal unless NO_COLOR is set (no-color.org). Elsewhere the
// output is the plain lines, byte for byte.
func (p *process) terminalText(color string, toStdout bool) (output.TextOptions, bool) {
	terminal := toStdout && isTerminal(p.Stdout) && p.getenv("TERM") != "dumb"
	switch {
	case !toStdout:
		return output.TextOptions{}, false // a report file is for programs
	case color == "always":
		return output.TextOptions{Color: true}, true
	case color == "never" || !terminal:
		return output.TextOptions{}, terminal
	}
	return output.TextOptions{Color: p.getenv("NO_COLOR") == ""}, true
}

// isTerminal reports whether w is a terminal (a character device, as
// *os.File's Stat says).
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&fs.ModeCharDevice != 0
}

// summaryLine counts the report's files, prompts and findings, in words,
// and of those the ones the base already had; with offerFix, it also
// counts the findings --fix would fix.
func summaryLine(rep *lint.Report, offerFix bool) string {
	s := rep.Summary()
	prompts := plural(s.Prompts, "prompt", "prompts")
	if rep.Check {
		// check counts every prompt file of the head, and the prompts
		// the change touched.
		prompts = plural(s.Changed, "changed prompt", "changed prompts")
	}
	line := strings.Join([]string{
		plural(s.Files, "prompt file", "prompt files"), prompts,
		plural(s.Errors, "error", "errors"), plural(s.Warnings, "warning", "warnings"), plural(s.Notices, "notice", "notices"),
	}, ", ")
	if s.PreExisting > 0 {
		line += " (" + plural(s.PreExisting, "pre-existing: the base has it too", "pre-existing: the base has them too")
		if s.OnlyNew {
			line += "; only new ones fail"
		}
		line += ")"
	}
	fixable := 0
	for _, f := range rep.Findings {
		if f.Fix != nil {
			fixable++
		}
	}
	if offerFix && fixable > 0 {
		line += fmt.Sprintf("; %d fixable (marked %s) with --fix", fixable, strings.TrimSpace(output.FixMark))
	}
	return line
}

// plural returns "1 error" or "2 errors".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var lintCmd = &command{
	name:    "lint",
	args:    "[flags] [PATH...]",
	summary: "run the rules on prompt files (default PATH: the working directory)",
	desc: `Lint runs the single-file rules on prompt files.

Each PATH is a file (linted whatever its name), a directory (walked with the
config's globs), a quoted glob (expanded like the shell would, with **), or
- for the standard input, named with --stdin-filename. Paths may be
absolute or outside the working directory. A PATH that holds no prompt file
is an error (exit 2).

The config is --config, else .promptlint.yaml in the working directory or
its nearest parent, up to the repository root. Its globs, and the paths in
the output, are relative to its directory (without a config, to the
repository root), wherever the command runs.`,
	examples: []string{
		"promptlint lint                                # the prompts under the working directory",
		"promptlint lint prompts/support.prompt.yml ../shared/prompts",
		"promptlint lint 'prompts/**/*.prompty'",
		"promptlint lint --format json --output report.json",
		"promptlint lint --format text --format sarif=promptlint.sarif",
		"cat draft.prompt | promptlint lint --stdin-filename prompts/draft.prompt -",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		var r reportFlags
		var opts pathOptions
		var fx fixFlags
		r.define(fl, reportFormats)
		fl.StringVar(&opts.stdinName, "stdin-filename", "", "the `path` that the prompt read from - stands for: its format, environment and ignore globs follow from it")
		fl.BoolVar(&opts.forceGlobs, "force-globs", false, "lint a named file only when the config's files globs select it (and exclude does not), as in a walked directory; for pre-commit, which names every changed file")
		fl.BoolVar(&fx.fix, "fix", false, "apply the mechanical fixes to the files first (see promptlint help fix), then report what is left")
		return func(p *process, args []string) (int, error) { return p.lint(&r, opts, args, fx) }
	},
}

func (p *process) lint(r *reportFlags, opts pathOptions, args []string, fx fixFlags) (int, error) {
	specs, threshold, err := r.prepare(p)
	if err != nil {
		return 0, err
	}
	if opts.stdinName != "" && !slices.Contains(args, "-") {
		return 0, lint.Usagef("--stdin-filename names the prompt read from -, but no argument is -")
	}
	if fx.fix && !fx.diff && slices.Contains(args, "-") {
		return 0, lint.Usagef("fixes cannot be written back to the standard input; use promptlint fix --diff to see them")
	}
	ws, err := p.workspace(r.config)
	if err != nil {
		return 0, err
	}
	t, err := p.readPaths(ws, args, opts)
	if err != nil {
		return 0, err
	}
	// Each run lints the tree, with the files the fixes so far edited
	// laid over it; a fix's rounds parse again only the files they edit.
	var parsed *lint.ParseCache
	if fx.fix {
		parsed = &lint.ParseCache{}
		ws.cfg.Today = p.today() // for the fixes of this first run
	}
	run := func(edited map[string][]byte) (*lint.Report, error) {
		return lint.Run(context.Background(), lint.Input{Lint: true, Head: lint.Overlay(t.fs, edited), Paths: t.names,
			Parsed: parsed, Config: ws.file, Registry: checks.All})
	}
	rep, err := run(nil)
	if err != nil {
		return 0, err
	}
	if err := t.check(rep.NotPrompts); err != nil {
		return 0, err
	}
	tree := t.fs
	if fx.fix {
		first := rep // the fixes' first round is this run
		rounds := func(edited map[string][]byte) (*lint.Report, error) {
			if r := first; r != nil && len(edited) == 0 {
				first = nil
				return r, nil
			}
			return run(edited)
		}
		read := func(path string) ([]byte, error) { return fs.ReadFile(tree, path) }
		fo, err := p.fix(ws, ws.root, fx, rounds, read, nil)
		if err != nil || fo.diffOnly {
			return fo.exit(), err
		}
		rep, tree = fo.rep, lint.Overlay(tree, fo.fixed)
	}
	return p.write(r, specs, threshold, outcome{rep: rep, rules: ws.rules, inRepo: ws.inRepo, source: treeSource(ws.cfg.MaxFileSize, tree), fixing: fx.fix})
}

// treeSource returns the content of a file of the first of the trees
// that has it, for the terminal output; never through a link, never more
// than a prompt file may be.
func treeSource(limit int64, trees ...fs.FS) func(path string) []byte {
	return func(path string) []byte {
		for _, tree := range trees {
			fi, err := fs.Lstat(tree, path)
			if err != nil || !fi.Mode().IsRegular() || fi.Size() > limit {
				continue
			}
			if b, err := fs.ReadFile(tree, path); err == nil && int64(len(b)) <= limit {
				return b
			}
		}
		return nil
	}
}

var checkCmd = &command{
	name:    "check",
	args:    "[flags]",
	summary: "check a change: base against head, lint of the changed prompts, checklist",
	desc: `Check compares the prompt files of a base tree with those of a head tree, as
the GitHub Action does for a pull request: it pairs prompts, works out the
version bump each change needs, summarizes each diff, lints the changed
prompts and evaluates the production checklist.

--base REV compares against the merge base of REV and the head (git
merge-base), the pull request's own three-dot diff REV...HEAD: a branch that
is behind REV is not blamed for what changed on REV since it forked. The
head is the working tree, or --head REV. --base-dir and --head-dir compare
two directories instead, without git.`,
	examples: []string{
		"promptlint check --base origin/main                # before pushing a branch",
		"promptlint check --base origin/main --pr-body pr.md --format markdown",
		"promptlint check --base main --head feature --format json --output report.json",
		"promptlint check --base-dir old/ --head-dir new/",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		var o checkFlags
		o.define(fl, reportFormats)
		fl.StringVar(&o.baseRev, "base", "", "git `revision` to compare against, through its merge base with the head (e.g. origin/main)")
		fl.StringVar(&o.baseDir, "base-dir", "", "`directory` holding the base tree (instead of --base)")
		fl.StringVar(&o.headRev, "head", "", "git `revision` of the change (default: the working tree)")
		fl.StringVar(&o.headDir, "head-dir", "", "`directory` holding the head tree (default: the working tree)")
		fl.StringVar(&o.prBody, "pr-body", "", "`file` holding the pull request's description, for the checklist")
		fl.BoolVar(&o.onlyNew, "only-new", false, "fail only on findings the base does not already have (config only_new)")
		fl.BoolVar(&o.fx.fix, "fix", false, "apply the mechanical fixes to the head's files first (see promptlint help fix), then report what is left")
		return func(p *process, args []string) (int, error) { return p.check(&o, args) }
	},
}

// checkFlags are the flags of check.
type checkFlags struct {
	reportFlags
	baseRev, baseDir, headRev, headDir, prBody string
	onlyNew                                    bool
	fx                                         fixFlags
	// only are the paths (files or directories, as given to fix) whose
	// findings are fixed; none means all.
	only []string
}

func (p *process) check(o *checkFlags, args []string) (int, error) {
	if len(args) > 0 {
		return 0, lint.Usagef("unexpected arguments %q: check compares whole trees (see --base, --head)", args)
	}
	if (o.baseRev == "") == (o.baseDir == "") {
		return 0, lint.Usagef("give exactly one of --base REV or --base-dir DIR")
	}
	if o.headRev != "" && o.headDir != "" {
		return 0, lint.Usagef("give at most one of --head REV or --head-dir DIR")
	}
	if o.fx.fix && o.headRev != "" {
		return 0, lint.Usagef("--fix writes to the working tree (or --head-dir), not to a revision; drop --head %s", o.headRev)
	}
	specs, threshold, err := o.prepare(p)
	if err != nil {
		return 0, err
	}
	ws, err := p.workspace(o.config)
	if err != nil {
		return 0, err
	}
	var req lint.LocalRequest
	if o.prBody != "" {
		b, err := os.ReadFile(p.abs(o.prBody))
		if err != nil {
			return 0, lint.Usagef("--pr-body: %v", err)
		}
		req.Body = string(b)
	}
	ctx := context.Background()
	repo := git.Repo{Dir: ws.root, Env: p.Env}
	headRev := o.headRev
	if headRev == "" {
		headRev = "HEAD"
	}
	var base, head fs.FS
	var mergeBase string
	var g gitAnswers
	if o.baseDir != "" {
		if base, err = dirFS(p.abs(o.baseDir)); err != nil {
			return 0, err
		}
	} else {
		// The pull request's own change: against the merge base, not
		// against the tip of the base branch.
		if mergeBase, err = repo.MergeBase(ctx, o.baseRev, headRev); err != nil {
			return 0, err
		}
		g = askGit(ctx, repo, mergeBase, o.headRev, headRev, o.headDir == "")
		if g.tree != nil {
			defer g.tree.Close()
		}
		if g.treeErr != nil {
			return 0, g.treeErr
		}
		base = g.tree
	}
	switch {
	case o.headDir != "":
		if head, err = dirFS(p.abs(o.headDir)); err != nil {
			return 0, err
		}
	case o.headRev != "":
		t, err := repo.Open(ctx, o.headRev)
		if err != nil {
			return 0, err
		}
		defer t.Close()
		head = t
	default:
		head = lint.DirFS(ws.root)
	}
	// Against a revision, git says which files changed: only those are
	// read. Two directories are compared by the engine.
	var changes []lint.FileChange
	if mergeBase != "" && o.headDir == "" {
		if g.changesErr != nil {
			return 0, g.changesErr
		}
		changes = make([]lint.FileChange, 0, len(g.changes))
		for _, c := range g.changes {
			changes = append(changes, lint.FileChange{Path: c.Path, OldPath: c.OldPath})
		}
	}
	if mergeBase != "" {
		if g.logErr != nil {
			return 0, g.logErr
		}
		for _, gc := range g.log {
			req.Log = append(req.Log, lint.Commit{SHA: gc.SHA, Message: gc.Message, Paths: gc.Paths, PathsKnown: true})
		}
	}
	ws.cfg.OnlyNew = ws.cfg.OnlyNew || o.onlyNew
	baseCfg, err := baseConfig(base, ws, o.baseRev != "")
	if err != nil {
		return 0, err
	}
	in := lint.Input{Base: base, Head: head, Changes: changes, Scan: true, Request: req,
		Config: ws.file, BaseConfig: &baseCfg, Registry: checks.All}
	if idx := p.nameIndex(); idx != nil {
		// A cache: a check that cannot write it is none the worse.
		in.Index = idx
		defer idx.Save()
	}
	var rep *lint.Report
	if o.fx.fix {
		root := ws.root
		if o.headDir != "" {
			root = p.abs(o.headDir)
		}
		keep, err := p.under(root, o.only)
		if err != nil {
			return 0, err
		}
		// Each round checks the head as the fixes so far left it.
		run := func(edited map[string][]byte) (*lint.Report, error) {
			in := in
			in.Head, in.Changes = lint.Overlay(head, edited), withEdited(changes, edited)
			return lint.Run(ctx, in)
		}
		read := func(path string) ([]byte, error) { return fs.ReadFile(head, path) }
		fo, err := p.fix(ws, root, o.fx, run, read, keep)
		if err != nil || fo.diffOnly {
			return fo.exit(), err
		}
		rep, head = fo.rep, lint.Overlay(head, fo.fixed)
	} else if rep, err = lint.Run(ctx, in); err != nil {
		return 0, err
	}
	if rep.Files == 0 && len(rep.Prompts) == 0 {
		fmt.Fprintf(p.Stderr, "promptlint: no prompt files on either side: nothing matched %s\n", ws.globsTried())
	}
	inRepo := ws.inRepo
	if o.headDir != "" {
		inRepo = "" // paths are relative to the head directory
	}
	// Findings are on the head's files, or the base's for a removed prompt.
	source := treeSource(ws.cfg.MaxFileSize, head, base)
	return p.write(&o.reportFlags, specs, threshold, outcome{rep: rep, rules: ws.rules, inRepo: inRepo, source: source, fixing: o.fx.fix})
}

// gitAnswers are what check asks git once it has the merge base.
type gitAnswers struct {
	tree       *git.Tree // the merge base's files
	treeErr    error
	changes    []git.Change // what the head changed since; with changes wanted only
	changesErr error
	log        []git.Commit // the commits since
	logErr     error
}

// askGit lists the merge base's files, the changes of the head (the
// revision headRev, or the working tree for "") since it when changes is
// true, and the commits from it to logHead, at the same time: three
// questions that wait on git processes and not on each other. The caller
// closes the tree, when there is one, and takes the errors in that order.
func askGit(ctx context.Context, repo git.Repo, mergeBase, headRev, logHead string, changes bool) gitAnswers {
	var g gitAnswers
	var wg sync.WaitGroup
	if changes {
		wg.Go(func() { g.changes, g.changesErr = repo.Changes(ctx, mergeBase, headRev) })
	}
	wg.Go(func() { g.log, g.logErr = repo.Log(ctx, mergeBase, logHead, nil) })
	g.tree, g.treeErr = repo.Open(ctx, mergeBase)
	wg.Wait()
	return g
}

var fixCmd = &command{
	name:    "fix",
	args:    "[flags] [PATH...]",
	summary: "apply the mechanical fixes (versions, changelog entries, placeholder spacing); --diff to preview",
	desc: `Fix rewrites prompt files in place for the findings that have a mechanical
fix (marked [*] in the text output), then reports what is left, as
lint --fix does. With --base or --base-dir it checks the working tree
against that base, as check --fix does, so that each version is bumped to
exactly what its change requires; the PATHs then only limit which files are
fixed.

The fixes: a version bumped as the change requires (a prerelease stays a
prerelease); a missing version added where the format keeps it, the base's
version bumped or versions.initial; an invalid version written strictly
when its meaning is clear (v1.2 is 1.2.0); a changelog entry for a new
version where the prompt keeps a changelog; {{ name }} written {{name}} in
GitHub Models files. Nothing that changes what a prompt means.

Each fix edits the file's bytes at the finding's position only: comments,
quoting, key order, indentation and line endings stay as they were. A file
is written only when it parses again to the same prompts except for what
the fixes change; a fix that cannot be made safely is skipped and named on
stderr. Fixes run in rounds until nothing more changes (a bumped version
then gets its changelog entry), so a second fix changes nothing.

--diff prints the unified diff of the fixes instead of writing them, and
exits 1 when there is something to fix. A new changelog entry is dated
today (SOURCE_DATE_EPOCH, when set, gives the date).`,
	examples: []string{
		"promptlint fix                                   # fix the prompts under the working directory",
		"promptlint fix --diff prompts/                   # show what fix would change",
		"promptlint fix --base origin/main                # bump versions as the branch's changes require",
		"promptlint check --base origin/main --fix        # the same, then the full check report",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		var o checkFlags
		o.define(fl, reportFormats)
		fl.StringVar(&o.baseRev, "base", "", "git `revision` to check the working tree against first (through their merge base), to fix version bumps")
		fl.StringVar(&o.baseDir, "base-dir", "", "`directory` holding the base tree (instead of --base)")
		fl.StringVar(&o.prBody, "pr-body", "", "`file` holding the pull request's description, for the checklist (with --base)")
		fl.BoolVar(&o.fx.diff, "diff", false, "print the unified diff of the fixes instead of writing the files; exit 1 when there is something to fix")
		return func(p *process, args []string) (int, error) {
			o.fx.fix = true
			if o.baseRev == "" && o.baseDir == "" {
				if o.prBody != "" {
					return 0, lint.Usagef("--pr-body needs --base or --base-dir")
				}
				return p.lint(&o.reportFlags, pathOptions{}, args, o.fx)
			}
			o.only = args
			return p.check(&o, nil)
		}
	},
}

// fixFlags are the flags of the commands that fix.
type fixFlags struct {
	fix  bool // apply the fixes: --fix, and always for fix
	diff bool // print their diff instead of writing the files (fix --diff)
}

// fixOutcome is what a fix did.
type fixOutcome struct {
	rep      *lint.Report      // the report over the fixed files
	fixed    map[string][]byte // the fixed files' new content, by path
	changed  int               // files the fixes change
	diffOnly bool              // --diff: the diff is printed, nothing written
}

// exit is the exit code of fix --diff: 1 when there is something to fix.
func (fo *fixOutcome) exit() int {
	if fo != nil && fo.changed > 0 {
		return exitFindings
	}
	return exitOK
}

// fix runs the rules (run) and their fixes round after round, and writes
// the fixed files under root (with --diff, prints their unified diff
// instead). It names on stderr each fixable finding it skipped, and sums
// up what it fixed. read returns a file's content before the fixes; keep
// selects the findings to fix (nil: all).
func (p *process) fix(ws *workspace, root string, fx fixFlags, run func(map[string][]byte) (*lint.Report, error), read func(string) ([]byte, error), keep func(lint.Finding) bool) (*fixOutcome, error) {
	ws.cfg.Today = p.today()
	res, err := lint.RunFix(ws.cfg, run, read, keep)
	if err != nil {
		return nil, err
	}
	fo := &fixOutcome{rep: res.Report, fixed: map[string][]byte{}, changed: len(res.Files), diffOnly: fx.diff}
	for _, s := range res.Skipped {
		f := s.Finding
		fmt.Fprintln(p.Stderr, output.SafeLine(fmt.Sprintf("%s:%d:%d: not fixed [%s]: %s", f.Path, max(f.Pos.Line, 1), max(f.Pos.Col, 1), f.Rule, s.Reason)))
	}
	summary := fmt.Sprintf("%s in %s", plural(len(res.Fixed), "finding", "findings"), plural(len(res.Files), "file", "files"))
	if len(res.Fixed) == 0 {
		summary = "nothing: no finding has a fix"
	}
	if fx.diff {
		for _, f := range res.Files {
			if _, err := io.WriteString(p.Stdout, diff.Patch("a/"+f.Path, "b/"+f.Path, string(f.Old), string(f.New), 3)); err != nil {
				return nil, fmt.Errorf("writing the diff: %w", err)
			}
		}
		fmt.Fprintf(p.Stderr, "promptlint: fix would fix %s\n", summary)
		return fo, nil
	}
	for _, f := range res.Files {
		target := filepath.Join(root, filepath.FromSlash(f.Path))
		cur, err := os.ReadFile(target)
		if err != nil {
			return nil, fmt.Errorf("writing the fixes of %s: %w", p.display(target), err)
		}
		if !bytes.Equal(cur, f.Old) {
			return nil, fmt.Errorf("%s changed while promptlint fixed it; run fix again", p.display(target))
		}
		if err := os.WriteFile(target, f.New, 0o644); err != nil {
			return nil, fmt.Errorf("writing the fixes of %s: %w", p.display(target), err)
		}
		fo.fixed[f.Path] = f.New
	}
	fmt.Fprintf(p.Stderr, "promptlint: fixed %s\n", summary)
	return fo, nil
}

// today is the date a fix writes into a new changelog entry: the day of
// SOURCE_DATE_EPOCH when it is set (reproducible runs), else today.
func (p *process) today() string {
	if s := p.getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC().Format(time.DateOnly)
		}
	}
	return time.Now().Format(time.DateOnly)
}

// under returns the filter of the findings in the paths named (files or
// directories, relative to the working directory), as paths relative to
// root; nil when none is named.
func (p *process) under(root string, paths []string) (func(lint.Finding) bool, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	var rels []string
	for _, a := range paths {
		abs := p.abs(a)
		if _, err := os.Stat(abs); err != nil {
			return nil, lint.Usagef("path %s: no such file or directory", a)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			return nil, lint.Usagef("path %s is not under %s", a, p.display(root))
		}
		rels = append(rels, filepath.ToSlash(rel))
	}
	return func(f lint.Finding) bool {
		for _, r := range rels {
			if r == "." || f.Path == r || strings.HasPrefix(f.Path, r+"/") {
				return true
			}
		}
		return false
	}, nil
}

// nameIndex opens the index of prompt names that check keeps between runs
// (lint.Index), so that a repository-wide rule reads only the unchanged
// files that matter: in the directory PROMPTLINT_CACHE names ("off" keeps
// none), else in the user's cache directory. nil when there is none.
func (p *process) nameIndex() *lint.FileIndex {
	dir := p.getenv("PROMPTLINT_CACHE")
	switch {
	case dir == "off":
		return nil
	case dir == "":
		if dir = p.userCacheDir(); dir == "" {
			return nil
		}
		dir = filepath.Join(dir, "promptlint")
	}
	return lint.OpenFileIndex(filepath.Join(p.abs(dir), "names.idx"), indexSalt())
}

// userCacheDir is os.UserCacheDir for the process's environment: ""
// when it names none.
func (p *process) userCacheDir() string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = p.getenv("LocalAppData")
	case "darwin", "ios":
		if home := p.getenv("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Caches")
		}
	default:
		dir = p.getenv("XDG_CACHE_HOME")
		if home := p.getenv("HOME"); dir == "" && home != "" {
			dir = filepath.Join(home, ".cache")
		}
	}
	if !filepath.IsAbs(dir) {
		return ""
	}
	return dir
}

// indexSalt names the program that writes the name index: a released
// version, or a build from a checkout with its executable's size and
// time, so that names one build found are never read by another.
func indexSalt() string {
	v := buildVersion()
	if strings.HasPrefix(v, "v") {
		return v
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf("+%d.%d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return v
}

// withEdited adds the files fix edited to the changes git listed (nil,
// unknown, stays nil): the engine reads only listed files.
func withEdited(changes []lint.FileChange, edited map[string][]byte) []lint.FileChange {
	if changes == nil || len(edited) == 0 {
		return changes
	}
	listed := map[string]bool{}
	for _, c := range changes {
		listed[c.Path] = true
	}
	out := append([]lint.FileChange(nil), changes...)
	for _, p := range slices.Sorted(maps.Keys(edited)) {
		if !listed[p] {
			out = append(out, lint.FileChange{Path: p, OldPath: p})
		}
	}
	return out
}

// baseConfig is the base side's configuration, compared with the one in
// use to report what the change does to its own gate (gate-weakened): the
// same file in the base tree. A base directory without that file is taken
// to share the config (it may hold only prompts); a base revision without
// it had the defaults.
func baseConfig(base fs.FS, ws *workspace, revision bool) (lint.ConfigFile, error) {
	head := ws.file
	baseCfg := lint.ConfigFile{Config: lint.DefaultConfig()}
	if head.Path != "" {
		var err error
		if baseCfg, err = lint.ReadConfigFile(base, head.Path); err != nil {
			return lint.ConfigFile{}, fmt.Errorf("the base side's config: %w", err)
		}
	}
	if baseCfg.Path == "" && !revision {
		baseCfg = head
	}
	return baseCfg, nil
}

func dirFS(dir string) (fs.FS, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, lint.Usagef("%v", err)
	}
	if !info.IsDir() {
		return nil, lint.Usagef("%s is not a directory", dir)
	}
	return lint.DirFS(dir), nil
}

var inspectCmd = &command{
	name:    "inspect",
	args:    "[flags] PATH...",
	summary: "print the parsed model of each prompt (for debugging a reader)",
	desc: `Inspect prints each prompt as promptlint reads it: format, syntax, version,
environment (the one the rules apply), variables with their defaults and
uses, and messages. PATHs are taken as by lint. A file that cannot be read
as a prompt is reported on stderr (exit 1).`,
	examples: []string{
		"promptlint inspect prompts/support.prompt.yml",
		"promptlint inspect --format json prompts/",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		var config, stdinName string
		format := formatFlag{allowed: []string{"text", "json"}}
		fl.StringVar(&config, "config", "", "config `file` (default: .promptlint.yaml in the working directory or its nearest parent)")
		fl.Var(&format, "format", "output `format`: text or json (default text)")
		fl.StringVar(&stdinName, "stdin-filename", "", "the `path` that the prompt read from - stands for")
		return func(p *process, args []string) (int, error) {
			f, err := format.one("text")
			if err != nil {
				return 0, err
			}
			return p.inspect(config, f, stdinName, args)
		}
	},
}

func (p *process) inspect(config, format, stdinName string, args []string) (int, error) {
	if len(args) == 0 {
		return 0, lint.Usagef("name at least one prompt file")
	}
	ws, err := p.workspace(config)
	if err != nil {
		return 0, err
	}
	t, err := p.readPaths(ws, args, pathOptions{stdinName: stdinName})
	if err != nil {
		return 0, err
	}
	files, err := lint.ReadFiles(t.fs, t.names, ws.cfg)
	if err != nil {
		return 0, err
	}
	notPrompts := map[string]bool{}
	for _, n := range t.names {
		notPrompts[n] = true
	}
	for _, f := range files {
		delete(notPrompts, f.Path)
	}
	if err := t.check(slices.Collect(maps.Keys(notPrompts))); err != nil {
		return 0, err
	}
	var prompts []*lint.Prompt
	code := exitOK
	for _, f := range files {
		if f.Err != nil {
			fmt.Fprintln(p.Stderr, output.SafeLine(f.Err.Error()))
			code = exitFindings
		}
		prompts = append(prompts, f.Prompts...)
	}
	// Show the environment the rules apply (declared, by path, or the
	// default), not only a declared one.
	if err := output.Inspect(p.Stdout, prompts, format, ws.cfg.EnvironmentOf); err != nil {
		return 0, fmt.Errorf("writing report: %w", err)
	}
	return code, nil
}

var rulesCmd = &command{
	name:    "rules",
	args:    "[flags] [RULE-ID...]",
	summary: "list the rules, or print the whole doc of the rules named",
	desc: `Rules lists every rule with its id, severity (as configured) and summary;
with rule ids, it prints each one's whole doc: why it matters, how to fix a
finding, a bad and a good example, and the link to its documentation.`,
	examples: []string{
		"promptlint rules",
		"promptlint rules version-bump-too-small",
		"promptlint rules --format json",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		var config string
		format := formatFlag{allowed: []string{"text", "markdown", "json"}}
		fl.StringVar(&config, "config", "", "config `file`, for the severities (default: .promptlint.yaml in the working directory or its nearest parent)")
		fl.Var(&format, "format", "output `format`: text, markdown or json (default text)")
		return func(p *process, args []string) (int, error) {
			f, err := format.one("text")
			if err != nil {
				return 0, err
			}
			return p.rules(config, f, args)
		}
	},
}

func (p *process) rules(config, format string, ids []string) (int, error) {
	ws, err := p.workspace(config)
	if err != nil {
		return 0, err
	}
	rules := ws.rules
	if len(ids) > 0 {
		var all []string
		for _, r := range checks.All {
			all = append(all, r.ID)
		}
		rules = nil
		for _, id := range ids {
			r := ruleByID(checks.All, id)
			if r == nil {
				return 0, lint.Usagef("unknown rule %q%s; 'promptlint rules' lists them", id, lint.DidYouMean(id, all))
			}
			if c := ruleByID(ws.rules, id); c != nil {
				r = c // as configured
			}
			rules = append(rules, r)
		}
		if format == "text" {
			if err := output.RuleDocs(p.Stdout, rules); err != nil {
				return 0, fmt.Errorf("writing rules: %w", err)
			}
			return exitOK, nil
		}
	}
	if err := output.Rules(p.Stdout, rules, format); err != nil {
		return 0, fmt.Errorf("writing rules: %w", err)
	}
	return exitOK, nil
}

func ruleByID(rules []*lint.Rule, id string) *lint.Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

var initCmd = &command{
	name:    "init",
	args:    "[--force] [--workflow]",
	summary: "write .promptlint.yaml, the pull request template and, asked, the workflow",
	desc: `Init writes a commented .promptlint.yaml with every default in the working
directory (its first line points editors at the config's JSON Schema), and
the pull request template with the checklist boxes,
.github/pull_request_template.md, at the root of the repository, from any
of its directories. With --workflow it also writes the GitHub Actions
workflow, .github/workflows/promptlint.yml; without, it says how. It
overwrites nothing without --force.`,
	examples: []string{
		"promptlint init",
		"promptlint init --workflow",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		var force, workflow bool
		fl.BoolVar(&force, "force", false, "overwrite existing files")
		fl.BoolVar(&workflow, "workflow", false, "also write the GitHub Actions workflow .github/workflows/promptlint.yml")
		return func(p *process, args []string) (int, error) {
			if len(args) > 0 {
				return 0, lint.Usagef("unexpected arguments %q", args)
			}
			return p.init(force, workflow)
		}
	},
}

// schemaLine is the first line of the config init writes: it points
// yaml-language-server (VS Code's YAML extension, and other editors) at
// the config's JSON Schema, for completion and checks as you type.
const schemaLine = "# yaml-language-server: $schema=" + lint.ConfigSchemaURL + "\n"

// workflowYAML is the workflow `init --workflow` writes; the README's
// GitHub Action section shows the same (a test keeps them equal).
const workflowYAML = `# .github/workflows/promptlint.yml
name: promptlint
on:
  pull_request:
  pull_request_review:        # an approval re-runs the checklist
    types: [submitted, dismissed]
# No ` + "`paths:`" + ` filter: a required check that is skipped stays pending forever.
permissions:
  contents: read
  pull-requests: write        # the sticky comment and the suggested changes
concurrency:                  # two quick pushes cannot race on the comment
  group: promptlint-${{ github.event.pull_request.number }}
  cancel-in-progress: true
jobs:
  promptlint:
    runs-on: ubuntu-latest    # a Docker action: Linux runners only
    steps:
      - uses: promptlint/promptlint@v1
        with:
          fail-on: error      # error | warning | notice | none
          comment: on-change  # always | on-change | never
`

func (p *process) init(force, workflow bool) (int, error) {
	_, repo := findConfig(p.Dir)
	if repo == "" {
		repo = p.Dir
	}
	type file struct{ path, content string }
	files := []file{
		{p.abs(lint.ConfigNames[0]), schemaLine + lint.DefaultConfigYAML},
		{filepath.Join(repo, ".github", "pull_request_template.md"), checklist.PRTemplate},
	}
	workflowPath := filepath.Join(repo, ".github", "workflows", "promptlint.yml")
	if workflow {
		files = append(files, file{workflowPath, workflowYAML})
	}
	if !force {
		var exist []string
		for _, f := range files {
			if _, err := os.Lstat(f.path); err == nil {
				exist = append(exist, p.display(f.path))
			}
		}
		if len(exist) > 0 {
			return 0, lint.Usagef("%s already %s; use --force to overwrite", strings.Join(exist, " and "), map[bool]string{true: "exists", false: "exist"}[len(exist) == 1])
		}
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return 0, fmt.Errorf("writing %s: %w", p.display(f.path), err)
		}
		if err := os.WriteFile(f.path, []byte(f.content), 0o644); err != nil {
			return 0, fmt.Errorf("writing %s: %w", p.display(f.path), err)
		}
		fmt.Fprintf(p.Stdout, "wrote %s\n", filepath.ToSlash(p.display(f.path)))
	}
	if !workflow {
		if _, err := os.Lstat(workflowPath); err != nil {
			fmt.Fprintf(p.Stdout, "to check pull requests on GitHub, run 'promptlint init --workflow': it writes %s\n", filepath.ToSlash(p.display(workflowPath)))
		}
	}
	return exitOK, nil
}

var configCmd = &command{
	name:    "config",
	args:    "schema",
	summary: "print the JSON Schema of .promptlint.yaml",
	desc: `Config schema prints a JSON Schema (draft-07) of .promptlint.yaml, with every
key's description, type and allowed values, and the rule ids, for editors
(yaml-language-server, which the first line of the config 'promptlint init'
writes points at it) and SchemaStore.`,
	examples: []string{
		"promptlint config schema > promptlint.schema.json",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		return func(p *process, args []string) (int, error) {
			if len(args) != 1 || args[0] != "schema" {
				return 0, lint.Usagef("want 'promptlint config schema'")
			}
			data, err := lint.ConfigSchema(checks.All)
			if err != nil {
				return 0, err
			}
			if _, err := p.Stdout.Write(data); err != nil {
				return 0, fmt.Errorf("writing the schema: %w", err)
			}
			return exitOK, nil
		}
	},
}

var actionCmd = &command{
	name:    "action",
	args:    "",
	summary: "the GitHub Action entry point (reads the INPUT_* and GITHUB_* environment)",
	desc: `Action runs promptlint as the GitHub Action: it reads its inputs and the
pull request from the environment GitHub Actions sets, posts the sticky
comment, writes the job summary and annotations, and sets the outputs.`,
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		return func(p *process, args []string) (int, error) {
			if len(args) > 0 {
				return 0, lint.Usagef("unexpected arguments %q: the action reads its inputs from the environment", args)
			}
			return p.action()
		}
	},
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

var gitlabCmd = &command{
	name:    "gitlab",
	args:    "[flags]",
	summary: "the GitLab CI/CD job: check a merge request, keep its note, write the Code Quality report",
	desc: `The gitlab command runs promptlint as a job of a GitLab CI/CD pipeline. In a merge
request pipeline (CI_PIPELINE_SOURCE is merge_request_event) it reads the
merge request through the REST API (CI_API_V4_URL, CI_MERGE_REQUEST_PROJECT_ID,
CI_MERGE_REQUEST_IID; no checkout needed): the changed prompt files at the
merge base and the head, the config at the head, the description for the
checklist, the approvals for team-reviewed, the commits. It keeps one note on
the merge request edited in place, and writes the Code Quality report, the
JSON report and the note's Markdown into the project directory. In any other
pipeline it lints the checkout.

The token comes from the masked CI/CD variable ` + pipeline.TokenVariable + `: a project
access token with the api scope and at least the Reporter role (CI_JOB_TOKEN
cannot list a merge request's changes or post a note). Without it a public
project is read anonymously and no note is posted; a token that may not post
(a fork's pipeline) gets a warning. Either way the job passes or fails on the
findings.`,
	examples: []string{
		"promptlint gitlab",
		"promptlint gitlab --fail-on warning --comment always",
		"promptlint gitlab --config ci/promptlint.yaml --code-quality reports/promptlint-cq.json",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		o := pipeline.Options{ReviewThreshold: -1}
		var failOn, threshold string
		fl.StringVar(&o.Subdir, "dir", "", "the `folder` of the repository to check, where its .promptlint.yaml lives (a monorepo's part; default the root)")
		fl.StringVar(&o.Config, "config", "", "config `file`, a path in the repository (default .promptlint.yaml or .promptlint.yml in --dir)")
		fl.Func("files", "prompt `glob` replacing the config's files, repeatable", func(v string) error {
			if v = strings.TrimSpace(v); v != "" {
				if !doublestar.ValidatePattern(v) {
					return fmt.Errorf("%q is not a valid glob", v)
				}
				o.Files = append(o.Files, v)
			}
			return nil
		})
		fl.StringVar(&failOn, "fail-on", "error", "exit 1 on findings at or above `severity`: error, warning, notice or none")
		fl.BoolFunc("only-new", "fail only on findings the base does not already have (config only_new; --only-new=false turns it off)", func(v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			o.OnlyNew = &b
			return nil
		})
		fl.StringVar(&o.Comment, "comment", "on-change", "`when` to write the merge request note: always, on-change or never")
		fl.StringVar(&threshold, "review-threshold", "", "similarity below which a changed prompt is marked for review, a `number` from 0 to 1 (config diff.review_threshold)")
		fl.StringVar(&o.CodeQuality, "code-quality", pipeline.DefaultCodeQuality, "write the Code Quality report to `file` in the project directory (\"\" for none)")
		fl.StringVar(&o.Report, "report", pipeline.DefaultReport, "write the JSON report to `file` in the project directory (\"\" for none)")
		fl.StringVar(&o.Markdown, "markdown", pipeline.DefaultMarkdown, "write the note's Markdown to `file` in the project directory (\"\" for none)")
		return func(p *process, args []string) (int, error) {
			if len(args) > 0 {
				return 0, lint.Usagef("unexpected arguments %q: the job reads the merge request from GitLab's variables", args)
			}
			switch strings.ToLower(failOn) {
			case "error", "warning", "notice", "none":
				o.FailOn, _ = lint.ParseSeverity(failOn)
			default:
				return 0, lint.Usagef("--fail-on: %q is not one of error, warning, notice or none", failOn)
			}
			if threshold != "" {
				v, err := strconv.ParseFloat(threshold, 64)
				if err != nil || v < 0 || v > 1 || math.IsNaN(v) {
					return 0, lint.Usagef("--review-threshold: %q is not a number from 0 to 1", threshold)
				}
				o.ReviewThreshold = v
			}
			return p.gitlab(o)
		}
	},
}

func (p *process) gitlab(o pipeline.Options) (int, error) {
	o.Getenv, o.Stdout, o.Stderr = p.getenv, p.Stdout, p.Stderr
	o.Rules, o.Version, o.Dir = checks.All, buildVersion(), p.Dir
	res, err := pipeline.Run(context.Background(), o)
	if err != nil {
		return 0, err
	}
	return res.ExitCode, nil
}

var versionCmd = &command{
	name:    "version",
	args:    "",
	summary: "print the version",
	desc:    `Version prints promptlint's version: the release tag, or the commit it was built from.`,
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		return func(p *process, args []string) (int, error) {
			fmt.Fprintln(p.Stdout, "promptlint", buildVersion())
			return exitOK, nil
		}
	},
}

var helpCmd = &command{
	name:    "help",
	args:    "[COMMAND]",
	summary: "print this help, or a command's flags and examples",
	desc:    `Help prints the list of commands, or with a command its description, flags and examples.`,
	examples: []string{
		"promptlint help check",
	},
	setup: func(fl *flag.FlagSet) func(*process, []string) (int, error) {
		return func(p *process, args []string) (int, error) {
			switch len(args) {
			case 0:
				fmt.Fprint(p.Stdout, usage())
				return exitOK, nil
			case 1:
				cmd := lookup(args[0])
				if cmd == nil {
					return 0, lint.Usagef("unknown command %q", args[0])
				}
				fmt.Fprint(p.Stdout, commandHelp(cmd))
				return exitOK, nil
			}
			return 0, lint.Usagef("give one command")
		}
	},
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
