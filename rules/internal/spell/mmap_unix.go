//go:build unix

package spell

import (
	"os"
	"syscall"

	"github.com/presend/presend/internal/safefile"
)

// mapFile maps a compiled form read-only into memory: a run touches only
// the pages its lookups need, where reading the file faulted in and copied
// all of it (2.4 MB for en_US). Where the file cannot be mapped it is read.
// The mapping is never unmapped: a compiled form is loaded once per
// process (Shared).
func mapFile(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0) // a FIFO must not block the open
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 || st.Size() > limit {
		return safefile.ReadFile(path, limit) // it says what is wrong
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return safefile.ReadFile(path, limit)
	}
	return data, nil
}
