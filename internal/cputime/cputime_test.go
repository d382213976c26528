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
	after := before
	for round := 0; after-before < 20e6; round++ { // 20 ms of CPU
		if round == 10000 { // about 10 s of work on any machine
			t.Fatalf("CPU time stays at %v after 10,000 rounds of work: not the process's CPU time", after-before)
		}
		for i := 0; i < 1e6; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		after, _ = Process()
	}
	if x == 0 {
		t.Log(x) // keep the loop
	}
}
