package report

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/presend/presend/internal/abspath"
	"github.com/presend/presend/lint/baseline"
)

// paths makes sources relative to a base folder, for the formats whose
// readers want paths from the repository root. The working folder and the
// base are looked up once, not for every result.
type paths struct {
	base string // absolute; "" keeps sources as given
	cwd  string
}

func newPaths(base string) paths {
	if base == "" {
		return paths{}
	}
	cwd, _ := os.Getwd()
	return paths{base: abspath.From(cwd, base), cwd: cwd}
}

// rel returns source relative to the base (when set and source is under it
// or beside it), with forward slashes and without a leading "./".
func (ps paths) rel(source string) string {
	p := filepath.ToSlash(source)
	if ps.base != "" {
		p = baseline.RelFrom(ps.cwd, ps.base, source)
	}
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return p
}

// fileURI turns a relative or absolute path with forward slashes into a URI
// reference: reserved characters escaped, absolute paths as file:// URIs.
func fileURI(p string) string {
	if filepath.IsAbs(filepath.FromSlash(p)) || strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x → /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}
