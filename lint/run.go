package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/promptlint/promptlint/lint/gitignore"
)

// Run checks a change, or lints a tree (Input.Lint). A check reads the
// prompt files the change touches in Base and Head (all of them that
// differ, when the host does not list the changes), pairs prompts,
// classifies each change, computes its diff statistics, runs the
// single-file rules on changed prompts and the change rules on every
// pair, evaluates the production checklist, marks the findings the base
// already had, and records what the change does to its own gate. The
// Request is asked only what the run needs. A lint reads the prompt files
// of one tree and runs the single-file rules on every prompt.
//
// An error means the run could not be done: an invalid registry, a bad
// configuration (a *UsageError), a tree or the request that fails.
func Run(ctx context.Context, in Input) (*Report, error) {
	if err := Validate(in.Registry); err != nil {
		return nil, err
	}
	cfg := in.Config.Config
	if cfg == nil {
		cfg = DefaultConfig()
	}
	rules, err := cfg.Apply(in.Registry)
	if err != nil {
		return nil, err
	}
	if in.Head == nil {
		return nil, errors.New("no head tree to check")
	}
	dir := strings.Trim(path.Clean("/"+in.Dir), "/")
	s := &session{ctx: ctx, req: in.Request, cfg: cfg, rules: rules, dir: dir, owner: map[string]int{}, files: map[string]commitFiles{}}
	if in.Lint {
		return s.lint(in)
	}
	if s.req == nil {
		s.req = LocalRequest{}
	}
	ch, err := s.readChange(in)
	if ch != nil && ch.rest != nil {
		// Nothing of the rest is touched after Run returns (the host
		// saves the index).
		defer ch.rest.wait()
	}
	if err != nil {
		return nil, err
	}
	rep := s.check(ch)
	if s.err != nil {
		return nil, s.err
	}
	trusted := in.Config
	trusted.Config = cfg
	base, head := trusted, trusted
	if in.BaseConfig != nil {
		base = *in.BaseConfig
	}
	if in.HeadConfig != nil {
		head = *in.HeadConfig
	}
	Gate(rep, base, head, in.Registry)
	return rep, nil
}

// change is what Run read of a change: the files it touches on each side
// (prompt files only, sorted by path), and the rest of the head.
type change struct {
	base, head *side
	// missing are files the change lists that Head does not have.
	missing []string
	// files counts the prompt files of Head (Report.Files).
	files int
	// rest are the prompt files of Head the change leaves alone (nil
	// unless the run scans them); both sides share them.
	rest *restFiles
}

// session is one run's state: the configuration, the rules, and what the
// request has answered so far.
type session struct {
	ctx   context.Context
	req   Request
	cfg   *Config
	rules []*Rule
	dir   string
	err   error // the first error of the request or of a lazy read

	desc        *Description
	descDone    bool
	reviews     []Review
	reviewsDone bool
	commits     []Commit
	commitsDone bool
	files       map[string]commitFiles // by commit SHA
	owner       map[string]int         // commit SHA → the index of the prompt it goes to; -1 none
	prompts     []PromptReport         // the changed prompts, in report order
}

type commitFiles struct {
	paths []string
	known bool
}

// fail records the first error of the run; the rules see empty answers
// from then on.
func (s *session) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// description asks the request for its description once.
func (s *session) description() *Description {
	if !s.descDone && s.err == nil {
		s.descDone = true
		d, err := s.req.Description(s.ctx)
		if err != nil {
			s.fail(fmt.Errorf("reading the change request: %w", err))
			return nil
		}
		s.desc = d
	}
	return s.desc
}

// reviewList asks the request for its reviews once.
func (s *session) reviewList() []Review {
	if !s.reviewsDone && s.err == nil {
		s.reviewsDone = true
		r, err := s.req.Reviews(s.ctx)
		if err != nil {
			s.fail(fmt.Errorf("reading the reviews of the change request: %w", err))
			return nil
		}
		s.reviews = r
	}
	return s.reviews
}

// commitsOf returns the commits keep accepts that go to the changed
// prompt at index i (see Pass.Commits).
func (s *session) commitsOf(i int, keep func(Commit) bool) []Commit {
	if !s.commitsDone && s.err == nil {
		s.commitsDone = true
		c, err := s.req.Commits(s.ctx)
		if err != nil {
			s.fail(fmt.Errorf("reading the commits of the change: %w", err))
			return nil
		}
		s.commits = c
	}
	var out []Commit
	for _, c := range s.commits {
		if keep != nil && !keep(c) {
			continue
		}
		if s.ownerOf(c) == i {
			out = append(out, c)
		}
	}
	return out
}

// ownerOf returns the index of the changed prompt a commit goes to: the
// first whose file it touches, at its new or old path; the first prompt
// when the host cannot tell the commit's files; -1 when it touches no
// changed prompt file.
func (s *session) ownerOf(c Commit) int {
	if o, ok := s.owner[c.SHA]; ok {
		return o
	}
	paths, known := c.Paths, c.PathsKnown || len(c.Paths) > 0
	if !known && s.err == nil {
		cf, ok := s.files[c.SHA]
		if !ok {
			p, k, err := s.req.CommitFiles(s.ctx, c.SHA)
			if err != nil {
				s.fail(fmt.Errorf("reading the files of commit %s: %w", c.SHA, err))
			}
			cf = commitFiles{paths: p, known: k}
			s.files[c.SHA] = cf
		}
		paths, known = cf.paths, cf.known
	}
	o := -1
	switch {
	case !known:
		o = 0
	default:
		for i, r := range s.prompts {
			if r.Prompt != nil && slices.Contains(paths, r.Prompt.Path) || r.Base != nil && slices.Contains(paths, r.Base.Path) {
				o = i
				break
			}
		}
	}
	s.owner[c.SHA] = o
	return o
}

// inDir reports whether a tree path is under the run's directory.
func (s *session) inDir(p string) bool {
	return s.dir == "" || strings.HasPrefix(p, s.dir+"/")
}

// looksUpNames reports whether a rule of the run looks prompts up by
// name (Rule.Names), so that the rest of the tree is worth reading ahead.
func (s *session) looksUpNames() bool {
	for _, r := range s.rules {
		if r.Names {
			return true
		}
	}
	return false
}

// selects reports whether a tree path is a prompt file of the run: under
// its directory, selected by the config's globs, not a config file.
func (s *session) selects(p string) bool {
	if p == "" || !s.inDir(p) || slices.Contains(ConfigNames, path.Base(p)) {
		return false
	}
	if s.dir == "" {
		return s.cfg.Match(p)
	}
	return s.cfg.Match(p, s.dir)
}

// readChange reads the prompt files the change touches on both sides.
// With an error, the change it returns, if any, is only for Run to wait
// for the rest's reading ahead.
func (s *session) readChange(in Input) (*change, error) {
	changes, rest, err := in.Changes, []string(nil), error(nil)
	scan := in.Scan
	if changes == nil {
		if changes, rest, err = s.compareTrees(in.Base, in.Head); err != nil {
			return nil, err
		}
		scan = true
	} else if scan {
		if rest, err = s.unchanged(in.Base, in.Head, changes); err != nil {
			return nil, err
		}
	}
	var headPaths, basePaths []string
	for _, c := range changes {
		if s.selects(c.Path) {
			headPaths = append(headPaths, c.Path)
		}
		if in.Base != nil && s.selects(c.OldPath) {
			basePaths = append(basePaths, c.OldPath)
		}
	}
	headPaths, basePaths = sortedSet(headPaths), sortedSet(basePaths)
	ch := &change{}
	if scan {
		// A tree listed locally is walked as Discover walks it: what git
		// ignores is no prompt, even when git tracks it.
		headPaths, basePaths = s.walkable(in.Head, headPaths), s.walkable(in.Base, basePaths)
		r := &restFiles{fsys: in.Head, cfg: s.cfg, paths: rest}
		if in.Index != nil && in.Base != nil {
			// The rest is the same on both sides: the base may name it.
			r.index, r.keys = in.Index, newIndexKeys(in.Base, s.cfg)
		}
		if g, ok := in.Base.(GrepFS); ok && searchBeatsReading(g, in.Head) {
			// And search it.
			r.grep = g
		}
		ch.rest = r
		if len(headPaths) > 0 && s.looksUpNames() {
			r.readAhead()
		}
	}
	// The two sides are read at the same time: a change of one large
	// file has one file on each.
	var (
		baseFiles []*File
		baseErr   error
		read      sync.WaitGroup
	)
	if in.Base != nil {
		read.Go(func() { baseFiles, _, baseErr = readFiles(in.Base, basePaths, s.cfg, nil) })
	}
	headFiles, missing, err := readFiles(in.Head, headPaths, s.cfg, nil)
	read.Wait()
	if err != nil {
		return ch, err
	}
	ch.missing = missing
	if baseErr != nil {
		return ch, baseErr
	}
	ch.head = &side{files: PromptFiles(headFiles), rest: ch.rest}
	ch.base = &side{files: PromptFiles(baseFiles), rest: ch.rest}
	ch.files = len(ch.head.files)
	if r := ch.rest; r != nil {
		n, err := r.countPrompts()
		if err != nil {
			return ch, err
		}
		ch.files += n
	}
	return ch, nil
}

// searchBeatsReading reports whether searching the base for a name beats
// reading the head's unchanged files: always, unless the head is a
// directory on disk and the base says its files are not packed (see
// lint/git's Tree.Packed: git grep inflates a loose object from a file
// of its own, which costs more than reading the working tree's file).
func searchBeatsReading(base GrepFS, head fs.FS) bool {
	if _, dir := head.(*Dir); !dir {
		return true
	}
	p, ok := base.(interface{ Packed() bool })
	return !ok || p.Packed()
}

// walkable keeps the paths Discover would list: not ignored by git (unless
// the run's directory itself is) and in no directory it never walks.
func (s *session) walkable(fsys fs.FS, paths []string) []string {
	if fsys == nil || len(paths) == 0 {
		return paths
	}
	ignore := gitignore.New(fsys)
	useIgnore := s.dir == "" || !ignore.Ignored(s.dir, true)
	var out []string
	for _, p := range paths {
		skip := useIgnore && ignore.Ignored(p, false)
		for d := path.Dir(p); d != "." && d != "/" && !skip; d = path.Dir(d) {
			skip = skipDirs[path.Base(d)]
		}
		if !skip {
			out = append(out, p)
		}
	}
	return out
}

// unchanged lists the prompt files the change does not touch: those of
// the base it leaves in place (the same in the head, since the change
// lists every difference), else, with no base, those of the head. The
// base is listed rather than the head because a host's base is usually a
// revision listed in memory, where walking a working tree costs a call
// per directory and file.
func (s *session) unchanged(base, head fs.FS, changes []FileChange) ([]string, error) {
	tree := base
	if tree == nil {
		tree = head
	}
	names, err := s.discover(tree)
	if err != nil {
		return nil, err
	}
	touched := map[string]bool{}
	for _, c := range changes {
		touched[c.Path] = true
		touched[c.OldPath] = true
	}
	var out []string
	for _, n := range names {
		if !touched[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// discover lists the prompt files of a tree under the run's directory;
// none for a nil tree or one without that directory.
func (s *session) discover(fsys fs.FS) ([]string, error) {
	if fsys == nil {
		return nil, nil
	}
	var roots []string
	if s.dir != "" {
		if _, err := fs.Lstat(fsys, s.dir); errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		roots = []string{s.dir}
	}
	return Discover(fsys, roots, s.cfg)
}

// compareTrees finds the changes between two trees that the host did not
// list: files on one side only, and files on both whose content differs
// (their sizes first, then their bytes). It returns the changes and the
// prompt files of head that did not change.
func (s *session) compareTrees(base, head fs.FS) (changes []FileChange, rest []string, err error) {
	headNames, err := s.discover(head)
	if err != nil {
		return nil, nil, err
	}
	baseNames, err := s.discover(base)
	if err != nil {
		return nil, nil, err
	}
	inBase := map[string]bool{}
	for _, n := range baseNames {
		inBase[n] = true
	}
	for _, n := range headNames {
		if !inBase[n] {
			changes = append(changes, FileChange{Path: n})
			continue
		}
		delete(inBase, n)
		same, err := sameFile(base, head, n, s.cfg.MaxFileSize)
		if err != nil {
			return nil, nil, err
		}
		if same {
			rest = append(rest, n)
		} else {
			changes = append(changes, FileChange{Path: n, OldPath: n})
		}
	}
	for _, n := range baseNames {
		if inBase[n] {
			changes = append(changes, FileChange{OldPath: n})
		}
	}
	return changes, rest, nil
}

// sameFile reports whether a path holds the same file in both trees: two
// regular files with the same bytes, or two of the same other kind (links,
// folders), or two over the size limit (neither is read).
func sameFile(a, b fs.FS, p string, limit int64) (bool, error) {
	ia, err := fs.Lstat(a, p)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", p, err)
	}
	ib, err := fs.Lstat(b, p)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", p, err)
	}
	switch {
	case ia.Mode().Type() != ib.Mode().Type():
		return false, nil
	case !ia.Mode().IsRegular():
		return true, nil
	case ia.Size() > limit && ib.Size() > limit:
		return true, nil
	case ia.Size() != ib.Size():
		return false, nil
	}
	da, err := fs.ReadFile(a, p)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", p, err)
	}
	db, err := fs.ReadFile(b, p)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", p, err)
	}
	return string(da) == string(db), nil
}

func sortedSet(list []string) []string {
	sort.Strings(list)
	return slices.Compact(list)
}
