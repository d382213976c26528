package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// ParagraphsOptions configure paragraphs.
type ParagraphsOptions struct {
	MaxChars      int `toml:"max-chars" doc:"characters a paragraph (a block with no blank line) may hold"`
	MaxSentences  int `toml:"max-sentences" doc:"sentences a paragraph may hold"`
	MinChars      int `toml:"min-chars" doc:"paragraphs shorter than this are never flagged, however many sentences they hold (one SMS part is 160)"`
	MaxParagraphs int `toml:"max-paragraphs" doc:"paragraphs a chat message (messenger, instagram, sms, whatsapp) may hold; 0 turns the check off"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *ParagraphsOptions) Compile(lint.CompileEnv) (any, error) {
	if o.MaxChars < 1 || o.MaxSentences < 1 || o.MaxParagraphs < 0 || o.MinChars < 0 {
		return nil, errors.New("max-chars and max-sentences must be at least 1, min-chars and max-paragraphs at least 0")
	}
	return nil, nil
}

// Paragraphs checks that a message is split into short paragraphs.
var Paragraphs = &lint.Rule{
	Name:     "paragraphs",
	Category: lint.Shape,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "split the message into short paragraphs of one idea each",
		Text: `A ten-line block is skipped. The rule flags a paragraph (text between blank
lines) over max-chars characters (300), or over max-sentences sentences (3)
when it is at least min-chars long (160: a one-part SMS of short sentences
is fine), with
a fix that inserts blank lines at sentence boundaries; and, on chat
channels, more than max-paragraphs paragraphs (4). Placeholders count
placeholder-width characters (12), an assumption: a paragraph that would
be within the limits with one-character values gets a note, not a
warning, saying so.
On the voice channel (a script read aloud on a call) there are no
paragraphs to see: the rule does not apply.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "Your order has shipped. It left our warehouse this morning. The carrier is DPD. Delivery is planned for Thursday. You can follow it with the link in your account. If you are away, the parcel goes to the nearest pick-up point.",
				Good: "Your order has shipped and arrives Thursday.\n\nFollow it from your account. If you are away, it goes to the nearest pick-up point."},
			{Lang: "fr",
				Bad:  "Votre commande est partie. Elle a quitté notre entrepôt ce matin. Le transporteur est DPD. La livraison est prévue jeudi. Vous pouvez la suivre depuis votre compte. En cas d'absence, le colis part au point relais.",
				Good: "Votre commande est partie et arrive jeudi.\n\nSuivez-la depuis votre compte. En cas d'absence, elle part au point relais."},
		},
	},
	Options: func() any { return &ParagraphsOptions{MaxChars: 300, MaxSentences: 3, MinChars: 160, MaxParagraphs: 4} },
	Run:     runParagraphs,
}

func runParagraphs(p *lint.Pass) {
	o := p.Options.(*ParagraphsOptions)
	a := p.Text
	if p.Channel.Spoken {
		return // read aloud on a call: no blank lines to see
	}
	for k, para := range a.Paragraphs {
		chars, ph := a.Length(para.Start, para.End)
		sentences := para.Last - para.First
		within := func(chars int) bool {
			return chars <= o.MaxChars && (sentences <= o.MaxSentences || chars < o.MinChars)
		}
		if within(chars) {
			continue
		}
		// Placeholders count placeholder-width characters each, an
		// assumption: when values one character long would keep the
		// paragraph within the limits, whether it is too long depends on
		// them, and the finding is a note.
		assumed := ph > 0 && within(chars-ph*(a.PlaceholderWidth()-1))
		what := fmt.Sprintf("paragraph %d", k+1)
		if len(a.Paragraphs) == 1 {
			what = "the message is one block with no blank line:"
		}
		msg := fmt.Sprintf("%s %d characters in %d sentences; keep paragraphs to %d sentences and %d characters",
			what, chars, sentences, o.MaxSentences, o.MaxChars)
		if sentences == 1 {
			msg = strings.Replace(msg, "in 1 sentences", "in 1 sentence", 1)
		}
		d := lint.Diagnostic{Start: para.Start, End: para.End}
		if assumed {
			d.Severity = lint.Info
			msg += fmt.Sprintf("; it is over them only with its %s counted as %d characters each, so that depends on their values",
				pluralUnit(ph, "placeholder"), a.PlaceholderWidth())
		}
		if splits := splitPoints(a, para, o); len(splits) > 0 {
			fix := lint.Fix{Title: fmt.Sprintf("insert a blank line after sentence %d", splits[0]-para.First), Safe: true}
			if len(splits) > 1 {
				fix.Title = fmt.Sprintf("split into %d paragraphs at sentence boundaries", len(splits)+1)
			}
			for _, s := range splits {
				fix.Edits = append(fix.Edits, lint.Edit{Start: a.Sentences[s-1].End, End: a.Sentences[s].Start, New: "\n\n"})
			}
			d.Fixes = []lint.Fix{fix}
			msg += "; split after " + lint.Excerpt(tail(a.Text[a.Sentences[splits[0]-1].Start:a.Sentences[splits[0]-1].End], 30))
		}
		d.Message = msg
		p.Report(d)
	}
	if p.Channel.Chat && o.MaxParagraphs > 0 && len(a.Paragraphs) > o.MaxParagraphs {
		extra := a.Paragraphs[o.MaxParagraphs]
		p.Reportf(extra.Start, len(a.Text), "%d paragraphs; a %s message reads best in 2 or 3, at most %d",
			len(a.Paragraphs), p.Channel.Name, o.MaxParagraphs)
	}
}

// splitPoints groups the sentences of a paragraph greedily into chunks within
// the limits and returns the index of the sentence that starts each new chunk.
func splitPoints(a *text.Analysis, para text.Paragraph, o *ParagraphsOptions) []int {
	var out []int
	start := para.First
	for k := para.First + 1; k < para.Last; k++ {
		chars, _ := a.Length(a.Sentences[start].Start, a.Sentences[k].End)
		if k-start+1 > o.MaxSentences || chars > o.MaxChars {
			out = append(out, k)
			start = k
		}
	}
	return out
}
