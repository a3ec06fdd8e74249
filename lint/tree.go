package lint

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

// side is one tree of a run as the rules see it: the prompt files of the
// change read on that side, and the prompt files the change leaves alone
// (shared by both sides, since they did not change), read only when a
// rule asks.
type side struct {
	files []*File    // sorted by path
	rest  *restFiles // nil when the host cannot list the tree cheaply

	allDone    bool
	allPrompts []*Prompt
	byName     map[string][]*Prompt // allPrompts by name, built on demand
	scans      int                  // names looked up by scanning the rest
}

// maxNameScans is how many names Named looks up by scanning the bytes of
// the rest of the tree before it reads the whole tree once instead: a
// change of a few prompts scans, a change of hundreds parses.
const maxNameScans = 8

// all returns every prompt of the side, sorted by path (see Pass.All).
func (t *side) all(s *session) []*Prompt {
	if t.allDone {
		return t.allPrompts
	}
	t.allDone = true
	files := t.files
	if t.rest != nil {
		t.rest.wait()
		rest, err := t.rest.parsed(t.rest.paths)
		if err != nil {
			s.fail(err)
		}
		files = mergeFiles(files, rest)
	}
	for _, f := range files {
		t.allPrompts = append(t.allPrompts, f.Prompts...)
	}
	return t.allPrompts
}

// named returns the prompts of the side whose name is name, sorted by
// path (see Pass.Named): of the rest, only the files that may hold the
// name are parsed, for the first few names asked.
func (t *side) named(s *session, name string) []*Prompt {
	if t.rest == nil || t.allDone || t.scans >= maxNameScans {
		if t.byName == nil {
			all := t.all(s)
			t.byName = make(map[string][]*Prompt, len(all)) // most names are one prompt's
			for _, p := range all {
				t.byName[p.Name] = append(t.byName[p.Name], p)
			}
		}
		return t.byName[name]
	}
	t.scans++
	t.rest.wait()
	var cands []string
	unknown, known := t.rest.split()
	for _, k := range known {
		if slices.Contains(k.names, name) {
			cands = append(cands, k.path)
		}
	}
	more, err := t.rest.mayName(unknown, name)
	if err != nil {
		s.fail(err)
		return nil
	}
	cands = append(cands, more...)
	slices.Sort(cands)
	cands = slices.Compact(cands) // the index and a search may both name a file
	rest, err := t.rest.parsed(cands)
	if err != nil {
		s.fail(err)
	}
	var out []*Prompt
	for _, f := range mergeFiles(t.files, rest) {
		out = append(out, promptsNamed(f.Prompts, name)...)
	}
	return out
}

func promptsNamed(ps []*Prompt, name string) []*Prompt {
	var out []*Prompt
	for _, p := range ps {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

// mayName returns the files among paths that may hold a prompt named
// name (see mayName): those git grep finds, where the rest is a git
// revision's, else those whose bytes hold it, read on every core. Only
// these are parsed (and a few more for the Index): a check of one prompt
// in a large repository, on a CI runner that starts without an index,
// parses a handful of files rather than all of them, and its cost grows
// with the repository only by a search in C or a read of its files.
func (r *restFiles) mayName(paths []string, name string) ([]string, error) {
	// Both sides ask (the base for the findings it already had): one
	// search per name.
	if hits, ok := r.found[name]; ok {
		return hits, nil
	}
	out, err := r.search(paths, name)
	if err != nil {
		return nil, err
	}
	if r.found == nil {
		r.found = map[string][]string{}
	}
	r.found[name] = out
	return out, nil
}

// search is mayName's search, and its share of the Index's filling.
func (r *restFiles) search(paths []string, name string) ([]string, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	var out []string
	if r.grep != nil {
		// A name git grep cannot search for (a line break in it) is
		// looked for the slow way.
		if hits, err := r.grep.FilesContaining(namePatterns(name)); err == nil {
			for _, p := range paths {
				if _, ok := slices.BinarySearch(hits, p); ok || pathMayName(p, name) {
					out = append(out, p)
				}
			}
			return out, nil
		}
	}
	if err := r.loadAll(paths); err != nil {
		return nil, err
	}
	for _, p := range paths {
		data, err := r.bytes(p)
		if err != nil {
			return nil, err
		}
		if mayName(p, data, name) {
			out = append(out, p)
		}
	}
	if err := r.fill(paths); err != nil {
		return nil, err
	}
	return out, nil
}

// fill parses some of the files read that the index does not know (the
// paths given), so that it knows them next time: a few at a time, once a
// run (both sides scan), so that a run without an index (a CI runner's)
// costs little more than the scan, and each run after it reads fewer
// files until it reads none.
func (r *restFiles) fill(unknown []string) error {
	share := r.fillShare(unknown)
	if share == nil {
		return nil // no index, or filled already
	}
	r.filled = true
	_, err := r.parsed(share)
	return err
}

// fillShare is the share of the files the index does not know that a run
// parses for it.
func (r *restFiles) fillShare(unknown []string) []string {
	if r.index == nil || r.filled {
		return nil
	}
	return unknown[:min(len(unknown), max(len(unknown)/indexShare, minIndexFill))]
}

// readAhead starts, in the background, the part of a scan for a name
// that does not depend on the name: reading the files the index does not
// know, and parsing the index's share of them. The engine starts it as
// soon as it knows the rest, so that one core reads while the other
// reads the changed files and loads the token encodings; a scan that
// comes later then only searches bytes in memory. One goroutine reads (a
// read of a local file costs processor time, not waiting: more readers
// would take the core the run itself needs) until a scan needs the
// files; the scan then reads the rest with it, on every core (wait). Only
// the files of a directory on disk are read ahead, and only where no
// search by git grep is offered. It only fills caches: a file it cannot
// read is read again, and its error reported, by the scan that needs it.
// Every method that touches the index or the parses waits for it first.
func (r *restFiles) readAhead() {
	if _, dir := r.fsys.(*Dir); !dir || r.grep != nil || len(r.paths) == 0 {
		return
	}
	unknown, _ := r.split()
	fill := r.fillShare(unknown)
	r.filled = r.index != nil
	// Items below len(unknown) read a file, the others parse one of
	// fill: a parse of a file not read yet reads it.
	r.ahead = &sharedWork{n: len(unknown) + len(fill), do: func(i int) {
		if i < len(unknown) {
			_, _ = r.load(unknown[i])
		} else {
			_, _ = r.parsed(fill[i-len(unknown) : i-len(unknown)+1])
		}
	}}
	r.ahead.start()
}

// wait finishes the work readAhead started, on every core.
func (r *restFiles) wait() { r.ahead.finish() }

// split returns the paths of the rest whose names the index does not
// know, and the names of the files it knows, as the index was when first
// asked: once a run, since each side, and readAhead, would ask again. A
// file the fill parses stays among the unknown, where a scan finds it by
// its bytes, which are read.
func (r *restFiles) split() (unknown []string, known []knownFile) {
	if !r.splitDone {
		r.splitDone = true
		for _, p := range r.paths {
			if names, ok := r.indexed(p); ok {
				r.known = append(r.known, knownFile{p, names})
			} else {
				r.unknown = append(r.unknown, p)
			}
		}
	}
	return r.unknown, r.known
}

// knownFile is a file of the rest and the names the index knows for it.
type knownFile struct {
	path  string
	names []string
}

// A scan for a name parses for the Index one file in indexShare of the
// files it reads that the Index does not know, and at least minIndexFill.
const (
	indexShare   = 16
	minIndexFill = 64
)

// mayName reports whether the file at p may hold a prompt named name:
// its bytes hold one of namePatterns, or its path holds the name.
func mayName(p string, data []byte, name string) bool {
	if pathMayName(p, name) {
		return true
	}
	for _, s := range namePatterns(name) {
		if bytes.Contains(data, []byte(s)) {
			return true
		}
	}
	return false
}

// namePatterns are the strings one of which a file that names a prompt
// name holds: the name as written, or an escape, a line folded by a
// backslash or a YAML tag that could spell it otherwise ("reply\u005f1",
// !!binary), or a doubled quote ('it”s').
func namePatterns(name string) []string {
	pats := []string{name, "\\", "!!"}
	if strings.Contains(name, "'") {
		pats = append(pats, "''")
	}
	return pats
}

// pathMayName reports whether a file's path holds a prompt name: a prompt
// without a declared name is named after its file (the n-th unnamed
// prompt of a list is "stem#n").
func pathMayName(p, name string) bool {
	stem, _, _ := strings.Cut(name, "#")
	return strings.Contains(p, stem)
}

// mergeFiles merges two lists of files sorted by path.
func mergeFiles(a, b []*File) []*File {
	out := make([]*File, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// restFiles are the prompt files of the head that a change does not
// touch, read lazily: their bytes when a rule scans for a name, their
// prompts when a rule needs them.
type restFiles struct {
	fsys  fs.FS
	cfg   *Config
	paths []string   // sorted
	index Index      // nil: none
	keys  *indexKeys // nil: the content of the files cannot be named unread
	grep  GrepFS     // a tree with the same files that searches them fast; nil: none

	found  map[string][]string // the files that may hold a name, by the name
	filled bool                // a scan parsed its share of files for the index
	ahead  *sharedWork         // readAhead's work; nil: none

	splitDone bool // split's answer, once a run
	unknown   []string
	known     []knownFile

	mu     sync.Mutex
	data   map[string]loaded
	parses map[string]*File
}

type loaded struct {
	data []byte
	err  *ParseError // the file cannot be read as a prompt (a link, too large)
}

// countPrompts counts the rest's prompt files: every file, except
// Markdown and text files whose content shows they document prompts.
func (r *restFiles) countPrompts() (int, error) {
	n := 0
	for _, p := range r.paths {
		if maybeDocument(p) {
			l, err := r.load(p)
			if err != nil {
				return 0, err
			}
			if l.err == nil && isDocument(p, l.data) {
				continue
			}
		}
		n++
	}
	return n, nil
}

// indexed returns the names the index knows for the file at p.
func (r *restFiles) indexed(p string) ([]string, bool) {
	if r.index == nil {
		return nil, false
	}
	key := r.keys.key(p)
	if key == "" {
		return nil, false
	}
	return r.index.Names(key)
}

// loadAll reads the bytes of the files at paths not read yet, with as
// many readers as there are cores: a scan for a name reads them all.
func (r *restFiles) loadAll(paths []string) error {
	r.mu.Lock()
	var todo []string
	for _, p := range paths {
		if _, ok := r.data[p]; !ok {
			todo = append(todo, p)
		}
	}
	r.mu.Unlock()
	if len(todo) == 0 {
		return nil
	}
	errs := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		_, errs[i] = r.load(todo[i])
	})
	return errors.Join(errs...)
}

// bytes returns a file's bytes (nil when it cannot be read as a prompt).
func (r *restFiles) bytes(p string) ([]byte, error) {
	l, err := r.load(p)
	return l.data, err
}

func (r *restFiles) load(p string) (loaded, error) {
	r.mu.Lock()
	l, ok := r.data[p]
	r.mu.Unlock()
	if ok {
		return l, nil
	}
	data, pe, err := loadFile(r.fsys, p, r.cfg)
	if err != nil {
		return loaded{}, err
	}
	l = loaded{data: data, err: pe}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.data == nil {
		r.data = map[string]loaded{}
	}
	r.data[p] = l
	return l, nil
}

// parsed returns the prompt files among paths, parsed once each.
func (r *restFiles) parsed(paths []string) ([]*File, error) {
	var out []*File
	for _, p := range paths {
		r.mu.Lock()
		f, ok := r.parses[p]
		r.mu.Unlock()
		if !ok {
			l, err := r.load(p)
			if err != nil {
				return nil, err
			}
			if l.err != nil {
				f = &File{Path: p, Err: l.err}
			} else {
				f = ParseFile(p, l.data, r.cfg)
			}
			r.mu.Lock()
			if r.parses == nil {
				r.parses = map[string]*File{}
			}
			r.parses[p] = f
			if key := r.keys.key(p); key != "" && r.index != nil {
				// Under the lock: readAhead's workers fill the index
				// at once.
				r.index.SetNames(key, promptNames(f))
			}
			r.mu.Unlock()
		}
		if !f.NotPrompt {
			out = append(out, f)
		}
	}
	return out, nil
}

// maybeDocument reports whether a file's name leaves open that it only
// documents prompts: a Markdown or text file, which is a prompt only with
// front matter.
func maybeDocument(p string) bool {
	if _, ok := formatBySuffix(strings.ToLower(path.Base(p))); ok {
		return false
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".txt":
		return true
	}
	return false
}

// isDocument reports whether content shows a Markdown or text file
// documents prompts rather than being one (it has no front matter).
func isDocument(p string, data []byte) bool {
	f, ok, _, _ := detect(p, normalizeNewlines(data))
	return f == FormatMarkdown && !ok
}
