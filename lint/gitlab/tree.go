package gitlab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultPrefetch is how large a file Tree reads whole when it first
// looks at it, unless SetPrefetch says otherwise.
const DefaultPrefetch = 1 << 20

// maxTreePages bounds the pages of one directory listing (100 entries a
// page).
const maxTreePages = 100

// maxLinkTarget bounds the bytes of a symbolic link's target read by
// ReadLink.
const maxLinkTarget = 4096

// Git modes, as the tree and diff APIs spell them.
const (
	modeDir     = "040000"
	modeFile    = "100644"
	modeExec    = "100755"
	modeSymlink = "120000"
	modeGitlink = "160000" // a submodule
)

// Tree is a project's repository at one commit as an fs.FS, read through
// the REST API: the repository tree API lists directories (with each
// entry's git mode), and the repository files API reads a file raw, with
// its size in the X-Gitlab-Size header.
//
// It implements fs.StatFS, fs.ReadDirFS and fs.ReadLinkFS. Lstat tells a
// symbolic link (mode 120000) and a submodule (160000, reported as
// irregular) from a file, as the engine needs to refuse them; Stat and
// Open do not follow links and fail on one. Lstat of a regular file reads
// it raw at once when it is no larger than the prefetch size, so that
// checking a file costs one request, Lstat and Open together; a larger
// file is not downloaded until it is opened.
//
// A caller that knows the modes of paths (a merge request's diffs list
// them) gives them with SetMode, which spares listing their directories.
// The methods are safe for concurrent use.
type Tree struct {
	c       *Client
	ctx     context.Context
	project string
	ref     string

	mu       sync.Mutex
	prefetch int64
	modes    map[string]string // git mode by path, known ahead
	stats    map[string]*call[fs.FileInfo]
	dirs     map[string]*call[[]treeEntry]
	content  map[string][]byte // prefetched, until opened
}

// call is one computation shared by every caller that asks for it.
type call[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// once runs f once for key in m, and hands its result to every caller.
func once[V any](mu *sync.Mutex, m map[string]*call[V], key string, f func() (V, error)) (V, error) {
	mu.Lock()
	c, ok := m[key]
	if !ok {
		c = &call[V]{done: make(chan struct{})}
		m[key] = c
	}
	mu.Unlock()
	if ok {
		<-c.done
		return c.v, c.err
	}
	c.v, c.err = f()
	close(c.done)
	return c.v, c.err
}

// Tree returns project's repository at ref (a commit SHA, a branch or a
// tag). ctx bounds every request the tree sends.
func (c *Client) Tree(ctx context.Context, project, ref string) *Tree {
	return &Tree{
		c: c, ctx: ctx, project: project, ref: ref,
		prefetch: DefaultPrefetch,
		modes:    map[string]string{},
		stats:    map[string]*call[fs.FileInfo]{},
		dirs:     map[string]*call[[]treeEntry]{},
		content:  map[string][]byte{},
	}
}

// Ref returns the commit, branch or tag the tree is at.
func (t *Tree) Ref() string { return t.ref }

// SetPrefetch sets how large a file Lstat reads whole (the engine's
// max_file_size is the natural choice: a larger file is refused unread).
func (t *Tree) SetPrefetch(n int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prefetch = n
}

// SetMode records the git mode of p ("100644", "120000", ...; "0" or ""
// for a path that does not exist at the tree's ref), as a merge request's
// diff gives it, so that Lstat need not list p's directory.
func (t *Tree) SetMode(p, mode string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.modes[p] = mode
}

// treeEntry is one entry of a directory listing.
type treeEntry struct {
	Name string `json:"name"`
	Type string `json:"type"` // blob, tree or commit
	Path string `json:"path"`
	Mode string `json:"mode"`
}

// info is an fs.FileInfo and fs.DirEntry of the tree.
type info struct {
	name string
	size int64
	mode fs.FileMode
}

func (i *info) Name() string               { return i.name }
func (i *info) Size() int64                { return i.size }
func (i *info) Mode() fs.FileMode          { return i.mode }
func (i *info) ModTime() time.Time         { return time.Time{} }
func (i *info) IsDir() bool                { return i.mode.IsDir() }
func (i *info) Sys() any                   { return nil }
func (i *info) Type() fs.FileMode          { return i.mode.Type() }
func (i *info) Info() (fs.FileInfo, error) { return i, nil }
func (i *info) String() string             { return fs.FormatFileInfo(i) }

// fileMode turns a git mode into an fs.FileMode; ok is false for a mode
// that says the path does not exist.
func fileMode(gitMode string) (fs.FileMode, bool) {
	switch gitMode {
	case modeDir:
		return fs.ModeDir | 0o755, true
	case modeFile:
		return 0o644, true
	case modeExec:
		return 0o755, true
	case modeSymlink:
		return fs.ModeSymlink | 0o777, true
	case modeGitlink:
		return fs.ModeIrregular, true
	case "", "0", "000000":
		return 0, false
	}
	// Another blob mode (100664 in old repositories): a file.
	if strings.HasPrefix(gitMode, "100") {
		return 0o644, true
	}
	return fs.ModeIrregular, true
}

func pathErr(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// errLink is the error of Stat and Open on a symbolic link.
var errLink = errors.New("is a symbolic link, which the tree does not follow")

// Lstat describes name without following a symbolic link.
func (t *Tree) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("lstat", name, fs.ErrInvalid)
	}
	if name == "." {
		return &info{name: ".", mode: fs.ModeDir | 0o755}, nil
	}
	return once(&t.mu, t.stats, name, func() (fs.FileInfo, error) { return t.lstat(name) })
}

func (t *Tree) lstat(name string) (fs.FileInfo, error) {
	t.mu.Lock()
	gitMode, known := t.modes[name]
	t.mu.Unlock()
	if !known {
		entries, err := t.list(path.Dir(name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, pathErr("lstat", name, fs.ErrNotExist)
		}
		if err != nil {
			return nil, pathErr("lstat", name, err)
		}
		base := path.Base(name)
		i := sort.Search(len(entries), func(i int) bool { return entries[i].Name >= base })
		if i == len(entries) || entries[i].Name != base {
			return nil, pathErr("lstat", name, fs.ErrNotExist)
		}
		gitMode = entries[i].Mode
	}
	mode, ok := fileMode(gitMode)
	if !ok {
		return nil, pathErr("lstat", name, fs.ErrNotExist)
	}
	fi := &info{name: path.Base(name), mode: mode}
	if mode.IsRegular() {
		size, err := t.peek(name)
		if err != nil {
			return nil, pathErr("lstat", name, err)
		}
		fi.size = size
	}
	return fi, nil
}

// peek learns a regular file's size from its raw response, keeping the
// content when it is no larger than the prefetch size, else closing the
// response unread.
func (t *Tree) peek(name string) (int64, error) {
	t.mu.Lock()
	limit := t.prefetch
	t.mu.Unlock()
	size, body, err := t.raw(name)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	if size > limit {
		return size, nil
	}
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return 0, fmt.Errorf("reading %s at %s: %w", name, t.ref, err)
	}
	if int64(len(data)) > limit {
		// The size header said less than the body holds.
		return max(size, int64(len(data))), nil
	}
	t.mu.Lock()
	t.content[name] = data
	t.mu.Unlock()
	return int64(len(data)), nil
}

// raw opens the raw content of the file name: its size (X-Gitlab-Size,
// else Content-Length; -1 when neither says) and its body.
func (t *Tree) raw(name string) (int64, io.ReadCloser, error) {
	p := "projects/" + ProjectPath(t.project) + "/repository/files/" + escapeSegment(name) + "/raw"
	req, err := t.c.newRequest(t.ctx, http.MethodGet, p, url.Values{"ref": {t.ref}}, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "*/*")
	resp, err := t.c.send(req)
	if IsNotFound(err) {
		return 0, nil, fs.ErrNotExist
	}
	if err != nil {
		return 0, nil, err
	}
	size := resp.ContentLength
	if n, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-Gitlab-Size")), 10, 64); err == nil && n >= 0 {
		size = n
	}
	return size, resp.Body, nil
}

// list returns the entries of directory dir, sorted by name, reading
// every page of the tree API once.
func (t *Tree) list(dir string) ([]treeEntry, error) {
	return once(&t.mu, t.dirs, dir, func() ([]treeEntry, error) {
		q := url.Values{"ref": {t.ref}}
		if dir != "." {
			q.Set("path", dir)
		}
		entries, truncated, err := list[treeEntry](t.ctx, t.c, "projects/"+ProjectPath(t.project)+"/repository/tree", q, maxTreePages)
		if IsNotFound(err) {
			return nil, fs.ErrNotExist
		}
		if err != nil {
			return nil, err
		}
		if truncated {
			return nil, fmt.Errorf("directory %s holds more than %d entries", dir, maxTreePages*perPage)
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
		return entries, nil
	})
}

// Stat describes name; a symbolic link is not followed but refused.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	fi, err := t.Lstat(name)
	if err != nil {
		return nil, pathErr("stat", name, unwrapPath(err))
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, pathErr("stat", name, errLink)
	}
	return fi, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadLink returns the target of the symbolic link name.
func (t *Tree) ReadLink(name string) (string, error) {
	fi, err := t.Lstat(name)
	if err != nil {
		return "", pathErr("readlink", name, unwrapPath(err))
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", pathErr("readlink", name, fs.ErrInvalid)
	}
	_, body, err := t.raw(name)
	if err != nil {
		return "", pathErr("readlink", name, err)
	}
	defer body.Close()
	target, err := io.ReadAll(io.LimitReader(body, maxLinkTarget))
	if err != nil {
		return "", pathErr("readlink", name, err)
	}
	return string(target), nil
}

// ReadDir lists directory name, sorted by file name.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("readdir", name, fs.ErrInvalid)
	}
	if name != "." {
		fi, err := t.Lstat(name)
		if err != nil {
			return nil, pathErr("readdir", name, unwrapPath(err))
		}
		if !fi.IsDir() {
			return nil, pathErr("readdir", name, errors.New("not a directory"))
		}
	}
	entries, err := t.list(name)
	if err != nil {
		return nil, pathErr("readdir", name, err)
	}
	out := make([]fs.DirEntry, 0, len(entries))
	for _, e := range entries {
		p := path.Join(name, e.Name)
		mode, _ := fileMode(e.Mode)
		t.mu.Lock()
		if _, ok := t.modes[p]; !ok {
			t.modes[p] = e.Mode
		}
		t.mu.Unlock()
		out = append(out, &dirEntry{t: t, path: p, name: e.Name, mode: mode})
	}
	return out, nil
}

// dirEntry is a listed entry; its Info is an Lstat, which reads a regular
// file's size only when asked.
type dirEntry struct {
	t    *Tree
	path string
	name string
	mode fs.FileMode
}

func (d *dirEntry) Name() string               { return d.name }
func (d *dirEntry) IsDir() bool                { return d.mode.IsDir() }
func (d *dirEntry) Type() fs.FileMode          { return d.mode.Type() }
func (d *dirEntry) Info() (fs.FileInfo, error) { return d.t.Lstat(d.path) }
func (d *dirEntry) String() string             { return fs.FormatDirEntry(d) }

// Open opens name: a directory to read its entries, a regular file to
// read its content. A symbolic link is not followed but refused.
func (t *Tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("open", name, fs.ErrInvalid)
	}
	fi, err := t.Lstat(name)
	if err != nil {
		return nil, pathErr("open", name, unwrapPath(err))
	}
	switch {
	case fi.IsDir():
		entries, err := t.ReadDir(name)
		if err != nil {
			return nil, pathErr("open", name, unwrapPath(err))
		}
		return &dirFile{fi: fi, entries: entries}, nil
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, pathErr("open", name, errLink)
	case !fi.Mode().IsRegular():
		return nil, pathErr("open", name, errors.New("is not a regular file"))
	}
	t.mu.Lock()
	data, ok := t.content[name]
	delete(t.content, name) // handed over; a second Open reads again
	t.mu.Unlock()
	if ok {
		return &file{fi: fi, r: io.NopCloser(bytes.NewReader(data))}, nil
	}
	_, body, err := t.raw(name)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	return &file{fi: fi, r: body}, nil
}

// file is an open regular file.
type file struct {
	fi fs.FileInfo
	r  io.ReadCloser
}

func (f *file) Stat() (fs.FileInfo, error) { return f.fi, nil }
func (f *file) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *file) Close() error               { return f.r.Close() }

// dirFile is an open directory.
type dirFile struct {
	fi      fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.fi, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, pathErr("read", d.fi.Name(), errors.New("is a directory"))
}
func (d *dirFile) Close() error { return nil }

// ReadDir returns the next n entries (all that are left when n <= 0).
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
