//go:build !unix

package gateway_test

import "time"

// processCPU is not measured here: the benchmarks report 0 µs of CPU.
func processCPU() time.Duration { return 0 }
