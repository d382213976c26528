package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/presend/presend/internal/quote"
)

// Exit codes, a public contract.
const (
	exitOK      = 0 // nothing blocked
	exitBlocked = 1 // at least one message blocked
	exitError   = 2 // usage, configuration or I/O error
)

// env is what a subcommand may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// now is the clock: the time of the check for messages without
	// sent_at. time.Now, or the fixed instant PRESEND_NOW names.
	now func() time.Time
	// readDir lists a folder for lint's walks (os.ReadDir when nil): tests
	// make it fail, as a folder without read permission does for anyone
	// but root.
	readDir func(string) ([]os.DirEntry, error)
}

// envNow is the variable that fixes the clock of a run (an RFC 3339 time),
// as --now does for one lint run: for reproducible runs and for tests.
const envNow = "PRESEND_NOW"

// clock returns time.Now, or the fixed time PRESEND_NOW gives.
func clock(getenv func(string) string) (func() time.Time, error) {
	v := getenv(envNow)
	if v == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("%s=%q: want an RFC 3339 time such as 2026-11-24T10:00:00Z", envNow, quote.V(v))
	}
	return func() time.Time { return t }, nil
}

type command struct {
	name, usage, summary string
	run                  func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"lint", "lint [flags] [PATH|GLOB|-]...", "lint message files, folders, globs or standard input", runLint},
		{"rules", "rules [--format text|json]", "list the rules", runRules},
		{"explain", "explain RULE", "show a rule's documentation, options and examples", runExplain},
		{"init", "init [--output FILE] [--force]", "write a commented presend.toml with every default", runInit},
		{"policy", policyUsage, "list the platform facts in force at a date, with their sources", runPolicy},
		{"serve", "serve [--listen ADDR] [--upstream URL]", "run the gateway: check API, Send API proxy, webhook tap", runServe},
		{"lsp", "lsp [--debounce 300ms]", "run the language server on standard input and output (for editors)", runLsp},
		{"version", "version [--format text|json]", "print the version, commit and build date", runVersion},
	}
}

// run is the whole program: it parses args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	now, err := clock(e.getenv)
	if err != nil {
		fmt.Fprintf(stderr, "presend: %v\n", err)
		return exitError
	}
	e.now = now
	if len(args) == 0 {
		usage(stderr)
		return exitError
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	case "--version":
		return runVersion(e, nil)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "presend: unknown command %q\n\n", quote.V(args[0]))
	usage(stderr)
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "presend checks messages before they are sent: score 0–100, verdict pass/warn/block, findings with fixes.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  presend %-40s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\nExit codes: 0 nothing blocked, 1 a message blocked, 2 usage, configuration or I/O error.")
	fmt.Fprintln(w, "Run 'presend COMMAND --help' for a command's flags.")
}

// newFlags returns a FlagSet that reports errors itself (no os.Exit).
func newFlags(e *env, name, use string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: presend %s\n\nFlags:\n%s", use, fs.FlagUsages())
	}
	return fs
}

// parse parses flags; it returns done with the exit code when parsing ends
// the command (--help or an error).
func parse(e *env, fs *pflag.FlagSet, args []string) (code int, done bool) {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK, true // pflag has printed the usage
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "presend %s: %s\n", fs.Name(), cutArgs(err.Error(), args))
		fmt.Fprintf(e.stderr, "Run 'presend %s --help' for usage.\n", fs.Name())
		return exitError, true
	}
	return 0, false
}

// cutArgs cuts, in pflag's error text, the long arguments it quotes (the
// value of a flag it refuses, an unknown flag), as presend's own errors cut
// values (quote.Q); what else is long is cut as a whole.
func cutArgs(msg string, args []string) string {
	for _, a := range args {
		if len(a) > quote.Max {
			msg = strings.ReplaceAll(msg, strconv.Quote(a), quote.Q(a))
			msg = strings.ReplaceAll(msg, a, quote.Cut(a))
		}
	}
	return quote.CutN(msg, 4*quote.Max)
}

// fail prints an error (each line of a joined error on its own line).
func fail(e *env, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(e.stderr, "presend: %s\n", line)
	}
}
