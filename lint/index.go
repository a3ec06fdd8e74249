package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Index remembers, across runs, the names of the prompts of files the
// engine has read, by their content: a repository-wide rule that looks
// for a name (prompt-name-duplicate, through Pass.Named) then reads only
// the files that hold it. The engine uses it for files the change leaves
// alone, and only when the base tree names their content without reading
// it (a ContentIDFS: a git revision knows each file's blob SHA). A host
// keeps it where it likes (the command line: the user's cache directory);
// nil means no memory.
type Index interface {
	// Names returns the names recorded under key; ok is false when none
	// are.
	Names(key string) (names []string, ok bool)
	// SetNames records the names of a file's prompts under key.
	SetNames(key string, names []string)
}

// ContentIDFS is a tree that names a file's content without reading it:
// two files with the same ID have the same bytes (a git blob SHA).
type ContentIDFS interface {
	fs.FS
	// ContentID returns the ID of the content of the regular file name;
	// ok is false for anything else, or when the tree cannot tell.
	ContentID(name string) (id string, ok bool)
}

// GrepFS is a tree that finds the files holding a string without this
// process reading them (a git revision runs git grep). The engine asks it
// for the files that may name a prompt, where it would otherwise read
// every unchanged file of the repository.
type GrepFS interface {
	fs.FS
	// FilesContaining returns the paths of the files whose bytes hold
	// any of strs, sorted. An error makes the engine read the files
	// itself.
	FilesContaining(strs []string) ([]string, error)
}

// IndexVersion changes when what the readers make of a file's names
// changes, so that an Index never answers with names an older reader
// found.
const IndexVersion = "1"

// indexKeys derives the Index keys of files from their content IDs.
type indexKeys struct {
	ids  ContentIDFS
	salt string // the index version and the configuration, which the names depend on
}

func newIndexKeys(base fs.FS, cfg *Config) *indexKeys {
	ids, ok := base.(ContentIDFS)
	if !ok {
		return nil
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(data)
	return &indexKeys{ids: ids, salt: IndexVersion + "/" + hex.EncodeToString(sum[:8])}
}

// key is the Index key of the file at p: its content, its path (a prompt
// without a declared name is named after its file, and the path decides
// the format) and the salt; "" when the tree cannot name the content.
func (k *indexKeys) key(p string) string {
	if k == nil {
		return ""
	}
	id, ok := k.ids.ContentID(p)
	if !ok {
		return ""
	}
	return k.salt + "/" + id + "/" + p
}

// promptNames are the names of a file's prompts, for the Index.
func promptNames(f *File) []string {
	names := make([]string, 0, len(f.Prompts))
	for _, p := range f.Prompts {
		names = append(names, p.Name)
	}
	return names
}

// maxIndexEntries bounds a FileIndex: past it, Save keeps only the
// entries the run used or added.
const maxIndexEntries = 100_000

// FileIndex is an Index kept in one JSON file, for a host that runs again
// and again on the same repositories (the command line keeps it in the
// user's cache directory). Its keys are prefixed with a salt naming the
// program that wrote them, so that another version's names are never
// used. It is not safe for concurrent use; two processes that save at
// once each write a whole file, and one of them wins.
type FileIndex struct {
	path  string
	salt  string
	names map[string][]string
	used  map[string]bool
	dirty bool
}

// OpenFileIndex reads the index at path; a file that is missing or
// cannot be read as an index gives an empty one (it is a cache).
func OpenFileIndex(path, salt string) *FileIndex {
	x := &FileIndex{path: path, salt: salt + "/", names: map[string][]string{}, used: map[string]bool{}}
	if data, err := os.ReadFile(path); err == nil {
		var stored map[string][]string
		if json.Unmarshal(data, &stored) == nil {
			x.names = stored
		}
	}
	return x
}

// Names returns the names recorded under key.
func (x *FileIndex) Names(key string) ([]string, bool) {
	names, ok := x.names[x.salt+key]
	if ok {
		x.used[x.salt+key] = true
	}
	return names, ok
}

// SetNames records names under key.
func (x *FileIndex) SetNames(key string, names []string) {
	k := x.salt + key
	if old, ok := x.names[k]; ok && slices.Equal(old, names) {
		x.used[k] = true
		return
	}
	x.names[k], x.used[k], x.dirty = names, true, true
}

// Save writes the index when it changed: to a temporary file renamed over
// the old one, so that a reader never sees half of it. Entries of another
// salt go, and past maxIndexEntries so do the entries this run did not
// use.
func (x *FileIndex) Save() error {
	if !x.dirty {
		return nil
	}
	for k := range x.names {
		if !strings.HasPrefix(k, x.salt) || len(x.names) > maxIndexEntries && !x.used[k] {
			delete(x.names, k)
		}
	}
	data, err := json.Marshal(x.names)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(x.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(x.path), filepath.Base(x.path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), x.path); err != nil {
		return err
	}
	x.dirty = false
	return nil
}
