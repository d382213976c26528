//go:build !unix

package spell

import "github.com/presend/presend/internal/safefile"

// mapFile reads a compiled form (no mapping on this platform).
func mapFile(path string, limit int64) ([]byte, error) { return safefile.ReadFile(path, limit) }
