package gitignore

import (
	"bytes"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWildmatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		glob, text string
		pathname   bool
		want       bool
	}{
		{"foo", "foo", true, true},
		{"foo", "bar", true, false},
		{"*.md", "a.md", true, true},
		{"*.md", "a/b.md", true, false},
		{"*.md", "a/b.md", false, true},
		{"a/*/c", "a/b/c", true, true},
		{"a/*/c", "a/b/x/c", true, false},
		{"a/**/c", "a/c", true, true},
		{"a/**/c", "a/b/x/c", true, true},
		{"**/c", "c", true, true},
		{"**/c", "x/y/c", true, true},
		{"a/**", "a/b/c", true, true},
		{"a/**", "a", true, false},
		{"a**b", "axb", true, true},
		{"a**b", "a/b", true, false},
		{"?", "/", true, false},
		{"[a-c]x", "bx", true, true},
		{"[!a-c]x", "bx", true, false},
		{"[^a-c]x", "dx", true, true},
		{"[]]", "]", true, true},
		{"[[:digit:]]", "7", true, true},
		{"[[:digit:]]", "x", true, false},
		{"[[:nope:]]", "x", true, false},
		{"[abc", "a", true, false},
		{`\*`, "*", true, true},
		{`\*`, "x", true, false},
		{"*", "", true, true},
		{"", "", true, true},
	}
	for _, tt := range tests {
		if got := wildmatch(tt.glob, tt.text, tt.pathname); got != tt.want {
			t.Errorf("wildmatch(%q, %q, %v) = %v, want %v", tt.glob, tt.text, tt.pathname, got, tt.want)
		}
	}
}

// gitTree is a tree of files and ignore files that exercises nested
// .gitignore files, negation, directory patterns, anchoring, "**",
// classes, escapes and white space.
var gitTree = map[string]string{
	".gitignore": strings.Join([]string{
		"# comment",
		"*.log",
		"!keep.log",
		"/root-only.txt",
		"build/",
		"docs/**/generated/",
		"**/cache",
		"tmp/*",
		"!tmp/keep/",
		"out",
		"[Tt]emp[0-9].md",
		`\#hash.md`,
		`\!bang.md`,
		"trailing.md   ",
		`space.md\ `,
		"a/**/deep.md",
		"vendor/**",
		"!vendor/ours.md",
		"",
	}, "\n"),
	"sub/.gitignore":        "*.md\n!README.md\n/local.txt\nnested/x.txt\n",
	"sub/deeper/.gitignore": "!notes.md\n",
	".git/info/exclude":     "secret.txt\n",

	"a.log": "", "keep.log": "", "sub/b.log": "", "sub/keep.log": "",
	"root-only.txt": "", "sub/root-only.txt": "",
	"build/x.md": "", "src/build/y.md": "", "build.md": "",
	"docs/generated/a.md": "", "docs/x/generated/b.md": "", "docs/x/generated.md": "",
	"cache/c.md": "", "x/y/cache/d.md": "", "x/cache.md": "",
	"tmp/a.md": "", "tmp/keep/b.md": "", "tmp/sub/c.md": "",
	"out/a.md": "", "x/out": "", "x/out.md": "",
	"Temp1.md": "", "temp2.md": "", "temp.md": "",
	"#hash.md": "", "!bang.md": "", "trailing.md": "", "space.md ": "", "space.md": "",
	"a/deep.md": "", "a/b/c/deep.md": "", "b/a/deep.md": "",
	"vendor/x.md": "", "vendor/ours.md": "", "vendor/sub/y.md": "",
	"sub/c.md": "", "sub/README.md": "", "sub/local.txt": "", "sub/x/local.txt": "",
	"sub/nested/x.txt": "", "sub/other/nested/x.txt": "",
	"sub/deeper/notes.md": "", "sub/deeper/other.md": "",
	"secret.txt": "", "sub/secret.txt": "",
	"prompts/a.prompt": "",
}

// writeTree writes files under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gitRepo makes a git repository in a temporary directory, with no
// global or system configuration.
func gitRepo(t *testing.T) (dir string, git func(stdin string, args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed to compare with git check-ignore: %v", err)
	}
	dir = t.TempDir()
	git = func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "core.excludesFile=", "-c", "core.ignoreCase=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			// check-ignore exits 1 when nothing is ignored.
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || errb.Len() > 0 {
				t.Fatalf("git %v: %v\n%s", args, err, errb.String())
			}
		}
		return out.String()
	}
	git("", "init", "-q", "--template=") // no hooks or samples to copy
	return dir, git
}

// gitIgnored asks git check-ignore which of the tree's files are ignored.
func gitIgnored(t *testing.T, files map[string]string) []string {
	dir, git := gitRepo(t)
	return checkIgnore(t, dir, git, files)
}

// checkIgnore writes the tree into the repository in dir, whose other
// files it leaves, and asks git check-ignore which of the tree's files are
// ignored.
func checkIgnore(t *testing.T, dir string, git func(stdin string, args ...string) string, files map[string]string) []string {
	t.Helper()
	writeTree(t, dir, files)
	var names []string
	for name := range files {
		if !strings.HasPrefix(name, ".git/") && !strings.HasSuffix(name, ".gitignore") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []string
	for _, s := range strings.Split(git(strings.Join(names, "\x00"), "check-ignore", "--stdin", "-z"), "\x00") {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// ourIgnored lists the tree's files our matcher ignores, asking about
// each file directly.
func ourIgnored(files map[string]string) []string {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	m := New(fsys)
	var out []string
	for name := range files {
		if strings.HasPrefix(name, ".git/") || strings.HasSuffix(name, ".gitignore") {
			continue
		}
		if m.Ignored(name, false) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func TestMatchesGitCheckIgnore(t *testing.T) {
	t.Parallel()
	want := gitIgnored(t, gitTree)
	got := ourIgnored(gitTree)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ignored files differ from git check-ignore\nours: %q\ngit:  %q", got, want)
	}
	// The tree must exercise both outcomes of every kind of pattern.
	for _, name := range []string{"a.log", "sub/c.md", "build/x.md", "vendor/x.md", "tmp/sub/c.md", "secret.txt", "space.md "} {
		if !slices.Contains(want, name) {
			t.Errorf("git does not ignore %s; the test tree is wrong", name)
		}
	}
	for _, name := range []string{"keep.log", "sub/README.md", "tmp/keep/b.md", "vendor/ours.md", "sub/deeper/notes.md", "prompts/a.prompt", "space.md"} {
		if slices.Contains(want, name) {
			t.Errorf("git ignores %s; the test tree is wrong", name)
		}
	}
}

// TestRandomPatternsMatchGit compares the matcher with git check-ignore on
// random patterns over a fixed set of paths.
func TestRandomPatternsMatchGit(t *testing.T) {
	t.Parallel()
	atoms := []string{"a", "b", "c", "/", "*", "**", "?", "[ab]", "[!a]", ".md", "x"}
	paths := []string{"ba", "b.md", "a/b", "a/b.md", "ab/c.md", "a/x/b.md", "b/a/c", "x/a.md", "c/c/c.md", "ax.md", "xb/a/b/c.md", "a/a/a"}
	rng := rand.New(rand.NewSource(1))
	// One repository for every trial (a git init each cost as much as the
	// check): each removes the last one's files and writes its own.
	dir, git := gitRepo(t)
	var last map[string]string
	for trial := 0; trial < 20; trial++ {
		for name := range last {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
		}
		files := map[string]string{}
		for _, p := range paths {
			files[p] = ""
		}
		var lines []string
		for i := 0; i < 6; i++ {
			var b strings.Builder
			if rng.Intn(4) == 0 {
				b.WriteString("!")
			}
			for n := 1 + rng.Intn(4); n > 0; n-- {
				b.WriteString(atoms[rng.Intn(len(atoms))])
			}
			lines = append(lines, b.String())
		}
		files[".gitignore"] = strings.Join(lines, "\n") + "\n"
		if rng.Intn(2) == 0 {
			files["a/.gitignore"] = lines[rng.Intn(len(lines))] + "\n!" + atoms[rng.Intn(len(atoms))] + "\n"
		}
		want, got := checkIgnore(t, dir, git, files), ourIgnored(files)
		last = files
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("patterns %q (a/.gitignore %q):\nours: %q\ngit:  %q", lines, files["a/.gitignore"], got, want)
		}
	}
}

func TestIgnoredDirectoryAndBounds(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		".gitignore":    {Data: []byte("node/\n" + strings.Repeat("*a*a*a*a*a*a*a*a*a*a*b\n", 200))},
		"node/x.prompt": {Data: nil},
	}
	m := New(fsys)
	if !m.Ignored("node", true) || m.Ignored("node", false) {
		t.Errorf("a pattern with a trailing slash must match the directory only")
	}
	if !m.Ignored("node/x.prompt", false) {
		t.Errorf("a file in an ignored directory is ignored")
	}
	// Many stars against a long name do not take exponential time.
	long := strings.Repeat("a", 200) + ".prompt"
	if m.Ignored(long, false) {
		t.Errorf("%s does not end in b", long)
	}
}

func FuzzWildmatch(f *testing.F) {
	for _, s := range []string{"a/**/b", "*.md", "[!a-c]?", `\*x`, "**", "[[:alpha:]]*"} {
		f.Add(s, "a/x/b")
	}
	f.Fuzz(func(t *testing.T, glob, text string) {
		if len(glob) > 64 || len(text) > 256 {
			return
		}
		_ = wildmatch(glob, text, true)
		_ = wildmatch(glob, text, false)
		if !strings.ContainsAny(glob, `*?[\`) && !wildmatch(glob, glob, true) {
			t.Fatalf("literal %q does not match itself", glob)
		}
	})
}

func TestMatchPathnamePrefix(t *testing.T) {
	t.Parallel()
	// git compares the literal start of a pattern before wildmatch sees
	// the rest, so a "**" right after it matches across directories.
	for _, tt := range []struct {
		glob, name string
		want       bool
	}{
		{"a**/*", "ax.md", true},
		{"c**", "c/c/c.md", true},
		{"a/*.md", "a/b.md", true},
		{"a/*.md", "a/b/c.md", false},
		{"docs/x", "docs/x", true},
		{"docs/x", "docs/xy", false},
	} {
		if got := matchPathname(tt.glob, tt.name); got != tt.want {
			t.Errorf("matchPathname(%q, %q) = %v, want %v", tt.glob, tt.name, got, tt.want)
		}
	}
}

// BenchmarkWildmatchStars measures the worst case the memo bounds: a
// pattern of ten stars against a 200-character name it does not match.
func BenchmarkWildmatchStars(b *testing.B) {
	glob, name := strings.Repeat("*a", 10)+"*b", strings.Repeat("a", 200)+".prompt"
	for b.Loop() {
		if wildmatch(glob, name, true) {
			b.Fatal("matched")
		}
	}
}

// BenchmarkWildmatchSimple measures a usual pattern against a usual path.
func BenchmarkWildmatchSimple(b *testing.B) {
	for b.Loop() {
		if !wildmatch("prompts/**/*.prompt.yml", "prompts/team01/support/reply.prompt.yml", true) {
			b.Fatal("no match")
		}
	}
}
