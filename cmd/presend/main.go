// Command presend lints outbound messages before they are sent.
//
// main calls run, which dispatches to one subcommand per file: lint (with
// --fix and --diff), rules, explain, policy, init, serve (the gateway of
// lint/gateway), lsp (the language server of lint/lsp) and version. The
// commands wire the rules of package rules into the lint framework; no rule
// or output format is written here.
//
// For performance work, PRESEND_CPUPROFILE=FILE writes a CPU profile of
// the whole run (start-up included) to FILE, for `go tool pprof`.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() {
	os.Exit(profiled(os.Getenv("PRESEND_CPUPROFILE"), func() int {
		return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	}))
}

// profiled runs f, with a CPU profile written to path when path is set.
func profiled(path string, f func() int) int {
	if path == "" {
		return f()
	}
	out, err := os.Create(path) //nolint:gosec // the path the user named in PRESEND_CPUPROFILE
	if err != nil {
		fmt.Fprintf(os.Stderr, "presend: PRESEND_CPUPROFILE: %v\n", err)
		return 2
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		fmt.Fprintf(os.Stderr, "presend: PRESEND_CPUPROFILE: %v\n", err)
		_ = out.Close()
		return 2
	}
	code := f()
	pprof.StopCPUProfile()
	if err := out.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "presend: PRESEND_CPUPROFILE: %v\n", err)
	}
	return code
}
