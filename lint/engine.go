package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/promptlint/promptlint/lint/gitignore"
)

// ParseErrorRule is the id of the rule under which unreadable files are
// reported. The engine reports it itself, with the severity the rule has
// in the registry handed to it (and not at all when the rule is off).
const ParseErrorRule = "parse-error"

// File is one prompt file read from a tree.
type File struct {
	Path    string
	Data    []byte // the file's content, nil when it could not be read
	Prompts []*Prompt
	Err     *ParseError // set when the file could not be read as a prompt
	// NotPrompt is set when the content shows that the file is not a
	// prompt although its name matched (Markdown or text without front
	// matter documents prompts): it has no prompts and no error, and
	// ReadFiles and Run leave it out (a lint lists it in
	// Report.NotPrompts).
	NotPrompt bool
}

// PromptFiles returns files without those that are not prompts.
func PromptFiles(files []*File) []*File {
	out := files[:0:0]
	for _, f := range files {
		if !f.NotPrompt {
			out = append(out, f)
		}
	}
	return out
}

// skipDirs are directories never walked.
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".hg": true, ".svn": true}

// Match reports whether a slash-separated path relative to the tree root is
// selected by the config's globs. A glob also matches relative to any of
// the path's parent directories given in roots (the directories named on
// the command line). A project document (README, CHANGELOG, CONTRIBUTING,
// LICENSE) is never selected.
func (c *Config) Match(p string, roots ...string) bool {
	if IsProjectDoc(p) {
		return false
	}
	for _, g := range c.Exclude {
		if ok, _ := doublestar.Match(g, p); ok {
			return false
		}
	}
	cands := []string{p}
	for _, r := range roots {
		if r != "." && r != "" && strings.HasPrefix(p, r+"/") {
			cands = append(cands, strings.TrimPrefix(p, r+"/"))
		}
	}
	for _, g := range c.Files {
		for _, cand := range cands {
			if ok, _ := doublestar.Match(g, cand); ok {
				return true
			}
		}
	}
	return false
}

// projectDocRE matches the names of a project's own documents: README,
// CHANGELOG, CONTRIBUTING and LICENSE (or LICENCE, COPYING), alone or
// followed by an extension or a "-" or "." suffix (README.zh-CN.md,
// LICENSE-MIT), in any case.
var projectDocRE = regexp.MustCompile(`(?i)^(readme|changelog|contributing|licen[cs]e|copying)([.-].*)?$`)

// IsProjectDoc reports whether a slash-separated path names a project
// document (README*, CHANGELOG*, CONTRIBUTING*, LICENSE*), which is never
// a prompt whatever its extension.
func IsProjectDoc(p string) bool {
	base := path.Base(p)
	if base == "" || base[0]|0x20 != 'r' && base[0]|0x20 != 'c' && base[0]|0x20 != 'l' {
		return false // what every such name starts with, in either case
	}
	for i := range len(base) {
		if base[i] >= utf8.RuneSelf {
			// Case folds beyond ASCII (ſ is s): the expression's own.
			return projectDocRE.MatchString(base)
		}
	}
	for _, w := range projectDocWords {
		if len(base) >= len(w) && strings.EqualFold(base[:len(w)], w) {
			rest := base[len(w):]
			return rest == "" || (rest[0] == '.' || rest[0] == '-') && !strings.Contains(rest, "\n")
		}
	}
	return false
}

// projectDocWords are the names projectDocRE matches, for ASCII names;
// no word is the start of another.
var projectDocWords = []string{"readme", "changelog", "contributing", "licence", "license", "copying"}

// Discover lists the prompt files of fsys under the given paths (slash
// separated, relative to the root; none means the whole tree). A directory
// is walked with the config's globs, leaving out what git ignores (the
// tree's .gitignore files and .git/info/exclude, read as git reads them)
// and the directories in skipDirs; a file named directly is always
// included. Symbolic links are listed so that the reader reports them.
func Discover(fsys fs.FS, paths []string, cfg *Config) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	ignore := gitignore.New(fsys)
	match := cfg.matcher()
	// A walk lists each path once; only several paths can list one
	// twice (a directory and a file in it).
	var seen map[string]bool
	if len(paths) > 1 {
		seen = map[string]bool{}
	}
	var out []string
	add := func(p string) {
		if seen == nil {
			out = append(out, p)
		} else if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, root := range paths {
		root = path.Clean(strings.TrimPrefix(root, "./"))
		info, err := fs.Lstat(fsys, root)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", root, err)
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		// A directory named on the command line is walked even when git
		// ignores it; inside it, its own ignore files still apply.
		useIgnore := root == "." || !ignore.Ignored(root, true)
		err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("walking %s: %w", p, err)
			}
			if p != root && useIgnore && ignore.Ignored(p, d.IsDir()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && skipDirs[d.Name()] {
					return fs.SkipDir
				}
				// io/fs cannot open a path that is not UTF-8: such a
				// directory is listed, so that readFile reports it,
				// rather than failing the run or skipping it silently.
				if p != root && !utf8.ValidString(p) {
					add(p)
					return fs.SkipDir
				}
				return nil
			}
			if match(p, root) && !slices.Contains(ConfigNames, d.Name()) {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// ReadFiles reads and parses the named files of fsys in parallel. A file
// that cannot be read as a prompt (too large, a symbolic link, not UTF-8,
// bad YAML) gets File.Err; an I/O error on the tree, a missing file
// included, is returned.
func ReadFiles(fsys fs.FS, paths []string, cfg *Config) ([]*File, error) {
	files, err := readAll(fsys, paths, cfg, nil)
	if err != nil {
		return nil, err
	}
	return PromptFiles(files), nil
}

// readAll is ReadFiles that keeps the files that are not prompts, and
// reuses the parses of cache (nil: none).
func readAll(fsys fs.FS, paths []string, cfg *Config, cache *ParseCache) ([]*File, error) {
	files, missing, err := readFiles(fsys, paths, cfg, cache)
	if err == nil && len(missing) > 0 {
		_, err = fs.Lstat(fsys, missing[0])
		err = fmt.Errorf("reading %s: %w", missing[0], err)
	}
	if err != nil {
		return nil, err
	}
	return files, nil
}

// readFiles is ReadFiles that lists the files the tree does not have
// instead of failing on them, keeps the files that are not prompts, and
// reuses the parses of cache (nil: none).
func readFiles(fsys fs.FS, paths []string, cfg *Config, cache *ParseCache) (files []*File, missing []string, err error) {
	all := make([]*File, len(paths))
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) {
		all[i], errs[i] = readFile(fsys, paths[i], cfg, cache)
	})
	for i, err := range errs {
		if errors.Is(err, fs.ErrNotExist) {
			missing, errs[i] = append(missing, paths[i]), nil
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	for _, f := range all {
		if f != nil {
			files = append(files, f)
		}
	}
	return files, missing, nil
}

// parallel calls f(i) for each i from 0 to n-1, on as many goroutines as
// there are cores, the caller's one of them, each taking the next i in
// turn; with one core or one call, on the caller's alone.
func parallel(n int, f func(i int)) {
	(&sharedWork{n: n, do: f}).finish()
}

// sharedWork is n items of work, taken in order, each by one worker: all
// of them by finish, or some started in the background (start) and the
// rest by whoever needs them done (finish).
type sharedWork struct {
	n    int
	do   func(i int)
	next atomic.Int64
	wg   sync.WaitGroup
}

// start has one goroutine take items in the background.
func (w *sharedWork) start() { w.wg.Go(w.work) }

func (w *sharedWork) work() {
	for i := int(w.next.Add(1) - 1); i < w.n; i = int(w.next.Add(1) - 1) {
		w.do(i)
	}
}

// finish does the items left with as many workers as there are cores,
// this goroutine one of them, and waits for every item; nil does nothing.
func (w *sharedWork) finish() {
	if w == nil {
		return
	}
	if left := w.n - int(w.next.Load()); left > 0 {
		for range min(runtime.GOMAXPROCS(0), left) - 1 {
			w.wg.Go(w.work)
		}
		w.work()
	}
	w.wg.Wait()
}

// ParseCache remembers the files runs have parsed, by path and content,
// so that a run that reads the same bytes again reuses the parse (the
// prompts, and the error): the rounds of a fix read every file again and
// edit a few. It serves runs with the same Config; one with another
// starts it afresh. It is safe for concurrent use; the zero value is an
// empty cache.
type ParseCache struct {
	mu    sync.Mutex
	cfg   *Config
	files map[string]*File
}

// parse returns the file that ParseFile makes of p and data: from the
// cache when it parsed the same bytes at p with cfg.
func (c *ParseCache) parse(p string, data []byte, cfg *Config) *File {
	if c == nil {
		return ParseFile(p, data, cfg)
	}
	c.mu.Lock()
	if c.cfg != cfg {
		c.cfg, c.files = cfg, map[string]*File{}
	}
	f := c.files[p]
	c.mu.Unlock()
	if f != nil && bytes.Equal(f.Data, data) {
		return f
	}
	f = ParseFile(p, data, cfg)
	c.mu.Lock()
	if c.cfg == cfg {
		c.files[p] = f
	}
	c.mu.Unlock()
	return f
}

// cleanName reports whether the engine reads a path of fsys: a clean
// path inside it (fs.ValidPath), or one that a command line's tree holds
// outside its root ("../shared/a.prompt", see Mount and Overlay).
func cleanName(fsys fs.FS, p string) bool {
	if o, ok := fsys.(*overlay); ok && o.serves(p) {
		return true
	}
	return fs.ValidPath(p)
}

// fastLoader is a tree that reads a regular file in fewer system calls
// than fs.Lstat, Open and Read take (Dir, and an overlay over one).
type fastLoader interface {
	loadRegular(name string, limit int64) (data []byte, pe *ParseError, ok bool)
}

func readFile(fsys fs.FS, p string, cfg *Config, cache *ParseCache) (*File, error) {
	data, pe, err := loadFile(fsys, p, cfg)
	switch {
	case err != nil:
		return nil, err
	case pe != nil:
		return &File{Path: p, Err: pe}, nil
	}
	return cache.parse(p, data, cfg), nil
}

// loadFile reads a prompt file's bytes within the engine's limits: a name
// that is not UTF-8, a symbolic link, anything but a regular file and a
// file over max_file_size give a *ParseError that says so, before the
// content is read (fs.Lstat tells). An I/O error is returned; one that
// wraps fs.ErrNotExist when the tree does not have the file.
func loadFile(fsys fs.FS, p string, cfg *Config) ([]byte, *ParseError, error) {
	if !utf8.ValidString(p) {
		// A PR can add one; io/fs cannot open it.
		return nil, &ParseError{Path: p, Msg: "name is not valid UTF-8, so promptlint cannot read it (or anything in it); rename it"}, nil
	}
	if !cleanName(fsys, p) {
		// A host's list of changed files can name one ("a/../b", "a//b").
		return nil, &ParseError{Path: p, Msg: "name is not a clean path inside the repository (an empty, \".\" or \"..\" part), so promptlint does not read it"}, nil
	}
	if d, ok := fsys.(fastLoader); ok {
		// A regular file in one open, fstat and read; anything else
		// the slow way, which says what it is.
		if data, pe, ok := d.loadRegular(p, cfg.MaxFileSize); ok {
			return data, pe, nil
		}
	}
	info, err := fs.Lstat(fsys, p)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", p, err)
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, &ParseError{Path: p, Msg: "is a symbolic link; promptlint does not follow links, commit the file itself"}, nil
	case !info.Mode().IsRegular():
		return nil, &ParseError{Path: p, Msg: "is not a regular file"}, nil
	case info.Size() > cfg.MaxFileSize:
		return nil, &ParseError{Path: p, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit (max_file_size)", info.Size(), cfg.MaxFileSize)}, nil
	}
	r, err := fsys.Open(p)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", p, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, cfg.MaxFileSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", p, err)
	}
	if int64(len(data)) > cfg.MaxFileSize {
		return nil, &ParseError{Path: p, Msg: fmt.Sprintf("file is over the %d-byte limit (max_file_size)", cfg.MaxFileSize)}, nil
	}
	return data, nil, nil
}

// ParseFile parses the content of one prompt file; a file that cannot be
// read as a prompt gets File.Err.
func ParseFile(p string, data []byte, cfg *Config) *File {
	f := &File{Path: p, Data: data}
	if int64(len(data)) > cfg.MaxFileSize {
		f.Err = &ParseError{Path: p, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit (max_file_size)", len(data), cfg.MaxFileSize)}
		return f
	}
	prompts, err := Parse(p, data, cfg)
	if err == nil && len(prompts) == 0 {
		f.NotPrompt = true
		return f
	}
	if err != nil {
		pe, ok := err.(*ParseError)
		if !ok {
			pe = &ParseError{Path: p, Msg: err.Error()}
		}
		f.Err = pe
		return f
	}
	for _, pr := range prompts {
		pr.ContentSize = len(data)
	}
	f.Prompts = prompts
	return f
}

// lint lints Head alone (Input.Lint): it reads the prompt files under
// Paths and runs the single-file rules on every prompt; prompts are
// compared with each other across all of them. The files are shared
// among as many workers as there are cores, each with a collector of its
// own; the report is the same as one collector's, in the same order.
func (s *session) lint(in Input) (*Report, error) {
	if in.Base != nil || in.Dir != "" || in.Changes != nil || in.Scan || in.Index != nil || in.Request != nil || in.BaseConfig != nil || in.HeadConfig != nil {
		return nil, errors.New("a lint reads the paths of one tree: a base, a directory, a change, a request and the sides' configurations are a check's")
	}
	all, err := readPaths(in.Head, in.Paths, s.cfg, in.Parsed)
	if err != nil {
		return nil, err
	}
	files := PromptFiles(all)
	cfg, rules := s.cfg, s.rules
	rep := &Report{Files: len(files)}
	for _, f := range all {
		if f.NotPrompt {
			rep.NotPrompts = append(rep.NotPrompts, f.Path)
		}
	}
	// Each file's prompts are written to their place in the report, in
	// file order, and its findings kept apart to be merged in that order.
	first := make([]int, len(files)) // the report's index of each file's first prompt
	total := 0
	for i, f := range files {
		first[i] = total
		total += len(f.Prompts)
	}
	if total > 0 {
		rep.Prompts = make([]PromptReport, total)
	}
	found := make([][]Finding, len(files)) // each file's findings
	workers := min(runtime.GOMAXPROCS(0), max(len(files)/filesPerWorker, 1))
	cols := make([]*collector, workers)
	supFound := make([][]Finding, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		c := newCollector(cfg, rules)
		c.sup = newSuppressor(files)
		cols[w] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Every worker sees every file for All and Named, and keeps
			// its own run-wide Memo values: both are computed from the
			// same files, so each worker computes the same.
			tree := &side{files: files}
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				f := files[i]
				start := len(c.findings)
				c.parseError(f)
				for k, p := range f.Prompts {
					rep.Prompts[first[i]+k] = PromptReport{Prompt: p, Status: Unchanged, Environment: cfg.EnvironmentOf(p)}
					c.run(&Pass{Config: cfg, Prompt: p, Status: Unchanged, tree: tree, index: -1}, false)
				}
				found[i] = c.findings[start:len(c.findings):len(c.findings)]
			}
			// A file's findings, its directives' included, are all one
			// worker's: the per-file cap counts them in one collector.
			start := len(c.findings)
			for _, f := range c.sup.findings(c) {
				c.add(f)
			}
			supFound[w] = c.findings[start:]
		}()
	}
	wg.Wait()
	// The order one collector gives: each file's findings in file order,
	// then the directives' findings by path, then the cap summaries.
	merged := &collector{over: map[cutKey]*overCut{}}
	for _, fs := range found {
		merged.findings = append(merged.findings, fs...)
	}
	var sups []Finding
	for w, c := range cols {
		sups = append(sups, supFound[w]...)
		maps.Copy(merged.over, c.over)
	}
	sort.SliceStable(sups, func(i, j int) bool { return sups[i].Path < sups[j].Path })
	merged.findings = append(merged.findings, sups...)
	rep.Findings, rep.Cut = merged.result()
	SortFindings(rep.Findings)
	return rep, nil
}

// readPaths reads the files named and the prompt files of the
// directories named, sorted by path: each path is read as a file first,
// so that a list of files (as a command line gives) costs no look-up
// more, and one that proves to be a directory is walked with the config's
// globs (see Discover).
func readPaths(fsys fs.FS, paths []string, cfg *Config, cache *ParseCache) ([]*File, error) {
	var named, dirs []string
	for _, p := range paths {
		if p = path.Clean(strings.TrimPrefix(p, "./")); p == "." {
			dirs = append(dirs, p) // the root: no need to look
			continue
		}
		named = append(named, p)
	}
	files, err := readAll(fsys, sortedSet(named), cfg, cache)
	if err != nil {
		return nil, err
	}
	kept := files[:0]
	for _, f := range files {
		if f.Err != nil {
			if info, err := fs.Lstat(fsys, f.Path); err == nil && info.IsDir() {
				dirs = append(dirs, f.Path)
				continue
			}
		}
		kept = append(kept, f)
	}
	if len(dirs) == 0 {
		return kept, nil
	}
	read := make(map[string]bool, len(kept))
	for _, f := range kept {
		read[f.Path] = true
	}
	names, err := Discover(fsys, dirs, cfg)
	if err != nil {
		return nil, err
	}
	names = slices.DeleteFunc(names, func(n string) bool { return read[n] })
	more, err := readAll(fsys, names, cfg, cache)
	if err != nil {
		return nil, err
	}
	files = append(kept, more...)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// filesPerWorker is how many files a lint gives a worker at least:
// fewer are linted by one.
const filesPerWorker = 64

// MaxFindingsPerRule is how many findings of one rule one file can get.
// Past it, the rule's further findings in the file are counted, not
// reported, and one summary finding says how many more there were: a
// pull request cannot make a report of millions of findings (a file of
// "{{" is one template-syntax error per brace).
const MaxFindingsPerRule = 100

// Cut says that a rule found more in one file than it reported, or (What
// set, by Report.Bounded) that a written report lists less of a file or
// of a prompt than there was.
type Cut struct {
	Path     string
	Rule     string // the rule whose findings were cut; "" for other cuts
	Prompt   string // the prompt whose list was cut; "" for a file's
	What     string // what was cut (see Kind); "" for findings
	Found    int    // findings the rule made in the file; entries, or bytes of diff
	Reported int    // findings kept (MaxFindingsPerRule); entries or bytes kept
}

// collector runs rules and gathers their findings, dropping those the
// config or the file disables, and keeping at most MaxFindingsPerRule
// findings per rule and file.
type collector struct {
	cfg      *Config
	rules    []*Rule
	order    []node // rules and producers, each after what it requires
	findings []Finding
	kept     map[cutKey]*keyCount // findings kept per file and rule
	over     map[cutKey]*overCut  // findings past the cap per file and rule
	memo     map[any]any          // the run's Pass.Memo values
	sup      *suppressor          // the files' promptlint:ignore directives; nil when none
	results  map[*Producer]any    // the producers' results for the prompt of the moment (run)
	// fixShared is the file the last prompt's rules read again for
	// fixes, kept for the next prompts of the same file; fixWorkers, for
	// the workers of runAll, the last one any of them read.
	fixShared  *fixFile
	fixWorkers *atomic.Pointer[fixFile]
	state      *runState             // run's, made on its first call
	severities map[severityKey]*Rule // rules with an environment's severity
	// envPath and pathEnv are the last file ruleEnvironment looked up
	// and its prompts' environment; plans are rulesIn's lists by
	// environment.
	envPath, pathEnv string
	plans            map[string][]*Rule
	// touches, when logging (a worker of runAll), are what each prompt's
	// rules did with the cap of each key they asked about or reported
	// under while it was not reached, from promptStart on for the prompt
	// of the moment, whose index is cur.
	logging     bool
	touches     []capTouch
	promptStart int
	cur         int
}

// capTouch is what one prompt's rules did with the cap of one key in a
// worker of runAll, the key not past the cap when they began: enough to
// tell whether they did the same as they would have in one collector
// that ran every prompt before them.
type capTouch struct {
	key    cutKey
	before int // the worker's kept findings of key when the prompt first touched it
	n      int // findings of key the prompt counted (kept or past the cap)
}

// touch records that the prompt of the moment asks about key k, whose
// counts are kc (nil: none yet), and returns the index of its record;
// -1 when the collector does not log or the key was past the cap when
// the prompt first touched it.
func (c *collector) touch(k cutKey, kc *keyCount) int {
	if !c.logging {
		return -1
	}
	for i := c.promptStart; i < len(c.touches); i++ {
		if c.touches[i].key == k {
			return i
		}
	}
	t := capTouch{key: k}
	if kc != nil {
		if kc.kept >= MaxFindingsPerRule {
			return -1
		}
		t.before = kc.kept
	}
	c.touches = append(c.touches, t)
	return len(c.touches) - 1
}

// counted records a finding of the touch at index t.
func (c *collector) counted(t int) {
	if t >= 0 {
		c.touches[t].n++
	}
}

// parallelPrompts is how many prompts a check has at least for runAll to
// run their rules on every core.
const parallelPrompts = 1024

// runAll runs the rules on n prompts (see run; pass builds the i-th
// pass and says whether only the change rules run) and hands each
// prompt's producer results to done, with the findings and cuts exactly
// those of running them one after the other in this collector. With
// parallelPrompts prompts or more, on several cores and with no
// promptlint:ignore directive, chunks of prompts run on workers of their
// own, each from its own counts; then, in prompt order, a prompt whose
// rules saw the cap of a key as one collector would have (the same
// count, both past the cap, or both below it for all its findings)
// gives its findings as they are, and any other runs again here. Only a
// worker's first prompts of a chunk that floods a rule run twice. done
// may be called more than once for a prompt, from any goroutine; the
// last call counts. The results map is good only until done returns (see
// run).
func (c *collector) runAll(n int, pass func(i int) (*Pass, bool), done func(i int, results map[*Producer]any)) {
	workers := runtime.GOMAXPROCS(0)
	if n < parallelPrompts {
		workers = 1
	}
	c.runOn(workers, n, pass, done)
}

// runOn is runAll on the given number of workers, whatever n.
func (c *collector) runOn(workers, n int, pass func(i int) (*Pass, bool), done func(i int, results map[*Producer]any)) {
	if workers < 2 || c.sup != nil {
		for i := range n {
			p, changeOnly := pass(i)
			done(i, c.run(p, changeOnly))
		}
		return
	}
	type promptRun struct {
		col          int // the worker
		start, end   int // its findings
		tStart, tEnd int // its touches
	}
	runs := make([]promptRun, n)
	cols := make([]*collector, workers)
	chunk := max(n/(4*workers), 256)
	var next atomic.Int64
	var wg sync.WaitGroup
	var fixes atomic.Pointer[fixFile]
	for w := range workers {
		wc := newCollector(c.cfg, c.rules)
		wc.logging, wc.fixWorkers = true, &fixes
		cols[w] = wc
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					r := promptRun{col: w, start: len(wc.findings), tStart: len(wc.touches)}
					wc.promptStart, wc.cur = r.tStart, i
					p, changeOnly := pass(i)
					done(i, wc.run(p, changeOnly))
					r.end, r.tEnd = len(wc.findings), len(wc.touches)
					runs[i] = r
				}
			}
		})
	}
	wg.Wait()
	// A rule counts the same findings whether they are listed or not,
	// so each key's findings in all are the workers' sum; and a worker's
	// kept count of a key is never above one collector's at the same
	// prompt. The first finding past the cap, which the summary shows,
	// is in the prompt where a worker first went past it.
	total := map[cutKey]int{}
	firstOver := map[int][]cutKey{} // by prompt
	for _, wc := range cols {
		for k, kc := range wc.kept {
			total[k] += kc.kept
			if kc.over != nil {
				total[k] += kc.over.n
				firstOver[kc.firstOver] = append(firstOver[kc.firstOver], k)
			}
		}
	}
	// The prompts run again here read a file again for fixes as the
	// workers did, from the last one they read.
	c.fixWorkers = &fixes
	defer func() { c.fixWorkers = nil }()
	for i, r := range runs {
		wc := cols[r.col]
		same := true
		for _, t := range wc.touches[r.tStart:r.tEnd] {
			g := 0
			if kc := c.kept[t.key]; kc != nil {
				g = kc.kept
			}
			if g != t.before && g+t.n >= MaxFindingsPerRule {
				same = false
				break
			}
		}
		if !same {
			p, changeOnly := pass(i)
			done(i, c.run(p, changeOnly))
			continue
		}
		for _, f := range wc.findings[r.start:r.end] {
			c.add(f)
		}
		for _, k := range firstOver[i] {
			if wkc := wc.kept[k]; wkc.firstOver == i && wkc.over != nil {
				if kc := c.count(k); kc.over == nil {
					kc.over = &overCut{first: wkc.over.first}
					c.over[k] = kc.over
				}
			}
		}
	}
	for k, o := range c.over {
		if t, ok := total[k]; ok {
			o.n = t - MaxFindingsPerRule
		}
	}
}

type cutKey struct{ path, rule string }

// keyCount counts the findings of one rule in one file: those kept, and
// those past the cap (nil until there is one).
type keyCount struct {
	kept int
	over *overCut
	// firstOver is the index of the prompt that went past the cap, in
	// a worker of runAll.
	firstOver int
}

// overCut counts the findings of one rule in one file past the cap, and
// keeps the first of them for the summary finding.
type overCut struct {
	first Finding
	n     int
}

func newCollector(cfg *Config, rules []*Rule) *collector {
	order, err := schedule(rules)
	if err != nil {
		// Run validates the registry first; a registry built by hand
		// that cycles runs its rules in order, without producers.
		order = nil
		for _, r := range rules {
			order = append(order, node{rule: r})
		}
	}
	return &collector{cfg: cfg, rules: rules, order: order, kept: map[cutKey]*keyCount{}, over: map[cutKey]*overCut{}, memo: map[any]any{}}
}

// add keeps f unless its rule already has MaxFindingsPerRule findings in
// its file; then f is only counted. It reports whether f was kept.
func (c *collector) add(f Finding) bool {
	k := cutKey{f.Path, f.Rule}
	return c.addTo(c.count(k), k, f)
}

// count returns the counts of key k.
func (c *collector) count(k cutKey) *keyCount {
	kc := c.kept[k]
	if kc == nil {
		kc = &keyCount{}
		c.kept[k] = kc
	}
	return kc
}

// addTo is add for a finding of key k, whose counts are kc.
func (c *collector) addTo(kc *keyCount, k cutKey, f Finding) bool {
	if kc.kept < MaxFindingsPerRule {
		kc.kept++
		c.findings = append(c.findings, f)
		return true
	}
	if kc.over != nil {
		kc.over.n++
		return false
	}
	kc.over = &overCut{first: f, n: 1}
	kc.firstOver = c.cur
	c.over[k] = kc.over
	return false
}

// result returns the findings kept, with one summary finding per file and
// rule that went over the cap (at the first finding left out, with the
// rule's severity), and the cuts, sorted by path and rule.
func (c *collector) result() ([]Finding, []Cut) {
	findings := c.findings
	var cuts []Cut
	for k, o := range c.over {
		f := o.first
		f.Message = fmt.Sprintf("and %d more findings of this rule in this file, not listed (at most %d per rule and file)", o.n, MaxFindingsPerRule)
		findings = append(findings, f)
		cuts = append(cuts, Cut{Path: k.path, Rule: k.rule, Found: MaxFindingsPerRule + o.n, Reported: MaxFindingsPerRule})
	}
	sort.Slice(cuts, func(i, j int) bool {
		if cuts[i].Path != cuts[j].Path {
			return cuts[i].Path < cuts[j].Path
		}
		return cuts[i].Rule < cuts[j].Rule
	})
	return findings, cuts
}

// known reports whether id names a rule: one of the registry the config
// was applied to (rules turned off included), else of the collector's.
func (c *collector) known(id string) bool {
	if c.cfg.ruleIDs != nil {
		return c.cfg.ruleIDs[id]
	}
	return c.rule(id) != nil
}

// ruleIDs are the ids known, sorted.
func (c *collector) ruleIDs() []string {
	var ids []string
	if c.cfg.ruleIDs != nil {
		for id := range c.cfg.ruleIDs {
			ids = append(ids, id)
		}
	} else {
		for _, r := range c.rules {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

func (c *collector) rule(id string) *Rule {
	for _, r := range c.rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func (c *collector) parseError(f *File) {
	if f.Err == nil {
		return
	}
	r := c.rule(ParseErrorRule)
	if r == nil || c.cfg.Ignored(f.Path, r.ID) {
		return
	}
	c.add(Finding{Rule: r.ID, Severity: r.Severity, Path: f.Path, Pos: f.Err.Pos, Message: f.Err.Msg})
}

// run runs the rules on the pass's prompt, each producer they require
// before them: the single-file rules unless changeOnly, and the change
// rules when the prompt changed. It returns the producers' results, in
// a map of the collector's that the next call overwrites: a map per
// prompt was a tenth of the engine's garbage.
func (c *collector) run(tmpl *Pass, changeOnly bool) map[*Producer]any {
	subj := tmpl.Subject()
	if sh := c.fixShared; sh != nil && !sameSource(sh.p, subj) {
		c.fixShared = nil // another file: let the last one go
	}
	if c.fixShared == nil && c.fixWorkers != nil {
		// Another worker may have read the file again already.
		if sh := c.fixWorkers.Load(); sh != nil && sameSource(sh.p, subj) {
			c.fixShared = sh
		}
	}
	subj.fixShared = c.fixShared
	rules := c.rulesIn(c.ruleEnvironment(subj))
	// One pass serves every rule in turn, and its two functions read the
	// rule of the moment: a lint of thousands of prompts runs a hundred
	// thousand rules, and a pass each was most of the engine's garbage.
	// The state of the moment is the collector's, for every prompt in
	// turn. A rule does not keep its pass past Run.
	st := c.state
	if st == nil {
		st = &runState{c: c}
		st.listedFunc, st.reportFunc = st.listed, st.report
		c.state = st
	}
	st.found = st.found[:0]
	results := c.results
	if results == nil {
		results = map[*Producer]any{}
		c.results = results
	}
	// The passes are copied from tmpl once per prompt, not once per rule:
	// a copy while the collector marks costs a write barrier per pointer.
	// Rules and producers do not write their pass.
	pp := &st.producerPass
	*pp = *tmpl
	pp.results, pp.found = results, &st.found
	pp.memo = c.memo
	pp.report = func(Finding) {}
	pass := &st.pass
	*pass = *tmpl
	pass.memo = c.memo
	pass.results, pass.found = results, &st.found
	pass.listed, pass.report = st.listedFunc, st.reportFunc
	for i, n := range c.order {
		if n.producer != nil {
			// Every producer runs for every prompt: each result
			// replaces the last prompt's, and the map needs no clearing.
			if v := n.producer.Run(pp); v != nil {
				results[n.producer] = v
			} else {
				delete(results, n.producer)
			}
			continue
		}
		r := rules[i]
		if r == nil || len(subj.Disabled) > 0 && slices.Contains(subj.Disabled, r.ID) {
			continue
		}
		if r.Change && tmpl.Status == Unchanged || changeOnly && !r.Change {
			continue
		}
		pass.Rule = r
		// A rule's findings are all of its key (the subject's path and
		// the rule's id): its counts and whether the config ignores it
		// are looked up once, not for each of what can be hundreds of
		// thousands.
		st.r, st.key, st.kc, st.ignored = r, cutKey{subj.Path, r.ID}, nil, 0
		c.sup.ran(subj, r.ID)
		r.Run(pass)
	}
	*pass, st.producerPass = Pass{}, Pass{} // nothing of the prompt stays
	// The rules are done with the prompt: the file they read again for
	// their fixes goes from it (a third of a large check's live heap); a
	// later fix reads it again. The collector keeps the last one read
	// for the next prompts of the same file (see fixFile).
	if subj.fixed != nil && subj.fixed != c.fixShared {
		c.fixShared = subj.fixed
		if c.fixWorkers != nil {
			c.fixWorkers.Store(subj.fixed)
		}
	}
	subj.fixed, subj.fixedErr, subj.fixShared = nil, nil, nil
	return results
}

// ruleEnvironment is c.cfg.RuleEnvironment(p), worked out once per file
// for the prompts that declare no environment, whose file's path tells
// it: a file of thousands of prompts would match every environment's
// path globs for each. (RuleEnvironment is never "": an empty pathEnv
// is one not worked out yet.)
func (c *collector) ruleEnvironment(p *Prompt) string {
	if p.Environment != "" {
		return c.cfg.RuleEnvironment(p)
	}
	if c.envPath != p.Path || c.pathEnv == "" {
		c.envPath, c.pathEnv = p.Path, c.cfg.RuleEnvironment(p)
	}
	return c.pathEnv
}

// rulesIn returns the rule of each node of c.order as it runs on the
// prompts of environment env: with env's severity; nil where the node is
// a producer, a rule the engine reports itself, or one env turns off.
// It is worked out once per collector and environment: a check of
// thousands of prompts would otherwise look up every rule's setting for
// each.
func (c *collector) rulesIn(env string) []*Rule {
	if rules, ok := c.plans[env]; ok {
		return rules
	}
	overrides := c.cfg.Environments[env].Rules
	rules := make([]*Rule, len(c.order))
	for i, n := range c.order {
		r := n.rule
		if r == nil || r.Run == nil || r.ID == ParseErrorRule {
			continue
		}
		if sev := severityOf(overrides, r); sev != r.Severity {
			if sev == Off {
				continue
			}
			r = c.withSeverity(r, sev)
		}
		rules[i] = r
	}
	if c.plans == nil {
		c.plans = map[string][]*Rule{}
	}
	c.plans[env] = rules
	return rules
}

// runState is what collector.run works with while a rule runs: the rule,
// its key and counts, and the findings listed on the prompt so far, with
// the passes and functions the rules and producers are handed, made once
// per collector rather than once per prompt.
type runState struct {
	c       *collector
	r       *Rule
	key     cutKey
	kc      *keyCount
	ignored int // 0: not known yet; 1: ignored; -1: not
	found   []ruleFinding

	pass, producerPass Pass
	listedFunc         func() bool
	reportFunc         func(Finding)
}

// listed is Pass.Listed for the rule of the moment.
func (st *runState) listed() bool {
	c := st.c
	if st.kc == nil {
		st.kc = c.kept[st.key] // nil until the rule reports in the file
	}
	c.touch(st.key, st.kc)
	return st.kc == nil || st.kc.kept < MaxFindingsPerRule
}

// report records a finding of the rule of the moment.
func (st *runState) report(f Finding) {
	c, key := st.c, st.key
	var kept bool
	if f.Path == key.path && f.Rule == key.rule {
		if st.kc == nil {
			st.kc = c.count(key)
		}
		if st.ignored == 0 {
			st.ignored = -1
			if c.cfg.Ignored(key.path, key.rule) {
				st.ignored = 1
			}
		}
		if st.ignored < 0 && !c.sup.suppress(f) {
			c.counted(c.touch(key, st.kc))
			kept = c.addTo(st.kc, key, f)
		}
	} else if !c.cfg.Ignored(f.Path, f.Rule) && !c.sup.suppress(f) {
		k := cutKey{f.Path, f.Rule}
		okc := c.count(k)
		c.counted(c.touch(k, okc))
		kept = c.addTo(okc, k, f)
	}
	if kept {
		// Only the findings listed: past the cap a rule can report
		// hundreds of thousands (the cap's summary says how many).
		st.found = append(st.found, ruleFinding{rule: st.r, finding: f})
	}
}

// withSeverity is r with severity sev (an environment's override), made
// once per collector.
func (c *collector) withSeverity(r *Rule, sev Severity) *Rule {
	k := severityKey{r, sev}
	if cp := c.severities[k]; cp != nil {
		return cp
	}
	cp := *r
	cp.Severity = sev
	if c.severities == nil {
		c.severities = map[severityKey]*Rule{}
	}
	c.severities[k] = &cp
	return &cp
}

type severityKey struct {
	r   *Rule
	sev Severity
}
