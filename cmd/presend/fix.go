package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/presend/presend/internal/safefile"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/fix"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/input"
)

// fixed is what --fix or --diff did to one file.
type fixed struct {
	applied   int    // fixes applied
	diff      string // --diff: the unified diff ("" for no change)
	stdout    []byte // --fix on standard input: the fixed text
	stdin     bool   // the file is standard input
	changed   bool   // the file's bytes changed (or would, with --diff)
	converged bool
	passes    int
	err       error // a fix that cannot be written: the file is left as it was
}

// maxStdin is the most presend lint --fix reads from standard input.
const maxStdin = 256 << 20

// fixFile lints one expanded argument as lintFile does, applying fixes to
// a fixed point (lint/fix): the file is rewritten atomically (--fix), or a
// diff is made (--diff), and the results are those of the fixed text.
func fixFile(ctx context.Context, e *env, file string, f lintFlags, c sendContext, linters *linterCache, hist *history.Memory) fileOutcome {
	var o fileOutcome
	name, dir := file, filepath.Dir(file)
	var (
		data   []byte
		format string
		err    error
	)
	if file == "-" {
		name, dir, format = f.stdinName, ".", f.stdinFormat
		data, err = safefile.ReadAll(e.stdin, maxStdin)
		if err != nil {
			err = &input.Error{File: name, Msg: "read: " + err.Error(), Err: err}
		}
	} else {
		data, format, err = input.ReadSource(file)
	}
	o.fix = &fixed{stdout: data, converged: true, stdin: file == "-"}
	if err != nil {
		o.readErr = err
		return o
	}
	if !o.useLinter(linters, dir) {
		return o
	}
	l := o.linter
	var checkErr error
	empty := false
	res, err := fix.Run(data, name, format, func(msgs []lint.Message) (fix.Checked, error) {
		empty = len(msgs) == 0
		if empty {
			o.results, o.notes, o.sups = nil, nil, nil
			return fix.Checked{}, nil
		}
		index := o.check(ctx, l, linters.cwd, file, msgs, c, hist, f.jobs)
		checkErr = o.checkErr
		return fix.Checked{Results: o.results, Index: index}, o.checkErr
	}, fix.Options{Unsafe: f.unsafeFixes})
	o.results = res.Results
	if empty && err == nil {
		o.notes = append(o.notes, name+": no messages")
	}
	var fe *fix.Error
	switch {
	case err == nil:
	case errors.As(err, &fe):
		o.fix.err = err
		return o // the file is left as it was
	case checkErr != nil && errors.Is(err, checkErr):
		o.checkErr = err
		return o
	default:
		o.readErr = err
		return o
	}
	o.fix.applied, o.fix.converged, o.fix.passes = res.Applied, res.Converged, res.Passes
	o.fix.changed = !bytes.Equal(res.Data, data)
	switch {
	case f.diff:
		o.fix.diff = fix.Diff(name, data, res.Data)
	case file == "-":
		o.fix.stdout = res.Data
	case o.fix.changed:
		if err := safefile.WriteFile(file, res.Data, 0o644); err != nil {
			o.fix.err = fmt.Errorf("%s: write the fixed file: %w", file, err)
			o.fix.applied, o.fix.changed = 0, false
		}
	}
	return o
}

// fixTally counts what --fix and --diff did over a run.
type fixTally struct {
	applied, files int
}

// add reports one file's fixes in the run's order (its diff, the fixed
// text of standard input, a fix that could not be written) and counts
// them; true when the run must end with exit 2.
func (t *fixTally) add(e *env, o *fileOutcome, f lintFlags) bool {
	x := o.fix
	if x.stdin && f.fix && !f.diff {
		// A filter: the fixed text, or the input as it was.
		_, _ = e.stdout.Write(x.stdout)
	}
	if x.err != nil {
		fail(e, x.err)
		return true
	}
	if x.changed {
		t.files++
		t.applied += x.applied
	}
	if f.diff {
		_, _ = io.WriteString(e.stdout, x.diff)
	}
	if !x.converged {
		name := "-"
		if len(o.results) > 0 {
			name = o.results[0].Source
		}
		fmt.Fprintf(e.stderr, "presend: note: %s: fixes still changed the text after %d passes (two rules may undo each other's fixes); the findings left are reported\n", name, x.passes-1)
	}
	return false
}

// count writes n and the noun, singular for 1.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
