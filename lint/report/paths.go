package report

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/presend/presend/lint/baseline"
)

// relPath returns source relative to base (when base is set and source is
// under it or beside it), with forward slashes and without a leading "./".
func relPath(base, source string) string {
	p := filepath.ToSlash(source)
	if base != "" {
		if abs, err := filepath.Abs(base); err == nil {
			p = baseline.Rel(abs, source)
		}
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
