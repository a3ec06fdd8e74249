// Package git reads a git revision as an fs.FS without touching the working
// tree, and lists the commits between two revisions.
package git

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/promptlint/promptlint/lint"
)

// Repo is a git repository seen from a directory of its work tree, with
// the environment git runs in. Nothing here reads the process's working
// directory: every git command runs in Dir.
type Repo struct {
	// Dir is a directory inside the work tree; the paths of a Tree are
	// relative to it.
	Dir string
	// Env is git's environment (KEY=value); nil means this process's.
	Env []string
}

// Tree is the files of one revision, read through `git ls-tree` and a
// single long-lived `git cat-file --batch` process. A blob is read only
// when its file is opened or its size is asked (FileInfo.Size). Close it
// when done.
type Tree struct {
	repo   Repo
	rev    string
	files  map[string]entry // path -> blob
	dirs   map[string][]string
	sample []string // the first blobs listed, to tell whether they are packed

	mu    sync.Mutex
	cmd   *exec.Cmd
	in    io.WriteCloser
	out   *bufio.Reader
	cache map[string][]byte
	sizes map[string]int64 // blob sizes learned, by SHA
}

type entry struct {
	mode string // 100644, 100755, 120000 (symlink), 160000 (submodule)
	sha  string
}

// maxCachedBlob is the largest blob a Tree keeps in memory once read for
// its size; a larger one is read again when opened.
const maxCachedBlob = 16 << 20

// ErrRevision is returned when a revision does not exist in the repository.
var ErrRevision = errors.New("unknown revision")

// Open lists the revision rev of the repository, restricted to r.Dir
// (paths in the FS are relative to r.Dir, like the working tree).
func (r Repo) Open(ctx context.Context, rev string) (*Tree, error) {
	out, err := r.listTree(ctx, rev)
	if err != nil {
		return nil, err
	}
	return newTree(r, rev, out), nil
}

// newTree makes the Tree of rev from its ls-tree -r -z listing: its
// files, and the entries of each directory, sorted.
func newTree(r Repo, rev, out string) *Tree {
	n := strings.Count(out, "\x00")
	t := &Tree{repo: r, rev: rev, files: make(map[string]entry, n), dirs: map[string][]string{}, cache: map[string][]byte{}, sizes: map[string]int64{}}
	for out != "" {
		var rec string
		rec, out, _ = strings.Cut(out, "\x00")
		// <mode> SP <type> SP <object> TAB <path>
		meta, name, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		mode, meta, _ := strings.Cut(meta, " ")
		_, sha, _ := strings.Cut(meta, " ")
		if mode == "" || sha == "" {
			continue
		}
		t.files[name] = entry{mode: mode, sha: sha}
		if mode != "160000" && len(t.sample) < packSample {
			t.sample = append(t.sample, sha)
		}
	}
	// Each file is an entry of its directory, and each directory of its
	// parent, up to the first directory already seen.
	seen := map[string]bool{}
	for name := range t.files {
		child := name
		for {
			parent := path.Dir(child)
			if parent == child {
				break
			}
			if child != name {
				if seen[child] {
					break
				}
				seen[child] = true
			}
			t.dirs[parent] = append(t.dirs[parent], path.Base(child))
			if parent == "." {
				break
			}
			child = parent
		}
	}
	for d, kids := range t.dirs {
		slices.Sort(kids)
		t.dirs[d] = slices.Compact(kids) // a file and a directory of one name, in a malformed tree
	}
	if _, ok := t.dirs["."]; !ok {
		t.dirs["."] = nil
	}
	return t
}

// Close stops the cat-file process.
func (t *Tree) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cmd == nil {
		return nil
	}
	t.in.Close()
	err := t.cmd.Wait()
	t.cmd = nil
	return err
}

func (t *Tree) blob(sha string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.read(sha, true)
}

// size returns the size of a blob, reading it (and keeping it, when not
// too large) if it was not read before.
func (t *Tree) size(sha string) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n, ok := t.sizes[sha]; ok {
		return n, nil
	}
	_, err := t.read(sha, false)
	return t.sizes[sha], err
}

// read returns a blob from the cache or from cat-file, and learns its
// size; keep false leaves a blob over maxCachedBlob unread (nil). t.mu is
// held.
func (t *Tree) read(sha string, keep bool) ([]byte, error) {
	if b, ok := t.cache[sha]; ok {
		return b, nil
	}
	if t.cmd == nil {
		cmd, err := t.repo.command(context.Background(), "cat-file", "--batch")
		if err != nil {
			return nil, err
		}
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("starting git cat-file: %w", err)
		}
		t.cmd, t.in, t.out = cmd, in, bufio.NewReaderSize(out, 1<<16)
	}
	if _, err := fmt.Fprintln(t.in, sha); err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", sha, err)
	}
	header, err := t.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", sha, err)
	}
	f := strings.Fields(header)
	if len(f) != 3 {
		return nil, fmt.Errorf("reading blob %s: unexpected answer %q", sha, strings.TrimSpace(header))
	}
	n, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("reading blob %s: unexpected answer %q", sha, strings.TrimSpace(header))
	}
	t.sizes[sha] = n
	if !keep && n > maxCachedBlob {
		// Only the size was asked: skip the content (and its LF).
		if _, err := io.CopyN(io.Discard, t.out, n+1); err != nil {
			return nil, fmt.Errorf("reading blob %s: %w", sha, err)
		}
		return nil, nil
	}
	data := make([]byte, n+1) // content plus trailing LF
	if _, err := io.ReadFull(t.out, data); err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", sha, err)
	}
	t.cache[sha] = data[:n]
	return data[:n], nil
}

// Open opens a file of the revision. Symbolic links are not followed:
// Lstat (through fs.ReadDir / fs.Stat of the entry) reports them as links.
func (t *Tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if kids, ok := t.dirs[name]; ok {
		return &dirFile{t: t, name: name, kids: kids}, nil
	}
	e, ok := t.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if e.mode == "160000" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("is a submodule")}
	}
	data, err := t.blob(e.sha)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &blobFile{info: t.info(name), r: bytes.NewReader(data)}, nil
}

// Lstat describes a file without following a symbolic link; fs.Lstat uses it.
func (t *Tree) Lstat(name string) (fs.FileInfo, error) {
	if _, ok := t.dirs[name]; ok {
		return t.info(name), nil
	}
	if _, ok := t.files[name]; !ok {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
	}
	return t.info(name), nil
}

// ContentID returns the blob SHA of a regular file of the revision: two
// files with one ID have the same bytes, known without reading them.
func (t *Tree) ContentID(name string) (string, bool) {
	e, ok := t.files[name]
	if !ok || e.mode != "100644" && e.mode != "100755" {
		return "", false
	}
	return e.sha, true
}

// packSample is how many blobs Packed looks for among the loose objects.
const packSample = 16

// Packed reports whether the revision's files are stored in packs, as in
// a clone, rather than one zlib file each, as right after `git add` of
// many files: git grep then reads them several times faster than the
// files of a working tree are read, while over loose objects it is
// slower. It looks for the first blobs listed among the loose objects.
// When git cannot say where the objects are, Packed reports false: the
// files are then read, which is never wrong.
func (t *Tree) Packed() bool {
	if len(t.sample) == 0 {
		return true
	}
	objects := t.repo.plainObjectDir()
	if objects == "" {
		var err error
		if objects, err = t.repo.objectDir(context.Background()); err != nil {
			return false
		}
	}
	for _, sha := range t.sample {
		if len(sha) < 3 {
			continue
		}
		if _, err := os.Stat(filepath.Join(objects, sha[:2], sha[2:])); err == nil {
			return false
		}
	}
	return true
}

// FilesContaining returns the files of the revision whose bytes hold any
// of the strings, sorted: one `git grep -F -l` over the revision, which
// reads the blobs in git itself, instead of a read of each through
// cat-file (lint.GrepFS). A string holding a NUL or a line break cannot
// be searched for this way and gives an error.
func (t *Tree) FilesContaining(strs []string) ([]string, error) {
	if len(strs) == 0 {
		return nil, nil
	}
	args := []string{"-c", "core.quotePath=false", "grep", "--no-color", "--no-textconv", "-F", "-l", "-z", "-a"}
	for _, s := range strs {
		if s == "" || strings.ContainsAny(s, "\x00\n\r") {
			return nil, fmt.Errorf("searching %s for %q: not a string git grep can search for", t.rev, s)
		}
		args = append(args, "-e", s)
	}
	// verify refused a revision that starts with "-".
	args = append(args, t.rev, "--", ".")
	out, err := t.repo.run(context.Background(), args...)
	var exit *exec.ExitError
	if err != nil && errors.As(err, &exit) && exit.ExitCode() == 1 {
		return nil, nil // nothing found
	}
	if err != nil {
		return nil, fmt.Errorf("searching %s: %w", t.rev, err)
	}
	var paths []string
	prefix := t.rev + ":"
	for _, rec := range strings.Split(out, "\x00") {
		if name, ok := strings.CutPrefix(rec, prefix); ok && name != "" {
			paths = append(paths, name)
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// ReadLink is required with Lstat by fs.ReadLinkFS.
func (t *Tree) ReadLink(name string) (string, error) {
	e, ok := t.files[name]
	if !ok || e.mode != "120000" {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	b, err := t.blob(e.sha)
	return string(b), err
}

func (t *Tree) info(name string) *fileInfo {
	if _, ok := t.dirs[name]; ok {
		return &fileInfo{name: path.Base(name), mode: fs.ModeDir | 0o755}
	}
	e := t.files[name]
	mode := fs.FileMode(0o644)
	switch e.mode {
	case "100755":
		mode = 0o755
	case "120000":
		mode = fs.ModeSymlink | 0o777
	case "160000":
		mode = fs.ModeDir | fs.ModeIrregular
	}
	return &fileInfo{name: path.Base(name), mode: mode, t: t, sha: e.sha}
}

// fileInfo describes a file of a Tree; its size is read from git when
// first asked.
type fileInfo struct {
	name string
	mode fs.FileMode
	t    *Tree
	sha  string // the blob; "" for a directory
}

func (i *fileInfo) Name() string { return i.name }

// Size is the blob's size; 0 for a directory or submodule, and when git
// cannot read the blob (opening the file then says why).
func (i *fileInfo) Size() int64 {
	if i.sha == "" || i.mode&fs.ModeIrregular != 0 {
		return 0
	}
	n, _ := i.t.size(i.sha)
	return n
}

func (i *fileInfo) Mode() fs.FileMode  { return i.mode }
func (i *fileInfo) ModTime() time.Time { return time.Time{} }
func (i *fileInfo) IsDir() bool        { return i.mode.IsDir() && i.mode&fs.ModeIrregular == 0 }
func (i *fileInfo) Sys() any           { return nil }

type blobFile struct {
	info *fileInfo
	r    *bytes.Reader
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *blobFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *blobFile) Close() error               { return nil }

type dirFile struct {
	t    *Tree
	name string
	kids []string
	pos  int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.t.info(d.name), nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dirFile) Close() error { return nil }

// ReadDir lists the directory's entries in name order.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.kids[d.pos:]
	if n > 0 && len(rest) > n {
		rest = rest[:n]
	}
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	d.pos += len(rest)
	out := make([]fs.DirEntry, len(rest))
	for i, k := range rest {
		out[i] = fs.FileInfoToDirEntry(d.t.info(path.Join(d.name, k)))
	}
	return out, nil
}

// listTree runs ls-tree on rev, without --long: sizes would make git
// read every blob of the revision, and a check reads only the few files
// its change touches. One git process when rev names a commit: ls-tree
// of rev^{commit} lists what verify would let through, and only that.
// Anything else takes the long way, verify first, for its errors.
func (r Repo) listTree(ctx context.Context, rev string) (string, error) {
	if !strings.HasPrefix(rev, "-") {
		if out, err := r.run(ctx, "ls-tree", "-r", "-z", "--end-of-options", rev+"^{commit}", "--", "."); err == nil {
			return out, nil
		}
	}
	if err := r.verify(ctx, rev); err != nil {
		return "", err
	}
	out, err := r.run(ctx, "ls-tree", "-r", "-z", rev, "--", ".")
	if err != nil {
		return "", fmt.Errorf("listing %s: %w", rev, err)
	}
	return out, nil
}

// verify checks that rev names a commit of the repository; when it does
// not, the error says why and what to run.
func (r Repo) verify(ctx context.Context, rev string) error {
	if strings.HasPrefix(rev, "-") {
		if _, err := r.objectDir(ctx); err != nil {
			return r.notARepository(err, rev)
		}
		return fmt.Errorf("%w %q: a revision does not start with -", ErrRevision, rev)
	}
	// One process: the object directory says git can read the
	// repository (rev-parse prints it before it resolves rev), and
	// --verify whether rev names a commit.
	out, err := r.run(ctx, "rev-parse", "--git-path", "objects", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	switch {
	case err == nil:
		return nil
	case strings.TrimSpace(out) == "":
		return r.notARepository(err, rev)
	}
	return r.diagnose(ctx, rev)
}

// plainObjectDir returns the directory of the object store without
// asking git, in the common layout: r.Dir in the work tree of a
// repository whose .git is a directory (git uses the nearest .git above
// the directory), and no variable of r.Env that moves the repository or
// its objects. Anything else, a linked worktree or a submodule (.git is a
// file), gives "": git knows.
func (r Repo) plainObjectDir() string {
	env := r.Env
	if env == nil {
		env = os.Environ()
	}
	for _, kv := range env {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY":
			return ""
		}
	}
	if !filepath.IsAbs(r.Dir) {
		return ""
	}
	for d := filepath.Clean(r.Dir); ; d = filepath.Dir(d) {
		gitDir := filepath.Join(d, ".git")
		if fi, err := os.Lstat(gitDir); err == nil {
			if !fi.IsDir() {
				return ""
			}
			if _, err := os.Lstat(filepath.Join(gitDir, "commondir")); err == nil {
				return ""
			}
			objects := filepath.Join(gitDir, "objects")
			if fi, err := os.Stat(objects); err != nil || !fi.IsDir() {
				return ""
			}
			return objects
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// objectDir returns the directory of the repository's object store.
func (r Repo) objectDir(ctx context.Context) (string, error) {
	dir, err := r.run(ctx, "rev-parse", "--git-path", "objects")
	if err != nil {
		return "", err
	}
	if dir = strings.TrimSpace(dir); !filepath.IsAbs(dir) {
		dir = filepath.Join(r.Dir, dir)
	}
	return dir, nil
}

// resolves reports whether rev names a commit.
func (r Repo) resolves(ctx context.Context, rev string) bool {
	_, err := r.run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	return err == nil
}

// shallow reports whether the repository is a shallow clone.
func (r Repo) shallow(ctx context.Context) bool {
	out, err := r.run(ctx, "rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(out) == "true"
}

var dubious = regexp.MustCompile(`dubious ownership in repository at '([^']*)'`)

// notARepository explains why git could not read the repository at all.
func (r Repo) notARepository(err error, rev string) error {
	switch m := dubious.FindStringSubmatch(err.Error()); {
	case errors.Is(err, ErrNoGit):
		return fmt.Errorf("%w: reading revision %s needs git; install it, or compare two directories with --base-dir and --head-dir", ErrNoGit, rev)
	case m != nil:
		return fmt.Errorf("git refuses to read the repository at %s: it belongs to another user (git's \"dubious ownership\" check); if you trust it, run `git config --global --add safe.directory %s`", m[1], m[1])
	}
	return fmt.Errorf("%s is not in a git repository, so revision %s cannot be read; compare two directories with --base-dir and --head-dir instead", r.Dir, rev)
}

// relative splits a revision such as HEAD~2 or main^^ into the name it
// starts from and its ancestry suffix.
var relative = regexp.MustCompile(`^(.+?)((?:[~^][0-9]*)+)$`)

var hexSHA = regexp.MustCompile(`^[0-9a-fA-F]{7,64}$`)

// diagnose says why rev does not resolve: a relative revision beyond the
// history of a shallow clone, or beyond the root commit; a commit or
// remote-tracking branch that was never fetched; a name that does not
// exist.
func (r Repo) diagnose(ctx context.Context, rev string) error {
	if m := relative.FindStringSubmatch(rev); m != nil && r.resolves(ctx, m[1]) {
		return r.beyondHistory(ctx, rev, m[1], generations(m[2]))
	}
	remotes := r.remotes(ctx)
	if hexSHA.MatchString(rev) {
		if len(remotes) > 0 {
			return fmt.Errorf("%w %q: no such commit in this clone; if it is on %s, fetch it: `git fetch %s %s`", ErrRevision, rev, remotes[0], remotes[0], rev)
		}
		return fmt.Errorf("%w %q: no such commit in this repository", ErrRevision, rev)
	}
	near := ""
	if refs, err := r.run(ctx, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes", "refs/tags"); err == nil {
		near = lint.Suggest(rev, strings.Fields(refs))
	}
	for _, remote := range remotes {
		if branch, ok := strings.CutPrefix(rev, remote+"/"); ok && branch != "" {
			also := ""
			if near != "" {
				also = fmt.Sprintf(" (or did you mean %s?)", near)
			}
			return fmt.Errorf("%w %q: the branch %s of %s is not fetched in this clone; fetch it: `%s`%s", ErrRevision, rev, branch, remote, r.fetchCommand(ctx, remote, branch), also)
		}
	}
	if near != "" {
		return fmt.Errorf("%w %q: no branch, tag or commit of that name; did you mean %s?", ErrRevision, rev, near)
	}
	for _, remote := range remotes {
		if r.resolves(ctx, "refs/remotes/"+remote+"/"+rev) {
			return fmt.Errorf("%w %q: there is no local branch %s; did you mean %s/%s?", ErrRevision, rev, rev, remote, rev)
		}
	}
	if remote, branch, ok := strings.Cut(rev, "/"); ok && len(remotes) == 0 && remote != "" && branch != "" {
		return fmt.Errorf("%w %q: this repository has no remote %s to fetch it from; add it and fetch the branch: `git remote add %s URL && git fetch %s %s`", ErrRevision, rev, remote, remote, remote, branch)
	}
	if len(remotes) > 0 {
		return fmt.Errorf("%w %q: no branch, tag or commit of that name here; if it is a branch of %s, fetch it with `%s` and use %s/%s", ErrRevision, rev, remotes[0], r.fetchCommand(ctx, remotes[0], rev), remotes[0], rev)
	}
	return fmt.Errorf("%w %q: no branch, tag or commit of that name in this repository (`git branch --all` lists the branches)", ErrRevision, rev)
}

// beyondHistory explains a relative revision whose starting commit exists
// but that goes back further than the history at hand.
func (r Repo) beyondHistory(ctx context.Context, rev, name string, back int) error {
	out, err := r.run(ctx, "rev-list", "--first-parent", "--count", "--end-of-options", name+"^{commit}")
	if err != nil {
		return fmt.Errorf("%w %q: %v", ErrRevision, rev, err)
	}
	var have int
	fmt.Sscan(strings.TrimSpace(out), &have)
	have-- // ancestors before name, on the first-parent line
	if r.shallow(ctx) {
		deepen := max(back-have, 1)
		return fmt.Errorf("%w %q: it goes %d commits back from %s, beyond the history of this shallow clone; fetch more history with `git fetch --deepen=%d`, or all of it with `git fetch --unshallow`", ErrRevision, rev, back, name, deepen)
	}
	if have == 0 {
		return fmt.Errorf("%w %q: %s is the first commit of the repository (the root commit), which has no parent", ErrRevision, rev, name)
	}
	if back > have {
		return fmt.Errorf("%w %q: %s has only %s before it, and the root commit has no parent", ErrRevision, rev, name, plural(have, "commit", "commits"))
	}
	return fmt.Errorf("%w %q: a commit on the way from %s has no such parent (only merge commits have a second parent)", ErrRevision, rev, name)
}

// generations counts how many commits back an ancestry suffix goes (~N
// is N, ^ and ^N are one, ^0 is none).
func generations(suffix string) int {
	n := 0
	for i := 0; i < len(suffix); {
		op := suffix[i]
		j := i + 1
		for j < len(suffix) && suffix[j] >= '0' && suffix[j] <= '9' {
			j++
		}
		num := 1
		if j > i+1 {
			fmt.Sscan(suffix[i+1:j], &num)
		}
		if op == '~' {
			n += num
		} else if num > 0 {
			n++
		}
		i = j
	}
	return n
}

// remotes lists the repository's remotes, origin first.
func (r Repo) remotes(ctx context.Context) []string {
	out, err := r.run(ctx, "remote")
	if err != nil {
		return nil
	}
	names := strings.Fields(out)
	sort.SliceStable(names, func(i, j int) bool { return names[i] == "origin" && names[j] != "origin" })
	return names
}

// fetchCommand is a command that fetches branch from remote into its
// remote-tracking branch remote/branch: `git fetch remote branch` when the
// remote's fetch refspec maps every branch there (a normal clone), else
// the explicit refspec (a clone made with one branch, as CI checkouts do).
func (r Repo) fetchCommand(ctx context.Context, remote, branch string) string {
	out, err := r.run(ctx, "config", "--get-all", "remote."+remote+".fetch")
	if err != nil {
		out = ""
	}
	for _, spec := range strings.Fields(out) {
		if strings.TrimPrefix(spec, "+") == "refs/heads/*:refs/remotes/"+remote+"/*" {
			return "git fetch " + remote + " " + branch
		}
	}
	return fmt.Sprintf("git fetch %s +refs/heads/%s:refs/remotes/%s/%s", remote, branch, remote, branch)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// MergeBase returns the SHA of the best common ancestor of the revisions
// base and head: what a pull request of head into base is compared with
// (the three-dot diff base...head).
func (r Repo) MergeBase(ctx context.Context, base, head string) (string, error) {
	// One git process when all is well: merge-base resolves both the way
	// verify does. Anything else takes the long way, verify first, for
	// the same errors.
	if !strings.HasPrefix(base, "-") && !strings.HasPrefix(head, "-") {
		if out, err := r.run(ctx, "merge-base", "--end-of-options", base+"^{commit}", head+"^{commit}"); err == nil {
			return strings.TrimSpace(out), nil
		}
	}
	for _, rev := range []string{base, head} {
		if err := r.verify(ctx, rev); err != nil {
			return "", err
		}
	}
	out, err := r.run(ctx, "merge-base", "--end-of-options", base+"^{commit}", head+"^{commit}")
	if err == nil {
		return strings.TrimSpace(out), nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		return "", fmt.Errorf("finding the merge base of %s and %s: %w", base, head, err)
	}
	// Exit 1 and no output: no common ancestor in the history at hand.
	if r.shallow(ctx) {
		return "", fmt.Errorf("the merge base of %s and %s is not in this shallow clone; fetch the history down to it with `git fetch --unshallow` (or `git fetch --deepen=N` for N more commits of each branch)", base, head)
	}
	return "", fmt.Errorf("%s and %s have no common history, so there is no merge base to compare with; compare two directories with --base-dir and --head-dir instead", base, head)
}

// Commit is one commit with the files it touches.
type Commit struct {
	SHA     string
	Message string
	Paths   []string
}

// Log lists the commits reachable from head but not from base, oldest
// first, with the paths they touch (restricted to paths when given).
func (r Repo) Log(ctx context.Context, base, head string, paths []string) ([]Commit, error) {
	args := []string{"log", "--reverse", "--relative", "--name-only", "--format=%x1e%H%x1f%B%x1f", base + ".." + head, "--"}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	out, err := r.run(ctx, append(args, paths...)...)
	if err != nil {
		return nil, fmt.Errorf("listing commits %s..%s: %w", base, head, err)
	}
	var commits []Commit
	for _, rec := range strings.Split(out, "\x1e") {
		f := strings.SplitN(rec, "\x1f", 3)
		if len(f) != 3 {
			continue
		}
		c := Commit{SHA: strings.TrimSpace(f[0]), Message: strings.TrimSpace(f[1])}
		for _, l := range strings.Split(f[2], "\n") {
			if l = strings.TrimSpace(l); l != "" {
				c.Paths = append(c.Paths, l)
			}
		}
		commits = append(commits, c)
	}
	return commits, nil
}

// Change is a file that differs between two revisions (or a revision
// and the working tree): Path is its path on the new side, OldPath on the
// old side, "" where the file is absent.
type Change struct {
	Path    string
	OldPath string
}

// Changes lists the files that differ between the revision base and head,
// relative to r.Dir and restricted to it; head "" is the working tree,
// where the files git does not track and does not ignore count as added.
// Renames are listed as a removal and an addition.
func (r Repo) Changes(ctx context.Context, base, head string) ([]Change, error) {
	args := []string{"-c", "core.quotePath=false", "diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--ignore-submodules=none", "--relative", "--name-status", "-z", base}
	if head != "" {
		args = append(args, head)
	}
	// Against the working tree, the files git does not track are listed
	// by a second process, at the same time.
	var (
		others    string
		othersErr error
		wg        sync.WaitGroup
	)
	if head == "" {
		wg.Go(func() { others, othersErr = r.run(ctx, "ls-files", "--others", "--exclude-standard", "-z", "--", ".") })
	}
	out, err := r.run(ctx, append(args, "--", ".")...)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("listing the changes of %s: %w", base, err)
	}
	var changes []Change
	fields := strings.Split(out, "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		status, name := fields[i], fields[i+1]
		switch {
		case strings.HasPrefix(status, "A"):
			changes = append(changes, Change{Path: name})
		case strings.HasPrefix(status, "D"):
			changes = append(changes, Change{OldPath: name})
		default: // M, T (a file became a link), U
			changes = append(changes, Change{Path: name, OldPath: name})
		}
	}
	if head != "" {
		return changes, nil
	}
	if othersErr != nil {
		return nil, fmt.Errorf("listing the files git does not track: %w", othersErr)
	}
	for _, name := range strings.Split(others, "\x00") {
		if name != "" {
			changes = append(changes, Change{Path: name})
		}
	}
	return changes, nil
}

// ErrNoGit is returned when no git executable is on the PATH of Repo.Env.
var ErrNoGit = errors.New("git is not installed, or not on PATH")

// command returns a git command that runs in r.Dir with r.Env, the
// executable found on the PATH of r.Env (not of this process).
func (r Repo) command(ctx context.Context, args ...string) (*exec.Cmd, error) {
	env := r.Env
	if env == nil {
		env = os.Environ()
	}
	bin := lookGit(env)
	if bin == "" {
		return nil, ErrNoGit
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = r.Dir
	cmd.Env = env
	return cmd, nil
}

// lookGit finds the git executable on the PATH of env; "" when there is
// none. Empty and relative PATH entries are skipped, as a relative entry
// would run whatever the working directory holds.
func lookGit(env []string) string {
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, d := range filepath.SplitList(path) {
		if d == "" || !filepath.IsAbs(d) {
			continue
		}
		p := filepath.Join(d, "git")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

func (r Repo) run(ctx context.Context, args ...string) (string, error) {
	cmd, err := r.command(ctx, args...)
	if err != nil {
		return "", err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		// What git printed before it failed, with the error.
		return string(out), &commandError{cmd: args[0], stderr: strings.TrimSpace(stderr.String()), err: err}
	}
	return string(out), nil
}

// commandError is a git command that failed: it reads as git's own
// message and unwraps to the *exec.ExitError.
type commandError struct {
	cmd    string
	stderr string
	err    error
}

func (e *commandError) Error() string {
	if e.stderr == "" {
		return "git " + e.cmd + ": " + e.err.Error()
	}
	return "git " + e.cmd + ": " + e.stderr
}

func (e *commandError) Unwrap() error { return e.err }
