//go:build linux || darwin

package lint_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/lint"
)

// TestDirFS: a Dir reads prompt files exactly as os.DirFS does, through
// its fast path for regular files and the slow one for the rest: links,
// FIFOs (never opened for reading, which would block), directories, files
// over max_file_size, empty files, and a file that is not there.
func TestDirFS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	prompt := "name: greet\nversion: 1.0.0\ndescription: Greets.\ntemplate: Hello {user_name}.\n"
	writeTree(t, dir, fstest.MapFS{
		"prompts/ok.yaml":    {Data: []byte(prompt)},
		"prompts/empty.yaml": {Data: []byte("")},
		"prompts/big.yaml":   {Data: []byte(prompt + "# " + strings.Repeat("x", 300) + "\n")},
		"prompts/limit.yaml": {Data: []byte(prompt[:len(prompt)-1] + strings.Repeat(" ", 300-len(prompt)) + "\n")},
	})
	if err := os.Symlink("ok.yaml", filepath.Join(dir, "prompts/link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "prompts/dir.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	names := []string{"prompts/big.yaml", "prompts/dir.yaml", "prompts/empty.yaml", "prompts/limit.yaml", "prompts/link.yaml", "prompts/ok.yaml"}
	if runtime.GOOS != "windows" {
		if err := syscall.Mkfifo(filepath.Join(dir, "prompts/fifo.yaml"), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, "prompts/fifo.yaml")
	}
	cfg := lint.DefaultConfig()
	cfg.MaxFileSize = 300
	got, err := lint.ReadFiles(lint.DirFS(dir), names, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := lint.ReadFiles(os.DirFS(dir), names, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(names) {
		t.Fatalf("read %d files, want %d", len(got), len(names))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Path != w.Path || string(g.Data) != string(w.Data) || !reflect.DeepEqual(g.Err, w.Err) || len(g.Prompts) != len(w.Prompts) {
			t.Errorf("%s: Dir read %q, %v; os.DirFS %q, %v", w.Path, g.Data, g.Err, w.Data, w.Err)
		}
	}
	byPath := map[string]*lint.File{}
	for _, f := range got {
		byPath[f.Path] = f
	}
	if f := byPath["prompts/ok.yaml"]; f.Err != nil || string(f.Data) != prompt || len(f.Prompts) != 1 {
		t.Errorf("ok.yaml: %q, %v", f.Data, f.Err)
	}
	if f := byPath["prompts/limit.yaml"]; f.Err != nil || len(f.Data) != 300 {
		t.Errorf("a file of exactly max_file_size: %d bytes, %v", len(f.Data), f.Err)
	}
	for name, msg := range map[string]string{"big.yaml": "over the 300-byte limit", "link.yaml": "symbolic link", "dir.yaml": "not a regular file", "fifo.yaml": "not a regular file", "empty.yaml": "empty"} {
		if f := byPath["prompts/"+name]; f != nil && (f.Err == nil || !strings.Contains(f.Err.Msg, msg)) {
			t.Errorf("%s: error %v, want one saying %q", name, f.Err, msg)
		}
	}
	if _, err := lint.ReadFiles(lint.DirFS(dir), []string{"prompts/gone.yaml"}, cfg); err == nil || !strings.Contains(err.Error(), "gone.yaml") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestDirFSRootDescriptor: a Dir whose root is a link to a directory
// reads through it, and Dirs that are dropped close their root's
// descriptor: thousands of them leave no more open files behind than a
// few.
func TestDirFSRootDescriptor(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, fstest.MapFS{"real/prompts/ok.yaml": {Data: []byte("name: greet\nversion: 1.0.0\ntemplate: Hi.\n")}})
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	cfg := lint.DefaultConfig()
	files, err := lint.ReadFiles(lint.DirFS(filepath.Join(dir, "link")), []string{"prompts/ok.yaml"}, cfg)
	if err != nil || len(files) != 1 || files[0].Err != nil || len(files[0].Prompts) != 1 {
		t.Fatalf("through a linked root: %v, %v", files, err)
	}
	open := func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip("no /proc/self/fd to count open files")
		}
		return len(fds)
	}
	before := open()
	root := filepath.Join(dir, "real")
	for range 2000 {
		if _, err := lint.ReadFiles(lint.DirFS(root), []string{"prompts/ok.yaml"}, cfg); err != nil {
			t.Fatal(err)
		}
	}
	after := open()
	for range 100 {
		if after < before+100 {
			break
		}
		runtime.GC()
		runtime.Gosched()
		after = open()
	}
	if after >= before+100 {
		t.Errorf("%d files open after 2,000 Dirs read one file each and were dropped, %d before", after, before)
	}
}
