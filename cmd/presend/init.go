package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

func runInit(e *env, args []string) int {
	fs := newFlags(e, "init", "init [--output FILE] [--force]")
	output := fs.StringP("output", "o", lint.ConfigFile, "file to write, - for standard output")
	force := fs.Bool("force", false, "overwrite an existing file")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend init: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	var b bytes.Buffer
	if err := lint.WriteTemplate(&b, rules.All()); err != nil {
		fail(e, err)
		return exitError
	}
	if *output == "-" {
		_, _ = e.stdout.Write(b.Bytes())
		return exitOK
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(*output, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(e.stderr, "presend init: %s exists; use --force to overwrite it\n", *output)
		return exitError
	}
	if err != nil {
		fail(e, err)
		return exitError
	}
	_, werr := f.Write(b.Bytes())
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		fail(e, fmt.Errorf("%s: %w", *output, werr))
		return exitError
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", *output)
	return exitOK
}
