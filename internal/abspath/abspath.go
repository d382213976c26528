// Package abspath makes paths absolute against a working folder the caller
// read once: lint/input, lint/report, lint/baseline and the command resolve
// thousands of paths with it.
package abspath

import (
	"os"
	"path/filepath"
)

// From is filepath.Abs with the working folder given, for callers that
// resolve thousands of paths (a walked folder, a report's sources):
// filepath.Abs asks the system for the working folder on every call. A path
// that is rooted but not absolute (\x and C:x on Windows), or an empty cwd,
// goes to filepath.Abs; when that fails too, the path is only cleaned.
func From(cwd, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	if cwd == "" || filepath.VolumeName(path) != "" || path != "" && os.IsPathSeparator(path[0]) {
		if abs, err := filepath.Abs(path); err == nil {
			return abs
		}
		return filepath.Clean(path)
	}
	return filepath.Join(cwd, path)
}
