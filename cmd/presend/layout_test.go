package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmeLayout returns the folders the README's Layout section names: the
// first field of each line of its first code block that does not start with a
// space (a continuation), without the trailing slash.
func readmeLayout(readme string) ([]string, error) {
	i := strings.Index(readme, "\n## Layout\n")
	if i < 0 {
		return nil, errNoLayout
	}
	s := readme[i:]
	if j := strings.Index(s[1:], "\n## "); j >= 0 {
		s = s[:j+1]
	}
	b := strings.Index(s, "\n```\n")
	if b < 0 {
		return nil, errNoLayout
	}
	s = s[b+len("\n```\n"):]
	e := strings.Index(s, "\n```")
	if e < 0 {
		return nil, errNoLayout
	}
	var dirs []string
	for line := range strings.SplitSeq(s[:e], "\n") {
		if line == "" || line[0] == ' ' {
			continue
		}
		dirs = append(dirs, strings.Fields(line)[0])
	}
	return dirs, nil
}

var errNoLayout = errors.New(`README.md has no "## Layout" section with a code block`)

// TestREADMELayout keeps the README's Layout section true: every package of
// `go list ./...` and every top-level folder the repository tracks is named
// there once, and every folder it names exists.
func TestREADMELayout(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not installed")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	named, err := readmeLayout(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(named) < 10 {
		t.Fatalf("the Layout block names %d folders: %q", len(named), named)
	}
	seen := map[string]bool{}
	for _, n := range named {
		if !strings.HasSuffix(n, "/") {
			t.Errorf("Layout line %q: want a folder, ending in /", n)
			continue
		}
		dir := strings.TrimSuffix(n, "/")
		if seen[dir] {
			t.Errorf("Layout names %s twice", n)
		}
		seen[dir] = true
		if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(dir))); err != nil || !st.IsDir() {
			t.Errorf("Layout names %s, which is not a folder of the repository", n)
		}
	}

	cmd := exec.Command(goTool, "list", "-f", "{{.Dir}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	pkgs := strings.Fields(string(out))
	if len(pkgs) < 10 {
		t.Fatalf("go list ./... listed %d packages: %q", len(pkgs), out)
	}
	for _, dir := range pkgs {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		if rel = filepath.ToSlash(rel); !seen[rel] {
			t.Errorf("package %s/ is missing from the README's Layout section", rel)
		}
	}

	// Top-level folders: those git tracks, so that a build output or a
	// scratch folder of a checkout does not count.
	gitTool, err := exec.LookPath("git")
	if err != nil {
		t.Log("no git command: top-level folders not checked")
		return
	}
	cmd = exec.Command(gitTool, "ls-files", "-z")
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		t.Logf("git ls-files: %v: top-level folders not checked", err)
		return
	}
	top := map[string]bool{}
	for f := range strings.SplitSeq(string(out), "\x00") {
		if d, _, ok := strings.Cut(f, "/"); ok {
			top[d] = true
		}
	}
	if len(top) == 0 {
		t.Fatalf("git ls-files listed no folder")
	}
	for d := range top {
		if !seen[d] {
			t.Errorf("top-level folder %s/ is missing from the README's Layout section", d)
		}
	}
}
