package lint

import (
	"crypto/sha256"
	"encoding/binary"
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

// FileIndex is an Index kept in one file, for a host that runs again and
// again on the same repositories (the command line keeps it in the user's
// cache directory). The file names the program that wrote it (a salt), so
// that another version's names are never used: a file of another salt
// reads as an empty index, and the next Save replaces it. It is not safe
// for concurrent use; two processes that save at once each write a whole
// file, and one of them wins.
//
// The file is read at the start of every check, so it is laid out to be
// read in one pass without copying: a header line, the salt, then each
// entry's key and names, every string preceded by its length (uvarint),
// every list by its count.
type FileIndex struct {
	path    string
	salt    string
	entries map[string]*indexEntry
	dirty   bool
}

type indexEntry struct {
	names []string
	used  bool // asked for or set by this run
}

// indexHeader starts every index file; it names the layout.
const indexHeader = "promptlint name index 1\n"

// OpenFileIndex reads the index at path; a file that is missing, of
// another salt, or cannot be read as an index gives an empty one (it is
// a cache).
func OpenFileIndex(path, salt string) *FileIndex {
	x := &FileIndex{path: path, salt: salt, entries: map[string]*indexEntry{}}
	if data, err := os.ReadFile(path); err == nil {
		if entries, ok := decodeIndex(string(data), salt); ok {
			x.entries = entries
		}
	}
	return x
}

// decodeIndex reads an index file's content (see FileIndex); ok is false
// when it is not one, or of another salt. Keys and names are slices of
// data.
func decodeIndex(data, salt string) (entries map[string]*indexEntry, ok bool) {
	d := indexDecoder{data: data}
	if !strings.HasPrefix(d.data, indexHeader) {
		return nil, false
	}
	d.data = d.data[len(indexHeader):]
	if s, ok := d.str(); !ok || s != salt {
		return nil, false
	}
	n, ok := d.count()
	if !ok {
		return nil, false
	}
	entries = make(map[string]*indexEntry, n)
	for range n {
		key, ok := d.str()
		if !ok {
			return nil, false
		}
		k, ok := d.count()
		if !ok {
			return nil, false
		}
		names := make([]string, k)
		for j := range names {
			if names[j], ok = d.str(); !ok {
				return nil, false
			}
		}
		entries[key] = &indexEntry{names: names}
	}
	return entries, d.data == ""
}

// indexDecoder reads the strings and counts of an index file.
type indexDecoder struct{ data string }

// count reads a count; ok is false past the end, or when the rest of the
// file could not hold that many items (each takes a byte at least).
func (d *indexDecoder) count() (int, bool) {
	n, w := binary.Uvarint([]byte(d.data[:min(len(d.data), binary.MaxVarintLen64)]))
	if w <= 0 || n > uint64(len(d.data)-w) {
		return 0, false
	}
	d.data = d.data[w:]
	return int(n), true
}

// str reads a string.
func (d *indexDecoder) str() (string, bool) {
	n, ok := d.count()
	if !ok {
		return "", false
	}
	s := d.data[:n]
	d.data = d.data[n:]
	return s, true
}

// Names returns the names recorded under key.
func (x *FileIndex) Names(key string) ([]string, bool) {
	e, ok := x.entries[key]
	if !ok {
		return nil, false
	}
	e.used = true
	return e.names, true
}

// SetNames records names under key.
func (x *FileIndex) SetNames(key string, names []string) {
	if e, ok := x.entries[key]; ok && slices.Equal(e.names, names) {
		e.used = true
		return
	}
	x.entries[key], x.dirty = &indexEntry{names: names, used: true}, true
}

// Save writes the index when it changed: to a temporary file renamed over
// the old one, so that a reader never sees half of it. Past
// maxIndexEntries, the entries this run did not use go.
func (x *FileIndex) Save() error {
	if !x.dirty {
		return nil
	}
	keys := make([]string, 0, len(x.entries))
	for k, e := range x.entries {
		if len(x.entries) <= maxIndexEntries || e.used {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // the same entries, the same file
	buf := []byte(indexHeader)
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	str(x.salt)
	buf = binary.AppendUvarint(buf, uint64(len(keys)))
	for _, k := range keys {
		str(k)
		names := x.entries[k].names
		buf = binary.AppendUvarint(buf, uint64(len(names)))
		for _, n := range names {
			str(n)
		}
	}
	if err := os.MkdirAll(filepath.Dir(x.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(x.path), filepath.Base(x.path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf); err != nil {
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
