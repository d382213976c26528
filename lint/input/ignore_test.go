package input

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A folder walk leaves out what .gitignore files say, as git reads them:
// the repository's root file for every folder, a nested file for its own
// folder, "!" bringing a path back, a folder pattern for all below it; and
// the files above the walked folder count too. A file named on the command
// line is taken all the same.
func TestExpandGitignore(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{
		".git/HEAD", "a.txt", "draft.tmp.md", "keep.tmp.md", "build/out.txt", "build/deep/x.md",
		"sub/b.txt", "sub/local.txt", "sub/deeper/c.txt", "sub/gen/d.txt", "other/gen/e.txt",
		".hidden.md", "sub/.env.txt", "notes/ignored.md", "notes/kept.md",
	} {
		writeFile(t, root, name, "x")
	}
	writeFile(t, root, ".gitignore", "# build output\nbuild/\n*.tmp.md\n!keep.tmp.md\nsub/deeper/\n/notes/ignored.md\n")
	writeFile(t, root, "sub/.gitignore", "local.txt\ngen/\n")
	writeFile(t, root, ".git/info/exclude", "other/\n")
	t.Chdir(root)

	got, _, err := Expand([]string{"."})
	want := []string{"a.txt", "keep.tmp.md", "notes/kept.md", "sub/b.txt"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(.) = %q, %v\nwant %q", got, err, want)
	}
	// Walking a folder below the root: the root's .gitignore still counts.
	got, _, err = Expand([]string{"sub"})
	if want := []string{filepath.Join("sub", "b.txt")}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(sub) = %q, %v; want %q", got, err, want)
	}
	// Named on the command line, an ignored or hidden file is read.
	got, _, err = Expand([]string{"build/out.txt", "sub/local.txt", ".hidden.md"})
	if want := []string{"build/out.txt", "sub/local.txt", ".hidden.md"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("explicit files = %q, %v; want %q", got, err, want)
	}
	// A folder with nothing left but ignored files is reported as empty.
	if _, _, err := Expand([]string{"build"}); err == nil || !strings.Contains(err.Error(), `files in "build"`) {
		t.Errorf("Expand(build): %v", err)
	}
}

// Outside a git repository, .gitignore files from the walked folder down
// still count.
func TestExpandGitignoreNoRepo(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"a.txt", "tmp/b.txt"} {
		writeFile(t, root, name, "x")
	}
	writeFile(t, root, ".gitignore", "tmp/\n")
	t.Chdir(root)
	got, _, err := Expand([]string{"."})
	if want := []string{"a.txt"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(.) = %q, %v; want %q", got, err, want)
	}
}

// Exclude is asked about each file and folder a walk or a glob meets, not
// about the arguments.
func TestExpandExclude(t *testing.T) {
	root := tree(t)
	t.Chdir(root)
	var asked []string
	x := Expander{Exclude: func(path string, dir bool) bool {
		asked = append(asked, path)
		return path == "sub" || path == "b.md" || filepath.Base(path) == "e.txt"
	}}
	got, _, err := x.Expand([]string{"."})
	if want := []string{"a/f.txt", "a-b.txt", "a.txt", "linkfile.md", "z.JSON"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("walk = %q, %v; want %q", got, err, want)
	}
	for _, p := range asked {
		if strings.HasPrefix(p, "sub"+string(filepath.Separator)) {
			t.Errorf("asked about %s below an excluded folder", p)
		}
	}
	got, _, err = x.Expand([]string{"*.md", "sub/deeper/e.txt"})
	if want := []string{"linkfile.md", "sub/deeper/e.txt"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("glob and a named file = %q, %v; want %q", got, err, want)
	}
}
