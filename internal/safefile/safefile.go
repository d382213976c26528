// Package safefile reads and writes the files presend is given and keeps,
// the same way everywhere:
//
//   - ReadFile reads only regular files (a named pipe would block the run, a
//     link to /dev/zero would fill the memory), and checks the size before
//     reading a byte: a file over the caller's limit is an error that says
//     how large it is, and nothing past the limit is ever read, even from a
//     file that grows while it is read.
//   - WriteFile replaces a file atomically: a temporary file in the same
//     folder, written, synced, then renamed over the old one (whose mode it
//     keeps). A reader sees the old file or the new one, never a part.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// NotRegularError says that a path names something other than a regular
// file (after following symbolic links).
type NotRegularError struct {
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return "not a regular file but " + Kind(e.Mode) + "; presend reads regular files, and standard input (-)"
}

// Kind names the type of a file mode for people: "a named pipe (FIFO)".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "a file of an unknown type"
	}
	return "a regular file"
}

// TooLargeError says that a file (or stream) is over a size limit.
type TooLargeError struct {
	Size  int64 // the file's size; -1 when only "more than Limit" is known
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("over presend's limit of %d bytes; it was not read", e.Limit)
	}
	return fmt.Sprintf("file is %d bytes, over presend's limit of %d; it was not read", e.Size, e.Limit)
}

// ReadFile reads the regular file at path (symbolic links followed) if it
// holds at most limit bytes. Anything else is an *fs.PathError whose Err is a
// *NotRegularError, a *TooLargeError or the system's error.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, info, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, path, info.Size(), limit)
}

// ReadAny reads the file at path whatever its type, at most limit bytes
// (more is a *TooLargeError): for the files a flag names explicitly, where
// a device or a pipe is the user's choice ("--config /dev/null", "--config
// <(…)"); a link to /dev/zero still stops at the limit.
func ReadAny(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		return readLimited(f, path, info.Size(), limit)
	}
	data, err := ReadAll(f, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: unwrapPath(err)}
	}
	return data, nil
}

// ReadAll reads r to the end if it holds at most limit bytes; more is a
// *TooLargeError with Size -1. It reads at most limit+1 bytes.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return data, nil
}

// readLimited reads an open regular file of the given size (as stat saw it).
func readLimited(f *os.File, path string, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: size, Limit: limit}}
	}
	// The size is a hint: the file may grow or shrink while it is read.
	data := make([]byte, 0, size+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: unwrapPath(err)}
		}
		if int64(len(data)) > limit {
			return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: -1, Limit: limit}}
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// notRegular is the error for a path whose type is not a regular file.
func notRegular(path string, m fs.FileMode) error {
	return &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: m.Type()}}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// WriteFile writes data to path atomically: through a temporary file in the
// same folder, synced, then renamed over path. A file path replaces keeps
// its mode; a new one gets perm. A symbolic link is followed and kept. On any error path is left as it was and the
// temporary file is removed.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, data, perm, nil)
}

// writeFile is WriteFile with a hook run between the write and the sync
// (tests stop there, as a crash would).
func writeFile(path string, data []byte, perm fs.FileMode, afterWrite func() error) (err error) {
	// A symbolic link is followed: the file it names is replaced, in its
	// own folder, and the link stays.
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(path); err == nil {
			path = target
		}
	}
	if info, err := os.Stat(path); err == nil {
		if !info.Mode().IsRegular() {
			return notRegular(path, info.Mode())
		}
		perm = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if afterWrite != nil {
		if err = afterWrite(); err != nil {
			return err
		}
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}
