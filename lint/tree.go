package lint

import (
	"bytes"
	"io/fs"
	"path"
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
			t.byName = map[string][]*Prompt{}
			for _, p := range t.all(s) {
				t.byName[p.Name] = append(t.byName[p.Name], p)
			}
		}
		return t.byName[name]
	}
	t.scans++
	var cands []string
	for _, p := range t.rest.paths {
		data, err := t.rest.bytes(p)
		if err != nil {
			s.fail(err)
			return nil
		}
		if mayName(p, data, name) {
			cands = append(cands, p)
		}
	}
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

// mayName reports whether the file at p may hold a prompt named name:
// its bytes hold the name as written, or an escape, a doubled quote or a
// YAML tag that could spell it otherwise ("reply\u005f1", 'it”s'), or
// its path holds it (a prompt without a declared name is named after its
// file).
func mayName(p string, data []byte, name string) bool {
	stem, _, _ := strings.Cut(name, "#") // the n-th unnamed prompt of a list is "stem#n"
	return bytes.Contains(data, []byte(name)) || strings.Contains(p, stem) ||
		bytes.IndexByte(data, '\\') >= 0 || bytes.Contains(data, []byte("!!")) ||
		strings.Contains(name, "'") && bytes.Contains(data, []byte("''"))
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
	paths []string // sorted

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

// bytes returns a file's bytes (nil when it cannot be read as a prompt).
func (r *restFiles) bytes(p string) ([]byte, error) {
	l, err := r.load(p)
	return l.data, err
}

func (r *restFiles) load(p string) (loaded, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if l, ok := r.data[p]; ok {
		return l, nil
	}
	data, pe, err := loadFile(r.fsys, p, r.cfg)
	if err != nil {
		return loaded{}, err
	}
	if r.data == nil {
		r.data = map[string]loaded{}
	}
	r.data[p] = loaded{data: data, err: pe}
	return r.data[p], nil
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
	f, ok, _ := detect(p, normalizeNewlines(data))
	return f == FormatMarkdown && !ok
}
