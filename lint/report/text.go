package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/presend/presend/lint"
)

// writeResult writes one result in the human format (see [Stream]).
//
// A result that passes is one line, its header, unless opts.Verbose: in a
// run over thousands of catalog keys the ones to read are those that warn
// or block; with opts.Quiet it is not written at all. Any other result is
// its header, then for each finding one greppable line (file:line:col
// severity rule message), the line of the message it is on with carets
// under its span (as compilers show them), and its fixes, safe or
// suggestion; with opts.Verbose, the drawn preview card (none on a channel
// without a preview: voice). Colour follows the
// styles; the characters are the same with and without it.
func writeResult(b *strings.Builder, st *styles, r *lint.Result, opts Options) {
	full := opts.Verbose || r.Verdict != lint.VerdictPass
	if !full && opts.Quiet {
		return
	}
	source := oneLine(r.Source)
	if source == "" {
		source = "-"
	}

	// Header: source #id  channel · lang · 2 parts UCS-2  score 46/100  BLOCK
	b.WriteString(st.source.Render(source))
	if r.ID != "" {
		b.WriteString(" " + st.id.Render("#"+oneLine(r.ID)))
	}
	var where []string
	for _, s := range []string{r.Channel, r.Lang} {
		if s = oneLine(s); s != "" {
			where = append(where, s)
		}
	}
	if r.Segments > 0 {
		parts := plural(r.Segments, "part", "parts")
		if enc := oneLine(r.Encoding); enc != "" {
			parts += " " + enc
		}
		where = append(where, parts)
	}
	if len(where) > 0 {
		b.WriteString("  " + strings.Join(where, " · "))
	}
	fmt.Fprintf(b, "  score %d/100", r.Score)
	if r.Verdict != "" {
		b.WriteString("  " + st.verdict(r.Verdict).Render(strings.ToUpper(oneLine(string(r.Verdict)))))
	}
	if !full {
		if n := len(r.Findings); n > 0 {
			b.WriteString("  " + st.info.Render(plural(n, "note", "notes")))
		}
		b.WriteByte('\n')
		return
	}
	b.WriteByte('\n')

	// Findings, in the engine's order.
	for i := range r.Findings {
		f := &r.Findings[i]
		fmt.Fprintf(b, "%s:%d:%d %s %s", source, f.Line, f.Column,
			st.severity(f.Severity).Render(f.Severity.String()), st.rule.Render(oneLine(f.Rule)))
		if msg := oneLine(f.Message); msg != "" {
			b.WriteString(" " + msg)
		}
		b.WriteByte('\n')
		if d := oneLine(f.Detail); d != "" && opts.Verbose {
			b.WriteString("    " + st.detail.Render("detail:") + " " + d + "\n")
		}
		writeExcerpt(b, st, r.Text, f)
		for _, fix := range f.Fixes {
			label := "suggestion:"
			if fix.Safe {
				label = "safe fix:"
			}
			b.WriteString("    " + st.fix.Render(label) + " " + oneLine(fix.Title) + "\n")
		}
	}

	if opts.Verbose && r.PreviewWidth > 0 {
		// (A channel with no preview, voice, has no card to draw.)
		writeCard(b, st, r)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// oneLine makes s safe to print on one terminal line: tabs and line breaks
// become spaces, other control characters (escape sequences included) and
// invalid UTF-8 become U+FFFD, so a message cannot drive the terminal or
// break the greppable file:line:col form.
func oneLine(s string) string {
	return sanitize(s, false)
}

// sanitize replaces control characters; with keepNewlines, line breaks
// ("\n", "\r\n", "\r") become "\n" instead of a space.
func sanitize(s string, keepNewlines bool) string {
	clean := true
	for _, c := range s {
		if c == utf8.RuneError || unicode.IsControl(c) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevCR := false
	for _, c := range s {
		wasCR := prevCR
		prevCR = c == '\r'
		switch {
		case c == '\n' && wasCR:
			// second half of "\r\n": already written
		case c == '\n' || c == '\r':
			if keepNewlines {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case c == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(c):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(c) // an invalid byte arrives as U+FFFD and is written as such
		}
	}
	return b.String()
}

// excerptWidth is the most cells of a message line an excerpt shows, its
// gutter aside; a longer line is cut around the span, "…" marking the cuts.
const excerptWidth = maxLineWidth - len(excerptGutter) - 2

// excerptGutter starts an excerpt's two lines.
const excerptGutter = "  │ "

// tabWidth is the cells a tab takes in an excerpt.
const tabWidth = 4

// writeExcerpt writes the line of text that finding f starts on, with
// carets under its span (to the end of that line):
//
//	│ Votre commande n° 4411 est bloquée : le paiement a été refusé.
//	│                                   ^
//
// Widths are terminal cells: an emoji or an East Asian character takes two
// carets, a tab four spaces, a control character one U+FFFD. A finding
// about the whole message (its span covers all of the text) has no excerpt:
// the message is all of it.
func writeExcerpt(b *strings.Builder, st *styles, text string, f *lint.Finding) {
	start, end := f.Start, f.End
	if start < 0 || start > len(text) || end < start {
		return
	}
	end = min(end, len(text))
	if start == 0 && end >= len(strings.TrimRightFunc(text, unicode.IsSpace)) && end > 0 {
		return
	}
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	lineEnd := len(text)
	if i := strings.IndexByte(text[start:], '\n'); i >= 0 {
		lineEnd = start + i
	}
	line := strings.TrimSuffix(text[lineStart:lineEnd], "\r")
	if strings.TrimSpace(line) == "" && start == end {
		return // an insertion on an empty line: nothing to point at
	}
	spanEnd := min(end, lineStart+len(line)) - lineStart
	spanStart := min(start-lineStart, len(line))

	// The line's grapheme clusters, with their cells and the cell they
	// start at.
	type cluster struct {
		text      string
		at, cells int
		off       int // byte offset in line
	}
	// One allocation for a line of an SMS or chat message (a cluster is at
	// least a byte); a longer line grows from there.
	cs := make([]cluster, 0, min(len(line), 512))
	cells := 0
	state := -1
	for rest, off := line, 0; rest != ""; {
		var c string
		var w int
		c, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		shown := c
		switch r, _ := utf8.DecodeRuneInString(c); {
		case r == '\t':
			shown, w = spaces(tabWidth), tabWidth
		case r == utf8.RuneError || unicode.IsControl(r):
			shown, w = string(utf8.RuneError), 1
		}
		cs = append(cs, cluster{shown, cells, w, off})
		cells += w
		off += len(c)
	}
	cellAt := func(off int) int { // the cell where byte off of line starts
		for _, c := range cs {
			if c.off >= off {
				return c.at
			}
		}
		return cells
	}
	from, to := cellAt(spanStart), cellAt(spanEnd)

	// The window of cells shown: all of the line, or excerptWidth cells
	// around the span's start.
	left, right := 0, cells
	if cells > excerptWidth {
		left = max(0, from-excerptWidth/3)
		right = left + excerptWidth
		if right > cells {
			right = cells
			left = cells - excerptWidth
		}
	}
	var shown strings.Builder
	shownCells := 0
	if left > 0 {
		shown.WriteString("…")
		shownCells++
	}
	first := -1 // the first cell shown
	for _, c := range cs {
		if c.at < left || c.at+c.cells > right-btoi(right < cells) {
			continue
		}
		if first < 0 {
			first = c.at
		}
		shown.WriteString(c.text)
		shownCells += c.cells
	}
	last := shownCells // cells shown, the left "…" included
	excerpt := strings.TrimRight(shown.String(), " ")
	if right < cells {
		excerpt += "…"
	}
	if first < 0 {
		first = left
	}
	caretFrom := btoi(left > 0) + max(from-first, 0)
	caretTo := btoi(left > 0) + max(to-first, 0)
	caretTo = min(caretTo, last)
	n := max(caretTo-caretFrom, 1)

	b.WriteString(st.border.Render(excerptGutter))
	b.WriteString(excerpt)
	b.WriteByte('\n')
	b.WriteString(st.border.Render(excerptGutter))
	b.WriteString(spaces(caretFrom))
	b.WriteString(st.severity(f.Severity).Render(strings.Repeat("^", n)))
	b.WriteByte('\n')
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
