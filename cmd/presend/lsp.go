package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/presend/presend/lint/lsp"
	"github.com/presend/presend/rules"
)

// runLsp runs the language server on standard input and output.
func runLsp(e *env, args []string) int {
	fs := newFlags(e, "lsp", "lsp")
	debounce := fs.Duration("debounce", lsp.DefaultDebounce, "quiet time after a change before linting (the client's initializationOptions.debounce wins)")
	fs.Bool("stdio", true, "talk over standard input and output (the only transport; accepted for editors that pass it)")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend lsp: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	err := lsp.Serve(context.Background(), stdio{e.stdin, e.stdout}, lsp.Options{
		Rules: rules.All(), Clock: e.now, Debounce: *debounce, Version: versionString(),
	})
	if errors.Is(err, lsp.ErrNoShutdown) {
		return exitBlocked // LSP: exit without shutdown is status 1
	}
	if err != nil {
		fail(e, err)
		return exitError
	}
	return exitOK
}

// stdio joins standard input and output into the stream the server reads
// and writes.
type stdio struct {
	io.Reader
	io.Writer
}

// Close closes neither: the process exits after the server stops.
func (stdio) Close() error { return nil }
