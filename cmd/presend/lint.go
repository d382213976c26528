package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/presend/presend/internal/abspath"
	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/baseline"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/report"
	"github.com/presend/presend/rules"
)

// lintFlags are the lint command's flags; a zero string means "not given".
type lintFlags struct {
	config, channel, lang, format, failOn, color, stdinFormat, stdinName string
	history, now, lastUserMessage, lastUserReferral                      string
	recipientTZ, recipientRegion                                         string
	baseline, writeBaseline                                              string
	minScore, jobs                                                       int
	minScoreSet                                                          bool
	fix, unsafeFixes, diff                                               bool
	quiet, verbose                                                       bool
}

// lintGCPercent is presend lint's GOGC when the environment sets none.
const lintGCPercent = 400

func runLint(e *env, args []string) int { return runLintWith(e, args, lintHooks{}) }

// lintHooks are what a test injects into a lint run.
type lintHooks struct {
	// betweenPasses, when set, is called with the file between the two
	// passes over a streamed JSONL file (stream.go).
	betweenPasses func(file string)
	// sendLogBatch, when not 0, is how many messages of a streamed send
	// log are checked at a time (streamBatch).
	sendLogBatch int
}

// runLintWith is runLint with hooks.
func runLintWith(e *env, args []string, hooks lintHooks) int {
	f, paths, code, ok := parseLintFlags(e, args)
	if !ok {
		return code
	}
	r, ok := newLintRun(e, f, paths)
	if !ok {
		return exitError
	}
	r.hooks = hooks
	defer r.wait()
	if !r.collect(paths) {
		return exitError
	}
	if !r.lint() {
		return exitError
	}
	return r.finish()
}

// parseLintFlags parses and checks the command line: the flags, and the
// paths to lint. ok is false when the run stops there, with code.
func parseLintFlags(e *env, args []string) (f lintFlags, paths []string, code int, ok bool) {
	fs := newFlags(e, "lint", "lint [flags] [PATH|GLOB|-]...")
	f.addConfigFlags(fs, "presend.toml to use (default: the nearest one above each file)")
	fs.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.color, "color", "auto", "colour: auto, always or never (auto: only on a terminal, never with NO_COLOR)")
	fs.StringVar(&f.stdinFormat, "stdin-format", "text", "what - reads: text (one message), jsonl (envelopes) or json (a Send API body)")
	fs.StringVar(&f.stdinName, "stdin-name", "-", "file name to show for standard input")
	fs.StringVar(&f.history, "history", "", "a send log (JSONL envelopes) of what was already sent: messages are checked against it")
	fs.StringVar(&f.now, "now", "", "send time of messages that have no sent_at (RFC 3339; default: the time of the run)")
	fs.StringVar(&f.recipientTZ, "recipient-tz", "", "recipient's IANA time zone for messages without recipient_tz (Europe/Paris): quiet-hours judges the send in it")
	fs.StringVar(&f.recipientRegion, "recipient-region", "", "recipient's ISO 3166-2 region for messages without recipient_region (US-FL)")
	fs.StringVar(&f.lastUserMessage, "last-user-message", "", "when the person last wrote, for messages without last_user_message_at: RFC 3339, or a duration before the send time (30h)")
	fs.StringVar(&f.lastUserReferral, "last-user-message-referral", "", "the referral source of the person's last message, for messages without last_user_message_referral: ADS when it was their first message after a Click-to-Messenger or Click-to-Direct ad (a window of up to 7 days)")
	fs.StringVar(&f.baseline, "baseline", "", "a baseline file (--write-baseline): report and fail only on findings not recorded in it")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "record the current findings in this baseline file, report them, and exit 0")
	fs.IntVar(&f.jobs, "jobs", 0, "files linted at once, and cores one file's messages are checked on (default: twice the number of CPUs; 1: one message after another)")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "text output: show only the messages that warn or block, then the summary")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "text output: show every message in full, with its preview card (a run of one message always is)")
	fs.BoolVar(&f.fix, "fix", false, "apply the safe fixes in place (drafts and catalogs), then report what remains; with -, write the fixed text to standard output and the report to standard error")
	fs.BoolVar(&f.unsafeFixes, "unsafe-fixes", false, "with --fix or --diff, apply suggestions too: fixes that change the wording (spelling choices, deleted fillers, an added STOP line)")
	fs.BoolVar(&f.diff, "diff", false, "print a unified diff of what --fix would change and write nothing; the exit code is lint's on the fixed text")
	if code, done := parse(e, fs, args); done {
		return f, nil, code, false
	}
	f.minScoreSet = fs.Changed("min-score")
	if e.getenv("GOGC") == "" {
		// A run keeps little alive (each result is written and dropped),
		// so at the default GOGC the collector runs every few hundred files
		// and costs a sixth of the CPU. GOGC (and GOMEMLIMIT) still win.
		debug.SetGCPercent(lintGCPercent)
	}
	usage := func(format string, args ...any) (lintFlags, []string, int, bool) {
		fmt.Fprintf(e.stderr, "presend lint: "+format+"\n", args...)
		return f, nil, exitError, false
	}
	switch {
	case fs.NArg() == 0:
		return usage("no input: name files, folders, globs, or - for standard input")
	case !slices.Contains(report.Formats(), f.format):
		return usage("unknown format %q (want %s)", quote.V(f.format), strings.Join(report.Formats(), ", "))
	case f.baseline != "" && f.writeBaseline != "":
		return usage("--baseline and --write-baseline exclude each other: --write-baseline alone rewrites a baseline")
	case f.quiet && f.verbose:
		return usage("--quiet and --verbose exclude each other")
	case f.unsafeFixes && !f.fix && !f.diff:
		return usage("--unsafe-fixes goes with --fix or --diff")
	case f.jobs < 0:
		return usage("--jobs %d: want 1 or more (0: twice the number of CPUs)", f.jobs)
	}
	return f, fs.Args(), exitOK, true
}

// lintRun is one presend lint run, step by step: newLintRun loads the
// configuration, collect finds the inputs, lint lints and reports them,
// finish closes the report and gives the exit code.
type lintRun struct {
	e        *env
	f        lintFlags
	ctx      context.Context
	ctxFlags sendContext
	base     *baseline.Baseline // --baseline, nil without
	linters  *linterCache
	built    chan struct{} // closed when the first folder's Linter is built
	paths    []string      // the arguments
	files    []string      // the files they name
	hist     *history.Memory
	code     int // exitOK, or exitError once an error was reported

	// The report.
	stdout flushWriter
	held   *heldOut // --write-baseline: the report waits for the baseline
	out    *report.Stream

	results    []lint.Result   // kept only for --write-baseline
	linted     map[string]bool // files with results, as the baseline names them
	blocked    bool            // some message was blocked
	reported   map[string]bool // configuration errors already reported
	configured map[string]bool // suppressions of presend.toml (origin and rule) → used
	fixes      fixTally        // --fix and --diff
	hooks      lintHooks
}

// newLintRun loads what the run is configured with: the send context of
// the flags, the baseline, and the Linter of the first folder (built while
// the inputs are collected). false: an error was reported.
func newLintRun(e *env, f lintFlags, paths []string) (*lintRun, bool) {
	r := &lintRun{e: e, f: f, paths: paths, ctx: context.Background(), built: make(chan struct{}),
		linted: map[string]bool{}, reported: map[string]bool{}, configured: map[string]bool{}}
	var err error
	r.ctxFlags, err = f.context()
	if err != nil {
		fmt.Fprintf(e.stderr, "presend lint: %v\n", err)
		return nil, false
	}
	r.ctxFlags.clock = e.now
	r.linters = &linterCache{flags: f, now: e.now, byPath: map[string]*built{}, configOf: map[string]string{}, used: map[string]bool{}}
	r.linters.cwd, _ = os.Getwd()
	if f.baseline == "" && f.writeBaseline == "" {
		f.baseline = r.linters.configBaseline() // baseline in presend.toml; the flag wins (walk.go)
		r.f.baseline = f.baseline
	}
	if f.baseline != "" {
		if r.base, err = baseline.Load(f.baseline); err != nil {
			fail(e, err)
			return nil, false
		}
	}
	// Many files will likely need both dictionaries: they are read at
	// once, in parallel, rather than when a file first needs each (see
	// lint.Linter.Warm). One draft reads only its own language's. A
	// folder or several arguments are many files; a glob is known after
	// the walk.
	dir, folder, ok := firstDir(paths)
	r.linters.warming = folder || len(paths) > 1
	// Building a linter (word lists stemmed) takes a few milliseconds, as
	// does walking a large folder: do both at once.
	go func() {
		defer close(r.built)
		if ok {
			r.linters.prebuild(dir)
		}
	}()
	return r, true
}

// wait waits for the Linter built ahead of the files.
func (r *lintRun) wait() { <-r.built }

// collect expands the paths into the files to lint, and loads the
// --history send log. A folder that could not be read is reported and the
// run goes on (to end with exit 2); false: the run stops.
func (r *lintRun) collect(paths []string) bool {
	e, f := r.e, r.f
	// Walks and globs leave out presend's own files and what presend.toml
	// excludes (walk.go); a file named as an argument is linted all the same.
	files, unread, err := input.Expander{ReadDir: e.readDir, Exclude: r.linters.excluder(f.baseline, f.writeBaseline, f.history)}.Expand(paths)
	if err != nil {
		fail(e, err)
		return false
	}
	for _, err := range unread {
		fail(e, err)
		r.code = exitError
	}
	if len(files) > 1 {
		r.linters.warmAll()
	}
	r.files = files
	r.hist, err = loadHistory(r.ctx, r.linters, f.history, r.ctxFlags)
	if err != nil {
		fail(e, err)
		return false
	}
	return true
}

// lint lints the files and writes their results. Files are read, linted
// and rendered in parallel; their results and errors are written in the
// order of the files, as a sequential run would, each as soon as it and
// the files before it are done. false: the report could not be opened.
func (r *lintRun) lint() bool {
	e, f := r.e, r.f
	reportTo := e.stdout
	switch {
	case f.diff:
		reportTo = io.Discard // the diff is the output
	case f.fix && slices.Contains(r.paths, "-"):
		reportTo = e.stderr // standard output takes the fixed text
	}
	r.stdout = newBufferedOut(reportTo)
	if f.writeBaseline != "" {
		// The report waits for the baseline: a reader that stops early
		// (| head, less) must not cost the baseline file.
		r.held = newHeldOut(reportTo)
		r.stdout = r.held
	}
	tty := isTerminal(reportTo) // a person is reading: each file's results at once
	var err error
	r.out, err = report.NewStream(r.stdout, f.format, report.Options{Color: f.color, Getenv: e.getenv, Version: versionString(), BaseDir: ".", Quiet: f.quiet, Verbose: f.verbose})
	if err != nil {
		fail(e, err)
		return false
	}
	if f.format == "sarif" {
		// SARIF's rule table comes before its results.
		r.out.SetRules(r.linters.rulesFor(r.files))
	}
	if r.streamJSONL() { // one big JSONL file, a batch at a time
		return true
	}
	lintFiles(e, r.files, f.jobs, func(file string) fileOutcome {
		var o fileOutcome
		if f.fix || f.diff {
			o = fixFile(r.ctx, e, file, f, r.ctxFlags, r.linters, r.hist)
		} else {
			o = lintFile(r.ctx, e, file, f, r.ctxFlags, r.linters, r.hist)
		}
		for i := range o.results {
			if r.base != nil && r.base.Filter(&o.results[i]) {
				o.linter.Judge(&o.results[i])
			}
		}
		o.rendered = renderAll(r.out, o.results, f.jobs) // a big JSONL file on every core
		return o
	}, func(o *fileOutcome) {
		r.emit(o)
		if tty {
			_ = r.stdout.Flush()
		}
	})
	return true
}

// emit reports one file's outcome, in the order of the files.
func (r *lintRun) emit(o *fileOutcome) {
	e := r.e
	// A reader may return the good messages of a file along with the
	// errors of its bad ones: lint those, report these. What is on
	// standard output goes first, so the two stay in order in a terminal.
	if o.readErr != nil || o.cfgErr != nil || o.checkErr != nil || len(o.notes) > 0 {
		_ = r.stdout.Flush() // a write error is kept and reported by out.Close
	}
	if o.readErr != nil {
		fail(e, o.readErr)
		r.code = exitError
	}
	if o.cfgErr != nil {
		// A bad presend.toml is reported once; the files under it are
		// not linted, the files under other configurations still are.
		if o.cfgPath == "" || !r.reported[o.cfgPath] {
			fail(e, o.cfgErr)
			r.reported[o.cfgPath] = true
		}
		r.code = exitError
	}
	if o.checkErr != nil {
		fail(e, o.checkErr)
		r.code = exitError
	}
	for _, n := range o.notes {
		fmt.Fprintf(e.stderr, "presend: note: %s\n", n)
	}
	if o.fix != nil && r.fixes.add(e, o, r.f) {
		r.code = exitError
	}
	for k, used := range o.sups {
		r.configured[k] = r.configured[k] || used
	}
	for i := range o.results {
		r.add(&o.results[i], o.rendered[i])
	}
	if r.f.writeBaseline != "" {
		r.results = append(r.results, o.results...)
	}
}

// add reports one result, rendered.
func (r *lintRun) add(res *lint.Result, rendered string) {
	_ = r.out.Add(res, rendered) // a write error is kept and reported by out.Close
	r.blocked = r.blocked || res.Verdict == lint.VerdictBlock
	if r.base != nil {
		r.linted[r.base.Rel(res.Source)] = true
	}
}

// finish closes the report (writing the baseline first, with
// --write-baseline), says what the run noticed, and returns the exit code.
func (r *lintRun) finish() int {
	e, f := r.e, r.f
	var err error
	if r.code != exitError || r.out.Len() > 0 || (f.format != "text" && f.format != "github") {
		// When every input failed, the errors on standard error are the
		// report: a tally of no messages would only hide them. JSON and
		// SARIF still write their (empty) document.
		err = r.out.Close()
	}
	if r.held != nil && err == nil {
		if r.code == exitError {
			// A baseline written from a run where some input failed would
			// drop that input's entries: the old file stays as it was.
			fmt.Fprintf(e.stderr, "presend: %s not written: some inputs could not be checked (above)\n", f.writeBaseline)
		} else if err := baseline.Write(f.writeBaseline, r.results); err != nil {
			fail(e, err) // and no report, which would describe a baseline not written
			return exitError
		}
		_, err = r.held.WriteTo(e.stdout)
	}
	if err == nil {
		err = r.stdout.Flush()
	}
	if err != nil {
		fail(e, err)
		return exitError
	}
	if r.base != nil {
		if n := r.base.Fixed(r.linted); n == 1 {
			fmt.Fprintf(e.stderr, "presend: 1 finding recorded in %s is fixed: run --write-baseline to drop it\n", f.baseline)
		} else if n > 1 {
			fmt.Fprintf(e.stderr, "presend: %d findings recorded in %s are fixed: run --write-baseline to drop them\n", n, f.baseline)
		}
	}
	for _, n := range r.linters.notices() {
		fmt.Fprintf(e.stderr, "presend: note: %s\n", n)
	}
	reportConfiguredSuppressions(e, r.configured)
	if f.fix && !f.diff && r.fixes.applied > 0 {
		fmt.Fprintf(e.stderr, "presend: applied %s in %s\n", count(r.fixes.applied, "fix", "fixes"), count(r.fixes.files, "file", "files"))
	}
	return r.exitCode()
}

// exitCode is the run's exit code once everything is reported.
func (r *lintRun) exitCode() int {
	switch {
	case r.code != exitOK || r.f.writeBaseline != "":
		return r.code
	case r.blocked:
		return exitBlocked
	}
	return exitOK
}

type flushWriter interface {
	io.Writer
	Flush() error
}

// bufferedOut buffers the standard output of a run, which writes every
// result as it comes, and still shows the report whether it writes to a
// terminal (for colour): its Fd is the underlying file's.
type bufferedOut struct {
	*bufio.Writer
	fd func() uintptr
}

func newBufferedOut(w io.Writer) flushWriter {
	b := bufio.NewWriterSize(w, 64<<10)
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		return bufferedOut{b, f.Fd}
	}
	return b
}

func (b bufferedOut) Fd() uintptr { return b.fd() }

// heldOut keeps a report in memory until it may be written, with the Fd of
// the standard output it will go to (or none).
type heldOut struct {
	bytes.Buffer
	fd func() uintptr
}

func newHeldOut(w io.Writer) *heldOut {
	h := &heldOut{}
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		h.fd = f.Fd
	}
	return h
}

func (h *heldOut) Flush() error { return nil }

// Fd is the standard output's, or an invalid descriptor (no terminal).
func (h *heldOut) Fd() uintptr {
	if h.fd == nil {
		return ^uintptr(0)
	}
	return h.fd()
}

// fileOutcome is what linting one file gave: its results, and the errors to
// report for it, in this order.
type fileOutcome struct {
	readErr  error
	cfgErr   error
	cfgPath  string // the configuration file cfgErr is about ("" for none)
	checkErr error
	results  []lint.Result
	linter   *lint.Linter
	rendered []string        // each result as the output format writes it
	notes    []string        // said on stderr: messages not linted and why
	sups     map[string]bool // configured suppression (origin and rule) → used in this file
	fix      *fixed          // --fix and --diff: what was (or would be) changed
}

// lintFile reads one expanded argument, lints its messages as a send log
// against a clone of the prior history, and applies their suppressions.
// It is safe to call from several goroutines.
func lintFile(ctx context.Context, e *env, file string, f lintFlags, c sendContext, linters *linterCache, hist *history.Memory) fileOutcome {
	var o fileOutcome
	msgs, dir, err := readInput(e, file, f)
	o.readErr = err
	if len(msgs) == 0 {
		if err == nil {
			// An empty catalog ({}, a YAML file of comments) is linted
			// as empty: nothing to report but that.
			name := file
			if file == "-" {
				name = f.stdinName
			}
			o.notes = append(o.notes, name+": no messages")
		}
		return o
	}
	if !o.useLinter(linters, dir) {
		return o
	}
	o.check(ctx, o.linter, linters.cwd, file, msgs, c, hist, f.jobs)
	return o
}

// useLinter sets o's linter to the one of the presend.toml that governs
// dir, or, when that configuration is bad, o's cfgErr and cfgPath; it
// reports whether o has a linter.
func (o *fileOutcome) useLinter(linters *linterCache, dir string) bool {
	l, path, err := linters.get(dir)
	if err != nil {
		o.cfgErr, o.cfgPath = err, path
		return false
	}
	o.linter = l
	return true
}

// check lints the messages read from file as a send log against a clone of
// the prior history, applies their suppressions, and sets o's results,
// notes and suppressions (those of an earlier check are replaced). It
// returns, for each result, the index in msgs of its message.
func (o *fileOutcome) check(ctx context.Context, l *lint.Linter, cwd, file string, msgs []lint.Message, c sendContext, hist *history.Memory, jobs int) []int {
	o.results, o.checkErr, o.notes, o.sups = nil, nil, nil, nil
	all := msgs
	msgs, skipped := input.SelectIn(cwd, msgs, file, l.Config().Files) // [[files]] rules and catalog languages
	if len(skipped) > 0 {
		name := file
		if file == "-" {
			name = skipped[0].Source // --stdin-name
		}
		o.notes = append(o.notes, skippedNote(name, len(skipped), skipped[0].Lang))
	}
	// The kept messages are a subsequence of those read.
	index := make([]int, 0, len(msgs))
	for j, k := 0, 0; k < len(msgs) && j < len(all); j++ {
		if all[j].ID == msgs[k].ID && all[j].Text == msgs[k].Text {
			index = append(index, j)
			k++
		}
	}
	// Each file is a send log of its own, checked against the prior
	// history: messages with a recipient are judged against what was
	// sent to that recipient before them.
	c.apply(msgs)
	// Only messages with a recipient have a history: a folder of drafts
	// needs no copy of the store (32 shards of maps per file).
	var st history.Store
	if slices.ContainsFunc(msgs, func(m lint.Message) bool { return history.Key(m.Recipient, m.OneTimeNotifToken) != "" }) {
		st = hist.Clone()
	}
	o.results, o.checkErr = checkLog(ctx, l, st, msgs, jobs) // without recipients, on every core
	o.suppress(l, msgs)
	return index[:min(len(index), len(o.results))]
}

// suppress applies to o's results the suppressions of their messages,
// msgs, and sets o's suppressions.
func (o *fileOutcome) suppress(l *lint.Linter, msgs []lint.Message) {
	for i := range o.results {
		// Comments in a draft are judged per message; suppressions from
		// presend.toml over the whole run (see reportConfiguredSuppressions).
		configured, used := l.SuppressMessage(&o.results[i], msgs[i].Suppress)
		for k, s := range configured {
			if o.sups == nil {
				o.sups = map[string]bool{}
			}
			names := s.Rules
			if len(names) == 0 {
				names = []string{""}
			}
			for _, name := range names {
				key := s.Origin + "\x00" + name
				o.sups[key] = o.sups[key] || used[k][name]
			}
		}
	}
}

// readInput reads one expanded argument and returns its messages and the
// folder to look for a presend.toml from.
func readInput(e *env, file string, f lintFlags) ([]lint.Message, string, error) {
	if file == "-" {
		msgs, err := input.Read(e.stdin, f.stdinName, f.stdinFormat)
		return msgs, ".", err
	}
	msgs, err := input.ReadFile(file)
	return msgs, filepath.Dir(file), err
}

// linterCache builds one Linter per configuration file, or remembers why it
// could not. It is safe for concurrent use.
type linterCache struct {
	flags    lintFlags
	mu       sync.Mutex
	byPath   map[string]*built
	configOf map[string]string // folder → its presend.toml ("" for none)
	used     map[string]bool   // configuration paths some file was linted with
	cwd      string            // the working folder, for [[files]] paths
	warming  bool              // Warm every Linter built (a run of many files)
	now      func() time.Time  // the run's clock, for messages without sent_at
}

type built struct {
	l   *lint.Linter
	err error
}

// get returns the Linter for files in dir, and the configuration file it
// comes from; an error is the same for every file under that configuration.
func (c *linterCache) get(dir string) (*lint.Linter, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(dir, true)
}

// prebuild builds the Linter for files in dir ahead of them, without
// counting it as used: if no file asks for it, its rules and notices are not
// shown.
func (c *linterCache) prebuild(dir string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _, _ = c.lookup(dir, false) // a file that asks gets the error
}

func (c *linterCache) lookup(dir string, use bool) (*lint.Linter, string, error) {
	path := c.flags.config
	if path == "" {
		p, ok := c.configOf[dir]
		if !ok {
			var err error
			if p, err = lint.FindConfig(dir); err != nil {
				return nil, "", err
			}
			c.configOf[dir] = p
		}
		path = p
	}
	b, ok := c.byPath[path]
	if !ok {
		b = &built{}
		b.l, b.err = c.build(path)
		c.byPath[path] = b
		if c.warming && b.l != nil {
			b.l.Warm()
		}
	}
	if use {
		c.used[path] = true
	}
	return b.l, path, b.err
}

// warmAll makes every Linter built so far and from now on start its
// background work at once (see lint.Linter.Warm): for a run of many files,
// where both dictionaries will be needed.
func (c *linterCache) warmAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warming {
		return // each Linter was warmed when built
	}
	c.warming = true
	for _, b := range c.byPath {
		if b.l != nil {
			b.l.Warm()
		}
	}
}

// usedLinters returns the Linters some file was linted with, by
// configuration path: the same whatever order the files ran in.
func (c *linterCache) usedLinters() []*lint.Linter {
	var out []*lint.Linter
	for _, p := range slices.Sorted(maps.Keys(c.used)) {
		if b := c.byPath[p]; b.l != nil {
			out = append(out, b.l)
		}
	}
	return out
}

// firstDir returns the folder the first argument's files take their
// configuration from, when it is plain: a folder (folder is true), or a
// file's folder.
func firstDir(args []string) (dir string, folder, ok bool) {
	if len(args) == 0 || args[0] == "-" {
		return "", false, false
	}
	info, err := os.Stat(args[0]) //nolint:gosec // G703: the user names the files to lint
	if err != nil {
		return "", false, false // a glob, or an error Expand reports
	}
	if info.IsDir() {
		return args[0], true, true
	}
	return filepath.Dir(args[0]), false, true
}

// notices returns what the linters said about the environment (a missing
// dictionary), each once, sorted: the same whatever order files ran in.
func (c *linterCache) notices() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, l := range c.usedLinters() {
		for _, n := range l.Notices() {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// rulesFor returns the rules that linting files may report: the built-in
// ones, then those their configurations add, by configuration path. It
// builds those Linters without counting them as used.
func (c *linterCache) rulesFor(files []string) []*lint.Rule {
	dirs := map[string]bool{}
	for _, file := range files {
		if file == "-" {
			dirs["."] = true
		} else {
			dirs[filepath.Dir(file)] = true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := rules.All()
	seen := map[string]bool{}
	for _, r := range out {
		seen[r.Name] = true
	}
	byPath := map[string]*lint.Linter{}
	for dir := range dirs {
		if l, path, _ := c.lookup(dir, false); l != nil { // a file under a bad configuration reports it
			byPath[path] = l
		}
	}
	for _, p := range slices.Sorted(maps.Keys(byPath)) {
		for _, r := range byPath[p].Rules() {
			if !seen[r.Name] {
				seen[r.Name] = true
				out = append(out, r)
			}
		}
	}
	return out
}

func (c *linterCache) build(path string) (*lint.Linter, error) {
	all := rules.All()
	cfg := lint.DefaultConfig()
	if path != "" {
		var err error
		if cfg, err = lint.LoadConfig(path, all); err != nil {
			return nil, err
		}
	}
	cfg.Clock = c.now
	if err := c.flags.apply(&cfg); err != nil {
		return nil, err
	}
	return lint.New(cfg, all)
}

// apply lays command-line flags over a configuration.
func (f lintFlags) apply(cfg *lint.Config) error {
	if f.channel != "" {
		cfg.Channel = f.channel
	}
	if f.lang != "" {
		cfg.Lang = f.lang
	}
	if f.failOn != "" {
		sev, err := lint.ParseFailOn(f.failOn)
		if err != nil {
			return fmt.Errorf("--fail-on: %w", err)
		}
		cfg.FailOn = sev
	}
	if f.minScoreSet {
		cfg.MinScore = f.minScore
	}
	return nil
}

// sendContext is what --now and --last-user-message say of messages that do
// not say it themselves.
type sendContext struct {
	now      time.Time     // zero: not given
	tz       string        // --recipient-tz, "" when not given
	region   string        // --recipient-region, "" when not given
	lastUser time.Time     // zero: not given, unless lastAgo is
	lastAgo  time.Duration // > 0: the person wrote this long before the send
	referral string        // "": not given
	clock    func() time.Time
}

func (f lintFlags) context() (sendContext, error) {
	c := sendContext{referral: f.lastUserReferral}
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return c, fmt.Errorf("--now %q: want an RFC 3339 time such as 2026-11-24T10:00:00Z", quote.V(f.now))
		}
		c.now = t
	}
	if f.recipientTZ != "" {
		if err := lint.ValidateRecipientTZ(f.recipientTZ); err != nil {
			return c, fmt.Errorf("--recipient-tz: %w", err)
		}
		c.tz = f.recipientTZ
	}
	if f.recipientRegion != "" {
		if err := lint.ValidateRecipientRegion(f.recipientRegion); err != nil {
			return c, fmt.Errorf("--recipient-region: %w", err)
		}
		c.region = f.recipientRegion
	}
	if f.lastUserMessage != "" {
		if d, err := time.ParseDuration(f.lastUserMessage); err == nil && d > 0 {
			c.lastAgo = d
		} else if t, err := time.Parse(time.RFC3339, f.lastUserMessage); err == nil {
			c.lastUser = t
		} else {
			return c, fmt.Errorf("--last-user-message %q: want an RFC 3339 time (2026-11-23T09:00:00Z) or a duration before the send (30h)", quote.V(f.lastUserMessage))
		}
	}
	return c, nil
}

// apply fills in the send time and the person's last message where the
// messages do not give them.
func (c sendContext) apply(msgs []lint.Message) {
	for i := range msgs {
		m := &msgs[i]
		if m.SentAt.IsZero() && !c.now.IsZero() {
			m.SentAt = c.now
		}
		if m.LastUserMessageReferral == "" {
			m.LastUserMessageReferral = c.referral
		}
		if m.RecipientTZ == "" {
			m.RecipientTZ = c.tz
		}
		if m.RecipientRegion == "" {
			m.RecipientRegion = c.region
		}
		if !m.LastUserMessageAt.IsZero() {
			continue
		}
		switch {
		case !c.lastUser.IsZero():
			m.LastUserMessageAt = c.lastUser
		case c.lastAgo > 0:
			at := m.SentAt
			if at.IsZero() {
				at = c.clock()
			}
			m.LastUserMessageAt = at.Add(-c.lastAgo)
		}
	}
}

// loadHistory reads the --history send log into a memory store, checked in
// sent_at order with the configuration of the current folder. Without
// --history the store is empty.
func loadHistory(ctx context.Context, linters *linterCache, path string, c sendContext) (*history.Memory, error) {
	st := history.NewMemory(history.Limits{})
	if path == "" {
		return st, nil
	}
	msgs, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	l, _, err := linters.get(".")
	if err != nil {
		return nil, err
	}
	c.lastUser, c.lastAgo = time.Time{}, 0 // the flag is about the new messages
	c.apply(msgs)
	if _, err := l.CheckLog(ctx, st, msgs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// reportConfiguredSuppressions says, once each, which suppressions of
// presend.toml silenced nothing in any message they matched.
func reportConfiguredSuppressions(e *env, configured map[string]bool) {
	var unused []string
	for k, used := range configured {
		if !used {
			unused = append(unused, k)
		}
	}
	slices.Sort(unused)
	for _, k := range unused {
		origin, rule, _ := strings.Cut(k, "\x00")
		if rule == "" {
			rule = "every rule"
		}
		fmt.Fprintf(e.stderr, "presend: note: %s suppresses %s, which reported nothing in the messages it matches\n", origin, rule)
	}
}

// sameFile reports whether path a names the file b ("" never matches).
func sameFile(cwd, a, b string) bool {
	if a == "-" || b == "" {
		return false
	}
	return abspath.From(cwd, a) == abspath.From(cwd, b)
}
