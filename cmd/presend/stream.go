package main

import (
	"path/filepath"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/input"
)

// streamBatch is how many messages of a streamed JSONL file are read,
// checked (on every core), rendered and reported at a time.
const streamBatch = 4096

// streamJSONL lints the run's one file, a JSONL file, a batch of messages
// at a time, each batch reported before the next is read, so that memory
// does not grow with the file; it returns false, having read the file but
// reported nothing, when the file must be linted whole as lintFile does:
// a bad line, a message with a recipient (a send log, checked against the
// history in sent_at order), messages not in sent_at order (taken in that
// order by the rules that count across them), messages not linted for
// their language (noted before the file's results), an empty file, or a
// run that fixes, diffs or writes a baseline. A first pass reads the file
// to tell; the output is the one of lintFile, byte for byte.
func (r *lintRun) streamJSONL() bool {
	f := r.f
	if len(r.files) != 1 || f.fix || f.diff || f.writeBaseline != "" {
		return false
	}
	file := r.files[0]
	if file == "-" || input.FormatByExt(filepath.Ext(file)) != input.FormatJSONL {
		return false
	}
	l, _, err := r.linters.get(filepath.Dir(file))
	if err != nil {
		return false
	}
	now := r.linters.now()
	var last time.Time
	n := 0
	ok := true
	err = input.EachJSONL(file, streamBatch, func(batch []lint.Message) error {
		r.ctxFlags.apply(batch)
		if _, skipped := input.SelectIn(r.linters.cwd, batch, file, l.Config().Files); len(skipped) > 0 {
			ok = false
		}
		for _, m := range batch {
			at := m.SentAt
			if at.IsZero() {
				at = now
			}
			if history.Key(m.Recipient, m.OneTimeNotifToken) != "" || at.Before(last) {
				ok = false
			}
			last = at
		}
		n += len(batch)
		if !ok {
			return errStop
		}
		return nil
	})
	if err != nil || !ok || n == 0 {
		return false
	}
	tty := isTerminal(r.e.stdout)
	err = input.EachJSONL(file, streamBatch, func(batch []lint.Message) error {
		o := fileOutcome{linter: l}
		o.check(r.ctx, l, r.linters.cwd, file, batch, r.ctxFlags, r.hist, f.jobs)
		for i := range o.results {
			if r.base != nil && r.base.Filter(&o.results[i]) {
				l.Judge(&o.results[i])
			}
		}
		o.rendered = renderAll(r.out, o.results, f.jobs)
		r.emit(&o)
		if tty {
			_ = r.stdout.Flush()
		}
		return nil
	})
	if err != nil {
		// The file changed between the two passes.
		r.emit(&fileOutcome{readErr: err})
	}
	return true
}

type stopError struct{}

func (stopError) Error() string { return "stop" }

// errStop ends a first pass early.
var errStop error = stopError{}
