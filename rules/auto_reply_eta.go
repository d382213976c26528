package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// AutoReplyETAOptions configure auto-reply-eta.
type AutoReplyETAOptions struct {
	Phrases []string `toml:"phrases" doc:"more words or phrases that say when a person will answer, added to the built-in English and French lists (matched as written, in any case)"`
}

// autoReplyETA is auto-reply-eta's compiled state: its tables are built
// on the first automatic reply, which most runs never see.
type autoReplyETA struct {
	eta  *lazyLists
	once sync.Once
	w    etaWords
}

// etaWords are the single words saysWhen reads, per language.
type etaWords struct {
	units, numbers map[string]map[string]bool
}

// words returns the tables, read on the first call. The embedded lists
// read (TestLazyListsCompile); were one missing, the rule would read no
// unit or number word.
func (c *autoReplyETA) words() *etaWords {
	c.once.Do(func() {
		c.w.units, _ = wordSet("eta-unit")
		c.w.numbers, _ = wordSet("eta-number")
	})
	return &c.w
}

// Compile implements lint.Compiler.
func (o *AutoReplyETAOptions) Compile(env lint.CompileEnv) (any, error) {
	c := &autoReplyETA{}
	var err error
	if c.eta, err = newLazyLists(env.Stems, "eta", o.Phrases, true); err != nil {
		return nil, fmt.Errorf("phrases: %w", err)
	}
	return c, nil
}

// AutoReplyETA checks that an automatic acknowledgement says when a person
// will answer.
var AutoReplyETA = &lint.Rule{
	Name:     "auto-reply-eta",
	Category: lint.Policy,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "say in an automatic reply when a person will answer",
		Text: `An automatic acknowledgement (auto_reply) that only says "we will get back
to you as soon as possible" leaves the person waiting without knowing for how
long, and they write again. Messenger counts a Page as very responsive when it
answers within 5 minutes; when a person cannot, an acknowledgement that says
when one will (within 24 hours, 48 hours) keeps expectations right. The rule
warns when an auto_reply message gives no time. A time is:
- a number or number word with a time unit: "within 24 hours", "sous 48
  heures", "in a few minutes", "d'ici 5 minutes", "24h", "2 business days";
- a clock time or opening hours: "9am–6pm", "18:00", "de 9 h à 18 h";
- a day, a date or a relative time from the built-in English and French
  lists, extended by phrases: "tomorrow morning", "demain matin", "by
  Monday", "du lundi au vendredi", "3 June".
A number alone is not a time: "your order 24" and "24 €" do not count.
Messages that are not automatic replies draw nothing. The finding points at
the first line: it is about the whole message.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env:  &lint.Message{AutoReply: true},
				Bad:  "Thanks for your message! We have received it and will get back to you as soon as possible.",
				Good: "Thanks for your message! A member of our team will answer within 24 hours, Monday to Friday."},
			{Lang: "fr",
				Env:  &lint.Message{AutoReply: true},
				Bad:  "Merci pour votre message ! Nous l'avons bien reçu et nous revenons vers vous dans les plus brefs délais.",
				Good: "Merci pour votre message ! Un conseiller vous répond sous 24 heures, du lundi au vendredi de 9 h à 18 h."},
		},
	},
	Options: func() any { return &AutoReplyETAOptions{} },
	Run:     runAutoReplyETA,
}

func runAutoReplyETA(p *lint.Pass) {
	a := p.Text
	if !p.Msg.AutoReply || len(a.Tokens) == 0 {
		return
	}
	if saysWhen(a, p.Compiled.(*autoReplyETA)) {
		return
	}
	example := `"within 24 hours", "tomorrow morning" or opening hours ("Monday to Friday, 9am–6pm")`
	if a.Lang == "fr" {
		example = `"sous 24 heures", "demain matin" or opening hours ("du lundi au vendredi de 9 h à 18 h")`
	}
	p.Reportf(0, firstLineEnd(a), "automatic reply does not say when a person will answer; add a time such as %s", example)
}

// saysWhen reports whether the text gives a time: a listed phrase, a clock
// time or a number with a time unit, or a time unit after a number word.
func saysWhen(a *text.Analysis, o *autoReplyETA) bool {
	if len(o.eta.get().Find(a, 0, len(a.Tokens))) > 0 {
		return true
	}
	w := o.words()
	units, numbers := w.units[a.Lang], w.numbers[a.Lang]
	for i, t := range a.Tokens {
		switch t.Kind {
		case text.Number, text.Code:
			if timeNumber(a.TokenText(i), units) {
				return true
			}
		case text.Word:
			if units[a.Lower(i)] && quantityBefore(a, i, numbers) {
				return true
			}
		}
	}
	return false
}

// timeNumber reports whether a number or code token is a time or a delay:
// digits with a time unit ("24h", "9am", "12h30", "5min", and ranges such as
// "24-48h" or "9h-18h") or a clock time ("18:00").
func timeNumber(tok string, units map[string]bool) bool {
	for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '–' || r == '/' }) {
		i := 0
		for i < len(part) && (part[i] >= '0' && part[i] <= '9' || part[i] == '.' || part[i] == ',' || part[i] == ':') {
			i++
		}
		if i == 0 {
			continue
		}
		digits, suffix := part[:i], strings.ToLower(part[i:])
		switch {
		case suffix == "":
			if h, m, ok := strings.Cut(digits, ":"); ok && len(h) >= 1 && len(h) <= 2 && len(m) == 2 && allASCIIDigits(h+m) {
				return true
			}
		case units[suffix], suffix[0] == 'h' && allASCIIDigits(suffix[1:]):
			return true
		}
	}
	return false
}

// etaFillers may stand between a quantity and its time unit: "two business
// days", "a couple of hours", "48 working hours".
var etaFillers = map[string]bool{"of": true, "business": true, "working": true, "full": true, "petites": true}

// quantityBefore reports whether word token i, a time unit, follows a number
// or a number word, skipping fillers.
func quantityBefore(a *text.Analysis, i int, numbers map[string]bool) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		switch t := a.Tokens[j]; {
		case t.Kind == text.Number:
			return true
		case t.Kind != text.Word:
			return false
		case numbers[a.Lower(j)]:
			return true
		case !etaFillers[a.Lower(j)]:
			return false
		}
	}
	return false
}

func allASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
