package lsp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/fix"
	"github.com/presend/presend/lint/input"
)

// document is an open text document.
type document struct {
	uri  protocol.DocumentURI
	path string

	lintMu sync.Mutex // one lint of the document at a time; guards published

	mu      sync.Mutex // guards the fields below
	text    string
	version int32
	gen     uint64 // bumped by every change of text or configuration
	timer   *time.Timer
	last    *checked // the latest lint, for gen last.gen

	published uint64 // the gen whose diagnostics the client has (0: none)
}

// checked is the outcome of linting one version of a document.
type checked struct {
	gen     uint64
	version int32
	text    string
	lines   *lines
	format  string // input format, "" when the file is not linted
	linter  *lint.Linter
	cfgPath string // the presend.toml used, "" for the defaults
	msgs    []lint.Message
	results []lint.Result // results[i] is msgs[i]'s
	diags   []protocol.Diagnostic
	// at[k] says which finding diags[k] shows: result index and finding
	// index, or -1, -1 for a problem with the file (input, configuration).
	at   [][2]int
	path string // the file's path, for the fix mapper

	mapOnce sync.Once
	mapper  *fix.Mapper // nil when the file cannot be fixed
}

func (s *server) didOpen(ctx context.Context, p protocol.DidOpenTextDocumentParams) {
	// A document that is not a file (an unsaved buffer) has no path: it
	// is not linted, having no format and no presend.toml.
	path, _ := pathOf(string(p.TextDocument.URI))
	d := &document{uri: p.TextDocument.URI, path: path,
		text: p.TextDocument.Text, version: p.TextDocument.Version, gen: 1}
	s.mu.Lock()
	if old := s.docs[d.uri]; old != nil {
		old.mu.Lock()
		if old.timer != nil {
			old.timer.Stop()
		}
		old.mu.Unlock()
	}
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.lintAndPublish(ctx, d)
}

func (s *server) doc(u protocol.DocumentURI) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[u]
}

// changeParams is didChange's parameters with each change's range as a
// pointer: go.lsp.dev/protocol's value cannot tell a whole-text change (no
// range) from an insertion at the start.
type changeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range,omitempty"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

// didChange applies the changes (incremental synchronisation, ranges in the
// negotiated encoding; a change without a range replaces the text) and
// lints the text once the document has been left alone for the debounce
// delay.
func (s *server) didChange(p changeParams) {
	d := s.doc(p.TextDocument.URI)
	if d == nil || len(p.ContentChanges) == 0 {
		return
	}
	s.mu.Lock()
	delay, enc := s.debounce, s.enc
	s.mu.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, ch := range p.ContentChanges {
		if ch.Range == nil {
			d.text = ch.Text
			continue
		}
		l := newLines(d.text, enc)
		start, end := l.offset(ch.Range.Start), l.offset(ch.Range.End)
		end = max(start, end)
		d.text = d.text[:start] + ch.Text + d.text[end:]
	}
	d.version = p.TextDocument.Version
	d.gen++
	if d.timer != nil {
		d.timer.Stop()
	}
	gen := d.gen
	d.timer = time.AfterFunc(delay, func() {
		d.mu.Lock()
		current := d.gen == gen
		d.mu.Unlock()
		if current {
			s.lintAndPublish(context.Background(), d)
		}
	})
}

func (s *server) didSave(ctx context.Context, p protocol.DidSaveTextDocumentParams) {
	if path, ok := pathOf(string(p.TextDocument.URI)); ok && isProjectFile(path) {
		s.reload(ctx)
		return
	}
	if d := s.doc(p.TextDocument.URI); d != nil {
		d.mu.Lock()
		if d.timer != nil {
			d.timer.Stop() // the save lints now
		}
		d.mu.Unlock()
		s.lintAndPublish(ctx, d)
	}
}

func (s *server) didClose(ctx context.Context, p protocol.DidCloseTextDocumentParams) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	if d == nil {
		return
	}
	d.mu.Lock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
	// The problems of a closed file are no longer shown.
	_ = s.conn.Notify(ctx, "textDocument/publishDiagnostics",
		protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
}

// lintAndPublish lints the document's current text, if it has not been,
// and sends its diagnostics unless the client has them already.
func (s *server) lintAndPublish(ctx context.Context, d *document) {
	d.lintMu.Lock()
	defer d.lintMu.Unlock()
	c := s.checkLocked(ctx, d)
	d.mu.Lock()
	current := c.gen == d.gen
	d.mu.Unlock()
	if !current || d.published == c.gen {
		return // a newer text will publish; or nothing new
	}
	d.published = c.gen
	params := protocol.PublishDiagnosticsParams{URI: d.uri, Diagnostics: c.diags}
	if c.version > 0 {
		params.Version = uint32(c.version)
	}
	_ = s.conn.Notify(ctx, "textDocument/publishDiagnostics", params)
}

// check returns the lint of the document's current text, linting it now
// if needed (a hover or code action right after a change).
func (s *server) check(ctx context.Context, d *document) *checked {
	d.lintMu.Lock()
	defer d.lintMu.Unlock()
	return s.checkLocked(ctx, d)
}

func (s *server) checkLocked(ctx context.Context, d *document) *checked {
	d.mu.Lock()
	if d.last != nil && d.last.gen == d.gen {
		c := d.last
		d.mu.Unlock()
		return c
	}
	text, gen, version := d.text, d.gen, d.version
	d.mu.Unlock()
	c := s.lintText(ctx, d.path, text)
	c.gen, c.version = gen, version
	d.mu.Lock()
	if d.gen == gen {
		d.last = c
	}
	d.mu.Unlock()
	return c
}

// formatOf returns the input format of a file name, "" for a file presend
// does not read (presend.toml included).
func formatOf(path string) string {
	if filepath.Base(path) == lint.ConfigFile {
		return ""
	}
	return input.FormatByExt(filepath.Ext(path))
}

// read parses a document's text as presend lint reads the file.
func read(path, text, format string) ([]lint.Message, error) {
	return input.Read(strings.NewReader(text), path, format)
}

// lintText lints the text of the file at path as presend lint would.
func (s *server) lintText(ctx context.Context, path, text string) *checked {
	s.mu.Lock()
	enc := s.enc
	s.mu.Unlock()
	c := &checked{text: text, lines: newLines(text, enc), path: path}
	format := formatOf(path)
	if path == "" || format == "" {
		return c
	}
	msgs, readErr := read(path, text, format)
	l, cfgPath, err := s.linter(filepath.Dir(path))
	if err != nil {
		c.problem(1, 1, fmt.Sprintf("presend.toml: %v", err))
		return c
	}
	c.linter, c.cfgPath = l, cfgPath
	if !lintsFile(format, path, text, msgs, l.Config().Files) {
		return c // a YAML or TOML file that is not a message catalog
	}
	c.format = format
	c.inputProblems(readErr)
	base := filepath.Dir(path)
	if cfgPath != "" {
		base = filepath.Dir(cfgPath)
	}
	msgs, _ = input.SelectIn(base, msgs, path, l.Config().Files)
	results, err := l.CheckLog(ctx, nil, msgs)
	if err != nil {
		c.problem(1, 1, err.Error())
	}
	for i := range results {
		// As presend lint does: comments judged per message,
		// presend.toml's suppressions without unused reports (a key glob
		// covers many messages of many files).
		l.SuppressMessage(&results[i], msgs[i].Suppress)
	}
	c.msgs, c.results = msgs, results
	for i := range results {
		for j, f := range results[i].Findings {
			c.diags = append(c.diags, protocol.Diagnostic{
				Range:    c.lines.presendRange(max(f.Line, 1), max(f.Column, 1), f.EndLine, f.EndColumn),
				Severity: severity(f.Severity),
				Code:     f.Rule,
				Source:   "presend",
				Message:  f.Message,
			})
			c.at = append(c.at, [2]int{i, j})
		}
	}
	if c.diags == nil {
		c.diags = []protocol.Diagnostic{}
	}
	return c
}

// problem adds a diagnostic about the file itself at a presend position.
func (c *checked) problem(line, col int, msg string) {
	c.diags = append(c.diags, protocol.Diagnostic{
		Range:    c.lines.presendRange(line, col, line, col),
		Severity: protocol.DiagnosticSeverityError, Code: "input", Source: "presend", Message: msg,
	})
	c.at = append(c.at, [2]int{-1, -1})
}

// inputProblems adds a diagnostic for each error of the reader, at its
// line and column.
func (c *checked) inputProblems(err error) {
	if err == nil {
		return
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var ie *input.Error
		if errors.As(e, &ie) {
			c.problem(max(ie.Line, 1), max(ie.Column, 1), ie.Msg)
		} else {
			c.problem(1, 1, e.Error())
		}
	}
}

func severity(s lint.Severity) protocol.DiagnosticSeverity {
	switch s {
	case lint.Error:
		return protocol.DiagnosticSeverityError
	case lint.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// lintsFile reports whether presend lint would lint the file as messages:
// drafts (.txt, .md), send logs (.jsonl) and Send API bodies always; a
// catalog (YAML, TOML, .properties, JSON) when a [[files]] table of the
// configuration names it, or when it is plainly a message catalog:
// gettext (.po, .pot), or a file whose path or root key names its locale
// (locales/fr.yml, messages_fr.properties, a Rails "fr:" root). Other YAML,
// TOML and JSON files (CI workflows, manifests) are left alone, and so is
// a JSON file that does not read unless it looks like a Send API body.
func lintsFile(format, path, text string, msgs []lint.Message, files []lint.FileRule) bool {
	switch format {
	case input.FormatText, input.FormatJSONL, input.FormatPO, input.FormatPOT:
		return true
	}
	for _, r := range files {
		if input.MatchesPath("", r, path) {
			return true
		}
	}
	if len(msgs) == 0 {
		// A file that does not read: say why if it is meant to be a Send
		// API body, not for any broken JSON (a tsconfig.json with
		// comments).
		return format == input.FormatJSON && strings.Contains(text, `"recipient"`) && strings.Contains(text, `"message"`)
	}
	for _, m := range msgs {
		if m.ID == "" && format == input.FormatJSON {
			return true // a Send API body: its message has no key
		}
		if m.Lang != "" {
			return true // the reader found the catalog's locale
		}
	}
	return false
}
