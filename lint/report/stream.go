package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/presend/presend/lint"
)

// Stream writes results one at a time, in order, as a long run produces
// them: the text and GitHub formats write each result as it is added and a
// summary line at Close; JSON and SARIF, which are one document, keep the
// results and write them at Close.
//
// Render is safe for concurrent use, so callers can render results in
// parallel (presend lint renders each file's results in the goroutine that
// linted it) and only Add them in order. Add and Close are not: call them from
// one goroutine.
type Stream struct {
	w      io.Writer
	format string
	opts   Options
	st     *styles // text only
	paths  paths   // github only

	results           []lint.Result // json and sarif
	n, findings       int
	pass, warn, block int
	err               error
	first             lint.Result // text: the first result, until a second comes
	firstRendered     string
	written           bool // text: a result was written
	prevBlock         bool // text: the last one written took several lines
}

// NewStream returns a Stream writing the given format to w (see [Write] for
// the formats and options). An unknown format or colour is an error.
func NewStream(w io.Writer, format string, opts Options) (*Stream, error) {
	if format == "" {
		format = "text"
	}
	switch opts.Color {
	case "", ColorAuto, ColorAlways, ColorNever:
	default:
		return nil, fmt.Errorf("unknown color %q (want auto, always or never)", opts.Color)
	}
	if opts.Getenv == nil {
		opts.Getenv = osGetenv
	}
	s := &Stream{w: w, format: format, opts: opts}
	switch format {
	case "text":
		s.st = newStyles(newRenderer(w, opts))
	case "github":
		s.paths = newPaths(opts.BaseDir)
	case "json", "sarif":
	default:
		return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	return s, nil
}

// Render returns what r takes in the output, for Add. It is "" for the
// formats written whole at Close. Safe for concurrent use.
func (s *Stream) Render(r *lint.Result) string {
	var b strings.Builder
	switch s.format {
	case "text":
		b.Grow(512 + 2*len(r.Preview))
		writeResult(&b, s.st, r, s.opts)
	case "github":
		writeGitHubResult(&b, r, s.paths)
	}
	return b.String()
}

// Add writes r, rendered by Render ("": Add renders it). After a write
// error, Add writes nothing more and Close returns that error.
func (s *Stream) Add(r *lint.Result, rendered string) error {
	if s.err != nil {
		return s.err
	}
	switch r.Verdict {
	case lint.VerdictPass:
		s.pass++
	case lint.VerdictWarn:
		s.warn++
	case lint.VerdictBlock:
		s.block++
	}
	s.findings += len(r.Findings)
	s.n++
	switch s.format {
	case "json", "sarif":
		s.results = append(s.results, *r)
		return nil
	}
	if rendered == "" {
		rendered = s.Render(r)
	}
	if s.format == "text" {
		// The first result waits for the second: a run of one message
		// shows it in full, card included.
		if s.n == 1 && !s.opts.Verbose {
			s.first, s.firstRendered = *r, rendered
			return nil
		}
		if s.n == 2 && !s.opts.Verbose {
			s.writeText(s.firstRendered)
		}
		s.writeText(rendered)
		return s.err
	}
	if s.err == nil {
		_, s.err = io.WriteString(s.w, rendered)
	}
	return s.err
}

// writeText writes one result of the text format: a result of several
// lines is set apart by blank lines; the one-line results of messages that
// pass follow each other; "" (--quiet: a message that passes) is nothing.
func (s *Stream) writeText(rendered string) {
	if s.err != nil || rendered == "" {
		return
	}
	block := strings.Count(rendered, "\n") > 1
	if s.written && (block || s.prevBlock) {
		_, s.err = io.WriteString(s.w, "\n")
	}
	s.written, s.prevBlock = true, block
	if s.err == nil {
		_, s.err = io.WriteString(s.w, rendered)
	}
}

// SetRules sets Options.Rules, for a run that knows its rules only once it
// has linted (each folder may have its own presend.toml). Call it before
// Close.
func (s *Stream) SetRules(rules []*lint.Rule) { s.opts.Rules = rules }

// Close writes the summary line, or the whole document of the JSON and
// SARIF formats, and returns the first write error.
func (s *Stream) Close() error {
	if s.err != nil {
		return s.err
	}
	switch s.format {
	case "json":
		s.err = writeJSON(s.w, s.results, s.opts)
	case "sarif":
		s.err = writeSARIF(s.w, s.results, s.opts)
	case "text":
		if s.n == 1 && !s.opts.Verbose && (!s.opts.Quiet || s.first.Verdict != lint.VerdictPass) {
			// A run of one message: in full, with its card.
			opts := s.opts
			opts.Verbose = true
			var b strings.Builder
			writeResult(&b, s.st, &s.first, opts)
			s.writeText(b.String())
			if s.err != nil {
				return s.err
			}
		}
		var b strings.Builder
		if s.written {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s: %d pass, %d warn, %d block\n", plural(s.n, "message", "messages"), s.pass, s.warn, s.block)
		_, s.err = io.WriteString(s.w, b.String())
	case "github":
		_, s.err = fmt.Fprintf(s.w, "presend: %s, %s: %d pass, %d warn, %d block\n",
			plural(s.n, "message", "messages"), plural(s.findings, "finding", "findings"), s.pass, s.warn, s.block)
	}
	return s.err
}
