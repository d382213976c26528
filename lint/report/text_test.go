package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

	"github.com/presend/presend/lint"
)

// TestTextModes checks the three densities of the text format against
// golden files: the default (a passing message is one line, no card),
// --verbose (every message in full, with its card) and --quiet (only
// messages that warn or block, then the summary).
func TestTextModes(t *testing.T) {
	updated := map[string]bool{}
	for _, tt := range []struct {
		name string
		opts Options
	}{
		{"text_verbose.golden", Options{Verbose: true}},
		{"text_quiet.golden", Options{Quiet: true}},
		// NO_COLOR, and auto on a pipe, are plain.
		{"text_verbose.golden", Options{Verbose: true, Color: ColorAuto, Getenv: env("NO_COLOR", "1", "TERM", "xterm-256color")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.Getenv == nil {
				tt.opts.Getenv = env()
			}
			var buf bytes.Buffer
			if err := Write(&buf, "text", fixtures(), tt.opts); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(buf.Bytes(), []byte("\x1b[")) {
				t.Errorf("escape sequences in plain output")
			}
			compareGolden(t, tt.name, buf.Bytes(), updated)
		})
	}
}

// TestTextPassingOneLine: in a run of many messages, a passing one is one
// line (with how many notes it has), and passing ones are not spaced.
func TestTextPassingOneLine(t *testing.T) {
	pass := fixtures()[0]
	noted := fixtures()[3]
	var buf bytes.Buffer
	if err := Write(&buf, "text", []lint.Result{pass, pass, noted}, Options{Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	want := "drafts/welcome.txt  messenger · en  score 100/100  PASS\n" +
		"drafts/welcome.txt  messenger · en  score 100/100  PASS\n" +
		"drafts/digest.md  email · en  score 93/100  PASS  1 note\n" +
		"\n3 messages: 3 pass, 0 warn, 0 block\n"
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
	// A single result is written in full, card included.
	buf.Reset()
	if err := Write(&buf, "text", []lint.Result{pass}, Options{Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "╭─ messenger preview") {
		t.Errorf("single result without its card:\n%s", buf.String())
	}
	// Quiet with nothing to show: the summary alone.
	buf.Reset()
	if err := Write(&buf, "text", []lint.Result{pass, pass}, Options{Quiet: true, Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "2 messages: 2 pass, 0 warn, 0 block\n" {
		t.Errorf("quiet: %q", buf.String())
	}
	buf.Reset()
	if err := Write(&buf, "text", []lint.Result{pass}, Options{Quiet: true, Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "1 message: 1 pass, 0 warn, 0 block\n" {
		t.Errorf("quiet, one passing message: %q", buf.String())
	}
}

// TestExcerpt checks that the carets stand under the span in terminal
// cells: after tabs, wide characters and emoji, in a cut long line.
func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, text, span string // span: the bytes of text the finding covers (first occurrence)
		line, carets     string // the excerpt line, and the carets line
	}{
		{"ascii", "first line\nThe cat sat.\n", "cat", "The cat sat.", "    ^^^"},
		{"tab", "\tindented: word\n", "word", "    indented: word", "              ^^^^"},
		{"wide", "日本語 and 👋 wave", "wave", "日本語 and 👋 wave", "              ^^^^"},
		{"under wide", "x 日本 y", "日本", "x 日本 y", "  ^^^^"},
		{"insertion", "Bonjour: toi", "", "Bonjour: toi", "       ^"},
		{"control", "a\x1bb ok", "ok", "a\uFFFDb ok", "    ^^"},
		{"cut", strings.Repeat("word ", 30) + "TARGET " + strings.Repeat("tail ", 30), "TARGET",
			"…" + strings.Repeat("word ", 30)[150-24:] + "TARGET " + strings.Repeat("tail ", 30)[:excerptWidth-2-24-7] + "…",
			strings.Repeat(" ", 25) + "^^^^^^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.text, tt.span)
			if tt.span == "" {
				start = strings.Index(tt.text, ":")
			}
			f := lint.Finding{Severity: lint.Warning, Start: start, End: start + len(tt.span)}
			var b strings.Builder
			writeExcerpt(&b, newStyles(newRenderer(&bytes.Buffer{}, Options{Getenv: env()})), tt.text, &f)
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("excerpt has %d lines:\n%s", len(lines), b.String())
			}
			got, carets := strings.TrimPrefix(lines[0], excerptGutter), strings.TrimPrefix(lines[1], excerptGutter)
			if got != tt.line || carets != tt.carets {
				t.Errorf("got\n%q\n%q\nwant\n%q\n%q", got, carets, tt.line, tt.carets)
			}
			if w := uniseg.StringWidth(lines[0]); w > maxLineWidth {
				t.Errorf("excerpt is %d cells wide", w)
			}
		})
	}
	// A finding about the whole message has no excerpt.
	var b strings.Builder
	f := lint.Finding{Start: 0, End: 12}
	writeExcerpt(&b, newStyles(newRenderer(&bytes.Buffer{}, Options{Getenv: env()})), "whole text.\n", &f)
	if b.Len() != 0 {
		t.Errorf("whole-message finding has an excerpt: %q", b.String())
	}
}

// TestDetail: the technical detail of a finding is in JSON ("detail") and
// in the text format with --verbose, not in the default text.
func TestDetail(t *testing.T) {
	r := fixtures()[2]
	r.Findings[1].Detail = "UCS-2, 102 UTF-16 units"
	many := []lint.Result{r, fixtures()[0]}
	var buf bytes.Buffer
	if err := Write(&buf, "text", many, Options{Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "UTF-16") {
		t.Errorf("default text shows the detail:\n%s", buf.String())
	}
	buf.Reset()
	if err := Write(&buf, "text", many, Options{Verbose: true, Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "1 part in GSM-7\n    detail: UCS-2, 102 UTF-16 units\n") {
		t.Errorf("verbose text lacks the detail under its finding:\n%s", buf.String())
	}
	buf.Reset()
	if err := Write(&buf, "json", many, Options{Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), `"detail": "UCS-2, 102 UTF-16 units"`); n != 1 || strings.Count(buf.String(), `"detail"`) != 1 {
		t.Errorf("JSON has %d details, want exactly the one set:\n%s", strings.Count(buf.String(), `"detail"`), buf.String())
	}
}
