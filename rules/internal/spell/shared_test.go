package spell

import (
	"os"
	"path/filepath"
	"testing"
)

// writeAtomic replaces a file as editors and atomic writers do: a new file
// renamed over the old one.
func writeAtomic(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// TestSharedSeesEdits checks that a dictionary edited on disk is read
// again: a reload (the gateway's SIGHUP builds new Linters) must see a
// custom dictionary's new words, and a file that failed to load is tried
// again rather than failing for the life of the process.
func TestSharedSeesEdits(t *testing.T) {
	dir := t.TempDir()
	dic := filepath.Join(dir, "xx_TEST.dic")
	aff := AffPath(dic)
	writeAtomic(t, aff, "SET UTF-8\n")
	writeAtomic(t, dic, "1\nbonjour\n")
	d1, err := Shared(dic)
	if err != nil {
		t.Fatal(err)
	}
	if !d1.Check("bonjour") || d1.Check("presendo") {
		t.Fatal("first version: wrong verdicts")
	}
	if d, _ := Shared(dic); d != d1 {
		t.Error("an unchanged dictionary was loaded twice")
	}
	writeAtomic(t, dic, "2\nbonjour\npresendo\n")
	d2, err := Shared(dic)
	if err != nil {
		t.Fatal(err)
	}
	if d2 == d1 || !d2.Check("presendo") {
		t.Error("the edited dictionary was not read again")
	}
	if d1.Check("presendo") {
		t.Error("the old version changed under its users")
	}

	// A broken file fails, and is read again once fixed.
	bad := filepath.Join(dir, "yy_TEST.dic")
	writeAtomic(t, AffPath(bad), "SET UTF-8\n")
	if _, err := Shared(bad); err == nil {
		t.Fatal("a missing .dic loaded")
	}
	writeAtomic(t, bad, "1\nsalut\n")
	d3, err := Shared(bad)
	if err != nil || !d3.Check("salut") {
		t.Fatalf("after the fix: %v", err)
	}
}
