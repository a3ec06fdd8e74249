package git

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// repo makes a git repository in a temporary directory and returns a
// function that runs git in it.
func repo(t *testing.T) (string, func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	g := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	g("init", "-q", "-b", "main")
	return dir, g
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTreeReadsRevisionNotWorkingTree(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "prompts/a.yaml", "version: 1.0.0\n")
	write(t, dir, "prompts/sub/b.prompt", "---\nversion: 1.0.0\n---\nHi\n")
	write(t, dir, "README.md", "readme\n")
	if err := os.Symlink("a.yaml", filepath.Join(dir, "prompts/link.yaml")); err != nil {
		t.Fatal(err)
	}
	g("add", "-A")
	g("commit", "-q", "-m", "add the first prompts to the repository")
	write(t, dir, "prompts/a.yaml", "version: 2.0.0\n")
	g("commit", "-q", "-am", "bump the support prompt to version two")
	write(t, dir, "prompts/a.yaml", "uncommitted\n")

	tree, err := Repo{Dir: dir}.Open(context.Background(), "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if err := fstest.TestFS(tree, "prompts/a.yaml", "prompts/sub/b.prompt", "README.md"); err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(tree, "prompts/a.yaml")
	if err != nil || string(data) != "version: 1.0.0\n" {
		t.Errorf("prompts/a.yaml at HEAD~1 = %q, %v", data, err)
	}
	info, err := fs.Lstat(tree, "prompts/link.yaml")
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("link: mode %v, %v; want a symlink", info, err)
	}
	if _, err := tree.Open("prompts/missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}

	commits, err := Repo{Dir: dir}.Log(context.Background(), "HEAD~1", "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(commits) != 1 || commits[0].Message != "bump the support prompt to version two" ||
		len(commits[0].Paths) != 1 || commits[0].Paths[0] != "prompts/a.yaml" || len(commits[0].SHA) != 40 {
		t.Errorf("Log = %+v", commits)
	}
}

func TestOpenUnknownRevisionSaysFetch(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "a.txt", "a\n")
	g("add", "-A")
	g("commit", "-q", "-m", "first commit of the test repository")
	_, err := Repo{Dir: dir}.Open(context.Background(), "origin/main")
	if !errors.Is(err, ErrRevision) || !strings.Contains(err.Error(), "fetch") {
		t.Errorf("err = %v, want ErrRevision telling the user to fetch", err)
	}
}

func TestShallowCloneHint(t *testing.T) {
	dir, g := repo(t)
	for i, msg := range []string{"first commit of the history", "second commit of the history"} {
		write(t, dir, "a.txt", strings.Repeat("a", i+1))
		g("add", "-A")
		g("commit", "-q", "-m", msg)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	cmd := exec.Command("git", "clone", "-q", "--depth=1", "file://"+dir, clone)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	_, err := Repo{Dir: clone}.Open(context.Background(), "HEAD~1")
	if err == nil || !strings.Contains(err.Error(), "shallow clone") {
		t.Errorf("err = %v, want a shallow-clone hint", err)
	}
}

func TestOpenOutsideARepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	_, err := Repo{Dir: dir, Env: env}.Open(context.Background(), "HEAD")
	if err == nil || !strings.Contains(err.Error(), "not in a git repository") || !strings.Contains(err.Error(), "--base-dir") {
		t.Errorf("err = %v, want a hint to use --base-dir", err)
	}
}

// TestChanges lists what differs between a revision and another, or the
// working tree: modified, added (untracked too, unless ignored), removed,
// a rename as a removal and an addition, relative to the repository's
// subdirectory.
func TestChanges(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "svc/prompts/keep.yaml", "keep\n")
	write(t, dir, "svc/prompts/edit.yaml", "v1\n")
	write(t, dir, "svc/prompts/gone.yaml", "gone\n")
	write(t, dir, "svc/prompts/old name.yaml", "moved\n")
	write(t, dir, "other/x.yaml", "x\n")
	write(t, dir, "svc/.gitignore", "*.tmp\n")
	g("add", "-A")
	g("commit", "-q", "-m", "first")
	base := g("rev-parse", "HEAD")
	write(t, dir, "svc/prompts/edit.yaml", "v2\n")
	g("rm", "-q", "svc/prompts/gone.yaml")
	g("mv", "svc/prompts/old name.yaml", "svc/prompts/new name.yaml")
	write(t, dir, "other/x.yaml", "x2\n")
	g("add", "-A")
	g("commit", "-q", "-m", "second")
	write(t, dir, "svc/prompts/untracked.yaml", "new\n")
	write(t, dir, "svc/prompts/scratch.tmp", "ignored\n")
	write(t, dir, "svc/prompts/keep.yaml", "keep, edited in the working tree\n")

	r := Repo{Dir: filepath.Join(dir, "svc")}
	show := func(cs []Change) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.OldPath+">"+c.Path)
		}
		return strings.Join(out, ", ")
	}
	got, err := r.Changes(context.Background(), base, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if want := "prompts/edit.yaml>prompts/edit.yaml, prompts/gone.yaml>, >prompts/new name.yaml, prompts/old name.yaml>"; show(got) != want {
		t.Errorf("Changes(base, HEAD) = %s\nwant %s", show(got), want)
	}
	got, err = r.Changes(context.Background(), base, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "prompts/edit.yaml>prompts/edit.yaml, prompts/gone.yaml>, prompts/keep.yaml>prompts/keep.yaml, >prompts/new name.yaml, prompts/old name.yaml>, >prompts/untracked.yaml"; show(got) != want {
		t.Errorf("Changes(base, working tree) = %s\nwant %s", show(got), want)
	}
	if _, err := r.Changes(context.Background(), "no-such-revision", ""); err == nil {
		t.Error("Changes of an unknown revision: no error")
	}
}

// TestFilesContaining: a Tree finds the files of its revision that hold any
// of some strings with git grep, not those of the working tree, with
// paths relative to its directory; none found is no error; a string git
// grep cannot search for is an error (the engine then reads the files).
func TestFilesContaining(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "prompts/a.yaml", "name: reply_1\n")
	write(t, dir, "prompts/sub/b.yaml", "name: \"reply\\u005f1\"\n")
	write(t, dir, "prompts/c.yaml", "name: other\n")
	write(t, dir, "d.yaml", "name: reply_1\n")
	g("add", "-A")
	g("commit", "-q", "-m", "add the prompts")
	write(t, dir, "prompts/c.yaml", "name: reply_1\n")
	tree, err := Repo{Dir: filepath.Join(dir, "prompts")}.Open(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	got, err := tree.FilesContaining([]string{"reply_1", `\`})
	if err != nil || strings.Join(got, ",") != "a.yaml,sub/b.yaml" {
		t.Errorf("FilesContaining = %q, %v; want a.yaml and sub/b.yaml", got, err)
	}
	if got, err := tree.FilesContaining([]string{"nowhere"}); err != nil || len(got) != 0 {
		t.Errorf("FilesContaining(nowhere) = %q, %v; want none", got, err)
	}
	if _, err := tree.FilesContaining([]string{"two\nlines"}); err == nil {
		t.Error("a string with a line break was searched for")
	}
}

// TestPacked: the blobs of a revision just committed are loose objects;
// after a repack they are packed.
func TestPacked(t *testing.T) {
	dir, g := repo(t)
	for _, name := range []string{"a", "b", "c"} {
		write(t, dir, "prompts/"+name+".yaml", "name: "+name+"\n")
	}
	g("add", "-A")
	g("commit", "-q", "-m", "add the prompts")
	open := func() *Tree {
		tree, err := Repo{Dir: filepath.Join(dir, "prompts")}.Open(context.Background(), "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tree.Close() })
		return tree
	}
	if open().Packed() {
		t.Error("a revision of loose objects reads as packed")
	}
	g("repack", "-a", "-d", "-q")
	g("prune")
	if !open().Packed() {
		t.Error("a repacked revision reads as loose")
	}
}

// TestCheckGitProcesses: what check asks of git for a change of the
// working tree against a branch (its merge base, the base's files, the
// changed paths, the commits, a blob, whether the base is packed) costs
// six git processes, one of each command: no verification of a revision
// that a command resolves itself, and the object directory found without
// git.
func TestCheckGitProcesses(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "prompts/a.yaml", "version: 1.0.0\n")
	g("add", "-A")
	g("commit", "-q", "-m", "add the prompt")
	g("checkout", "-q", "-b", "feature")
	write(t, dir, "prompts/a.yaml", "version: 1.0.1\n")
	g("commit", "-q", "-am", "bump the prompt")
	write(t, dir, "prompts/new.yaml", "version: 0.1.0\n")

	real, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	calls := filepath.Join(t.TempDir(), "calls")
	wrapper := "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
	r := Repo{Dir: dir, Env: env}
	ctx := context.Background()

	mb, err := r.MergeBase(ctx, "main", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := r.Open(ctx, mb)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	changes, err := r.Changes(ctx, mb, "")
	if err != nil || len(changes) != 2 {
		t.Fatalf("Changes = %v, %v; want prompts/a.yaml and prompts/new.yaml", changes, err)
	}
	if log, err := r.Log(ctx, mb, "HEAD", nil); err != nil || len(log) != 1 {
		t.Fatalf("Log = %v, %v; want one commit", log, err)
	}
	if b, err := fs.ReadFile(tree, "prompts/a.yaml"); err != nil || string(b) != "version: 1.0.0\n" {
		t.Fatalf("prompts/a.yaml at the merge base = %q, %v", b, err)
	}
	tree.Packed()

	data, err := os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		for len(f) > 2 && f[0] == "-c" {
			f = f[2:]
		}
		cmds = append(cmds, f[0])
	}
	// diff and ls-files run at the same time.
	want := []string{"merge-base", "ls-tree", "diff", "ls-files", "log", "cat-file"}
	if len(cmds) == len(want) && cmds[2] == "ls-files" && cmds[3] == "diff" {
		cmds[2], cmds[3] = cmds[3], cmds[2]
	}
	if strings.Join(cmds, " ") != strings.Join(want, " ") {
		t.Errorf("git ran %q, want %q:\n%s", cmds, want, data)
	}
}

// verifyStepByStep is verify one question to git at a time: can git read
// the repository, does rev start with -, does it name a commit, and if
// not why. It is what the short cuts of verify, Open and MergeBase are
// held to.
func verifyStepByStep(ctx context.Context, r Repo, rev string) error {
	if _, err := r.objectDir(ctx); err != nil {
		return r.notARepository(err, rev)
	}
	if strings.HasPrefix(rev, "-") {
		return fmt.Errorf("%w %q: a revision does not start with -", ErrRevision, rev)
	}
	if r.resolves(ctx, rev) {
		return nil
	}
	return r.diagnose(ctx, rev)
}

// TestShortCutsSayWhatVerifySays: Open and MergeBase resolve a revision
// in the git command that uses it, and verify asks git in one process;
// when a revision does not resolve, each says what asking step by step
// says (why it does not resolve, what to run): the same error as before
// the short cuts.
func TestShortCutsSayWhatVerifySays(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "a.txt", "a\n")
	g("add", "-A")
	g("commit", "-q", "-m", "first commit of the test repository")
	tree := g("rev-parse", "HEAD^{tree}")
	g("checkout", "-q", "--orphan", "other")
	g("commit", "-q", "-m", "an unrelated start")
	g("tag", "v1", "main")
	r := Repo{Dir: dir}
	ctx := context.Background()
	// Beyond the root, not fetched, a near name, an option, not a commit
	// (a tree, a file), a range, a SHA that is not there.
	bad := []string{"HEAD~5", "origin/main", "mian", "-x", tree, "v1:a.txt", "main..other", "0123456789abcdef"}
	for i, rev := range bad {
		want := verifyStepByStep(ctx, r, rev)
		if want == nil {
			t.Fatalf("%q verifies; the test wants revisions that do not", rev)
		}
		if err := r.verify(ctx, rev); err == nil || err.Error() != want.Error() {
			t.Errorf("verify(%q) = %v, want %v", rev, err, want)
		}
		if _, err := r.Open(ctx, rev); err == nil || err.Error() != want.Error() {
			t.Errorf("Open(%q) = %v, want %v", rev, err, want)
		}
		base, head := rev, "HEAD"
		if i%2 == 1 {
			base, head = "main", rev
		}
		if _, err := r.MergeBase(ctx, base, head); err == nil || err.Error() != want.Error() {
			t.Errorf("MergeBase(%q, %q) = %v, want %v", base, head, err, want)
		}
	}
	// Both resolve but share no history: merge-base's own answer.
	if _, err := r.MergeBase(ctx, "main", "other"); err == nil || !strings.Contains(err.Error(), "no common history") {
		t.Errorf("MergeBase(main, other) = %v, want no common history", err)
	}
	outside := t.TempDir()
	env := append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(outside))
	o := Repo{Dir: outside, Env: env}
	for _, rev := range []string{"-x", "HEAD"} {
		want := verifyStepByStep(ctx, o, rev)
		if _, err := o.Open(ctx, rev); err == nil || err.Error() != want.Error() || !strings.Contains(err.Error(), "not in a git repository") {
			t.Errorf("Open(%q) outside a repository = %v, want %v", rev, err, want)
		}
	}
	if err := r.verify(ctx, "main"); err != nil {
		t.Errorf("verify(main) = %v", err)
	}
}

// TestPlainObjectDir: the object directory found without git is the one
// git names, from the work tree's root and from a subdirectory; in a
// linked worktree, or with GIT_DIR set, it is left to git.
func TestPlainObjectDir(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, "prompts/a.yaml", "version: 1.0.0\n")
	g("add", "-A")
	g("commit", "-q", "-m", "add the prompt")
	ctx := context.Background()
	for _, sub := range []string{"", "prompts"} {
		r := Repo{Dir: filepath.Join(dir, sub)}
		want, err := r.objectDir(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := r.plainObjectDir()
		if real, err := filepath.EvalSymlinks(got); got == "" || err != nil || real != mustEval(t, want) {
			t.Errorf("plainObjectDir from %q = %q, git says %q", sub, got, want)
		}
	}
	linked := filepath.Join(t.TempDir(), "linked")
	g("worktree", "add", "-q", "--detach", linked)
	if got := (Repo{Dir: linked}).plainObjectDir(); got != "" {
		t.Errorf("plainObjectDir in a linked worktree = %q, want it left to git", got)
	}
	if got := (Repo{Dir: dir, Env: append(os.Environ(), "GIT_DIR="+filepath.Join(dir, ".git"))}).plainObjectDir(); got != "" {
		t.Errorf("plainObjectDir with GIT_DIR set = %q, want it left to git", got)
	}
}

func mustEval(t *testing.T, p string) string {
	t.Helper()
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return real
}

// TestNewTree: a listing's files, and every directory's entries, sorted,
// each once (a malformed tree may hold a file and a directory of one
// name); lines that are no entry are left out.
func TestNewTree(t *testing.T) {
	sha := strings.Repeat("a", 40)
	out := strings.Join([]string{
		"100644 blob " + sha + "\tprompts/b.yaml",
		"100644 blob " + sha + "\tprompts/a.yaml",
		"100755 blob " + sha + "\tprompts/deep/er/c.prompt",
		"120000 blob " + sha + "\tlink",
		"160000 commit " + sha + "\tvendor/sub",
		"100644 blob " + sha + "\tx",
		"100644 blob " + sha + "\tx/y",
		"garbage without a tab",
		"100644\tno type or object",
		"",
	}, "\x00")
	tree := newTree(Repo{}, "HEAD", out)
	want := map[string][]string{
		".":               {"link", "prompts", "vendor", "x"},
		"prompts":         {"a.yaml", "b.yaml", "deep"},
		"prompts/deep":    {"er"},
		"prompts/deep/er": {"c.prompt"},
		"vendor":          {"sub"},
		"x":               {"y"},
	}
	if !reflect.DeepEqual(tree.dirs, want) {
		t.Errorf("dirs %q, want %q", tree.dirs, want)
	}
	if len(tree.files) != 7 || tree.files["vendor/sub"].mode != "160000" || tree.files["prompts/a.yaml"].sha != sha {
		t.Errorf("files %v", tree.files)
	}
	if len(tree.sample) != 6 {
		t.Errorf("sample %q, want the 6 blobs", tree.sample)
	}
	if empty := newTree(Repo{}, "HEAD", ""); len(empty.files) != 0 || !reflect.DeepEqual(empty.dirs, map[string][]string{".": nil}) {
		t.Errorf("an empty listing: %v, %q", empty.files, empty.dirs)
	}
}

// BenchmarkNewTree: the listing of a revision of 10,000 files in 500
// directories.
func BenchmarkNewTree(b *testing.B) {
	var sb strings.Builder
	for i := range 10_000 {
		fmt.Fprintf(&sb, "100644 blob %040x\tprompts/team%03d/reply_%05d.yaml\x00", i, i%500, i)
	}
	out := sb.String()
	for b.Loop() {
		newTree(Repo{}, "HEAD", out)
	}
}
