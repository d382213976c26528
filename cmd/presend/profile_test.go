package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// PRESEND_CPUPROFILE's hook writes a CPU profile (gzip, as pprof reads it)
// around the run and keeps the run's exit code; without a path it only runs.
func TestProfiled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	if code := profiled(path, func() int { return 1 }); code != 1 {
		t.Fatalf("exit code %d, want the run's 1", code)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		t.Errorf("profile is not gzip data: % x", data[:min(len(data), 8)])
	}
	ran := false
	if code := profiled("", func() int { ran = true; return 0 }); code != 0 || !ran {
		t.Errorf("without a path: code %d, ran %v", code, ran)
	}
	if code := profiled(filepath.Join(t.TempDir(), "missing", "cpu.prof"), func() int { return 0 }); code != 2 {
		t.Errorf("unwritable path: code %d, want 2", code)
	}
}
