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
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
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
// single long-lived `git cat-file --batch` process. Close it when done.
type Tree struct {
	repo  Repo
	rev   string
	files map[string]entry // path -> blob
	dirs  map[string][]string

	mu    sync.Mutex
	cmd   *exec.Cmd
	in    io.WriteCloser
	out   *bufio.Reader
	cache map[string][]byte
}

type entry struct {
	mode string // 100644, 100755, 120000 (symlink), 160000 (submodule)
	sha  string
	size int64
}

// ErrRevision is returned when a revision does not exist in the repository.
var ErrRevision = errors.New("unknown revision")

// Open lists the revision rev of the repository, restricted to r.Dir
// (paths in the FS are relative to r.Dir, like the working tree).
func (r Repo) Open(ctx context.Context, rev string) (*Tree, error) {
	dir := r.Dir
	if _, err := r.run(ctx, "rev-parse", "--git-dir"); err != nil {
		return nil, fmt.Errorf("%s is not in a git repository, so --base %s cannot be read; compare two directories with --base-dir and --head-dir instead", dir, rev)
	}
	if _, err := r.run(ctx, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		hint := ""
		if out, _ := r.run(ctx, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(out) == "true" {
			hint = fmt.Sprintf("; this is a shallow clone: fetch the base first, for example `git fetch --no-tags --depth=1 origin %s` (or use actions/checkout with fetch-depth: 0)", strings.TrimPrefix(rev, "origin/"))
		} else {
			hint = "; fetch it first, for example `git fetch origin`"
		}
		return nil, fmt.Errorf("%w %q in %s%s", ErrRevision, rev, dir, hint)
	}
	out, err := r.run(ctx, "ls-tree", "-r", "-z", "--long", rev, "--", ".")
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", rev, err)
	}
	t := &Tree{repo: r, rev: rev, files: map[string]entry{}, dirs: map[string][]string{}, cache: map[string][]byte{}}
	for _, rec := range strings.Split(out, "\x00") {
		if rec == "" {
			continue
		}
		meta, name, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) < 4 {
			continue
		}
		size, _ := strconv.ParseInt(f[3], 10, 64)
		t.files[name] = entry{mode: f[0], sha: f[2], size: size}
	}
	seen := map[string]bool{}
	for name := range t.files {
		child := name
		for {
			parent := path.Dir(child)
			if parent == child {
				break
			}
			key := parent + "\x00" + path.Base(child)
			if !seen[key] {
				seen[key] = true
				t.dirs[parent] = append(t.dirs[parent], path.Base(child))
			}
			if parent == "." {
				break
			}
			child = parent
		}
	}
	for d := range t.dirs {
		sort.Strings(t.dirs[d])
	}
	if _, ok := t.dirs["."]; !ok {
		t.dirs["."] = nil
	}
	return t, nil
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
	n, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", sha, err)
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
	return &fileInfo{name: path.Base(name), size: e.size, mode: mode}
}

type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
}

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.size }
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
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return "", fmt.Errorf("git %s: %w", args[0], err)
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return string(out), nil
}
