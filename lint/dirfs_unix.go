//go:build linux || darwin

package lint

import (
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"
)

// loadRegular reads the named file when it is a regular file of at most
// limit bytes: one open that follows no link and never blocks (a FIFO),
// one fstat, the reads, one close. ok is false when the file is anything
// else or the fast path fails; the caller then reads it the slow way,
// which says what is wrong. A file over limit gives a *ParseError.
func (d *Dir) loadRegular(name string, limit int64) (data []byte, pe *ParseError, ok bool) {
	fd, err := d.openNoFollow(name)
	if err != nil {
		return nil, nil, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retryEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, nil, false
	}
	if st.Size > limit {
		return nil, &ParseError{Path: name, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit (max_file_size)", st.Size, limit)}, true
	}
	// One byte more than the file holds: a read that fills it means the
	// file grew since fstat, and the reads go on to its end.
	buf := make([]byte, st.Size+1)
	n := 0
	for {
		if n == len(buf) {
			if int64(n) > limit {
				return nil, &ParseError{Path: name, Msg: fmt.Sprintf("file is over the %d-byte limit (max_file_size)", limit)}, true
			}
			buf = append(buf, make([]byte, len(buf))...)
		}
		var m int
		err := retryEINTR(func() (err error) {
			m, err = syscall.Read(fd, buf[n:])
			return err
		})
		if err != nil {
			return nil, nil, false
		}
		n += m
		if m == 0 || int64(n) == st.Size {
			break // the end, or all that fstat promised
		}
	}
	if int64(n) > limit {
		return nil, &ParseError{Path: name, Msg: fmt.Sprintf("file is over the %d-byte limit (max_file_size)", limit)}, true
	}
	return buf[:n:n], nil, true
}

// openNoFollow opens the named file for reading, following no link in
// its last element and never blocking (a FIFO): relative to the root's
// descriptor where there is one, else by its path.
func (d *Dir) openNoFollow(name string) (fd int, err error) {
	const flags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	root := d.rootDescriptor()
	err = retryEINTR(func() error {
		if root >= 0 {
			fd, err = openat(root, filepath.FromSlash(name), flags)
		} else {
			fd, err = syscall.Open(d.path(name), flags, 0)
		}
		return err
	})
	runtime.KeepAlive(d) // its root descriptor, until openat is done
	return fd, err
}

func retryEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
