package input

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/presend/presend/internal/gitignore"
)

// maxIgnoreBytes bounds the size of a .gitignore read during a walk.
const maxIgnoreBytes = 1 << 20

// ignores are the .gitignore patterns in force in a folder of a walk, as
// git reads them: those of the repository's info/exclude and of every
// .gitignore from the repository's root down to the folder, a later (deeper)
// pattern winning over an earlier one, "!" bringing a path back.
type ignores struct {
	patterns []gitignore.Pattern
	m        gitignore.Matcher
}

// newIgnores returns the patterns in force in the folder root, where a walk
// starts: those of the folders above it, up to the root of the git
// repository it is in (a folder holding .git). Outside a repository only
// the .gitignore files from root down count. parts are root's folders below
// the repository's root, which the paths the walk meets are matched with.
func newIgnores(root string) (ig *ignores, parts []string) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return &ignores{}, nil
	}
	base := abs
	for dir := abs; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			base = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break // not in a repository: root is the base
		}
		dir = parent
	}
	ig = &ignores{}
	ig.patterns = append(ig.patterns, readIgnoreFile(filepath.Join(base, ".git", "info", "exclude"), nil)...)
	// The folders from the base down to root's parent; root's own
	// .gitignore is read by the walk, as every folder's below it.
	if rel, err := filepath.Rel(base, abs); err == nil && rel != "." {
		parts = strings.Split(filepath.ToSlash(rel), "/")
		for i := range parts {
			dir := filepath.Join(append([]string{base}, parts[:i]...)...)
			ig.patterns = append(ig.patterns, readIgnoreFile(filepath.Join(dir, ".gitignore"), parts[:i])...)
		}
	}
	ig.m = gitignore.NewMatcher(ig.patterns)
	return ig, parts
}

// in returns the patterns in force in dir, a folder of the walk whose
// parts below the repository's root are parts and whose entries are
// entries: ig's and those of dir's own .gitignore.
func (ig *ignores) in(dir string, parts []string, entries []fs.DirEntry) *ignores {
	has := false
	for _, e := range entries {
		if e.Name() == ".gitignore" && !e.IsDir() {
			has = true
			break
		}
	}
	if !has {
		return ig
	}
	more := readIgnoreFile(filepath.Join(dir, ".gitignore"), parts)
	if len(more) == 0 {
		return ig
	}
	patterns := append(append([]gitignore.Pattern(nil), ig.patterns...), more...)
	return &ignores{patterns: patterns, m: gitignore.NewMatcher(patterns)}
}

// ignored reports whether the patterns leave out the path whose parts below
// the repository's root are parts.
func (ig *ignores) ignored(parts []string, dir bool) bool {
	return ig.m != nil && len(parts) > 0 && ig.m.Match(parts, dir)
}

// readIgnoreFile reads the patterns of a .gitignore (or info/exclude) in
// the folder whose parts below the base are domain. A file that cannot be
// read has none: git says nothing of it either.
func readIgnoreFile(path string, domain []string) []gitignore.Pattern {
	data, err := os.ReadFile(path)
	if err != nil || len(data) > maxIgnoreBytes {
		return nil
	}
	var out []gitignore.Pattern
	for _, line := range bytes.Split(data, []byte("\n")) {
		s := strings.TrimSuffix(string(line), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		out = append(out, gitignore.ParsePattern(s, domain))
	}
	return out
}
