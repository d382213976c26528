package rules

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
	"github.com/presend/presend/rules/internal/spam"
)

// SpammyContentOptions configure spammy-content.
type SpammyContentOptions struct {
	WarnScore      float64  `toml:"warn-score" doc:"spam score from which the rule warns"`
	ErrorScore     float64  `toml:"error-score" doc:"spam score from which the rule reports an error (blocks under the default fail-on)"`
	Weights        []string `toml:"weights" doc:"signal weights to change, as \"signal=weight\" (0 turns a signal off), e.g. [\"shortener=0.5\"]; presend explain spammy-content lists the signals"`
	TrustedDomains []string `toml:"trusted-domains" doc:"your own domains, your link shortener included: their links never count as shorteners, look-alikes or risky hosts"`
}

// spammyContent is spammy-content's compiled state.
type spammyContent struct {
	det *spam.Detector
}

// Compile implements lint.Compiler: it checks the thresholds and weights
// and builds the detector.
func (o *SpammyContentOptions) Compile(env lint.CompileEnv) (any, error) {
	// Written so that NaN (TOML's nan) fails too.
	if !(o.WarnScore > 0 && o.ErrorScore >= o.WarnScore) || math.IsInf(o.ErrorScore, 0) {
		return nil, fmt.Errorf("warn-score must be over 0 and error-score at least warn-score (have %g and %g)", o.WarnScore, o.ErrorScore)
	}
	weights := map[string]float64{}
	for _, kv := range o.Weights {
		name, val, ok := strings.Cut(kv, "=")
		w, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if !ok || err != nil || math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("weights: %q is not signal=weight", kv)
		}
		weights[strings.TrimSpace(name)] = w
	}
	det, err := spam.New(env.Stems, spam.Options{Weights: weights,
		TrustedDomains: slices.Concat(o.TrustedDomains, env.Shared.BrandDomains), Shorteners: env.Shared.Shorteners})
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "spam: "))
	}
	return &spammyContent{det: det}, nil
}

// Default thresholds: SpamAssassin's 5 for a warning; an error takes about
// two strong signals more.
const (
	spamWarnScore  = 5
	spamErrorScore = 9
)

// SpammyContent scores how much a message looks like spam.
var SpammyContent = &lint.Rule{
	Name:     "spammy-content",
	Category: lint.Spam,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "avoid wording, numbers and links that make a message look like spam",
		Text:  spammyContentText(),
		Examples: []lint.Example{
			{Lang: "en", Channel: "sms",
				Bad:  "WINNER!! You have been selected to claim your £900 prize. Call 09061701461 now, T&C apply.",
				Good: "20% off everything this weekend with code SPRING20. Reply STOP to opt out."},
			{Lang: "fr", Channel: "sms",
				Bad:  "FÉLICITATIONS !!! Vous avez gagné un bon d'achat de 500 €. Réclamez votre gain au 08 99 23 45 67, dernière chance !",
				Good: "-20 % sur toute la boutique ce week-end avec le code PRINTEMPS. STOP au 36111"},
		},
	},
	Options: func() any {
		return &SpammyContentOptions{WarnScore: spamWarnScore, ErrorScore: spamErrorScore}
	},
	Requires: []lint.Requirement{lint.Promotional, optOutFact},
	Run:      runSpammyContent,
}

func spammyContentText() string {
	var b strings.Builder
	b.Grow(1 << 14) // the whole text (10 KB): built at start-up (a rule's Doc is a string), in one buffer
	b.WriteString(`Carriers and inboxes filter messages that read like spam, and people stop
trusting senders whose messages do. The rule adds up signals the way
SpamAssassin does: each signal found adds its weight once, however often it
occurs; no signal is damning alone, a pile of them is. A score of
warn-score (`)
	b.WriteString(strconv.FormatFloat(spamWarnScore, 'g', -1, 64))
	b.WriteString(`) or more is a warning, error-score (`)
	b.WriteString(strconv.FormatFloat(spamErrorScore, 'g', -1, 64))
	b.WriteString(`) or more an error.
A promotion is not spam: "20 % off this weekend, reply STOP to opt out"
scores 0; without its opt-out it scores 1 (unsolicited-promo), short of a
warning, and offer-choice asks for the opt-out. What marks an unsolicited
advert is the pair: no way out, and a personal mobile number to answer on
("… few units left, call 98xxxxxxxx"): a business's marketing gives its
own line or website. That pair (promo-mobile) warns on its own, and
printing the opt-out clears it.

Why 5: it is SpamAssassin's mark, and the development corpora bear it out.
Legitimate messages (personal SMS, YouTube comments, business templates)
almost never reach 4, but business templates that must sound urgent come
close: "Dear customer, your card has been blocked…" scores 4.5 (an
impersonal greeting and an account threat), "Win a £500 gift card… T&Cs
apply" 4. A warning from 4 would flag them; from 5 it takes a third signal,
or a strong pair such as prize wording and a premium-rate number.

The text is normalised first, so disguised words still match and the
disguise itself counts: invisible characters are dropped, look-alike
Cyrillic, Greek and styled letters become Latin, digits standing for letters
become letters ("fr33"), spaced letters are joined ("F R E E"). English and
French lists are matched in every message, on stems.

Self-promotion is told from a business by the person: "check out my
channel" and "subscribe to me" are the writer's own, "follow us on
Instagram" a business's. unsolicited-promo uses the shared
promotional-content classifier and the opt-out wording offer-choice reads
(a STOP opt-out on SMS; quick replies, buttons or opt-out wording on chat
channels); push notifications and e-mail subjects never draw it.

Signals and default weights:
`)
	group := ""
	for _, s := range spam.Signals() {
		if s.Group != group {
			group = s.Group
			b.WriteString("\n")
			b.WriteString(group)
			b.WriteString(":\n")
		}
		b.WriteString("- ")
		b.WriteString(s.Name)
		b.WriteString(" (+")
		b.WriteString(strconv.FormatFloat(s.Weight, 'g', -1, 64))
		b.WriteString("): ")
		b.WriteString(s.Doc)
		b.WriteString("\n")
	}
	b.WriteString(`
The rule reports one finding per message, at the strongest evidence, and
lists every signal that fired with its weight, strongest first. Change a
weight, or turn a signal off with 0, in weights; list your own domains in
trusted-domains.`)
	return b.String()
}

// runSpammyContent reports one finding per message rather than one per
// signal: no signal is a problem on its own (a lone "urgent" or a bit.ly
// link is fine), only their sum is, so the finding carries the score and
// lists every signal with its quoted evidence and weight. One line per
// message also reads best in `presend lint` output and counts once in the
// message's score. The finding sits at the strongest evidence.
func runSpammyContent(p *lint.Pass) {
	o, c := p.Options.(*SpammyContentOptions), p.Compiled.(*spammyContent)
	// Button and quick-reply titles are read with the text, after it:
	// "CLAIM YOUR PRIZE!!!" on a button is spam too. Their evidence is
	// reported at the end of the text.
	a, body := p.Text, len(p.Text.Text)
	if titles := p.Msg.Titles(); titles != "" {
		a = p.Analyze(p.Text.Text+"\n\n"+titles, p.Msg.Literal)
	}
	// Most messages score far below the threshold: the context (a
	// promotion without opt-out) could not lift them to it, so the
	// promotion detector does not run for them. (Scores are rounded to a
	// tenth: the margin covers a weight that is not.)
	// The text is scanned once; the context only adds its signals.
	scan := c.det.Scan(a)
	r := scan.Result(spam.Context{})
	if r.Score+scan.ContextWeight()+0.1 >= o.WarnScore {
		if ctx := spamContext(p); ctx.Promotional || ctx.Advert {
			r = scan.Result(ctx)
		}
	}
	if r.Score < o.WarnScore || len(r.Evidence) == 0 {
		return
	}
	sev, what, limit := lint.Warning, "warning", o.WarnScore
	if r.Score >= o.ErrorScore {
		sev, what, limit = lint.Error, "error", o.ErrorScore
	}
	// The message, written piece by piece: one allocation, where
	// fmt.Fprintf boxed each argument and formatted each number apart.
	var b strings.Builder
	b.Grow(64 + 64*len(r.Evidence))
	b.WriteString("spam score ")
	writeScore(&b, r.Score)
	b.WriteString(" (")
	b.WriteString(what)
	b.WriteString(" from ")
	writeScore(&b, limit)
	b.WriteString("): ")
	for i, e := range r.Evidence {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.Label)
		b.WriteByte(' ')
		writeEvidence(&b, a.Text[e.Start:e.End])
		if e.End > body {
			b.WriteString(" in a title") // or reaching into one: "£500" then a "Get your reward" button
		}
		b.WriteString(" (+")
		writeScore(&b, e.Weight)
		b.WriteByte(')')
	}
	top := r.Evidence[0]
	d := lint.Diagnostic{Start: top.Start, End: top.End, Severity: sev, Message: b.String()}
	switch {
	case top.Start >= body:
		d.Start, d.End = p.Text.ContentEnd(), p.Text.ContentEnd()
	case top.End > body:
		d.End = p.Text.ContentEnd()
	}
	var edits []lint.Edit
	for _, c := range r.Cleanup {
		if c.End <= body { // the titles are not in the text to edit
			edits = append(edits, lint.Edit{Start: c.Start, End: c.End, New: c.New})
		}
	}
	if len(edits) > 0 {
		// Invisible characters and look-alike letters are often pasted
		// in by accident: offer to write the text plainly.
		d.Fixes = []lint.Fix{{Title: "remove invisible characters and use plain Latin letters", Edits: edits}}
	}
	p.Report(d)
}

// spamContext tells the detector what the words alone do not show: whether
// the message is a promotion, and whether it gives no way to opt out. Chat
// channels (SMS included) are judged as offer-choice judges them, except
// that a STOP after a subscription charge is no opt-out; push
// notifications and e-mail subjects are never unsolicited, their
// platforms' settings being their opt-out.
func spamContext(p *lint.Pass) spam.Context {
	r := p.Promo()
	if !r.Promotional {
		// An advert's wording and nothing transactional: an unsolicited
		// advert if it gives no way out (the detector counts it only when
		// it asks to answer on a mobile number).
		if best, ok := r.Strongest(); ok && p.Channel.Chat && r.Advert() && !optOutFact.Of(p).Choice(p) {
			return spam.Context{Advert: true, PromoStart: best.Start, PromoEnd: best.End}
		}
		return spam.Context{}
	}
	best, _ := r.Strongest()
	c := spam.Context{Promotional: true, PromoStart: best.Start, PromoEnd: best.End}
	if p.Channel.Chat {
		c.Unsolicited = !optOutFact.Of(p).Choice(p) || p.Channel.SMS && stopAfterCharge(p.Text)
	}
	return c
}

// stopAfterCharge reports whether every STOP of an SMS comes after a charge
// per message or week: "£1.50/wk. To stop txt STOP to 85555" ends the paid
// subscription, it is not a way out of the marketing.
func stopAfterCharge(a *text.Analysis) bool {
	charge := spam.SubscriptionCharge(a)
	if charge < 0 {
		return false
	}
	for i, t := range a.Tokens {
		if t.Kind == text.Word && strings.EqualFold(a.TokenText(i), "stop") && int(t.Start) < charge {
			return false
		}
	}
	return true
}

// writeScore writes a score or a weight as strconv.FormatFloat(f, 'f', -1,
// 64) formats it.
func writeScore(b *strings.Builder, f float64) {
	var buf [32]byte
	b.Write(strconv.AppendFloat(buf[:0], f, 'f', -1, 64))
}

// writeEvidence writes evidence quoted (strconv.Quote), cut to 40 bytes on
// a character boundary, with invisible characters shown escaped.
func writeEvidence(b *strings.Builder, s string) {
	const maxLen = 40
	var buf [128]byte
	if len(s) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		q := strconv.AppendQuote(buf[:0], s[:cut]+"…")
		b.Write(q)
		return
	}
	b.Write(strconv.AppendQuote(buf[:0], s))
}
