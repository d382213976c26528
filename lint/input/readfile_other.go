//go:build !unix

package input

import "os"

// readAll reads a whole file.
func readAll(path string) ([]byte, error) { return os.ReadFile(path) }
