package main

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/input"
)

// streamBatch is how many messages of a streamed send log are read,
// checked, rendered and reported at a time.
const streamBatch = 4096

// The blocks a streamed JSONL file is read in: lintBlock bytes of lines,
// each parsed (and, in the second pass, checked and rendered) on a worker;
// at most blocksPerWorker blocks a worker are read and not yet reported at
// a time (inOrder's window), which bounds what the second pass holds:
// about 150 real SMS a block, 8 blocks on 2 cores. Both passes read the
// same blocks (scanBlock is lintBlock), so that the second can check each
// against the hash the first kept of it.
const (
	lintBlock       = 16 << 10
	scanBlock       = lintBlock
	blocksPerWorker = 4
)

// streamJSONL lints the run's one file, a JSONL file, a block of lines at
// a time, so that memory does not grow with the file; it returns false,
// having read the file but reported nothing, when the file must be linted
// whole as lintFile does: messages without recipients not in sent_at order
// (taken in that order by the rules that count across them), a file with
// no message or none selected, or a run that fixes, diffs or writes a
// baseline. The first pass keeps, besides a count, a hash of each block
// and the file's size; only a send log's
// lines are kept (where each is and when it was sent). The errors of bad lines and the note on messages not linted
// for their language are kept by the first pass (at most ten errors and a
// count) and reported before the results, as lintFile does; the second
// pass skips those lines. A send log (messages with a recipient) is checked by
// streamSendLog, in order or not. A first pass reads the file to tell; the
// output is the one of lintFile, byte for byte. Both passes parse on every
// core (--jobs; inOrder): one goroutine reads blocks of lines, workers parse
// (and check and render) them, and the calling goroutine takes the results
// in line order and writes them.
//
// A file whose size changed between the two passes is reported as an
// error naming it, with none of its results; one whose bytes differ from what the first pass read, as the
// second pass reads them, is reported as an error naming the file and line,
// after the results of the lines before it and with none of the rest.
func (r *lintRun) streamJSONL() bool {
	s := r.newJSONLStream()
	if s == nil {
		return false
	}
	n, lines, sendLog, ok := s.scan()
	pre := s.before()
	switch {
	case !ok:
		return false
	case n == 0:
		if pre.readErr == nil && pre.notes == nil {
			return false // no messages, or none selected: lintFile says which
		}
		r.emit(&pre)
		return true
	}
	if r.hooks.betweenPasses != nil {
		r.hooks.betweenPasses(s.file)
	}
	if sendLog {
		return s.streamSendLog(lines, pre)
	}
	st, err := os.Stat(s.file)
	if err = s.changed(st, err); err != nil {
		r.emit(&fileOutcome{readErr: err})
		return true
	}
	if pre.readErr != nil || pre.notes != nil {
		r.emit(&pre)
	}
	s.lint()
	return true
}

// newJSONLStream is the stream of the run's one file when it is a JSONL
// file that can be streamed; nil when not.
func (r *lintRun) newJSONLStream() *jsonlStream {
	f := r.f
	if len(r.files) != 1 || f.fix || f.diff || f.writeBaseline != "" {
		return nil
	}
	file := r.files[0]
	if file == "-" || input.FormatByExt(filepath.Ext(file)) != input.FormatJSONL {
		return nil
	}
	l, _, err := r.linters.get(filepath.Dir(file))
	if err != nil {
		return nil
	}
	s := &jsonlStream{r: r, l: l, file: file, now: r.linters.now(), workers: f.jobs, seed: maphash.MakeSeed()}
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	return s
}

// jsonlStream is one streamed JSONL file.
type jsonlStream struct {
	r       *lintRun
	l       *lint.Linter
	file    string
	now     time.Time
	workers int
	// What the first pass found that lintFile reports before the results:
	// the bad lines, and the messages not linted for their language.
	bad         input.BadLines
	badNos      []int32 // the bad lines' numbers, in order: the second pass skips them
	skipped     int
	skippedLang string
	// What the first pass read: the file (its size as the pass began) and a hash of each block, which
	// the second pass checks; a send log's lines each keep a hash too.
	seed maphash.Seed
	stat os.FileInfo
	sums []uint64
}

// reset forgets what a first pass found, for another.
func (s *jsonlStream) reset() {
	s.bad, s.badNos, s.skipped, s.skippedLang, s.stat, s.sums = input.BadLines{}, nil, 0, "", nil, nil
}

// changed is the error of a file that is no longer the one the first pass
// read, as os.Stat found it (st, err): its size changed, or it can no
// longer be opened or read (err, which names the file). nil when its size
// is the same: a file only touched (a new modification time) or replaced
// by another of the same bytes (an editor's save by rename) is linted, and
// the block and line hashes the second pass checks tell a change of its
// bytes.
func (s *jsonlStream) changed(st os.FileInfo, err error) error {
	if err != nil {
		return err
	}
	if s.stat != nil && st.Size() == s.stat.Size() {
		return nil
	}
	return &input.Error{File: s.file, Msg: "changed between presend's two readings of it (its size): not linted; lint it again once it is written"}
}

// lineChanged is the error of line no of the file when its bytes differ
// from what the first pass read.
func (s *jsonlStream) lineChanged(no int) error {
	return &input.Error{File: s.file, Line: no, Msg: "changed while being linted (not what presend first read there): this line and those after it are not linted; lint the file again once it is written"}
}

// blockChanged is the error of block b of the file when its bytes differ
// from what the first pass read.
func (s *jsonlStream) blockChanged(b input.JSONLBlock) error {
	last := b.No + bytes.Count(b.Data[:len(b.Data)-1], []byte{'\n'})
	return &input.Error{File: s.file, Line: b.No, Msg: fmt.Sprintf("changed while being linted (lines %d to %d are not what presend first read there): they and the lines after them are not linted; lint the file again once it is written", b.No, last)}
}

// before is what lintFile reports of the file before its results: the
// errors of its bad lines, and the note on the messages not linted for
// their language.
func (s *jsonlStream) before() fileOutcome {
	o := fileOutcome{readErr: s.bad.Err(s.file)}
	if s.skipped > 0 {
		o.notes = []string{skippedNote(s.file, s.skipped, s.skippedLang)}
	}
	return o
}

// skippedNote is the note on the n messages of file not linted for their
// language, the first's lang.
func skippedNote(file string, n int, lang string) string {
	return fmt.Sprintf("%s: %d messages in language %q not linted (presend lints en and fr; set lang in a [[files]] table of presend.toml if the language is wrong)",
		file, n, lang)
}

// blocks reads the stream's file in blocks of about size bytes, for
// inOrder, and hands each, with its index, to check first (in file order,
// on the reading goroutine): an error there ends the reading with it.
func (s *jsonlStream) blocks(size int, check func(i int, b input.JSONLBlock) error) func(yield func(input.JSONLBlock) bool) error {
	return func(yield func(input.JSONLBlock) bool) error {
		i := 0
		err := input.EachJSONLBlock(s.file, size, func(b input.JSONLBlock) error {
			if err := check(i, b); err != nil {
				return err
			}
			i++
			if !yield(b) {
				return errStop
			}
			return nil
		})
		if err == nil {
			err = check(i, input.JSONLBlock{}) // the end: no block
		}
		return err
	}
}

// sum is the hash of the bytes of a block or line.
func (s *jsonlStream) sum(data []byte) uint64 { return maphash.Bytes(s.seed, data) }

// scanned is what the first pass found in one block.
type scanned struct {
	lines       []logLine // the messages linted: where they are, when sent
	sorted      bool      // lines in send time order
	sendLog     bool      // a message with a recipient
	bad         input.BadLines
	badNos      []int32 // the bad lines' numbers
	skipped     int     // messages not linted for their language
	skippedLang string  // the first one's
}

// scan is the first pass: how many messages to lint, whether the file is a
// send log and then the messages' lines, and ok false when it could not be
// read or lines are out of send time order (and it is no send log). It
// keeps in s the bad lines' errors, the messages not linted for their
// language, the file's identity and a hash of each block. A file that is
// no send log costs a hash a block, whatever its length.
func (s *jsonlStream) scan() (n int, lines []logLine, sendLog, ok bool) {
	n, lines, sendLog, ok, again := s.scanOnce(false)
	if again {
		// A send log whose first recipient comes after lines whose place
		// was not kept: read it again, keeping every line.
		s.reset()
		n, lines, sendLog, ok, _ = s.scanOnce(true)
	}
	return n, lines, sendLog, ok
}

// scanOnce is one first pass: it keeps the lines from the first block with
// a recipient on, or all with keepAll; again when it stopped at a first
// recipient after lines it did not keep.
func (s *jsonlStream) scanOnce(keepAll bool) (n int, lines []logLine, sendLog, ok, again bool) {
	st, err := os.Stat(s.file)
	if err != nil {
		return 0, nil, false, false, false
	}
	s.stat = st
	record := func(i int, b input.JSONLBlock) error {
		if b.Data != nil {
			s.sums = append(s.sums, s.sum(b.Data))
		}
		return nil
	}
	sorted := true
	var last logLine // the last message's, when n > 0
	err = inOrder(s.workers, blocksPerWorker*s.workers, s.blocks(scanBlock, record), s.scanBlock, func(b scanned) bool {
		if b.sendLog && !sendLog && !keepAll && n > 0 {
			again = true
			return false
		}
		s.bad.Merge(b.bad)
		s.badNos = append(s.badNos, b.badNos...)
		if s.skipped == 0 {
			s.skippedLang = b.skippedLang
		}
		s.skipped += b.skipped
		if len(b.lines) > 0 {
			if n > 0 && b.lines[0].compare(last) < 0 {
				sorted = false
			}
			last = b.lines[len(b.lines)-1]
		}
		sorted = sorted && b.sorted
		sendLog = sendLog || b.sendLog
		if keepAll || sendLog {
			lines = append(lines, b.lines...)
		}
		n += len(b.lines)
		return true
	})
	if err != nil || again {
		return 0, nil, false, false, again
	}
	return n, lines, sendLog, sorted || sendLog, false
}

// scanBlock reads the messages of one block for scan.
func (s *jsonlStream) scanBlock(b input.JSONLBlock) scanned {
	out := scanned{sorted: true, lines: make([]logLine, 0, 1+bytes.Count(b.Data, []byte{'\n'}))}
	files := s.l.Config().Files
	one := make([]lint.Message, 1)
	_ = b.EachOrBad(s.file, func(m lint.Message, at input.Line) error {
		one[0] = m
		s.r.ctxFlags.apply(one)
		kept, skipped := input.SelectIn(s.r.linters.cwd, one, s.file, files)
		if len(skipped) > 0 {
			if out.skipped == 0 {
				out.skippedLang = skipped[0].Lang
			}
			out.skipped++
			return nil
		}
		if len(kept) == 0 {
			return nil // not selected by [[files]]: not linted
		}
		m = kept[0]
		sent := m.SentAt
		if sent.IsZero() {
			sent = s.now
		}
		ln := logLine{off: at.Off, n: int32(at.Len), no: int32(at.No), sec: sent.Unix(), nsec: int32(sent.Nanosecond())} //nolint:gosec // G115: input's size limit keeps lines under 2 GiB
		ln.sum = uint32(s.sum(b.Data[at.Off-b.Off:][:at.Len]))                                                           //nolint:gosec // G115: 32 bits of the hash, in logLine's padding
		if n := len(out.lines); n > 0 && ln.compare(out.lines[n-1]) < 0 {
			out.sorted = false
		}
		out.sendLog = out.sendLog || history.Key(m.Recipient, m.OneTimeNotifToken) != ""
		out.lines = append(out.lines, ln)
		return nil
	}, func(err error, at input.Line) error {
		out.bad.Add(err)                              // reported before the results; the second pass skips the line
		out.badNos = append(out.badNos, int32(at.No)) //nolint:gosec // G115: input's size limit keeps line numbers under 2^31
		return nil
	})
	return out
}

// linted is one block of the second pass, checked and rendered.
type linted struct {
	results  []lint.Result
	rendered []string
	// With a rule that counts across messages, checked on several
	// workers: each message's guess of the counts, to confirm in turn, and
	// the messages, to check again when a guess was wrong.
	guesses []*lint.Guess
	msgs    []lint.Message
	sups    []map[string]bool // per message, its configured suppressions → used (nil: none)
	err     error             // after the results: the file changed since the first pass
}

// lint is the second pass: each block parsed, selected, checked and
// rendered on a worker, and reported in file order.
func (s *jsonlStream) lint() {
	r := s.r
	tty := isTerminal(r.e.stdout)
	guess := !s.l.OrderFree() && s.workers > 1
	// Each block is checked against the first pass's hash of it before
	// any of its lines is linted.
	verify := func(i int, b input.JSONLBlock) error {
		switch {
		case b.Data == nil && i == len(s.sums):
			return nil // the end, where the first pass ended
		case b.Data == nil || i >= len(s.sums) || s.sum(b.Data) != s.sums[i]:
			if b.Data == nil {
				return &input.Error{File: s.file, Msg: "changed while being linted (shorter than at presend's first reading): lint it again once it is written"}
			}
			return s.blockChanged(b)
		}
		return nil
	}
	err := inOrder(s.workers, blocksPerWorker*s.workers, s.blocks(lintBlock, verify), func(b input.JSONLBlock) *linted {
		return s.lintBlock(b, guess)
	}, func(b *linted) bool {
		s.report(b)
		if tty {
			_ = r.stdout.Flush()
		}
		// A failed write (a full disk) stops the run: the writer keeps
		// the error, which the end of the run reports.
		if _, werr := r.stdout.Write(nil); werr != nil {
			return false
		}
		return b.err == nil
	})
	if err != nil {
		// The file could not be read again, or changed.
		r.emit(&fileOutcome{readErr: err})
	}
}

// lintBlock parses, selects, checks and renders the messages of b. With
// guess, a rule counts across messages: each is checked with a guess of
// the counts (lint.Tally.Guess), which report confirms in turn.
func (s *jsonlStream) lintBlock(b input.JSONLBlock, guess bool) *linted {
	r, l := s.r, s.l
	out := &linted{}
	msgs := make([]lint.Message, 0, 1+bytes.Count(b.Data, []byte{'\n'}))
	out.err = b.EachOrBad(s.file, func(m lint.Message, at input.Line) error {
		if history.Key(m.Recipient, m.OneTimeNotifToken) != "" || s.wasBad(at.No) {
			return &input.Error{File: s.file, Line: at.No, Msg: "changed while being linted"}
		}
		msgs = append(msgs, m)
		return nil
	}, func(err error, at input.Line) error {
		if s.wasBad(at.No) {
			return nil // the first pass has its error
		}
		return err // the line turned bad since the first pass
	})
	// The messages not linted for their language are left out, as the
	// first pass counted them.
	msgs, _ = input.SelectIn(r.linters.cwd, msgs, s.file, l.Config().Files)
	r.ctxFlags.apply(msgs)
	out.results = make([]lint.Result, len(msgs))
	if guess {
		t := l.Tally()
		out.guesses = make([]*lint.Guess, len(msgs))
		for i := range msgs {
			out.guesses[i] = t.Guess()
			out.results[i] = l.Check(lint.WithCounter(r.ctx, out.guesses[i]), msgs[i])
		}
		out.msgs = msgs
	} else {
		for i := range msgs {
			out.results[i] = l.Check(r.ctx, msgs[i])
		}
	}
	// The results are rendered into one buffer, made one string: one
	// allocation a block rather than one a result.
	ends := make([]int, len(msgs))
	buf := make([]byte, 0, min(8*len(b.Data), 8*lintBlock)) // JSON: 8 bytes of output a byte of real SMS; a block of one long line (its message too long to check) does not reserve 8 times it
	for i := range msgs {
		if sups := s.suppress(out.results, msgs, i); sups != nil {
			if out.sups == nil {
				out.sups = make([]map[string]bool, len(msgs))
			}
			out.sups[i] = sups
		}
		buf = r.out.AppendRender(buf, &out.results[i])
		ends[i] = len(buf)
	}
	all := string(buf)
	out.rendered = make([]string, len(msgs))
	start := 0
	for i, end := range ends {
		out.rendered[i], start = all[start:end], end
	}
	return out
}

// wasBad reports whether line no was bad in the first pass.
func (s *jsonlStream) wasBad(no int) bool {
	_, found := slices.BinarySearch(s.badNos, int32(no)) //nolint:gosec // G115: as in scanBlock
	return found
}

// suppress applies the suppressions of message i of msgs to its result,
// results[i], as fileOutcome.suppress does, and returns its configured
// suppressions (origin and rule) → used, nil when it has none.
func (s *jsonlStream) suppress(results []lint.Result, msgs []lint.Message, i int) map[string]bool {
	o := fileOutcome{results: results[i : i+1]}
	o.suppress(s.l, msgs[i:i+1])
	return o.sups
}

// report reports the results of one block, in turn: a guess of the counts
// that is not confirmed, and a result the baseline changes, are checked
// or rendered again here.
func (s *jsonlStream) report(b *linted) {
	r, l := s.r, s.l
	var sups map[string]bool
	for i := range b.results {
		again := false
		if b.guesses != nil && !l.Tally().Confirm(b.guesses[i]) {
			b.results[i] = l.Check(r.ctx, b.msgs[i]) // in its turn, counting
			again = true
			if b.sups != nil {
				b.sups[i] = nil
			}
			if m := s.suppress(b.results, b.msgs, i); m != nil {
				if b.sups == nil {
					b.sups = make([]map[string]bool, len(b.results))
				}
				b.sups[i] = m
			}
		}
		if r.base != nil && r.base.Filter(&b.results[i]) {
			l.Judge(&b.results[i])
			again = true
		}
		if again {
			b.rendered[i] = r.out.Render(&b.results[i])
		}
		if b.sups != nil {
			for k, used := range b.sups[i] {
				if sups == nil {
					sups = map[string]bool{}
				}
				sups[k] = sups[k] || used
			}
		}
	}
	r.emit(&fileOutcome{linter: l, results: b.results, rendered: b.rendered, sups: sups})
	if b.err != nil {
		r.emit(&fileOutcome{readErr: b.err})
	}
}

// logLine is what streamJSONL keeps of each message of a send log, in 32
// bytes: where its line is (input.Line), when it was sent (the time of
// the run when it does not say), in seconds and nanoseconds since 1970,
// and 32 bits of the hash of its bytes (in what would be padding), which
// its second reading checks.
type logLine struct {
	off   int64
	n, no int32
	sec   int64
	nsec  int32
	sum   uint32
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
//
// pre is what lintFile reports before the results (jsonlStream.before):
// reported with the first batch, before the store's error, as lintFile
// does.
//
// A file whose size changed since the first pass is reported as an
// error, with none of its results;
// a line whose bytes or send time differ from the first pass's, as an
// error naming it, after the results reported before it is read (a batch
// is read whole before any of it is checked).
func (s *jsonlStream) streamSendLog(lines []logLine, pre fileOutcome) bool {
	r, l, file, now := s.r, s.l, s.file, s.now
	if r.e.getenv("GOGC") == "" {
		// lint collects at GOGC 400 as it keeps little alive; a send log
		// keeps its history (the sends of the last 8 days), which the heap
		// would grow to five times.
		defer debug.SetGCPercent(debug.SetGCPercent(sendLogGCPercent))
	}
	src, err := os.Open(file) //nolint:gosec // G703: the user names the files to lint
	if err != nil {
		r.emit(&fileOutcome{readErr: s.changed(nil, err)})
		return true
	}
	defer func() { _ = src.Close() }()
	st, err := src.Stat()
	if err = s.changed(st, err); err != nil {
		r.emit(&fileOutcome{readErr: err})
		return true
	}
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
	size := streamBatch
	if r.hooks.sendLogBatch > 0 {
		size = r.hooks.sendLogBatch
	}
	msgs := make([]lint.Message, 0, min(len(order), size))
	for lo := 0; lo < len(order); lo += size {
		batch := order[lo:min(len(order), lo+size)]
		msgs = msgs[:0]
		for _, i := range batch {
			ln := lines[i]
			buf = slices.Grow(buf[:0], int(ln.n))[:ln.n]
			m, err := s.reread(src, ln, buf)
			if err != nil {
				// The file changed while it was linted.
				if pre.readErr != nil || pre.notes != nil {
					r.emit(&pre)
				}
				r.emit(&fileOutcome{readErr: err})
				return true
			}
			msgs = append(msgs, m)
		}
		o := fileOutcome{linter: l, results: make([]lint.Result, len(msgs)), readErr: pre.readErr, notes: pre.notes}
		pre = fileOutcome{}
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

// reread reads the message of line ln of the file again, from src into
// buf, as the first pass read it: the same bytes (their hash) and the same
// send time, else an error naming the line.
func (s *jsonlStream) reread(src io.ReaderAt, ln logLine, buf []byte) (lint.Message, error) {
	r, file := s.r, s.file
	changed := s.lineChanged(int(ln.no))
	if _, err := src.ReadAt(buf, ln.off); err != nil || uint32(s.sum(buf)) != ln.sum { //nolint:gosec // G115: as in scanBlock
		return lint.Message{}, changed
	}
	m, err := input.ParseJSONLLine(buf, file, int(ln.no))
	if err != nil {
		return lint.Message{}, err
	}
	one := []lint.Message{m}
	r.ctxFlags.apply(one)
	kept, _ := input.SelectIn(r.linters.cwd, one, file, s.l.Config().Files)
	if len(kept) != 1 {
		return lint.Message{}, changed
	}
	sent := kept[0].SentAt
	if sent.IsZero() {
		sent = s.now
	}
	if sent.Unix() != ln.sec || int32(sent.Nanosecond()) != ln.nsec { //nolint:gosec // G115: nanoseconds fit
		return lint.Message{}, changed // its place in sent_at order is not the one it was checked in
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
