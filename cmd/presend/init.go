package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/internal/safefile"
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
		fmt.Fprintf(e.stderr, "presend init: unexpected argument %q\n", quote.V(fs.Arg(0)))
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
	if err := writeAtomic(*output, b.Bytes(), *force); err != nil {
		fail(e, err)
		return exitError
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", *output)
	return exitOK
}

// writeAtomic writes data to path through safefile.WriteFile (a temporary
// file in the same folder, synced, renamed), so the file is never seen
// half-written. Without force an existing file is an error.
func writeAtomic(path string, data []byte, force bool) error {
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s exists; use --force to overwrite it", path)
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := safefile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
