package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/report"
	"github.com/presend/presend/rules"
)

// lintFlags are the lint command's flags; a zero string means "not given".
type lintFlags struct {
	config, channel, lang, format, failOn, color, stdinFormat, stdinName string
	history, now, lastUserMessage                                        string
	minScore                                                             int
	minScoreSet                                                          bool
}

func runLint(e *env, args []string) int {
	fs := newFlags(e, "lint", "lint [flags] [PATH|GLOB|-]...")
	var f lintFlags
	fs.StringVar(&f.config, "config", "", "presend.toml to use (default: the nearest one above each file)")
	fs.StringVar(&f.channel, "channel", "", "channel of messages that name none: messenger, sms, whatsapp, push, email-subject (default from config: messenger)")
	fs.StringVar(&f.lang, "lang", "", "language: auto, en or fr (default from config: auto)")
	fs.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.failOn, "fail-on", "", "lowest severity that blocks a message: info, warning, error or never (default from config: error)")
	fs.IntVar(&f.minScore, "min-score", 0, "block messages scoring under this, 0–100 (default from config: 0, off)")
	fs.StringVar(&f.color, "color", "auto", "colour: auto, always or never (auto: only on a terminal, never with NO_COLOR)")
	fs.StringVar(&f.stdinFormat, "stdin-format", "text", "what - reads: text (one message), jsonl (envelopes) or json (a Send API body)")
	fs.StringVar(&f.stdinName, "stdin-name", "-", "file name to show for standard input")
	fs.StringVar(&f.history, "history", "", "a send log (JSONL envelopes) of what was already sent: messages are checked against it")
	fs.StringVar(&f.now, "now", "", "send time of messages that have no sent_at (RFC 3339; default: the time of the run)")
	fs.StringVar(&f.lastUserMessage, "last-user-message", "", "when the person last wrote, for messages without last_user_message_at: RFC 3339, or a duration before the send time (30h)")
	if code, done := parse(e, fs, args); done {
		return code
	}
	f.minScoreSet = fs.Changed("min-score")
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "presend lint: no input: name files, folders, globs, or - for standard input")
		return exitError
	}
	if !slices.Contains(report.Formats(), f.format) {
		fmt.Fprintf(e.stderr, "presend lint: unknown format %q (want %s)\n", f.format, strings.Join(report.Formats(), ", "))
		return exitError
	}
	ctx := context.Background()
	ctxFlags, err := f.context()
	if err != nil {
		fmt.Fprintf(e.stderr, "presend lint: %v\n", err)
		return exitError
	}
	files, err := input.Expand(fs.Args())
	if err != nil {
		fail(e, err)
		return exitError
	}
	linters := &linterCache{flags: f, byPath: map[string]built{}}
	base, err := loadHistory(ctx, linters, f.history, ctxFlags)
	if err != nil {
		fail(e, err)
		return exitError
	}
	var results []lint.Result
	code := exitOK
	for _, file := range files {
		// A reader may return the good messages of a file along with the
		// errors of its bad ones: lint those, report these.
		msgs, dir, err := readInput(e, file, f)
		if err != nil {
			fail(e, err)
			code = exitError
		}
		if len(msgs) == 0 {
			continue
		}
		l, err := linters.get(dir)
		if err != nil {
			// A bad presend.toml is reported once; the files under it are
			// not linted, the files under other configurations still are.
			if !errors.Is(err, errReported) {
				fail(e, err)
			}
			code = exitError
			continue
		}
		// Each file is a send log of its own, checked against the prior
		// history: messages with a recipient are judged against what was
		// sent to that recipient before them.
		ctxFlags.apply(msgs)
		res, err := l.CheckLog(ctx, base.Clone(), msgs)
		if err != nil {
			fail(e, err)
			code = exitError
		}
		results = append(results, res...)
	}
	if err := report.Write(e.stdout, f.format, results, report.Options{Color: f.color, Getenv: e.getenv}); err != nil {
		fail(e, err)
		return exitError
	}
	if code != exitOK {
		return code
	}
	for _, r := range results {
		if r.Verdict == lint.VerdictBlock {
			return exitBlocked
		}
	}
	return exitOK
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
// could not.
type linterCache struct {
	flags  lintFlags
	byPath map[string]built
}

type built struct {
	l   *lint.Linter
	err error
}

func (c *linterCache) get(dir string) (*lint.Linter, error) {
	path := c.flags.config
	if path == "" {
		p, err := lint.FindConfig(dir)
		if err != nil {
			return nil, err
		}
		path = p
	}
	b, ok := c.byPath[path]
	if ok {
		if b.err != nil {
			return nil, errReported
		}
		return b.l, nil
	}
	b.l, b.err = c.build(path)
	c.byPath[path] = b
	return b.l, b.err
}

// errReported stands for a configuration error already reported.
var errReported = errors.New("configuration error already reported")

func (c *linterCache) build(path string) (*lint.Linter, error) {
	all := rules.All()
	cfg := lint.DefaultConfig()
	if path != "" {
		var err error
		if cfg, err = lint.LoadConfig(path, all); err != nil {
			return nil, err
		}
	}
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
	lastUser time.Time     // zero: not given, unless lastAgo is
	lastAgo  time.Duration // > 0: the person wrote this long before the send
}

func (f lintFlags) context() (sendContext, error) {
	var c sendContext
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return c, fmt.Errorf("--now %q: want an RFC 3339 time such as 2026-11-24T10:00:00Z", f.now)
		}
		c.now = t
	}
	if f.lastUserMessage != "" {
		if d, err := time.ParseDuration(f.lastUserMessage); err == nil && d > 0 {
			c.lastAgo = d
		} else if t, err := time.Parse(time.RFC3339, f.lastUserMessage); err == nil {
			c.lastUser = t
		} else {
			return c, fmt.Errorf("--last-user-message %q: want an RFC 3339 time (2026-11-23T09:00:00Z) or a duration before the send (30h)", f.lastUserMessage)
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
		if !m.LastUserMessageAt.IsZero() {
			continue
		}
		switch {
		case !c.lastUser.IsZero():
			m.LastUserMessageAt = c.lastUser
		case c.lastAgo > 0:
			at := m.SentAt
			if at.IsZero() {
				at = time.Now()
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
	l, err := linters.get(".")
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
