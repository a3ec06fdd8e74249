package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
)

// nameGlob is a glob of the form "**/*SUFFIX" or "DIR/**/*SUFFIX", DIR and
// SUFFIX literal but for one {a,b,...} group in SUFFIX: the shape of the
// default globs. It matches a path under DIR/ (anywhere without DIR)
// whose file name ends with one of the suffixes, which costs a prefix
// and a few suffix tests where doublestar.Match walks the pattern.
type nameGlob struct {
	dir      string   // "DIR/", or ""
	suffixes []string // the suffix, one per alternative of its group
}

// parseNameGlob returns g as a nameGlob, or false when g has another shape.
func parseNameGlob(g string) (nameGlob, bool) {
	var ng nameGlob
	i := strings.Index(g, "**/*")
	if i < 0 || i > 0 && g[i-1] != '/' {
		return ng, false
	}
	ng.dir, g = g[:i], g[i+len("**/*"):]
	if strings.ContainsAny(ng.dir, `*?[]{}\`) || strings.Contains(ng.dir, "//") || strings.HasPrefix(ng.dir, "/") ||
		strings.ContainsAny(g, `*?[]\/`) || !utf8.ValidString(ng.dir+g) {
		return ng, false
	}
	for _, part := range strings.Split(ng.dir, "/") {
		if part == "." || part == ".." {
			return ng, false
		}
	}
	open := strings.IndexByte(g, '{')
	if open < 0 {
		if strings.IndexByte(g, '}') >= 0 || strings.IndexByte(g, ',') >= 0 {
			return ng, false
		}
		ng.suffixes = []string{g}
		return ng, true
	}
	end := strings.IndexByte(g, '}')
	if end < open || strings.IndexByte(g[end+1:], '{') >= 0 || strings.IndexByte(g[end+1:], '}') >= 0 ||
		strings.IndexByte(g[:open], ',') >= 0 || strings.IndexByte(g[end+1:], ',') >= 0 {
		return ng, false
	}
	for _, alt := range strings.Split(g[open+1:end], ",") {
		ng.suffixes = append(ng.suffixes, g[:open]+alt+g[end+1:])
	}
	return ng, true
}

// match reports whether the glob matches the slash-separated path p.
func (ng nameGlob) match(p string) bool {
	if !strings.HasPrefix(p, ng.dir) {
		return false
	}
	base := p[strings.LastIndexByte(p, '/')+1:]
	for _, s := range ng.suffixes {
		if strings.HasSuffix(base, s) {
			return true
		}
	}
	return false
}

// matcher returns c.Match for the walk of one tree: the globs that are
// nameGlobs are tested as such, the others with doublestar, and a path
// that is not UTF-8 or that the exclude globs could drop takes c.Match.
func (c *Config) matcher() func(p string, roots ...string) bool {
	if len(c.Exclude) > 0 {
		return c.Match
	}
	var fast []nameGlob
	var slow []string
	for _, g := range c.Files {
		if ng, ok := parseNameGlob(g); ok {
			fast = append(fast, ng)
		} else {
			slow = append(slow, g)
		}
	}
	if len(fast) == 0 {
		return c.Match
	}
	return func(p string, roots ...string) bool {
		if !utf8.ValidString(p) || p == "" || p[len(p)-1] == '/' {
			return c.Match(p, roots...)
		}
		if IsProjectDoc(p) {
			return false
		}
		cands := [2]string{p}
		n := 1
		for _, r := range roots {
			if r != "." && r != "" && strings.HasPrefix(p, r+"/") {
				if n == len(cands) {
					return c.Match(p, roots...)
				}
				cands[n] = strings.TrimPrefix(p, r+"/")
				n++
			}
		}
		for _, cand := range cands[:n] {
			for _, ng := range fast {
				if ng.match(cand) {
					return true
				}
			}
		}
		for _, g := range slow {
			for _, cand := range cands[:n] {
				if ok, _ := doublestar.Match(g, cand); ok {
					return true
				}
			}
		}
		return false
	}
}
