//go:build linux

package baseline

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/presend/presend/lint"
)

// manyResults gives results whose baseline is far over 4 KiB.
func manyResults() []lint.Result {
	var rs []lint.Result
	for i := range 200 {
		rs = append(rs, result(fmt.Sprintf("drafts/d%03d.txt", i), fmt.Sprintf("CALL NOW %d", i)))
	}
	return rs
}

// TestWriteInterrupted: a --write-baseline stopped in the middle of its
// write (here by the file size limit, RLIMIT_FSIZE, in a child process: the
// write fails with EFBIG part way, as a full disk or a crash would stop it)
// leaves the old baseline whole, and the next Load reads it.
func TestWriteInterrupted(t *testing.T) {
	if path := os.Getenv("PRESEND_BASELINE_CHILD"); path != "" {
		lim := syscall.Rlimit{Cur: 4096, Max: 4096}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Println("setrlimit:", err)
			os.Exit(3)
		}
		err := Write(path, manyResults())
		fmt.Println("write:", err)
		os.Exit(0)
	}
	path := filepath.Join(t.TempDir(), "presend-baseline.json")
	old := []lint.Result{result("a.txt", "BUY NOW")}
	if err := Write(path, old); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil || len(before) > 4096 {
		t.Fatalf("old baseline: %d bytes, %v", len(before), err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteInterrupted$")
	cmd.Env = append(os.Environ(), "PRESEND_BASELINE_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "write: baseline: ") || !strings.Contains(string(out), "file too large") {
		t.Fatalf("the child's write was not interrupted: %s", out)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("the baseline changed:\n%s", after)
	}
	b, err := Load(path)
	if err != nil {
		t.Fatalf("the next --baseline run cannot read the baseline: %v", err)
	}
	want := map[key]int{}
	entries, _ := Entries(path, old)
	for _, e := range entries {
		want[key{e.File, e.ID, e.Rule, e.Hash}] += e.Count
	}
	if !reflect.DeepEqual(b.left, want) {
		t.Errorf("entries %v, want %v", b.left, want)
	}
	// No temporary file is left beside it.
	if names, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(names) != 1 {
		t.Errorf("files left: %q", names)
	}
}

// TestWriteKeepsMode: rewriting a baseline keeps its permissions; a new one
// gets 0644.
func TestWriteKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.json")
	if err := Write(path, nil); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("new baseline mode %v, want 0644", info.Mode().Perm())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []lint.Result{result("a.txt", "BUY NOW")}); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("rewritten baseline mode %v, want 0600", info.Mode().Perm())
	}
}
