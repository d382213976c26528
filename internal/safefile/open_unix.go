//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// open opens path for reading without blocking on a named pipe (O_NONBLOCK)
// nor taking a terminal (O_NOCTTY), and refuses anything but a regular file:
// the type is read from the open descriptor, so that a file swapped after a
// check cannot get through.
func open(path string) (*os.File, fs.FileInfo, error) {
	var fd int
	var err error
	for {
		// Go's signals restart system calls, but some file systems
		// (FUSE) still return EINTR; os.Open retries too.
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		// A socket cannot be opened (ENXIO): say what it is.
		if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() {
			return nil, nil, notRegular(path, info.Mode())
		}
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	// os.NewFile does not ask the poller to watch the file (refused for a
	// regular one): one system call less per file than os.Open.
	f := os.NewFile(uintptr(fd), path)
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, nil, &fs.PathError{Op: "stat", Path: path, Err: unwrapPath(err)}
	}
	if !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, nil, notRegular(path, info.Mode())
	}
	return f, info, nil
}

// syncDir makes a rename in dir durable; an error is ignored (some file
// systems refuse to sync a folder, and the file itself is synced).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
