package github

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzEscapePath checks that escapePath keeps the slashes, leaves nothing
// that a URL would read as a query, a fragment or a separator, and
// round-trips each segment. Seeds: the paths of the prompt corpus.
func FuzzEscapePath(f *testing.F) {
	for _, p := range []string{"a b#1?.md", "résumé/日本語.md", "100%.md", "a/./b", "x;y,z", "+&=@:$"} {
		f.Add(p)
	}
	dir, ok := findUp(filepath.Join("testdata", "corpus"))
	if !ok {
		f.Fatal("no testdata/corpus above the package: the seeds are missing")
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			f.Add(filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := escapePath(p)
		if strings.ContainsAny(got, " #?\x00\n\r\t") {
			t.Errorf("escapePath(%q) = %q keeps a character that breaks the URL", p, got)
		}
		want := strings.Split(strings.Trim(p, "/"), "/")
		segs := strings.Split(got, "/")
		if len(segs) != len(want) {
			t.Fatalf("escapePath(%q) = %q: %d segments, want %d", p, got, len(segs), len(want))
		}
		for i, s := range segs {
			u, err := url.PathUnescape(s)
			if err != nil || u != want[i] {
				t.Errorf("escapePath(%q) segment %d = %q, unescapes to %q (%v), want %q", p, i, s, u, err, want[i])
			}
		}
	})
}

// findUp looks for rel in the working directory and each parent.
func findUp(rel string) (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, rel)); err == nil && st.IsDir() {
			return filepath.Join(d, rel), true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}
