package input

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/presend/presend/internal/abspath"
)

// Expand resolves command-line arguments into an ordered list of files, each
// listed once (the first time it is reached, compared by absolute path):
//
//   - "-" stays "-" (standard input).
//   - An existing file is used as is, whatever its extension (ReadFile then
//     rejects an unsupported one with a clear error).
//   - An existing directory is walked recursively for .txt, .md, .jsonl,
//     .json, .yml, .yaml, .toml, .properties and .po files (case-insensitive),
//     in lexical order, skipping hidden files and directories (.git, .cache,
//     .env.md) and node_modules below it, what .gitignore files leave out
//     (see ignores), presend.toml and the well-known files that are not
//     catalogs (package.json, tsconfig.json, Cargo.toml, pyproject.toml,
//     docker-compose.yml...; see notCatalog), and what Expander.Exclude
//     excludes. Symbolic links to files are followed; symbolic links to
//     directories are not.
//   - Otherwise an argument with a glob meta character (* ? [ {) is a
//     doublestar pattern: "drafts/**/*.md". Matched directories are walked as
//     above, matched files are kept when their extension is supported, and
//     wildcards do not match hidden names or node_modules unless the pattern
//     spells them out.
//
// Files come in argument order, and lexical order (directory by directory)
// inside a directory or a glob. A missing file, a bad pattern, a glob that
// matches nothing and a directory without a single supported file are errors;
// all of them are reported together, in err, and no file is returned.
//
// A folder met in a walk that cannot be read (no permission) is not: it is
// an *Error in unread, and the files of the other folders are returned. A
// file whose type is not regular (a named pipe, a device, a socket, or a
// link to one) and a broken link are returned like the others when their
// extension is read: ReadFile then reports each, without blocking on it.
func Expand(args []string) (files []string, unread []error, err error) {
	return Expander{}.Expand(args)
}

// Expander is Expand with the way folders are read: ReadDir lists a folder,
// sorted by name (os.ReadDir when nil; tests make it fail).
type Expander struct {
	ReadDir func(name string) ([]fs.DirEntry, error)
	// Exclude, when set, is asked about each file and folder that a walk
	// or a glob meets (never about an argument itself): true leaves it
	// out, and a folder with all below it. presend lint answers with the
	// exclude globs of presend.toml and its own baseline and history files.
	Exclude func(path string, dir bool) bool
}

// Expand is the package's Expand, reading folders with x.ReadDir.
func (x Expander) Expand(args []string) (files []string, unread []error, err error) {
	if x.ReadDir == nil {
		x.ReadDir = os.ReadDir
	}
	var out []string
	var errs []error
	seen := make(map[string]bool)
	// filepath.Abs asks the system for the working folder on every call
	// (two stat calls): ask once, for the thousands of files of a walk.
	cwd, _ := os.Getwd()
	unique := false // set for a lone folder: its walk names each file once
	add := func(path string) {
		if unique {
			out = append(out, path)
			return
		}
		key := path
		if path != "-" {
			key = abspath.From(cwd, path)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, path)
		}
	}
	for _, arg := range args {
		if arg == "-" {
			add(arg)
			continue
		}
		if arg == "" {
			errs = append(errs, errors.New("empty file name"))
			continue
		}
		info, err := os.Stat(arg)
		switch {
		case err == nil && info.IsDir():
			// A walk does not follow links to folders: with no other
			// argument, no file can come twice.
			unique = len(args) == 1
			files, bad := x.walk(arg)
			unread = append(unread, bad...)
			if len(files) == 0 && len(bad) == 0 {
				errs = append(errs, fmt.Errorf("no %s files in %q", walkedExts, arg))
			}
			for _, f := range files {
				add(f)
			}
		case err == nil:
			add(arg)
		case errors.Is(err, fs.ErrNotExist) && hasMeta(arg):
			files, bad, err := x.glob(arg)
			unread = append(unread, bad...)
			if err != nil {
				errs = append(errs, err)
			}
			for _, f := range files {
				add(f)
			}
		default:
			errs = append(errs, fileError(arg, err))
		}
	}
	switch len(errs) {
	case 0:
		return out, unread, nil
	case 1:
		return nil, unread, errs[0]
	}
	return nil, unread, errors.Join(errs...)
}

// hasMeta reports whether arg has a glob meta character.
func hasMeta(arg string) bool {
	return strings.ContainsAny(arg, "*?[{")
}

// skipDir reports whether a directory met during a walk is left out.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".." || name == "node_modules"
}

// walk lists the supported files below the directory root, in lexical
// order (directory by directory), and the folders it could not read.
// Hidden files and folders, node_modules, what .gitignore files leave out
// (see ignores) and what x.Exclude excludes are not walked.
func (x Expander) walk(root string) (files []string, unread []error) {
	ig, rootParts := newIgnores(root)
	var visit func(dir string, parts []string, ig *ignores)
	visit = func(dir string, parts []string, ig *ignores) {
		entries, err := x.ReadDir(dir)
		if err != nil {
			unread = append(unread, &Error{File: dir, Msg: "folder not read: " + pathErrorText(err), Err: err})
			// os.ReadDir returns what it read before the error.
		}
		ig = ig.in(dir, parts, entries)
		for _, d := range entries {
			path := filepath.Join(dir, d.Name())
			sub := slices.Concat(parts, []string{d.Name()})
			if d.IsDir() {
				if !skipDir(d.Name()) && !ig.ignored(sub, true) && (x.Exclude == nil || !x.Exclude(path, true)) {
					visit(path, sub, ig)
				}
				continue
			}
			if strings.HasPrefix(d.Name(), ".") || FormatByExt(filepath.Ext(path)) == "" || notCatalog(d.Name()) ||
				ig.ignored(sub, false) || x.Exclude != nil && x.Exclude(path, false) {
				continue
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if info, err := os.Stat(path); err == nil && info.IsDir() {
					continue // a link to a directory is not followed
				}
			}
			// A named pipe, a device, a socket, a broken link: ReadFile
			// says what it is, and the other files are still linted.
			files = append(files, path)
		}
	}
	visit(root, rootParts, ig)
	return files, unread
}

// pathErrorText is a file system error's text without the path it names.
func pathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// glob expands a doublestar pattern.
func (x Expander) glob(pattern string) (files []string, unread []error, err error) {
	matches, err := x.filepathGlob(pattern, &unread)
	if errors.Is(err, doublestar.ErrBadPattern) {
		return nil, nil, fmt.Errorf("bad glob pattern %q", pattern)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("glob %q: %w", pattern, err)
	}
	if len(matches) == 0 {
		return nil, nil, fmt.Errorf("no files match %q", pattern)
	}
	slices.SortFunc(matches, comparePaths)
	base, rest := doublestar.SplitPattern(filepath.ToSlash(filepath.Clean(pattern)))
	other := 0
	for _, m := range matches {
		if underNodeModules(m, base, rest) {
			continue
		}
		info, err := os.Stat(m)
		switch {
		case x.Exclude != nil && x.Exclude(m, err == nil && info.IsDir()):
			continue // not counted as another file
		case err == nil && info.IsDir():
			sub, bad := x.walk(m)
			unread = append(unread, bad...)
			files = append(files, sub...)
		case FormatByExt(filepath.Ext(m)) != "" && !notCatalog(filepath.Base(m)):
			files = append(files, m)
		default:
			other++
		}
	}
	if len(files) == 0 && len(unread) == 0 {
		if other > 0 {
			return nil, nil, fmt.Errorf("no %s files match %q (only other files do)", walkedExts, pattern)
		}
		return nil, nil, fmt.Errorf("no files match %q", pattern)
	}
	return files, unread, nil
}

// filepathGlob is doublestar.FilepathGlob reading folders with x.ReadDir:
// a folder that cannot be read is added to unread, and the glob goes on.
func (x Expander) filepathGlob(pattern string, unread *[]error) ([]string, error) {
	opts := []doublestar.GlobOption{doublestar.WithNoHidden(), doublestar.WithNoFollow()}
	clean := filepath.ToSlash(filepath.Clean(pattern))
	base, rest := doublestar.SplitPattern(clean)
	if rest == "" || rest == "." || rest == ".." {
		return doublestar.FilepathGlob(pattern, append(opts, doublestar.WithFailOnIOErrors())...)
	}
	fsys := globFS{FS: os.DirFS(base), base: base, readDir: x.ReadDir, unread: unread, seen: map[string]bool{}}
	matches, err := doublestar.Glob(fsys, rest, opts...)
	if err != nil {
		return nil, err
	}
	for i := range matches {
		matches[i] = filepath.FromSlash(path.Join(base, matches[i]))
	}
	return matches, nil
}

// globFS is a folder for doublestar whose ReadDir is the Expander's and
// notes the folders it could not read.
type globFS struct {
	fs.FS
	base    string
	readDir func(string) ([]fs.DirEntry, error)
	unread  *[]error
	seen    map[string]bool // folders in unread: doublestar may read one twice
}

func (g globFS) ReadDir(name string) ([]fs.DirEntry, error) {
	dir := filepath.FromSlash(path.Join(g.base, name))
	entries, err := g.readDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !g.seen[dir] {
		g.seen[dir] = true
		*g.unread = append(*g.unread, &Error{File: dir, Msg: "folder not read: " + pathErrorText(err), Err: err})
	}
	return entries, err
}

// underNodeModules reports whether a glob match went through a node_modules
// directory that the pattern does not name.
func underNodeModules(match, base, rest string) bool {
	if strings.Contains(rest, "node_modules") {
		return false
	}
	rel, err := filepath.Rel(filepath.FromSlash(base), match)
	if err != nil {
		return false
	}
	return slices.Contains(strings.Split(filepath.ToSlash(rel), "/"), "node_modules")
}

// comparePaths orders paths as a directory walk meets them: element by
// element, so "a/b" sorts before "a-b".
func comparePaths(a, b string) int {
	a, b = filepath.ToSlash(a), filepath.ToSlash(b)
	for {
		ea, restA, moreA := strings.Cut(a, "/")
		eb, restB, moreB := strings.Cut(b, "/")
		if c := strings.Compare(ea, eb); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1 // a is a prefix of b, element by element
		case !moreB:
			return 1
		}
		a, b = restA, restB
	}
}

// walkedExts names the extensions folders and globs yield, for errors: the
// ones ReadFile reads.
const walkedExts = supportedExts

// notCatalog reports whether a file met in a folder or through a glob is
// left out although its extension is read: presend's own configuration and
// the manifests and tool configurations that sit in most repositories.
// Named on the command line, such a file is read all the same (but
// presend.toml, which ReadFile refuses).
func notCatalog(name string) bool {
	switch strings.ToLower(name) {
	case "presend.toml", "package.json", "package-lock.json", "composer.json", "tsconfig.json",
		"jsconfig.json", "deno.json", "cargo.toml", "pyproject.toml", "netlify.toml", "wrangler.toml",
		"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml",
		"pnpm-lock.yaml", "pnpm-workspace.yaml", "mkdocs.yml", "_config.yml", "renovate.json":
		return true
	}
	return false
}
