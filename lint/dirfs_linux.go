package lint

import (
	"runtime"
	"syscall"
)

// rootDescriptor returns a descriptor of the root directory, opened on
// first use and closed when the Dir is collected; -1 when the root cannot
// be opened (the paths are then used).
func (d *Dir) rootDescriptor() int {
	d.rootOnce.Do(func() {
		d.rootFD = -1
		fd, err := syscall.Open(d.root, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != nil {
			return
		}
		d.rootFD = fd
		runtime.AddCleanup(d, func(fd int) { syscall.Close(fd) }, fd)
	})
	return d.rootFD
}

func openat(dirfd int, name string, flags int) (int, error) {
	return syscall.Openat(dirfd, name, flags, 0)
}
