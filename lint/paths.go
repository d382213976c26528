package lint

import "github.com/presend/presend/internal/abspath"

// AbsFrom is filepath.Abs with the working folder given: abspath.From, kept
// here for lint/input and the lint command until they call it directly (new
// code should; this wrapper then goes).
func AbsFrom(cwd, path string) string { return abspath.From(cwd, path) }
