package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/presend/presend/internal/quote"
)

// Set by the release build (.goreleaser.yaml):
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// Each one left empty falls back to the Go build information: the module
// version (v1.2.3 for `go install …@v1.2.3`, a pseudo-version or "(devel)"
// for a build from a clone) and the vcs.revision, vcs.time and
// vcs.modified settings that `go build` records in a git checkout.
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildInfo is what `presend version` prints.
type buildInfo struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`
	Date     string `json:"date"`
	Modified bool   `json:"modified"` // built from a checkout with uncommitted changes
	Go       string `json:"go"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
}

// currentBuild is this binary's build information.
func currentBuild() buildInfo {
	return resolveBuild(version, commit, date, debug.ReadBuildInfo)
}

// resolveBuild takes the stamped values, then what read (the Go build
// information) gives for the empty ones; "unknown" where neither says.
func resolveBuild(v, c, d string, read func() (*debug.BuildInfo, bool)) buildInfo {
	b := buildInfo{Version: v, Commit: c, Date: d, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if bi, ok := read(); ok && bi != nil {
		if b.Version == "" && bi.Main.Version != "" {
			b.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			b.Go = bi.GoVersion
		}
		var revision string
		var modified bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if b.Commit == "" {
			b.Commit = revision
		}
		// vcs.modified speaks of the checkout's revision: it is shown only
		// when that is the commit printed.
		b.Modified = modified && revision != "" && revision == b.Commit
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

func runVersion(e *env, args []string) int {
	fs := newFlags(e, "version", "version [--format text|json]")
	format := fs.String("format", "text", "output format: text or json")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend version: unexpected argument %q\n", quote.V(fs.Arg(0)))
		return exitError
	}
	b := currentBuild()
	switch *format {
	case "text":
		commit := b.Commit
		if b.Modified {
			commit += " (modified)"
		}
		fmt.Fprintf(e.stdout, "presend %s\ncommit: %s\nbuilt:  %s\ngo:     %s %s/%s\n", b.Version, commit, b.Date, b.Go, b.OS, b.Arch)
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b); err != nil {
			fmt.Fprintf(e.stderr, "presend version: %v\n", err)
			return exitError
		}
	default:
		fmt.Fprintf(e.stderr, "presend version: --format %q: want text or json\n", *format)
		return exitError
	}
	return exitOK
}

// versionString is presend's version, as SARIF and the language server
// report it.
func versionString() string {
	return currentBuild().Version
}
