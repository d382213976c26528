package lsp

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
)

// hover explains the findings under the cursor: the rule in plain words,
// the message's numbers and, for an SMS, its parts, its encoding and the
// characters that force UCS-2.
func (s *server) hover(ctx context.Context, p protocol.HoverParams) *protocol.Hover {
	d := s.doc(p.TextDocument.URI)
	if d == nil {
		return nil
	}
	c := s.check(ctx, d)
	var parts []string
	var rng *protocol.Range
	for k, diag := range c.diags {
		if !contains(diag.Range, p.Position) {
			continue
		}
		if rng == nil {
			r := diag.Range
			rng = &r
		}
		i, j := c.at[k][0], c.at[k][1]
		if i < 0 {
			parts = append(parts, "**presend**: "+diag.Message)
			continue
		}
		parts = append(parts, s.explain(c, &c.results[i], &c.results[i].Findings[j]))
	}
	if len(parts) == 0 {
		return nil
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")}, Range: rng}
}

// contains reports whether pos lies in r, ends included (a cursor just after
// a word still shows its finding).
func contains(r protocol.Range, pos protocol.Position) bool {
	before := func(a, b protocol.Position) bool { // a <= b
		return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
	}
	return before(r.Start, pos) && before(pos, r.End)
}

// explain is the hover text of one finding, in Markdown.
func (s *server) explain(c *checked, res *lint.Result, f *lint.Finding) string {
	var b strings.Builder
	title := ""
	r := s.rule(c.linter, f.Rule)
	if r != nil && r.Doc.Title != "" {
		title = " — " + r.Doc.Title
	}
	fmt.Fprintf(&b, "**%s** (%s)%s\n\n%s\n", f.Rule, f.Severity, title, f.Message)
	if f.Detail != "" {
		fmt.Fprintf(&b, "\n%s\n", f.Detail)
	}
	if r != nil && r.Doc.Text != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(r.Doc.Text))
	}
	where := ""
	if res.ID != "" {
		where = fmt.Sprintf(" `%s`", res.ID)
	}
	fmt.Fprintf(&b, "\nMessage%s: score %d/100, verdict %s, channel %s, language %s", where, res.Score, res.Verdict, res.Channel, res.Lang)
	if 0 <= f.Start && f.Start < f.End && f.Start < len(res.Text) {
		n := utf8.RuneCountInString(res.Text[f.Start:min(f.End, len(res.Text))])
		fmt.Fprintf(&b, "; this finding covers %d character%s", n, plural(n))
	}
	b.WriteString(".\n")
	if res.Segments > 0 {
		b.WriteString("\n" + smsLine(res) + "\n")
	}
	if len(f.Fixes) > 0 {
		b.WriteString("\nFixes:\n")
		for _, fix := range f.Fixes {
			fmt.Fprintf(&b, "- %s: %s\n", label(fix), fix.Title)
		}
	}
	return b.String()
}

// smsLine says how an SMS is sent: parts, encoding, and the characters
// that force UCS-2 with their GSM-7 replacements.
func smsLine(res *lint.Result) string {
	info := channel.SMS(res.Text, nil, 0)
	line := fmt.Sprintf("SMS: %d part%s in %s", res.Segments, plural(res.Segments), res.Encoding)
	if len(info.Forcers) == 0 {
		return line + "."
	}
	if info.GSMParts != info.Parts {
		line += fmt.Sprintf(" (%d in GSM-7 without the characters below)", info.GSMParts)
	}
	seen := map[string]bool{}
	var names []string
	for _, fc := range info.Forcers {
		if seen[fc.Char] {
			continue
		}
		seen[fc.Char] = true
		r, _ := utf8.DecodeRuneInString(fc.Char)
		name := fmt.Sprintf("%q (U+%04X)", fc.Char, r)
		switch {
		case fc.Remove:
			name += " → delete"
		case fc.Replacement != "":
			name += fmt.Sprintf(" → %q", fc.Replacement)
		}
		names = append(names, name)
	}
	return line + "; UCS-2 is forced by " + strings.Join(names, ", ") + "."
}

// label names a fix's kind for a writer.
func label(f lint.Fix) string {
	if f.Safe {
		return "safe"
	}
	return "suggestion"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
