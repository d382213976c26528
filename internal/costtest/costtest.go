// Package costtest bounds the work a parser does per byte of its input, for
// fuzz targets: not wall time (which depends on the machine) and not only
// "no panic", but the allocations the parser makes, counted by the runtime.
//
// A bound is Base + PerByte×len(input), for the bytes allocated and for the
// number of allocations: a parser whose work grows faster than its input
// (quadratic, or exponential through aliases) breaks it on some input,
// whatever the machine.
package costtest

import (
	"runtime"
	"testing"
)

// Cost is what a call allocated.
type Cost struct {
	Bytes  uint64 // bytes allocated
	Allocs uint64 // heap objects allocated
}

// Measure runs f once and returns what it allocated. Other goroutines
// allocating meanwhile count too: bounds keep a constant part for them.
func Measure(f func()) Cost {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return Cost{Bytes: after.TotalAlloc - before.TotalAlloc, Allocs: after.Mallocs - before.Mallocs}
}

// Bound is a cost allowed for an input of n bytes: Base + PerByte×n.
type Bound struct {
	BaseBytes, BytesPerByte   uint64
	BaseAllocs, AllocsPerByte uint64
}

// Check runs f and fails t when it allocated more than b allows for an
// input of n bytes. Allocations of other goroutines count too, and a first
// call may fill caches: f is run again, up to three times, while it is over
// the bound, and t fails only when every run was. It returns the lowest
// cost measured.
func Check(t testing.TB, b Bound, n int, f func()) Cost {
	t.Helper()
	size := uint64(max(n, 0)) // a length: never negative
	maxBytes := b.BaseBytes + b.BytesPerByte*size
	maxAllocs := b.BaseAllocs + b.AllocsPerByte*size
	var best Cost
	for run := range 3 {
		c := Measure(f)
		if run == 0 || c.Bytes < best.Bytes {
			best = c
		}
		if c.Bytes <= maxBytes && c.Allocs <= maxAllocs {
			return c
		}
	}
	t.Fatalf("%d input bytes cost %d bytes in %d allocations (the least of 3 runs); the bound is %d bytes and %d allocations (%d + %d per byte, %d + %d per byte)",
		n, best.Bytes, best.Allocs, maxBytes, maxAllocs, b.BaseBytes, b.BytesPerByte, b.BaseAllocs, b.AllocsPerByte)
	return best
}
