//go:build unix

package input

import (
	"io"
	"os"
	"syscall"
)

// readAll reads a whole file. It is os.ReadFile less two system calls per
// file, which count when a run reads ten thousand small ones: os.Open asks
// the poller to watch the file (refused, for a regular file) and checks its
// type, and ReadFile asks its size. os.NewFile does neither, and a file's
// size is not needed to read it to the end.
func readAll(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		// Go's signals restart system calls, but some file systems
		// (FUSE) still return EINTR; os.Open retries too.
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	data := make([]byte, 0, 1024)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}
