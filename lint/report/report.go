// Package report writes lint results for people and for programs: one
// formatter per output format ("text", "json", "sarif", "github"), with the
// colours and borders of the text format kept in styles.go.
//
// Colour is decided by the writer, never by global state: every call to
// [Write] binds its own lipgloss renderer to the writer it was given, so one
// process can write coloured text to a terminal and plain text to a file at
// the same time.
package report

import (
	"io"
	"os"

	"github.com/presend/presend/lint"
)

// Options tune how results are written. The zero value is ready to use.
type Options struct {
	// Color is "auto" (the default, also for ""), "always" or "never".
	//
	// auto colours the text format only when the writer is a terminal and
	// NO_COLOR is unset or empty (https://no-color.org); pipes, files and
	// buffers get plain text. always colours even pipes and files, and wins
	// over NO_COLOR: NO_COLOR only changes what auto decides, since an
	// explicit --color=always is the user asking for colour. never writes
	// plain text. The JSON format ignores Color.
	Color string

	// Getenv reads the environment (NO_COLOR, TERM, COLORTERM). Nil means
	// os.Getenv; tests inject their own.
	Getenv func(string) string

	// Rules are the rules that may have reported, described in the SARIF
	// output's tool.driver.rules (nil: only the rules that reported, with
	// no documentation). The other formats ignore them.
	Rules []*lint.Rule

	// Version is presend's version, for SARIF's tool.driver.version.
	Version string

	// Verbose writes every result of the text format in full, with its
	// preview card: a message that passes is otherwise one line (its
	// header), and no result has a card. A run of one result is always
	// written in full.
	Verbose bool

	// Quiet leaves out of the text format the messages that pass: only
	// those that warn or block are written, then the summary line.
	Quiet bool

	// BaseDir is the folder that the SARIF and GitHub formats make file
	// names relative to (the repository root, for code scanning). "" keeps
	// the sources as given, with forward slashes.
	BaseDir string
}

// Color modes accepted in Options.Color.
const (
	ColorAuto   = "auto"
	ColorAlways = "always"
	ColorNever  = "never"
)

// formats are the output formats, default first.
var formats = []string{"text", "json", "sarif", "github"}

// Formats returns the names of the output formats Write accepts, default
// first: "text", "json", "sarif", "github". The slice is the caller's to
// keep.
func Formats() []string { return append([]string(nil), formats...) }

// osGetenv is the Getenv of the zero Options.
var osGetenv = os.Getenv

// Write writes results to w in the given format: "text" (the default, also
// for ""), "json", "sarif" (SARIF 2.1.0, for code scanning) or "github"
// (GitHub Actions workflow commands). Any other format is an error, and
// nothing is written.
// Results are written in the order given, and each result's findings in the
// order the engine sorted them. Write keeps no state between calls and is
// safe for concurrent use on different writers. [Stream] writes the same
// output one result at a time.
func Write(w io.Writer, format string, results []lint.Result, opts Options) error {
	s, err := NewStream(w, format, opts)
	if err != nil {
		return err
	}
	if format == "sarif" {
		// Every result is here: the table describes exactly the rules
		// that reported, beyond opts.Rules.
		s.table = writeTable(opts.Rules, results)
		s.doc = sarifDocument(s.table, opts)
	}
	rendered := make([]string, len(results))
	for i := range results {
		// A result that cannot be written fails the whole call before
		// anything is written.
		if rendered[i], err = s.render(&results[i]); err != nil {
			return err
		}
	}
	for i := range results {
		if err := s.Add(&results[i], rendered[i]); err != nil {
			return err
		}
	}
	return s.Close()
}
