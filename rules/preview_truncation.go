package rules

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// previewTruncationOptions holds no settings: it compiles to the word lists
// the rule reads.
type previewTruncationOptions struct{}

// previewTruncation is preview-truncation's compiled state: per language,
// the words a preview should not end on.
type previewTruncation struct {
	dangling map[string]map[string]bool
}

// Compile implements lint.Compiler.
func (o *previewTruncationOptions) Compile(lint.CompileEnv) (any, error) {
	dangling, err := wordSet("dangling")
	if err != nil {
		return nil, err
	}
	return &previewTruncation{dangling: dangling}, nil
}

// PreviewTruncation checks where the preview cuts the first sentence.
var PreviewTruncation = &lint.Rule{
	Name:     "preview-truncation",
	Category: lint.Shape,
	Severity: lint.Info,
	Doc: lint.Doc{
		Title: "make the preview end on whole words, not half a number or link",
		Text: `When the first sentence does not fit the channel's preview, the cut falls
inside it. The rule flags a cut that splits a word (info), a number, amount,
code or link (warning: "€1…" reads as a price when the amount is "€150"), a
placeholder (info: where its filled-in value ends is a guess, counted
placeholder-width characters), or a preview that ends on a dangling word such as "the", "your",
"de" or "votre" (info). It suggests a first line that fits the preview. Cuts
after the first sentence are fine: the preview already says something whole.
On the voice channel (a script read aloud on a call) nothing is shown, so
nothing is cut.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "Great news, your refund from the spring sale of €1,250.00 is on the way to your bank account.",
				Good: "Your €1,250.00 refund is on its way.\n\nIt reaches your bank account within 3 days."},
			{Lang: "fr",
				Bad:  "Bonne nouvelle concernant votre dossier de remboursement numéro 48213-B : il est validé.",
				Good: "Votre remboursement est validé.\n\nDossier 48213-B : le virement part demain."},
		},
	},
	Options: func() any { return &previewTruncationOptions{} },
	Run:     runPreviewTruncation,
}

func runPreviewTruncation(p *lint.Pass) {
	a, cut := p.Text, p.Preview
	if !cut.Truncated || len(a.Sentences) == 0 || cut.End >= a.Sentences[0].End {
		return // the whole first sentence shows
	}
	o := p.Compiled.(*previewTruncation)
	split := cut.Split
	if split < 0 {
		// A currency sign shown without its amount ("€…" for "€150") cuts
		// the amount as surely as a cut inside the digits.
		if last := a.TokenAt(cut.End - 1); last >= 0 && last+1 < len(a.Tokens) && a.Tokens[last].Kind == text.Symbol &&
			a.Tokens[last+1].Start == a.Tokens[last].End && a.Tokens[last+1].Kind == text.Number {
			split = last + 1
		}
	}
	if split >= 0 {
		t := a.Tokens[split]
		whole := a.TokenText(split)
		shown := lint.Excerpt(tail(cut.Text, 24))
		what, sev := "the word", lint.Info
		switch t.Kind {
		case text.Number, text.Code:
			what, sev = "the number", lint.Warning
		case text.URL, text.Email:
			what, sev = "the link", lint.Warning
		case text.Placeholder:
			// Where a filled-in value ends is a guess (placeholder-width
			// characters): the cut may as well fall after it.
			what = "the placeholder"
		}
		// Concatenated, not formatted: what fmt's %q and %d write
		// (lint.Quote, strconv.Itoa), without boxing each argument.
		at := lint.Quote(whole) + " at " + strconv.Itoa(cut.Width) + " characters"
		msg := "preview cuts through " + what + " " + at + ", showing " + shown + "; " + suggestFirstLine(a, o, cut)
		if t.Kind == text.Placeholder {
			msg = "preview may cut through the placeholder " + at + ", depending on the length of its value, showing " +
				shown + "; " + suggestFirstLine(a, o, cut)
		}
		p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End), Severity: sev, Message: msg})
		return
	}
	// The cut falls between tokens: check the last word shown.
	last := a.TokenAt(cut.End - 1)
	if last < 0 || a.Tokens[last].Kind != text.Word || !o.dangling[a.Lang][a.Lower(last)] {
		return
	}
	t := a.Tokens[last]
	p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End), Message: "preview ends on " + lint.Quote(a.TokenText(last)) +
		" at " + strconv.Itoa(cut.Width) + " characters, showing " + lint.Excerpt(tail(cut.Text, 24)) + "; " + suggestFirstLine(a, o, cut)})
}

// suggestFirstLine proposes the longest start of the first sentence that fits
// the preview and ends on a whole, non-dangling word.
func suggestFirstLine(a *text.Analysis, o *previewTruncation, cut text.Cut) string {
	s := a.Sentences[0]
	best := -1
	dangling := o.dangling[a.Lang]
	for i := s.First; i < s.Last; i++ {
		t := a.Tokens[i]
		if n, _ := a.Length(s.Start, int(t.End)); n > cut.Width-1 {
			break
		}
		if t.Kind == text.Punct || t.Kind == text.Symbol || t.Has(text.Elision) ||
			t.Kind == text.Word && dangling[a.Lower(i)] {
			continue
		}
		if t.Kind == text.Number && i+1 < s.Last && (a.Tokens[i+1].Kind == text.Symbol || a.TokenText(i+1) == "%") {
			continue // "-15" without its "%", "42" without its "€"
		}
		best = int(t.End)
	}
	if best < 0 {
		return fmt.Sprintf("start with a line of at most %d characters", cut.Width-1)
	}
	return "a first line that fits: " + lint.Excerpt(a.Text[s.Start:best]) + ", then the rest"
}

// tail returns the last n characters (runes) of s, with a leading "…" when cut.
// Valid UTF-8 is cut where its last n runes start, without a []rune copy;
// invalid UTF-8 goes through tailRunes, which writes each bad byte as U+FFFD.
func tail(s string, n int) string {
	if !utf8.ValidString(s) {
		return tailRunes(s, n)
	}
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	if i == 0 {
		return s
	}
	return "…" + s[i:]
}

// tailRunes is tail through a []rune: the reference the fast path is tested
// against, and what invalid UTF-8 takes.
func tailRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n:])
}
