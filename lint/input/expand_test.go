package input

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tree builds a directory for Expand and returns its path.
func tree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range []string{
		"a.txt", "a-b.txt", "a/f.txt", "b.md", "c.csv", "z.JSON",
		"sub/d.jsonl", "sub/deeper/e.txt", "sub/notes.csv",
		".hidden.txt", ".git/COMMIT_EDITMSG.txt", "node_modules/pkg/readme.md",
		"sub/node_modules/x.txt", "sub/.cache/y.txt",
		"empty/.keep", "images/logo.png",
	} {
		writeFile(t, root, name, "x")
	}
	if err := os.Symlink(filepath.Join(root, "sub"), filepath.Join(root, "link")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := os.Symlink(filepath.Join(root, "b.md"), filepath.Join(root, "linkfile.md")); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestExpandDirectory(t *testing.T) {
	root := tree(t)
	t.Chdir(root)
	got, _, err := Expand([]string{"."})
	if err != nil {
		t.Fatal(err)
	}
	// Walk order: directory by directory, names in byte order, so a/f.txt
	// comes before a-b.txt. Hidden files and directories, node_modules,
	// other extensions and the link to a directory are left out.
	want := []string{
		"a/f.txt", "a-b.txt", "a.txt", "b.md", "linkfile.md",
		"sub/d.jsonl", "sub/deeper/e.txt", "z.JSON",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(.) =\n%q\nwant\n%q", got, want)
	}

	// A directory named on the command line is walked even when hidden;
	// a link to a directory is walked when named.
	got, _, err = Expand([]string{".git", "link/"})
	if want := []string{".git/COMMIT_EDITMSG.txt", "link/d.jsonl", "link/deeper/e.txt"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(.git, link/) = %q, %v; want %q", got, err, want)
	}
	got, _, err = Expand([]string{"link"})
	if want := []string{"link/d.jsonl", "link/deeper/e.txt"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(link) = %q, %v; want %q", got, err, want)
	}
}

func TestExpandOrderAndDedup(t *testing.T) {
	root := tree(t)
	t.Chdir(root)
	got, _, err := Expand([]string{"sub/d.jsonl", "-", "c.csv", "sub", "./sub/d.jsonl", root + "/b.md", "b.md", "-", "a.txt"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sub/d.jsonl", "-", "c.csv", "sub/deeper/e.txt", root + "/b.md", "a.txt"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestExpandGlob(t *testing.T) {
	root := tree(t)
	t.Chdir(root)
	tests := []struct {
		pattern string
		want    []string
	}{
		// ** crosses directories but not hidden ones or node_modules, and
		// does not follow the link to sub.
		{"**/*.txt", []string{"a/f.txt", "a-b.txt", "a.txt", "sub/deeper/e.txt"}},
		{"*.{md,JSON}", []string{"b.md", "linkfile.md", "z.JSON"}},
		{"sub/**", []string{"sub/d.jsonl", "sub/deeper/e.txt"}}, // unsupported files are left out
		{"s*", []string{"sub/d.jsonl", "sub/deeper/e.txt"}},     // a matched directory is walked
		{"node_modules/**/*.md", []string{"node_modules/pkg/readme.md"}},
		{"sub/.cache/*.txt", []string{"sub/.cache/y.txt"}},
		{root + "/a?b.txt", []string{root + "/a-b.txt"}},
	}
	for _, tt := range tests {
		got, _, err := Expand([]string{tt.pattern})
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Expand(%q) = %q, %v; want %q", tt.pattern, got, err, tt.want)
		}
	}
}

func TestExpandErrors(t *testing.T) {
	root := tree(t)
	t.Chdir(root)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"x/*.txt"}, `no files match "x/*.txt"`},
		{[]string{"sub/*.txt"}, `no files match "sub/*.txt"`},
		{[]string{"*.csv"}, `no .txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot files match "*.csv" (only other files do)`},
		{[]string{"nope.txt"}, `nope.txt: no such file or directory`},
		{[]string{"a.txt", "nope.txt", "gone/x.md"},
			"nope.txt: no such file or directory\ngone/x.md: no such file or directory"},
		{[]string{"empty"}, `no .txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot files in "empty"`},
		{[]string{"images"}, `no .txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot files in "images"`},
		{[]string{"x["}, `bad glob pattern "x["`},
		{[]string{""}, `empty file name`},
	}
	for _, tt := range tests {
		got, _, err := Expand(tt.args)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Expand(%q) err = %v\nwant %s", tt.args, err, tt.want)
		}
		if got != nil {
			t.Errorf("Expand(%q) returned files with an error: %q", tt.args, got)
		}
	}
	_, _, err := Expand([]string{"nope.txt"})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}
}

func TestExpandUnreadableDir(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "ok.txt", "x")
	locked := filepath.Join(root, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	if _, err := os.ReadDir(locked); err == nil {
		// Root (CAP_DAC_OVERRIDE) reads it all the same: the same case
		// is tested through an injected ReadDir, in
		// TestExpandUnreadableFolderInjected.
		t.Skip("a chmod 000 folder is readable here (running as root)")
	}
	files, unread, err := Expand([]string{root})
	if err != nil || len(unread) != 1 || unread[0].Error() != locked+": folder not read: permission denied" {
		t.Errorf("unread = %v, err = %v; want one permission error naming the folder", unread, err)
	}
	if want := []string{filepath.Join(root, "ok.txt")}; !reflect.DeepEqual(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
}

func TestReadFileDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "drafts.txt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(dir)
	if err == nil || err.Error() != dir+": not a regular file but a folder; presend reads regular files, and standard input (-)" {
		t.Errorf("err = %v", err)
	}
}

func TestExpandBrokenLink(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "ok.txt", "x")
	if err := os.Symlink(filepath.Join(root, "gone.txt"), filepath.Join(root, "dangling.txt")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	// The broken link is listed; reading it names it, and the other
	// files are still read.
	files, unread, err := Expand([]string{root})
	if want := []string{filepath.Join(root, "dangling.txt"), filepath.Join(root, "ok.txt")}; err != nil || len(unread) > 0 || !reflect.DeepEqual(files, want) {
		t.Fatalf("Expand = %q, %v, %v; want %q", files, unread, err, want)
	}
	_, err = ReadFile(files[0])
	if want := filepath.Join(root, "dangling.txt") + ": no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}
