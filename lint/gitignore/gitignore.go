// Package gitignore decides which paths of a tree git ignores, reading the
// tree's own .gitignore files (and .git/info/exclude when the tree has
// one) the way git does: nested files, negation, directory patterns,
// anchoring, and git's wildmatch globs. It works on any fs.FS, so a
// working tree and a git revision are read alike.
package gitignore

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// maxFileSize bounds how much of one ignore file is read: a pull request
// can commit any .gitignore, and its patterns are matched against every
// path of the tree.
const maxFileSize = 1 << 20

// maxPatterns bounds the patterns kept from one ignore file.
const maxPatterns = 10000

// Matcher answers whether paths of one tree are ignored. It loads each
// directory's .gitignore once, when a path in that directory is first
// asked about. It is safe for concurrent use.
type Matcher struct {
	fsys fs.FS

	mu    sync.Mutex
	lists map[string][]pattern // directory ("." for the root) -> its patterns
	dirs  map[string]bool      // directory -> ignored (itself or an ancestor)
	info  []pattern            // .git/info/exclude
}

// New returns a matcher for the tree fsys.
func New(fsys fs.FS) *Matcher {
	m := &Matcher{fsys: fsys, lists: map[string][]pattern{}, dirs: map[string]bool{}}
	if data, err := readLimited(fsys, ".git/info/exclude"); err == nil {
		m.info = parse(data, "")
	}
	return m
}

// Ignored reports whether git ignores the slash-separated path p, relative
// to the tree root: p is excluded by the nearest ignore file with a pattern
// that matches it, or one of its parent directories is excluded (git never
// looks inside an excluded directory, so a negated pattern cannot bring a
// file back from one). isDir says whether p is a directory; patterns that
// end in a slash match directories only.
func (m *Matcher) Ignored(p string, isDir bool) bool {
	p = path.Clean(p)
	if p == "." || p == "" || strings.HasPrefix(p, "../") || p == ".." {
		return false
	}
	dir := path.Dir(p)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dirIgnored(dir) {
		return true
	}
	return m.excluded(p, isDir)
}

// dirIgnored reports whether directory d or one of its parents is
// excluded; m.mu is held.
func (m *Matcher) dirIgnored(d string) bool {
	if d == "." {
		return false
	}
	if v, ok := m.dirs[d]; ok {
		return v
	}
	v := m.dirIgnored(path.Dir(d)) || m.excluded(d, true)
	m.dirs[d] = v
	return v
}

// excluded applies the ignore files to p itself (its parents are not
// excluded): the deepest directory's file that has a matching pattern
// decides, the last matching pattern of that file wins, and
// .git/info/exclude comes after every .gitignore. m.mu is held.
func (m *Matcher) excluded(p string, isDir bool) bool {
	base := path.Base(p)
	for d := path.Dir(p); ; d = path.Dir(d) {
		if res, ok := lastMatch(m.list(d), p, base, isDir); ok {
			return res
		}
		if d == "." {
			break
		}
	}
	res, _ := lastMatch(m.info, p, base, isDir)
	return res
}

// list returns the patterns of directory d's .gitignore; m.mu is held.
func (m *Matcher) list(d string) []pattern {
	if l, ok := m.lists[d]; ok {
		return l
	}
	var l []pattern
	if data, err := readLimited(m.fsys, path.Join(d, ".gitignore")); err == nil {
		prefix := ""
		if d != "." {
			prefix = d + "/"
		}
		l = parse(data, prefix)
	}
	m.lists[d] = l
	return l
}

// readLimited reads the first maxFileSize bytes of a regular file.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fs.ErrInvalid // git does not follow a symbolic .gitignore either
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileSize))
}

// pattern is one line of an ignore file.
type pattern struct {
	glob     string // the pattern, without its "!", leading "/" and trailing "/"
	base     string // directory of the ignore file, "" or "dir/"
	negate   bool   // "!pattern": re-include
	dirOnly  bool   // "pattern/": directories only
	basename bool   // no slash in the pattern: match the last path element
}

// parse reads an ignore file whose directory is base ("" or "dir/").
func parse(data []byte, base string) []pattern {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var out []pattern
	for len(data) > 0 && len(out) < maxPatterns {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if p, ok := parseLine(string(trimTrailingSpaces(line)), base); ok {
			out = append(out, p)
		}
	}
	return out
}

// trimTrailingSpaces drops trailing spaces that are not escaped with a
// backslash, as git does (tabs stay).
func trimTrailingSpaces(b []byte) []byte {
	lastSpace := -1
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ' ':
			if lastSpace < 0 {
				lastSpace = i
			}
		case '\\':
			i++
			if i >= len(b) {
				return b
			}
			lastSpace = -1
		default:
			lastSpace = -1
		}
	}
	if lastSpace >= 0 {
		return b[:lastSpace]
	}
	return b
}

func parseLine(s, base string) (pattern, bool) {
	p := pattern{base: base}
	if strings.HasPrefix(s, "!") {
		p.negate = true
		s = s[1:]
	}
	if strings.HasSuffix(s, "/") {
		p.dirOnly = true
		s = s[:len(s)-1]
	}
	if s == "" {
		return p, false
	}
	p.basename = !strings.Contains(s, "/")
	p.glob = strings.TrimPrefix(s, "/")
	return p, true
}

// lastMatch applies one ignore file to path p (with last element base):
// ok is false when no pattern matches; else excluded is false for a
// negated pattern.
func lastMatch(l []pattern, p, base string, isDir bool) (excluded, ok bool) {
	for i := len(l) - 1; i >= 0; i-- {
		pt := &l[i]
		if pt.dirOnly && !isDir {
			continue
		}
		if pt.basename {
			if wildmatch(pt.glob, base, false) {
				return !pt.negate, true
			}
			continue
		}
		if !strings.HasPrefix(p, pt.base) {
			continue
		}
		if matchPathname(pt.glob, p[len(pt.base):]) {
			return !pt.negate, true
		}
	}
	return false, false
}

// matchPathname is git's match_pathname: the literal start of the glob
// (up to its first *, ?, [ or backslash) is compared as is, and only the
// rest goes to wildmatch. That is not the same as matching the whole glob:
// a "**" that the cut leaves at the start matches across directories
// ("a**/x" matches "ab/c/x" in git).
func matchPathname(glob, name string) bool {
	prefix := strings.IndexAny(glob, `*?[\`)
	if prefix < 0 {
		return glob == name
	}
	if prefix > len(name) || glob[:prefix] != name[:prefix] {
		return false
	}
	glob, name = glob[prefix:], name[prefix:]
	return wildmatch(glob, name, true)
}
