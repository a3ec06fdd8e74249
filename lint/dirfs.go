package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Dir is the tree of files under a directory of the operating system, as
// os.DirFS gives it, that the engine reads prompt files from with fewer
// system calls than through fs.Lstat, Open and Read: a lint of thousands
// of small files spends much of its time in them. Where the operating
// system offers no such path, files are read as from any fs.FS.
type Dir struct {
	fs.FS
	root string

	// The root, opened once for openat where the system has it: a path
	// looked up from the root costs the kernel a fraction of one looked
	// up from / (a check of a large repository opens every file).
	rootOnce sync.Once
	rootFD   int // -1: none
}

// DirFS returns the tree of files under the directory root.
func DirFS(root string) *Dir {
	return &Dir{FS: os.DirFS(root), root: root}
}

// The methods of os.DirFS, so that io/fs finds them through a Dir.

// ReadFile reads the named file, as os.DirFS does.
func (d *Dir) ReadFile(name string) ([]byte, error) { return fs.ReadFile(d.FS, name) }

// ReadDir lists the named directory, as os.DirFS does.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }

// Stat describes the named file, following a symbolic link.
func (d *Dir) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }

// Lstat describes the named file without following a symbolic link.
func (d *Dir) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.FS, name) }

// ReadLink returns the destination of the named symbolic link.
func (d *Dir) ReadLink(name string) (string, error) { return fs.ReadLink(d.FS, name) }

// path is the operating system's path of a valid fs.FS path name.
func (d *Dir) path(name string) string {
	return filepath.Join(d.root, filepath.FromSlash(name))
}
