package lint

import "github.com/presend/presend/internal/abspath"

// AbsFrom is filepath.Abs with the working folder given.
//
// Deprecated: use package internal/abspath (abspath.From); AbsFrom stays
// for the callers not yet moved (lint/input, cmd/presend's lint command).
func AbsFrom(cwd, path string) string { return abspath.From(cwd, path) }
