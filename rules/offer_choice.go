package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
)

// OfferChoiceOptions configure offer-choice.
type OfferChoiceOptions struct {
	Channels    []string `toml:"channels" doc:"channels the rule checks; push notifications and e-mail subjects are left out: the platform's settings are their opt-out"`
	OptOuts     []string `toml:"opt-outs" doc:"more opt-out phrases for offer-choice only, added to the built-in lists and the top-level opt-outs that every rule reads (matched on stems)"`
	OptOutEN    string   `toml:"opt-out-en" doc:"line the fix appends to an English message (SMS included); it must contain STOP"`
	OptOutFR    string   `toml:"opt-out-fr" doc:"line the fix appends to a French chat message"`
	SMSOptOutFR string   `toml:"sms-opt-out-fr" doc:"line the fix appends to a French SMS; it must contain STOP: put your own STOP number in place of 36XXX"`
}

// Compile implements lint.Compiler: it compiles the opt-out lists and
// checks the fix lines.
// The compiled state is the opt-out lists (an *optOuts) when the options
// add opt-outs of their own; nil otherwise, and the rule reads the shared
// optOutFact, which spammy-content and sms-compliance read too.
func (o *OfferChoiceOptions) Compile(env lint.CompileEnv) (any, error) {
	if o.OptOutEN == "" || o.OptOutFR == "" || o.SMSOptOutFR == "" {
		return nil, errors.New("opt-out-en, opt-out-fr and sms-opt-out-fr must not be empty")
	}
	if !strings.Contains(o.OptOutEN, "STOP") || !strings.Contains(o.SMSOptOutFR, "STOP") {
		return nil, errors.New("opt-out-en and sms-opt-out-fr must contain STOP, which SMS opt-outs need")
	}
	known := channel.Names()
	for _, c := range o.Channels {
		if !slices.Contains(known, c) {
			return nil, fmt.Errorf("channels: unknown channel %q (want %s)", c, strings.Join(known, ", "))
		}
	}
	if len(o.OptOuts) == 0 {
		return (*optOuts)(nil), nil // the shared lists: optOutFact
	}
	oo, err := compileOptOuts(env.Stems, slices.Concat(env.Shared.OptOuts, o.OptOuts))
	if err != nil {
		return nil, fmt.Errorf("opt-outs: %w", err)
	}
	return &oo, nil
}

// OfferChoice checks that a promotional message lets the person decline.
var OfferChoice = &lint.Rule{
	Name:     "offer-choice",
	Category: lint.Policy,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "give the person a way to decline a promotional message",
		Text: `A promotion that leaves no way to answer or to stop reads as spam, gets
blocked and reported, and on SMS breaks the marketing rules: US carriers
expect "Reply STOP", and French operators a free "STOP au 36xxx" opt-out.
For a message the shared classifier (lint/promo) finds promotional, on the
channels listed in channels (messenger, instagram, whatsapp, sms), the rule flags:
- on SMS, a message without a STOP opt-out ("Reply STOP…", "STOP au 36xxx",
  "STOP SMS au…", or STOP in capitals), whatever else it says: an
  "unsubscribe" link is not enough;
- on the chat channels, a message with no quick replies, no buttons (a
  button template or button titles) and no opt-out wording ("reply STOP",
  "unsubscribe", "désabonnez-vous", "se désinscrire"; extended by opt-outs).
Quick replies such as Yes/No or Oui/Non are a choice.
The fix appends an opt-out line in the message's language: opt-out-en
("Reply STOP to opt out."), opt-out-fr ("Répondez STOP pour vous
désabonner.") or, on French SMS, sms-opt-out-fr ("STOP au 36XXX": set it to
your STOP number). Non-promotional messages draw nothing.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "Our winter sale is on: 30% off all coats until Sunday.",
				Good: "Our winter sale is on: 30% off all coats until Sunday.\nReply STOP to opt out."},
			{Lang: "fr",
				Bad:  "Les soldes d'hiver commencent : -30 % sur tous les manteaux jusqu'à dimanche !",
				Good: "Les soldes d'hiver commencent : -30 % sur tous les manteaux jusqu'à dimanche !\nPour ne plus recevoir nos offres, désabonnez-vous depuis votre compte."},
			{Lang: "fr", Channel: "sms",
				Bad:  "Soldes : -30 % sur tous les manteaux jusqu'à dimanche !",
				Good: "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! STOP au 36111"},
		},
	},
	Options: func() any {
		return &OfferChoiceOptions{
			Channels:    []string{"messenger", "instagram", "whatsapp", "sms"},
			OptOutEN:    "Reply STOP to opt out.",
			OptOutFR:    "Répondez STOP pour vous désabonner.",
			SMSOptOutFR: "STOP au 36XXX",
		}
	},
	Requires: []lint.Requirement{lint.Promotional, optOutFact},
	Run:      runOfferChoice,
}

func runOfferChoice(p *lint.Pass) {
	o := p.Options.(*OfferChoiceOptions)
	if !slices.Contains(o.Channels, p.Channel.Name) {
		return
	}
	r := p.Promo()
	if !r.Promotional {
		return
	}
	if oo := p.Compiled.(*optOuts); oo != nil && oo.choice(p) || oo == nil && optOutFact.Of(p).Choice(p) {
		return
	}
	a := p.Text
	best, _ := r.Strongest()
	why := plainEvidence(a.Text, r, 2)
	line := o.OptOutEN
	if a.Lang == "fr" {
		line = o.OptOutFR
	}
	var msg string
	if p.Channel.SMS {
		if a.Lang == "fr" {
			line = o.SMSOptOutFR
		}
		msg = fmt.Sprintf("promotional sms (%s) has no STOP opt-out; add %q", why, line)
	} else {
		msg = fmt.Sprintf("promotional message (%s) offers no choice: no quick replies, buttons or opt-out; add replies such as %s or %q",
			why, yesNo(a.Lang), line)
	}
	end := a.ContentEnd()
	p.Report(lint.Diagnostic{
		Start: best.Start, End: best.End, Message: msg,
		Detail: "promotional because of " + describeEvidence(a.Text, r, len(r.Evidence)),
		Fixes: []lint.Fix{{
			Title: fmt.Sprintf("append %q", line),
			Edits: []lint.Edit{{Start: end, End: end, New: "\n" + line}},
		}},
	})
}

func yesNo(lang string) string {
	if lang == "fr" {
		return `"Oui"/"Non merci"`
	}
	return `"Yes"/"No thanks"`
}
