package lint

import (
	"testing"
)

var matcherGlobs = [][]string{
	DefaultFiles,
	{"**/*.prompt.{yml,yaml}", "docs/**/*.txt"},
	{"prompts/**/*.{md,}", "**/*"},
	{"a/b/**/*.x", "**/*.{a,b}.c", "*.prompt", "**/x/*.y", "{a,b}/**/*.z", "**/*.[ab]", "./p/**/*.q", "p//**/*.q", "**/*\\.e"},
}

var matcherPaths = []string{
	"a.prompt", "x/a.prompt", ".prompt", "a.prompt.yml", "prompts/a.yaml", "prompts/x/y/a.json", "prompts/a.md", "prompts/.md",
	"prompts", "promptsx/a.md", "x/prompts/a.md", "README.prompt.md", "docs/readme.prompt", "CHANGELOG.md", "prompts/README.md",
	"a/b/c.x", "a/bc.x", "a/b/.x", "q/r.a.c", "x/x.y", "a/q.z", "b/r/s.z", "p/q.q", "s.a", "s.e", "a.prompty", "dir.prompt/x",
	"é/ü.prompt", "\xff/a.prompt", "prompts/\xfe.md", "sub/prompts/a.yaml", "t.PROMPT",
}

// TestMatcherAgrees checks Config.matcher against Config.Match.
func TestMatcherAgrees(t *testing.T) {
	t.Parallel()
	for _, globs := range matcherGlobs {
		cfg := &Config{Files: globs}
		m := cfg.matcher()
		for _, p := range matcherPaths {
			for _, roots := range [][]string{nil, {"."}, {"prompts"}, {"a", "a/b"}, {"sub"}} {
				if got, want := m(p, roots...), cfg.Match(p, roots...); got != want {
					t.Errorf("globs %q, roots %q: matcher(%q) = %v, Match says %v", globs, roots, p, got, want)
				}
			}
		}
	}
}

// FuzzMatcher checks Config.matcher against Config.Match on any glob and
// path.
func FuzzMatcher(f *testing.F) {
	for _, globs := range matcherGlobs {
		for _, g := range globs {
			for _, p := range matcherPaths[:8] {
				f.Add(g, p, "prompts")
			}
		}
	}
	f.Fuzz(func(t *testing.T, glob, p, root string) {
		cfg := &Config{Files: []string{glob}}
		if got, want := cfg.matcher()(p, root), cfg.Match(p, root); got != want {
			t.Errorf("glob %q, root %q: matcher(%q) = %v, Match says %v", glob, root, p, got, want)
		}
	})
}
