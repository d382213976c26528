//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := os.WriteFile(path, []byte(`{"old": true}`), 0o640); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	err := writeFile(path, []byte(`{"new": tr`), 0o644, func() error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != `{"old": true}` {
		t.Errorf("file = %q", data)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("%d files left in the folder, want 1", len(names))
	}
	// A write that succeeds replaces it, with the old mode.
	if err := WriteFile(path, []byte(`{"new": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if data, _ := os.ReadFile(path); string(data) != `{"new": true}` || info.Mode().Perm() != 0o640 {
		t.Errorf("file = %q, mode %v; want the new content, mode 0640", data, info.Mode().Perm())
	}
}

func TestWriteFileRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("x"), 0o644)
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Errorf("err = %v, want a NotRegularError", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(path, 5); err != nil || string(data) != "12345" {
		t.Errorf("ReadFile(5) = %q, %v", data, err)
	}
	_, err := ReadFile(path, 4)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 5 || tl.Limit != 4 || err.Error() != "read "+path+": file is 5 bytes, over presend's limit of 4; it was not read" {
		t.Errorf("ReadFile(4) err = %v", err)
	}
	if _, err := ReadFile(dir, 10); !errors.As(err, new(*NotRegularError)) {
		t.Errorf("a folder: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "nope"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := ReadAll(strings.NewReader("123456"), 5); !errors.As(err, &tl) || tl.Size != -1 {
		t.Errorf("ReadAll over the limit: %v", err)
	}
}

func TestReadAny(t *testing.T) {
	if data, err := ReadAny("/dev/null", 10); err != nil || len(data) != 0 {
		t.Errorf("/dev/null: %q, %v", data, err)
	}
	var tl *TooLargeError
	if _, err := ReadAny("/dev/zero", 1<<10); !errors.As(err, &tl) || !strings.Contains(err.Error(), "/dev/zero") {
		t.Errorf("/dev/zero: %v", err)
	}
}

func TestWriteFileThroughLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "link.json")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(link)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", info, err)
	}
	if data, _ := os.ReadFile(target); string(data) != "new" {
		t.Errorf("target = %q", data)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v", info.Mode().Perm())
	}
}
