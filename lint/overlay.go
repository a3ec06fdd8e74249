package lint

import (
	"bytes"
	"io/fs"
	"maps"
	"strings"
	"time"
)

// Overlay is a tree that reads files from files (by path) and everything
// else from base: the working tree as a fix run would leave it, without
// writing it, or the standard input under the name it stands for. A path
// of files may lie outside base's root ("../drafts/a.prompt"), as a
// command line names one.
func Overlay(base fs.FS, files map[string][]byte) fs.FS {
	o := layered(base)
	maps.Copy(o.files, files)
	return o
}

// Mount is a tree that reads dir, and every path under it, from sub, and
// everything else from base. dir may lie outside base's root
// ("../shared/prompts", "/srv/prompts"): the tree a command line builds
// holds the files it names anywhere, under the paths the report gives
// them (relative to the config's directory), and the engine reads them
// as it reads the others, within the same limits.
func Mount(base fs.FS, dir string, sub fs.FS) fs.FS {
	o := layered(base)
	o.mounts[strings.TrimSuffix(dir, "/")] = sub
	return o
}

// overlay is the tree of Overlay and Mount. Layers put over an overlay
// are merged into one, so that a lookup never goes through more than one.
type overlay struct {
	base   fs.FS
	files  map[string][]byte
	mounts map[string]fs.FS // by directory
}

// layered returns a new overlay over base; over an overlay, a copy of it.
func layered(base fs.FS) *overlay {
	if o, ok := base.(*overlay); ok {
		return &overlay{base: o.base, files: maps.Clone(o.files), mounts: maps.Clone(o.mounts)}
	}
	return &overlay{base: base, files: map[string][]byte{}, mounts: map[string]fs.FS{}}
}

// resolve returns the tree that holds name and the name there: the
// deepest mount that holds it, else the base.
func (o *overlay) resolve(name string) (fs.FS, string) {
	if sub, rel, ok := o.mounted(name); ok {
		return sub, rel
	}
	return o.base, name
}

// mounted returns the deepest mount that holds name, and the name there.
func (o *overlay) mounted(name string) (sub fs.FS, rel string, ok bool) {
	if len(o.mounts) == 0 {
		return nil, "", false
	}
	for dir := name; ; {
		if sub, ok := o.mounts[dir]; ok {
			if dir == name {
				return sub, ".", true
			}
			return sub, name[len(dir)+1:], true
		}
		i := strings.LastIndexByte(dir, '/')
		if i <= 0 {
			return nil, "", false
		}
		dir = dir[:i]
	}
}

// serves reports whether name is one of the overlay's own (a file put
// over the base, or a path under a mount) rather than the base's: such a
// name may lie outside the base ("../shared/a.prompt"), and the engine
// reads it all the same.
func (o *overlay) serves(name string) bool {
	if _, ok := o.files[name]; ok {
		return true
	}
	_, rel, ok := o.mounted(name)
	return ok && fs.ValidPath(rel)
}

func (o *overlay) Open(name string) (fs.File, error) {
	if d, ok := o.files[name]; ok {
		return &memFile{name: name, r: bytes.NewReader(d), size: int64(len(d))}, nil
	}
	fsys, rel := o.resolve(name)
	return fsys.Open(rel)
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if d, ok := o.files[name]; ok {
		return memInfo{name: name, size: int64(len(d))}, nil
	}
	fsys, rel := o.resolve(name)
	return fs.Stat(fsys, rel)
}

func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	if d, ok := o.files[name]; ok {
		return memInfo{name: name, size: int64(len(d))}, nil
	}
	fsys, rel := o.resolve(name)
	return fs.Lstat(fsys, rel)
}

func (o *overlay) ReadLink(name string) (string, error) {
	fsys, rel := o.resolve(name)
	return fs.ReadLink(fsys, rel)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	fsys, rel := o.resolve(name)
	return fs.ReadDir(fsys, rel)
}

// loadRegular reads a file of the base or of a mount that is a directory
// on disk the fast way (see Dir.loadRegular); ok is false for the others.
func (o *overlay) loadRegular(name string, limit int64) (data []byte, pe *ParseError, ok bool) {
	if _, mem := o.files[name]; mem {
		return nil, nil, false
	}
	fsys, rel := o.resolve(name)
	d, isDir := fsys.(*Dir)
	if !isDir || !fs.ValidPath(rel) {
		return nil, nil, false
	}
	data, pe, ok = d.loadRegular(rel, limit)
	if pe != nil {
		pe.Path = name
	}
	return data, pe, ok
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{name: f.name, size: f.size}, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

// memInfo describes a file of an overlay.
type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string {
	if k := strings.LastIndexByte(i.name, '/'); k >= 0 {
		return i.name[k+1:]
	}
	return i.name
}
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
