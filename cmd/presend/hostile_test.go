//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/presend/presend/lint/linttest"
)

// lintWithin runs presend lint in-process with the given env hooks and fails
// the test if it has not returned after 10 s (a FIFO blocks for ever).
func lintWithin(t *testing.T, stdin *os.File, readDir func(string) ([]os.DirEntry, error), args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, now: func() time.Time { return linttest.Now }, readDir: readDir}
	if stdin != nil {
		e.stdin = stdin
	} else {
		e.stdin = strings.NewReader("")
	}
	done := make(chan int, 1)
	go func() { done <- runLint(e, args) }()
	select {
	case code := <-done:
		return code, out.String(), errb.String()
	case <-time.After(10 * time.Second):
		t.Fatalf("presend lint %q still running after 10 s", args)
		return 0, "", ""
	}
}

// hostileTree is a folder of good drafts beside a FIFO, a link to
// /dev/zero and a sparse 100 MB draft.
func hostileTree(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Your order has shipped.\n")
	writeFile(t, filepath.Join(dir, "z.txt"), "See you soon.\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.md")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return dir
}

func TestLintHostileFiles(t *testing.T) {
	dir := hostileTree(t)
	t.Chdir(dir)
	for _, args := range [][]string{
		{"."}, // a folder walk
		{"*"}, // a glob
		{"a.txt", "big.txt", "pipe.txt", "zero.md", "z.txt"}, // named
	} {
		code, out, errs := lintWithin(t, nil, nil, append([]string{"--format", "json"}, args...)...)
		if code != exitError {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		for _, want := range []string{
			"presend: big.txt: file is 104857600 bytes, over presend's limit of 1048579; it was not read\n",
			"presend: pipe.txt: not a regular file but a named pipe (FIFO)",
			"presend: zero.md: not a regular file but a character device",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%q: stderr lacks %q:\n%s", args, want, errs)
			}
		}
		// The good files are still linted.
		if !strings.Contains(out, `"source": "a.txt"`) || !strings.Contains(out, `"source": "z.txt"`) {
			t.Errorf("%q: a.txt and z.txt not both linted:\n%s", args, out)
		}
	}
}

// TestLintStdinPipe: standard input is read whatever it is, a pipe included.
func TestLintStdinPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = w.WriteString("Your order has shipped.\n")
		w.Close()
	}()
	defer r.Close()
	code, out, errs := lintWithin(t, r, nil, "--format", "json", "-")
	if code != exitOK || !strings.Contains(out, `"preview": "Your order has shipped."`) {
		t.Errorf("exit %d, out:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestLintUnreadableFolder: a folder that cannot be read is reported, the
// others are linted, and the run exits 2. Tests run as root, which reads a
// chmod 000 folder all the same: the refusal comes from the injected
// ReadDir, as the system gives it to anyone else.
func TestLintUnreadableFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Your order has shipped.\n")
	writeFile(t, filepath.Join(dir, "locked", "b.txt"), "Hidden away.\n")
	writeFile(t, filepath.Join(dir, "z", "c.txt"), "See you soon.\n")
	t.Chdir(dir)
	readDir := func(name string) ([]os.DirEntry, error) {
		if name == "locked" {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return os.ReadDir(name)
	}
	code, out, errs := lintWithin(t, nil, readDir, "--format", "json", ".")
	if code != exitError {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, "presend: locked: folder not read: permission denied\n") {
		t.Errorf("stderr:\n%s", errs)
	}
	if !strings.Contains(out, `"source": "a.txt"`) || !strings.Contains(out, `"source": "z/c.txt"`) || strings.Contains(out, "b.txt") {
		t.Errorf("out:\n%s", out)
	}
	// The same with the real permission, where it applies.
	if err := os.Chmod("locked", 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	if _, err := os.ReadDir("locked"); err == nil {
		return // root: the injected case above is the test
	}
	code, out, errs = lintWithin(t, nil, nil, "--format", "json", ".")
	if code != exitError || !strings.Contains(errs, "presend: locked: folder not read: permission denied\n") || !strings.Contains(out, `"source": "z/c.txt"`) {
		t.Errorf("chmod 000: exit %d, stderr:\n%s", code, errs)
	}
}

// TestLintEmptyCatalogs: a catalog without messages is linted as empty,
// with a note, and exit 0.
func TestLintEmptyCatalogs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{
		"empty.json": "{}\n", "empty.yml": "# nothing yet\n", "empty.toml": "", "empty.properties": "# none\n",
		"empty.po": "", "nested.json": `{"fr": {}}`,
	}
	for name, body := range files {
		writeFile(t, name, body)
		code, out, errs := lintWithin(t, nil, nil, name)
		if want := "presend: note: " + name + ": no messages\n"; code != exitOK || errs != want {
			t.Errorf("%s: exit %d, stderr %q, want 0 and %q; out:\n%s", name, code, errs, want, out)
		}
	}
	// From standard input too.
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader("   \n"), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, now: func() time.Time { return linttest.Now }}
	if code := runLint(e, []string{"--stdin-format", "jsonl", "--stdin-name", "log.jsonl", "-"}); code != exitOK || errb.String() != "presend: note: log.jsonl: no messages\n" {
		t.Errorf("stdin: exit %d, stderr %q", code, errb.String())
	}
}

// TestInitForceKeepsMode: init --force replaces presend.toml atomically and
// keeps the mode of the file it replaces; no temporary file is left.
func TestInitForceKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "presend.toml"), "# mine\n")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := presend(t, "", "init", "--force", "--output", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 || info.Size() < 100 {
		t.Fatalf("presend.toml: %v, %v", info, err)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("%d files in the folder, want 1", len(names))
	}
}
