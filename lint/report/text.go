package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// writeResult writes one result in the human format (see [Stream]): a
// header, one greppable line per finding (file:line:col severity rule
// message) with its fixes, and a drawn preview card. Colour follows the
// styles; the characters are the same with and without it.
func writeResult(b *strings.Builder, st *styles, r *lint.Result) {
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
	b.WriteByte('\n')

	// Findings, in the engine's order.
	for _, f := range r.Findings {
		fmt.Fprintf(b, "%s:%d:%d %s %s", source, f.Line, f.Column,
			st.severity(f.Severity).Render(f.Severity.String()), st.rule.Render(oneLine(f.Rule)))
		if msg := oneLine(f.Message); msg != "" {
			b.WriteString(" " + msg)
		}
		b.WriteByte('\n')
		for _, fix := range f.Fixes {
			b.WriteString("    " + st.fix.Render("fix:") + " " + oneLine(fix.Title) + "\n")
		}
	}

	writeCard(b, st, r)
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
