package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/presend/presend/internal/quote"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version from the build info is used.
var version = ""

func runVersion(e *env, args []string) int {
	fs := newFlags(e, "version", "version")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend version: unexpected argument %q\n", quote.V(fs.Arg(0)))
		return exitError
	}
	fmt.Fprintf(e.stdout, "presend %s %s/%s %s\n", versionString(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}

// versionString is presend's version: the -X main.version, the module
// version, or "(devel)".
func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
