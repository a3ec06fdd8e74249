package output_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/output"
)

func TestWriteFileInNeverFollowsLinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file that is a link is replaced, not written through.
	if err := os.Symlink(victim, filepath.Join(root, "report.json")); err != nil {
		t.Fatal(err)
	}
	if err := output.WriteFileIn(root, "report.json", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	if fi, err := os.Lstat(filepath.Join(root, "report.json")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("report.json is not a regular file: %v %v", fi, err)
	}
	// A folder that is a link is refused.
	if err := os.Symlink(outside, filepath.Join(root, "out")); err != nil {
		t.Fatal(err)
	}
	err := output.WriteFileIn(root, "out/victim", []byte("new"))
	if err == nil || !strings.Contains(err.Error(), "out is a symbolic link") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("written through a linked folder: %q", b)
	}
	// Missing folders are made.
	if err := output.WriteFileIn(root, "a/b/c.json", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "a", "b", "c.json")); string(b) != "x" {
		t.Errorf("a/b/c.json = %q", b)
	}
}
