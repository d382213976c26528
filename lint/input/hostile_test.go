//go:build unix

package input

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/presend/presend/lint"
)

// readWithin runs ReadFile and fails the test when it does not return
// within 5 s (a FIFO without a writer blocks an open for ever).
func readWithin(t *testing.T, path string) ([]lint.Message, error) {
	t.Helper()
	type result struct {
		msgs []lint.Message
		err  error
	}
	done := make(chan result, 1)
	go func() {
		msgs, err := ReadFile(path)
		done <- result{msgs, err}
	}()
	select {
	case r := <-done:
		return r.msgs, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("ReadFile(%s) still blocked after 5 s", path)
		return nil, nil
	}
}

func TestReadFileRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readWithin(t, fifo)
	if want := fifo + ": not a regular file but a named pipe (FIFO)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v, want %s…", err, want)
	}
	// A FIFO matched by a glob or met in a walk is listed, and reading it
	// says the same; the other files are listed too.
	writeFile(t, dir, "ok.txt", "hello")
	for _, arg := range []string{dir, filepath.Join(dir, "*.txt")} {
		files, unread, err := Expand([]string{arg})
		if want := []string{filepath.Join(dir, "ok.txt"), fifo}; err != nil || len(unread) > 0 || !reflect.DeepEqual(files, want) {
			t.Errorf("Expand(%s) = %q, %v, %v; want %q", arg, files, unread, err, want)
		}
	}
}

func TestReadFileRefusesDevices(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.txt")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	_, err := readWithin(t, zero)
	if want := zero + ": not a regular file but a character device"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v, want %s…", err, want)
	}
	// A socket cannot even be opened: it is still named as one.
	sock := filepath.Join(dir, "s.jsonl")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
		t.Skip("cannot bind a Unix socket here:", err)
	}
	_, err = readWithin(t, sock)
	if want := sock + ": not a regular file but a socket"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v, want %s…", err, want)
	}
}

// TestReadFileSizeBeforeRead: a sparse 100 MB draft is refused from its size,
// without reading it (AllocsPerRun and the bytes allocated stay small).
func TestReadFileSizeBeforeRead(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(big)
	want := big + ": file is 104857600 bytes, over presend's limit of 1048579; it was not read"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	var before, after runtimeMem
	before.read()
	for range 5 {
		_, _ = ReadFile(big)
	}
	after.read()
	if n := after.bytes - before.bytes; n > 1<<20 {
		t.Errorf("5 refusals allocated %d bytes; want no read of the file", n)
	}
	// The same file as a catalog is under the catalog limit and is read.
	cat := filepath.Join(dir, "big.properties")
	if err := os.Rename(big, cat); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(cat, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(cat); err != nil {
		t.Errorf("a 10-byte catalog: %v", err)
	}
}

// TestReadStdinLimit: standard input is read through the same limit.
func TestReadStdinLimit(t *testing.T) {
	_, err := Read(strings.NewReader(strings.Repeat("a", lint.MaxTextBytes+4)), "-", FormatText)
	if err == nil || !strings.Contains(err.Error(), "-: read: over presend's limit of 1048579 bytes") {
		t.Errorf("err = %v", err)
	}
	msgs, err := Read(strings.NewReader("hello"), "-", FormatText)
	if err != nil || len(msgs) != 1 || msgs[0].Text != "hello" {
		t.Errorf("Read = %v, %v", msgs, err)
	}
}

// TestExpandUnreadableFolderInjected: as root a chmod 000 folder is still
// readable, so the failure comes from an injected ReadDir: the folder is
// reported, the files of the others are listed, in order.
func TestExpandUnreadableFolderInjected(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "a.txt", "a")
	writeFile(t, root, "locked/b.txt", "b")
	writeFile(t, root, "z/c.txt", "c")
	locked := filepath.Join(root, "locked")
	x := Expander{ReadDir: func(name string) ([]fs.DirEntry, error) {
		if name == locked {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return os.ReadDir(name)
	}}
	for _, arg := range []string{root, filepath.Join(root, "*"), filepath.Join(root, "**", "*.txt")} {
		files, unread, err := x.Expand([]string{arg})
		want := []string{filepath.Join(root, "a.txt"), filepath.Join(root, "z/c.txt")}
		if err != nil || !reflect.DeepEqual(files, want) {
			t.Errorf("Expand(%s) = %q, %v; want %q", arg, files, err, want)
		}
		if len(unread) != 1 || unread[0].Error() != locked+": folder not read: permission denied" || !errors.Is(unread[0], fs.ErrPermission) {
			t.Errorf("Expand(%s) unread = %v", arg, unread)
		}
	}
	// Nothing else to read: the folder is still reported, not "no files".
	files, unread, err := x.Expand([]string{locked})
	if err != nil || len(files) != 0 || len(unread) != 1 {
		t.Errorf("Expand(locked) = %q, %v, %v", files, unread, err)
	}
}

type runtimeMem struct{ bytes uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.bytes = s.TotalAlloc
}
