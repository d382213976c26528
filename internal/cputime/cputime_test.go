package cputime

import (
	"runtime"
	"testing"
)

// Work done between two readings shows in the difference: the reading is
// the process's CPU time, not zero or a constant.
func TestProcessGrows(t *testing.T) {
	before, ok := Process()
	if !ok {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
			t.Fatalf("no CPU time on %s", runtime.GOOS)
		}
		t.Skip("no process CPU time on this system")
	}
	x := uint64(1)
	for after := before; after-before < 20e6; after, _ = Process() { // 20 ms of CPU
		for i := 0; i < 1e6; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	if x == 0 {
		t.Log(x) // keep the loop
	}
}
