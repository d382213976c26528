package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/report"
	"github.com/presend/presend/rules"
)

// lintFlags are the lint command's flags; a zero string means "not given".
type lintFlags struct {
	config, channel, lang, format, failOn, color, stdinFormat, stdinName string
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
	files, err := input.Expand(fs.Args())
	if err != nil {
		fail(e, err)
		return exitError
	}
	linters := &linterCache{flags: f, byPath: map[string]built{}}
	ctx := context.Background()
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
		for _, m := range msgs {
			results = append(results, l.Check(ctx, m))
		}
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
