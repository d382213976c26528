// Package cputime reads the CPU time the process has used, for benchmarks
// that report CPU rather than wall time: on a shared machine it varies less,
// and it counts the garbage collector's work on other cores.
package cputime

import "time"

// Process returns the CPU time the process has used so far, user and
// system; ok is false where the system does not tell (not unix).
func Process() (d time.Duration, ok bool) { return process() }
