package rules

import (
	"fmt"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// optOuts finds the ways a message offers to stop receiving messages. It
// holds the lexicon's opt-out and sms-stop lists, compiled once per Linter
// in the optOutFact that offer-choice, spammy-content and sms-compliance
// share, so the three read opt-outs the same way, and a message's opt-outs
// are looked for at most once whichever rules ask.
type optOuts struct {
	words *text.PhraseSet // opt-out wording, on stems: "unsubscribe", "désabonnez-vous"
	stops *text.PhraseSet // STOP opt-outs, as written: "reply STOP", "STOP au"
	extra *text.PhraseSet // the configuration's opt-outs, on stems: they count on SMS too
}

// compileOptOuts compiles the opt-out lists, plus extra opt-out phrases
// matched on stems in every language.
func compileOptOuts(stems *text.Stemmer, extra []string) (optOuts, error) {
	var o optOuts
	var err error
	if o.words, err = compileLists(stems, "opt-out", extra, false); err != nil {
		return o, err
	}
	if o.stops, err = compileLists(stems, "sms-stop", nil, true); err != nil {
		return o, err
	}
	if len(extra) > 0 {
		o.extra, err = text.CompilePhrases(stems, map[string][]string{"en": extra, "fr": extra})
	}
	return o, err
}

// optOutFact is what a message offers of a way out, for the top-level
// opt-outs (Config.Shared): the lists compiled once per Linter, each
// search (STOP, opt-out wording) made at most once per message, by the
// first rule that asks.
var optOutFact = &lint.Fact[*optOutHits]{
	Name: "opt-outs",
	Configure: func(env lint.CompileEnv) (func(*lint.Pass) *optOutHits, error) {
		oo, err := compileOptOuts(env.Stems, env.Shared.OptOuts)
		if err != nil {
			return nil, fmt.Errorf("opt-outs: %w", err)
		}
		return func(p *lint.Pass) *optOutHits { return &optOutHits{oo: &oo, a: p.Text} }, nil
	},
}

// optOutHits are one message's opt-outs, each found on first use.
type optOutHits struct {
	oo            *optOuts
	a             *text.Analysis
	stop, wording lazyBool
}

// lazyBool is a bool computed on first use.
type lazyBool struct{ known, v bool }

func (b *lazyBool) get(f func() bool) bool {
	if !b.known {
		b.v, b.known = f(), true
	}
	return b.v
}

// Stop is optOuts.stop of the message's text.
func (h *optOutHits) Stop() bool { return h.stop.get(func() bool { return h.oo.stop(h.a) }) }

// Wording is optOuts.wording of the message's text.
func (h *optOutHits) Wording() bool { return h.wording.get(func() bool { return h.oo.wording(h.a) }) }

// Choice is optOuts.choice for the message of p.
func (h *optOutHits) Choice(p *lint.Pass) bool {
	if p.Channel.SMS {
		return h.Stop()
	}
	return offersButtons(p.Msg) || h.Wording()
}

// revocationWords are the replies the FCC's revocation rule (in force since
// 2025-04-11) takes as revoking consent as such: written in capitals in a
// text, each is an SMS opt-out keyword ("Reply QUIT to stop").
var revocationWords = map[string]bool{"STOP": true, "QUIT": true, "END": true, "REVOKE": true, "CANCEL": true, "UNSUBSCRIBE": true}

// stop reports whether a text carries a STOP opt-out, as an SMS needs: STOP
// or "OPT OUT" in capitals, another revocation keyword in capitals after
// reply, text or send ("Text QUIT"), or a listed STOP phrase in any case
// ("Stop SMS au 36111", "to opt out").
func (o optOuts) stop(a *text.Analysis) bool {
	prev := ""
	for i, t := range a.Tokens {
		if t.Kind != text.Word {
			continue
		}
		w := a.TokenText(i)
		if t.Has(text.AllCaps) {
			switch {
			case w == "STOP":
				return true
			case w == "OUT" && prev == "OPT":
				return true
			case revocationWords[w] && (strings.EqualFold(prev, "reply") || strings.EqualFold(prev, "text") || strings.EqualFold(prev, "send")):
				return true
			}
		}
		prev = w
	}
	return len(o.stops.Find(a, 0, len(a.Tokens))) > 0 || o.extra != nil && len(o.extra.Find(a, 0, len(a.Tokens))) > 0
}

// frenchStop finds the French "STOP au 36xxx" opt-out: the first STOP word
// (any case) and the short code that follows it within three tokens ("STOP
// au 36180", "STOP SMS au 36111"), code "" when none does. found is false
// when the text has no STOP at all.
func frenchStop(a *text.Analysis) (start, end int, code string, found bool) {
	for i, t := range a.Tokens {
		if t.Kind != text.Word || !strings.EqualFold(a.TokenText(i), "stop") {
			continue
		}
		start, end = int(t.Start), int(t.End)
		words := 0
		for j := i + 1; j < len(a.Tokens) && words < 3; j++ {
			u := a.Tokens[j]
			if u.Kind == text.Punct {
				continue
			}
			words++
			// A code token is a code too: "36XXX", the placeholder of
			// offer-choice's fix, is a code the writer has yet to choose,
			// not a STOP without one (a fix would insert a second "au …").
			if s := a.TokenText(j); u.Kind == text.Number || u.Kind == text.Code || isDigits(s) {
				return start, int(u.End), s, true
			}
		}
		return start, end, "", true
	}
	return 0, 0, "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// wording reports whether a text carries opt-out wording: "reply STOP",
// "unsubscribe", "se désinscrire".
func (o optOuts) wording(a *text.Analysis) bool {
	return len(o.words.Find(a, 0, len(a.Tokens))) > 0
}

// choice reports whether a message lets the person decline on its channel:
// on SMS a STOP opt-out; on the chat channels quick replies, buttons (a
// WhatsApp template definition's among them) or opt-out wording.
func (o optOuts) choice(p *lint.Pass) bool {
	if p.Channel.SMS {
		return o.stop(p.Text)
	}
	return offersButtons(p.Msg) || o.wording(p.Text)
}

// offersButtons reports whether a message has quick replies or buttons to
// decline with.
func offersButtons(m *lint.Message) bool {
	return len(m.QuickReplies) > 0 || len(m.Buttons) > 0 || m.Template == "button" || templateButtons(m.WhatsApp)
}

// templateButtons reports whether a WhatsApp template definition (nil: none)
// has buttons.
func templateButtons(t *lint.WhatsAppTemplate) bool {
	if t == nil {
		return false
	}
	for _, c := range t.Components {
		if len(c.Buttons) > 0 {
			return true
		}
	}
	return false
}
