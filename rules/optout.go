package rules

import (
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// optOuts finds the ways a message offers to stop receiving messages. It
// holds the lexicon's opt-out and sms-stop lists, compiled once; offer-choice
// and spammy-content share it, so both rules read opt-outs the same way.
type optOuts struct {
	words *text.PhraseSet // opt-out wording, on stems: "unsubscribe", "désabonnez-vous"
	stops *text.PhraseSet // STOP opt-outs, as written: "reply STOP", "STOP au"
}

// compileOptOuts compiles the opt-out lists, plus extra opt-out phrases
// matched on stems in every language.
func compileOptOuts(stems *text.Stemmer, extra []string) (optOuts, error) {
	var o optOuts
	var err error
	if o.words, err = compileLists(stems, "opt-out", extra, false); err != nil {
		return o, err
	}
	o.stops, err = compileLists(stems, "sms-stop", nil, true)
	return o, err
}

// stop reports whether a text carries a STOP opt-out, as an SMS needs: STOP
// in capitals, or a listed STOP phrase in any case ("Stop SMS au 36111").
func (o optOuts) stop(a *text.Analysis) bool {
	for i, t := range a.Tokens {
		if t.Kind == text.Word && t.Has(text.AllCaps) && a.TokenText(i) == "STOP" {
			return true
		}
	}
	return len(o.stops.Find(a, 0, len(a.Tokens))) > 0
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
	m := p.Msg
	return len(m.QuickReplies) > 0 || len(m.Buttons) > 0 || m.Template == "button" || templateButtons(m.WhatsApp) || o.wording(p.Text)
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
