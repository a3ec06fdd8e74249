//go:build linux

package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkDirLoad reads the 1,000 files of a repository of 50
// directories through a Dir, as a check reads the files its change leaves
// alone: opened relative to the root's descriptor, and, to compare, by
// their full paths (what the kernel then walks again for every file).
func BenchmarkDirLoad(b *testing.B) {
	root := filepath.Join(b.TempDir(), "deep", "in", "a", "checkout")
	var names []string
	for i := range 1000 {
		name := fmt.Sprintf("prompts/team%02d/reply_%04d.yaml", i%50, i)
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(fmt.Sprintf("name: reply_%04d\nversion: 1.0.0\ntemplate: Hello.\n", i)), 0o644); err != nil {
			b.Fatal(err)
		}
		names = append(names, name)
	}
	d := DirFS(root)
	b.Run("root-relative", func(b *testing.B) {
		for b.Loop() {
			for _, n := range names {
				if _, _, ok := d.loadRegular(n, 1<<20); !ok {
					b.Fatal(n)
				}
			}
		}
	})
	b.Run("full-path", func(b *testing.B) {
		const flags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
		for b.Loop() {
			for _, n := range names {
				// loadRegular's system calls, the file opened by its path.
				fd, err := syscall.Open(d.path(n), flags, 0)
				if err != nil {
					b.Fatal(err)
				}
				var st syscall.Stat_t
				if err := syscall.Fstat(fd, &st); err != nil {
					b.Fatal(err)
				}
				buf := make([]byte, st.Size+1)
				if _, err := syscall.Read(fd, buf); err != nil {
					b.Fatal(err)
				}
				syscall.Close(fd)
			}
		}
	})
}
