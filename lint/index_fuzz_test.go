package lint

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzDecodeIndex: whatever bytes an index file holds, reading it neither
// panics nor allocates past its size, and what it reads is what it
// wrote: the entries saved again read back the same.
func FuzzDecodeIndex(f *testing.F) {
	dir := f.TempDir()
	x := OpenFileIndex(filepath.Join(dir, "seed.idx"), "v1")
	x.SetNames("v1/sha/prompts/a.yaml", []string{"greet_user"})
	x.SetNames("v1/sha/prompts/list.yaml", []string{"a", "b", "list#3"})
	x.SetNames("v1/sha/prompts/empty.yaml", nil)
	if err := x.Save(); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(x.path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add(indexHeader)
	f.Add(indexHeader + "\x02v1\xff\xff\xff\xff\x0f")
	f.Fuzz(func(t *testing.T, data string) {
		entries, ok := decodeIndex(data, "v1")
		if !ok {
			return
		}
		x := &FileIndex{path: filepath.Join(t.TempDir(), "names.idx"), salt: "v1", entries: entries, dirty: true}
		if err := x.Save(); err != nil {
			t.Fatal(err)
		}
		again := OpenFileIndex(x.path, "v1")
		if !maps.EqualFunc(entries, again.entries, func(a, b *indexEntry) bool { return slices.Equal(a.names, b.names) }) {
			t.Errorf("read %d entries, saved and read again %d that differ", len(entries), len(again.entries))
		}
	})
}
