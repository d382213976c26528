package rules

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/text"
)

// DuplicateSendOptions configure duplicate-send.
type DuplicateSendOptions struct {
	WindowHours int `toml:"window-hours" doc:"how far back a repeat counts, in hours"`
	NearBits    int `toml:"near-bits" doc:"texts whose 64-bit SimHashes differ in at most this many bits are nearly the same (0: only the same text counts)"`
	MinWords    int `toml:"min-words" doc:"texts need this many words to be compared as nearly the same; shorter ones only as the same"`
	// ExemptCategories are template categories left out, in any case.
	ExemptCategories []string `toml:"exempt-categories" doc:"template categories never flagged (one-time codes: a person who asks for a new code should get it)"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *DuplicateSendOptions) Compile(lint.CompileEnv) (any, error) {
	if o.WindowHours < 1 || o.NearBits < 0 || o.NearBits > 24 || o.MinWords < 1 {
		return nil, errors.New("window-hours and min-words must be at least 1, near-bits between 0 and 24")
	}
	return nil, nil
}

// DuplicateSend flags a message that repeats one sent to the same person
// shortly before.
var DuplicateSend = &lint.Rule{
	Name:     "duplicate-send",
	Category: lint.Spam,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "do not send the same thing twice",
		Text: `The same message twice reads as spam, and people leave. The rule flags a
message whose text is the same as, or nearly the same as, one sent to the same
recipient within window-hours (24).

"The same" is compared after normalising what changes between two sends of
one template: case, spacing and punctuation, placeholders' values, and the
digits of numbers and codes (order numbers, amounts, dates). A repeat is
an error; a near repeat, which may be a real update ("confirmed", then
"cancelled"), a warning. "Nearly the
same" means a 64-bit SimHash of the normalised words and word pairs within
near-bits (12) bits of the earlier one, for texts of at least min-words
words (8): about 85 % similar, so a changed name or a reworded greeting still
counts while two different messages of one brand (which share a third of
their words and differ in 20 bits or more) do not.

A message is not a repeat when the person wrote after the earlier one: the
same words then answer a new message. Templates of the exempt-categories
(AUTHENTICATION: one-time codes) are left out: a person who asks for a new
code should get it.

The rule needs a sending history: a JSONL send log (checked in sent_at
order), presend lint --history, or the gateway's store. It says nothing about
a message with no recipient.`,
		Examples: []lint.Example{
			{Lang: "en",
				Sent: []lint.Message{{Recipient: "33612345678", SentAt: exampleTime(-3 * time.Hour),
					Text: "Hi Anna, your order #4411 has shipped. Track it from your account."}},
				Env:  &lint.Message{Recipient: "33612345678", SentAt: exampleTime(0)},
				Bad:  "Hi Anna, your order #4412 has shipped! Track it from your account.",
				Good: "Your order #4411 arrives tomorrow between 9 and 11 am."},
			{Lang: "fr",
				Sent: []lint.Message{{Recipient: "33612345678", SentAt: exampleTime(-3 * time.Hour),
					Text: "Bonjour Anne, votre colis 4411 est en route. Suivez-le depuis votre compte."}},
				Env:  &lint.Message{Recipient: "33612345678", SentAt: exampleTime(0)},
				Bad:  "Bonjour Anne, votre colis 4412 est en route ! Suivez-le depuis votre compte.",
				Good: "Votre colis 4411 arrive demain entre 9 h et 11 h."},
		},
	},
	Options: func() any {
		return &DuplicateSendOptions{WindowHours: 24, NearBits: 12, MinWords: 8, ExemptCategories: []string{"AUTHENTICATION"}}
	},
	Run: runDuplicateSend,
}

// clockSkew is how far after a message's time an earlier-recorded send may
// be dated and still count as before it: two gateways' clocks differ, and a
// send another instance recorded a moment ago must not look like the future.
const clockSkew = 5 * time.Minute

// recentSends yields the sends of the message's history within window
// before it, latest first: those dated up to clockSkew after the message
// count as before it, later ones are skipped.
func recentSends(p *lint.Pass, window time.Duration) iter.Seq[*history.Send] {
	return func(yield func(*history.Send) bool) {
		sends := p.History.Sends
		for i := len(sends) - 1; i >= 0; i-- {
			s := &sends[i]
			if s.At.After(p.Now.Add(clockSkew)) {
				continue
			}
			if p.Now.Sub(s.At) > window || !yield(s) {
				return
			}
		}
	}
}

// exampleTime is a fixed time for the rules' documented examples, plus d.
func exampleTime(d time.Duration) time.Time {
	return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC).Add(d)
}

func runDuplicateSend(p *lint.Pass) {
	o := p.Options.(*DuplicateSendOptions)
	if p.History == nil || slices.ContainsFunc(o.ExemptCategories, func(c string) bool {
		return strings.EqualFold(c, p.Msg.TemplateCategory)
	}) {
		return
	}
	exact, sim, words := p.Text.Fingerprint()
	if words == 0 {
		return // an attachment with no text: nothing to compare
	}
	near := o.NearBits > 0 && words >= o.MinWords
	window := time.Duration(o.WindowHours) * time.Hour
	// The latest earlier send that matches: the repeat a person notices.
	var match *history.Send
	same := false
	for s := range recentSends(p, window) {
		if s.Fingerprint == exact {
			match, same = s, true
			break
		}
		if near && s.SimHash != 0 && text.Near(s.SimHash, sim, o.NearBits) {
			match = s
			break
		}
	}
	if match == nil || p.LastUserMessage().After(match.At) {
		// The person wrote since: the same words answer a new message
		// ("You're welcome!"), they do not repeat an unanswered one.
		return
	}
	what, sev := "nearly the same text as", lint.Warning
	if same {
		what, sev = "same text as", lint.Error
	}
	p.Report(lint.Diagnostic{Start: 0, End: firstLineEnd(p.Text), Severity: sev,
		Message: fmt.Sprintf("%s a message sent to this person %s before; a repeat within %d hours reads as spam",
			what, humanDuration(p.Now.Sub(match.At)), o.WindowHours),
		Detail: earlierRef(match.Ref)})
}

// firstLineEnd is the end of the message's first line: where message-wide
// findings point.
func firstLineEnd(a *text.Analysis) int {
	if len(a.Tokens) == 0 {
		return 0
	}
	start := int(a.Tokens[0].Start)
	if i := strings.IndexByte(a.Text[start:], '\n'); i >= 0 {
		return start + i
	}
	return a.ContentEnd()
}

func refOrEarlier(ref string) string {
	if ref == "" {
		return "an earlier message"
	}
	return ref
}

// earlierRef is the detail naming an earlier send ("" when the history does
// not say where it was read).
func earlierRef(ref string) string {
	if ref == "" {
		return ""
	}
	return "the earlier message: " + ref
}

// humanDuration renders a duration the way a person says it: "40 minutes", "3 hours",
// "2 days".
func humanDuration(d time.Duration) string {
	d = max(d, 0) // a send dated within clockSkew after the message
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int(d.Seconds()))
	case d < 90*time.Minute:
		return pluralUnit(int(d.Minutes()), "minute")
	case d < 48*time.Hour:
		return pluralUnit(int(d.Hours()), "hour")
	}
	return pluralUnit(int(d.Hours()/24), "day")
}

func pluralUnit(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s" // fmt's "%d %ss", without boxing
}
