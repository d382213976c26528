package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
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
// a bad line, messages without recipients not in sent_at order (taken in
// that order by the rules that count across them), messages not linted for
// their language (noted before the file's results), an empty file, or a
// run that fixes, diffs or writes a baseline. A send log (messages with a
// recipient) is checked by streamSendLog, in order or not. A first pass
// reads the file to tell; the output is the one of lintFile, byte for byte.
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
	var lines []logLine // the messages linted: where they are, when sent
	sorted, sendLog := true, false
	one := make([]lint.Message, 1)
	err = input.EachJSONLLine(file, func(m lint.Message, at input.Line) error {
		one[0] = m
		r.ctxFlags.apply(one)
		kept, skipped := input.SelectIn(r.linters.cwd, one, file, l.Config().Files)
		if len(skipped) > 0 {
			return errStop
		}
		if len(kept) == 0 {
			return nil // not selected by [[files]]: not linted
		}
		m = kept[0]
		sent := m.SentAt
		if sent.IsZero() {
			sent = now
		}
		ln := logLine{off: at.Off, n: int32(at.Len), no: int32(at.No), sec: sent.Unix(), nsec: int32(sent.Nanosecond())} //nolint:gosec // G115: input's size limit keeps lines under 2 GiB
		if n := len(lines); n > 0 && ln.compare(lines[n-1]) < 0 {
			sorted = false
		}
		sendLog = sendLog || history.Key(m.Recipient, m.OneTimeNotifToken) != ""
		lines = append(lines, ln)
		return nil
	})
	switch {
	case err != nil || len(lines) == 0:
		return false
	case sendLog:
		return r.streamSendLog(l, file, lines, now)
	case !sorted:
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

// logLine is what streamJSONL keeps of each message of a file, in 32
// bytes: where its line is (input.Line), and when it was sent (the time of
// the run when it does not say), in seconds and nanoseconds since 1970.
type logLine struct {
	off   int64
	n, no int32
	sec   int64
	nsec  int32
}

// compare orders lines by send time.
func (a logLine) compare(b logLine) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	return cmp.Compare(a.nsec, b.nsec)
}

// sendLogGCPercent is GOGC while a send log is linted, when the
// environment sets none.
const sendLogGCPercent = 100

// streamSendLog lints a send log, the messages at lines, as lintFile does
// (lint.Linter.CheckLog): each against the history of those sent before
// it, in sent_at order, with one history store for the whole file. It
// holds no message: it reads each line again, in sent_at order, a batch
// at a time, and reports each result once those of the lines before it
// are. In a log written as sends happen (in sent_at order) that is at
// once, a batch after another; a result that must wait for an earlier
// line is rendered and spilled to a temporary file until then. Memory per
// message is a logLine, an index and a spillSlot: 60 bytes (README,
// "Performance"), besides the history store. false: nothing was reported;
// lint the file whole.
func (r *lintRun) streamSendLog(l *lint.Linter, file string, lines []logLine, now time.Time) bool {
	if r.e.getenv("GOGC") == "" {
		// lint collects at GOGC 400 as it keeps little alive; a send log
		// keeps its history (the sends of the last 8 days), which the heap
		// would grow to five times.
		defer debug.SetGCPercent(debug.SetGCPercent(sendLogGCPercent))
	}
	src, err := os.Open(file)
	if err != nil {
		return false
	}
	defer func() { _ = src.Close() }()
	order := make([]int32, len(lines))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return lines[a].compare(lines[b]) })

	out := &logOut{r: r, source: file, lines: len(lines)}
	defer out.close()
	lc := l.NewLogChecker(r.hist.Clone())
	tty := isTerminal(r.e.stdout)
	var buf []byte
	msgs := make([]lint.Message, 0, min(len(order), streamBatch))
	for lo := 0; lo < len(order); lo += streamBatch {
		batch := order[lo:min(len(order), lo+streamBatch)]
		msgs = msgs[:0]
		for _, i := range batch {
			ln := lines[i]
			buf = slices.Grow(buf[:0], int(ln.n))[:ln.n]
			m, err := r.reread(src, file, ln, buf, l)
			if err != nil {
				// The file changed between the two passes.
				r.emit(&fileOutcome{readErr: err})
				return true
			}
			msgs = append(msgs, m)
		}
		o := fileOutcome{linter: l, results: make([]lint.Result, len(msgs))}
		for k := range msgs {
			at := msgs[k].SentAt // as given, in its own zone
			if at.IsZero() {
				at = now
			}
			o.results[k] = lc.Check(r.ctx, msgs[k], at)
		}
		if err := lc.Err(); err != nil && !out.failed {
			out.failed = true
			o.checkErr = err
		}
		o.suppress(l, msgs)
		for i := range o.results {
			if r.base != nil && r.base.Filter(&o.results[i]) {
				l.Judge(&o.results[i])
			}
		}
		rendered := renderAll(r.out, o.results, r.f.jobs)
		results := o.results
		o.results = nil
		r.emit(&o) // the store's error and the suppressions used
		for k, i := range batch {
			out.put(int(i), &results[k], rendered[k])
		}
		if tty {
			_ = r.stdout.Flush()
		}
	}
	return true
}

// reread reads the message of line ln of file again, into buf, as the
// first pass read it.
func (r *lintRun) reread(src io.ReaderAt, file string, ln logLine, buf []byte, l *lint.Linter) (lint.Message, error) {
	changed := &input.Error{File: file, Line: int(ln.no), Msg: "changed while being linted"}
	if _, err := src.ReadAt(buf, ln.off); err != nil {
		return lint.Message{}, changed
	}
	m, err := input.ParseJSONLLine(buf, file, int(ln.no))
	if err != nil {
		return lint.Message{}, err
	}
	one := []lint.Message{m}
	r.ctxFlags.apply(one)
	kept, _ := input.SelectIn(r.linters.cwd, one, file, l.Config().Files)
	if len(kept) != 1 {
		return lint.Message{}, changed
	}
	return kept[0], nil
}

// logOut reports the results of a send log checked out of line order in
// line order: a result whose line comes after one not yet checked is
// rendered and kept in a temporary file, and only its place and verdict
// in memory, until the lines before it are reported.
type logOut struct {
	r        *lintRun
	source   string
	next     int         // the line (index in slots) to report next
	lines    int         // how many
	slots    []spillSlot // by line: a result kept until its turn (nil until one waits)
	verdicts []lint.Verdict
	spill    *os.File // created on the first result that waits
	size     int64    // bytes given to spill (written, or pending below)
	// pend holds the rendered results not yet written to spill, which
	// start at offset pendFrom; pendSlots are their lines. Written by
	// flushSpill: when a write fails (the disk is full), these results move
	// to noSpill, so none is lost.
	pend      []byte
	pendFrom  int64
	pendSlots []int
	unread    []byte
	noSpill   map[int]string // the results kept in memory: spill could not be created or written
	failed    bool           // a store error was reported
}

// spillChunk is how many pending bytes flushSpill writes at once.
const spillChunk = 64 << 10

// spillSlot is a result kept in logOut's spill file: where, and what the
// report counts of it.
type spillSlot struct {
	off      int64
	n        uint32 // bytes
	findings uint32
	verdict  uint8 // index in logOut.verdicts
	kept     bool
}

// put reports the result of line i, rendered, now if its turn came, else
// once it does.
func (o *logOut) put(i int, res *lint.Result, rendered string) {
	if i == o.next {
		o.r.add(res, rendered)
		o.next++
		o.drain()
		return
	}
	v := slices.Index(o.verdicts, res.Verdict)
	if v < 0 {
		v = len(o.verdicts)
		o.verdicts = append(o.verdicts, res.Verdict)
	}
	s := spillSlot{off: o.size, n: uint32(len(rendered)), findings: uint32(len(res.Findings)), verdict: uint8(v), kept: true} //nolint:gosec // G115: a rendered result is far under 4 GiB, verdicts are a handful
	if o.slots == nil {
		o.slots = make([]spillSlot, o.lines)
	}
	if o.spill == nil && o.noSpill == nil {
		f, err := os.CreateTemp("", "presend-sendlog-*")
		if err != nil {
			o.noSpill = map[int]string{}
		} else {
			o.spill = f
		}
	}
	if o.noSpill != nil {
		// No spill file, or one that could not be written: memory.
		o.noSpill[i] = rendered
		s.n = 0
	} else {
		o.pend = append(o.pend, rendered...)
		o.pendSlots = append(o.pendSlots, i)
	}
	o.size += int64(s.n)
	o.slots[i] = s
	if len(o.pend) >= spillChunk {
		o.flushSpill()
	}
}

// flushSpill writes the pending results to spill. When the write fails
// (the disk is full), they are kept in memory instead, as every later one.
func (o *logOut) flushSpill() {
	if len(o.pend) == 0 {
		return
	}
	if _, err := o.spill.WriteAt(o.pend, o.pendFrom); err != nil {
		if o.noSpill == nil {
			o.noSpill = map[int]string{}
		}
		for _, i := range o.pendSlots {
			s := o.slots[i]
			o.noSpill[i] = string(o.pend[s.off-o.pendFrom : s.off-o.pendFrom+int64(s.n)])
		}
	}
	o.pendFrom += int64(len(o.pend))
	o.pend, o.pendSlots = o.pend[:0], o.pendSlots[:0]
}

// drain reports the kept results whose turn came.
func (o *logOut) drain() {
	flushed := false
	for o.next < len(o.slots) && o.slots[o.next].kept {
		s := o.slots[o.next]
		rendered, ok := o.noSpill[o.next]
		if !ok && !flushed {
			o.flushSpill() // a result that could not be written moves to noSpill
			flushed = true
			rendered, ok = o.noSpill[o.next]
		}
		if !ok {
			o.unread = slices.Grow(o.unread[:0], int(s.n))[:s.n]
			if _, err := o.spill.ReadAt(o.unread, s.off); err != nil {
				// (The file went away after the result was written.) The
				// error is the report of that result: the buffer holds no
				// bytes of it to print.
				o.r.emit(&fileOutcome{readErr: fmt.Errorf("%s: a result kept in %s could not be read back: %w", o.source, o.spill.Name(), err)})
				o.slots[o.next] = spillSlot{}
				o.next++
				continue
			}
			rendered = string(o.unread)
		}
		delete(o.noSpill, o.next)
		// The report counts verdicts and findings; the result itself was
		// rendered already.
		o.r.add(&lint.Result{Source: o.source, Verdict: o.verdicts[s.verdict], Findings: make([]lint.Finding, s.findings)}, rendered)
		o.slots[o.next] = spillSlot{}
		o.next++
	}
}

// close removes the spill file.
func (o *logOut) close() {
	if o.spill != nil {
		_ = o.spill.Close()
		_ = os.Remove(o.spill.Name())
	}
}

type stopError struct{}

func (stopError) Error() string { return "stop" }

// errStop ends a first pass early.
var errStop error = stopError{}
