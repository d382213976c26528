//go:build unix

package spell

import (
	"os"
	"syscall"
)

// inodeOf returns the file's inode: a file replaced by a rename (as editors
// and atomic writers do) changes it even within one mtime tick.
func inodeOf(st os.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Ino) //nolint:unconvert // Ino is uint32 on some platforms
	}
	return 0
}
