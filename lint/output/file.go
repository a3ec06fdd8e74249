package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFileIn writes data to rel, a slash-separated path inside the
// folder root, creating the folders it names. root may be a pull or
// merge request's checkout, so nothing on the way may be a link that
// redirects the write (promptlint-report.json -> /etc/..., out -> /): a
// folder that is a link is refused, and a file that is one is replaced,
// not followed.
func WriteFileIn(root, rel string, data []byte) error {
	dir := root
	parts := strings.Split(rel, "/")
	for i, part := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, part)
		fi, err := os.Lstat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(dir, 0o755); err != nil {
				return fmt.Errorf("creating the folder %s: %w", strings.Join(parts[:i+1], "/"), err)
			}
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symbolic link; promptlint does not write through links", strings.Join(parts[:i+1], "/"))
		case !fi.IsDir():
			return fmt.Errorf("%s is not a folder", strings.Join(parts[:i+1], "/"))
		}
	}
	p := filepath.Join(dir, parts[len(parts)-1])
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %w", rel, pe.Err)
		}
		return err
	}
	return nil
}
