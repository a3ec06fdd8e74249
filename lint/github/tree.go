package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	pathpkg "path"
	"sync"
	"time"
)

// Tree is a repository at one commit as an fs.FS, read through the
// contents API, for a host that has no checkout. One request per path
// answers Lstat with the path's type and size and carries the content of
// a file up to 1 MB, so that a caller that checks a file's size and type
// first (promptlint's engine does) never downloads one over its limit,
// and reads the others with no second request; a file over 1 MB is read
// from the blobs API when opened. Symbolic links are never followed:
// Lstat and Stat report them as links (also those the contents API
// resolves to a file in the repository), and ReadLink gives their
// target. Directories can be listed, one request each.
//
// The commit may be given lazily (LazyTree): it is resolved on the first
// read, so a tree nobody reads costs nothing (the merge base of a pull
// request that changes no prompt file is never compared).
type Tree struct {
	c           *Client
	ctx         context.Context
	owner, repo string

	mu      sync.Mutex
	resolve func(context.Context) (string, error)
	ref     string
	refErr  error
	entries map[string]*treeEntry
}

type treeEntry struct {
	e    *contentEntry // nil when nothing is there
	data []byte        // a file's content, once read
	read bool
}

// Tree returns the repository owner/repo at ref (a commit SHA, a branch)
// as an fs.FS. ctx bounds every request the tree makes.
func (c *Client) Tree(ctx context.Context, owner, repo, ref string) *Tree {
	return &Tree{c: c, ctx: ctx, owner: owner, repo: repo, ref: ref, entries: map[string]*treeEntry{}}
}

// LazyTree is Tree at the commit resolve returns, asked on the first read
// and once only; its error is every read's error.
func (c *Client) LazyTree(ctx context.Context, owner, repo string, resolve func(context.Context) (string, error)) *Tree {
	return &Tree{c: c, ctx: ctx, owner: owner, repo: repo, resolve: resolve, entries: map[string]*treeEntry{}}
}

// Ref returns the commit the tree reads, resolving it first when lazy.
func (t *Tree) Ref() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.refLocked()
}

func (t *Tree) refLocked() (string, error) {
	if t.resolve != nil {
		t.ref, t.refErr = t.resolve(t.ctx)
		t.resolve = nil
	}
	return t.ref, t.refErr
}

// entry returns what the contents API says of name, asking once.
func (t *Tree) entry(op, name string) (*treeEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if te, ok := t.entries[name]; ok {
		return te, nil
	}
	ref, err := t.refLocked()
	if err != nil {
		return nil, err
	}
	p := name
	if p == "." {
		p = ""
	}
	e, err := t.c.entryAt(t.ctx, t.owner, t.repo, p, ref)
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %w", name, short(ref), err)
	}
	te := &treeEntry{e: e}
	t.entries[name] = te
	return te, nil
}

// Lstat describes name without following a symbolic link.
func (t *Tree) Lstat(name string) (fs.FileInfo, error) {
	te, err := t.entry("lstat", name)
	if err != nil {
		return nil, err
	}
	if te.e == nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
	}
	return infoOf(name, te.e), nil
}

// Stat is Lstat: the tree does not follow links.
func (t *Tree) Stat(name string) (fs.FileInfo, error) { return t.Lstat(name) }

// ReadLink returns the target of the symbolic link name.
func (t *Tree) ReadLink(name string) (string, error) {
	fi, err := t.Lstat(name)
	if err != nil {
		return "", err
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return fi.(*treeInfo).target, nil
}

// Open opens a file or a directory. A link, a submodule or anything else
// that is not a file or a directory cannot be opened.
func (t *Tree) Open(name string) (fs.File, error) {
	te, err := t.entry("open", name)
	if err != nil {
		return nil, err
	}
	if te.e == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	info := infoOf(name, te.e)
	switch {
	case info.IsDir():
		entries := make([]fs.DirEntry, 0, len(te.e.list))
		for i := range te.e.list {
			child := &te.e.list[i]
			entries = append(entries, fs.FileInfoToDirEntry(infoOf(child.Path, child)))
		}
		return &treeDir{info: info, entries: entries}, nil
	case !info.Mode().IsRegular():
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("is a %s; the tree does not follow links", te.e.Type)}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !te.read {
		data, err := t.c.entryData(t.ctx, t.owner, t.repo, te.e)
		if err != nil {
			return nil, fmt.Errorf("reading %s at %s: %w", name, short(t.ref), err)
		}
		te.data, te.read = data, true
	}
	return &treeFile{info: info, data: te.data}, nil
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// infoOf describes a contents API entry as a file.
func infoOf(name string, e *contentEntry) *treeInfo {
	i := &treeInfo{name: pathpkg.Base(name), size: int64(e.Size)}
	switch {
	case e.dir || e.Type == "dir":
		i.mode, i.size = fs.ModeDir|0o755, 0
	case e.Type == "symlink":
		i.mode, i.target = fs.ModeSymlink|0o777, e.Target
	case e.Type == "file" && e.Path != "" && name != "." && e.Path != name:
		// The API followed a link to a file in the repository and
		// describes the target instead.
		i.mode, i.target = fs.ModeSymlink|0o777, e.Path
	case e.Type == "file":
		i.mode = 0o644
	default: // a submodule
		i.mode = fs.ModeIrregular
	}
	return i
}

type treeInfo struct {
	name   string
	size   int64
	mode   fs.FileMode
	target string
}

func (i *treeInfo) Name() string       { return i.name }
func (i *treeInfo) Size() int64        { return i.size }
func (i *treeInfo) Mode() fs.FileMode  { return i.mode }
func (i *treeInfo) ModTime() time.Time { return time.Time{} }
func (i *treeInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *treeInfo) Sys() any           { return nil }

type treeFile struct {
	info *treeInfo
	data []byte
	off  int
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Close() error               { return nil }
func (f *treeFile) Read(b []byte) (int, error) {
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(b, f.data[f.off:])
	f.off += n
	return n, nil
}

type treeDir struct {
	info    *treeInfo
	entries []fs.DirEntry
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Close() error               { return nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}

// ReadDir lists the directory's entries, sorted by name as the API does.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

var (
	_ fs.FS         = (*Tree)(nil)
	_ fs.StatFS     = (*Tree)(nil)
	_ fs.ReadLinkFS = (*Tree)(nil)
)
