package rules

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/lint/promo"
)

// PromoUnderTagOptions configure promo-under-tag.
type PromoUnderTagOptions struct {
	TemplateCategories []string `toml:"template-categories" doc:"WhatsApp template categories that must carry no promotional content"`
	MaxEvidence        int      `toml:"max-evidence" doc:"pieces of promotional evidence a finding names"`
}

// Compile implements lint.Compiler: it validates the options.
// The compiled state is the categories in upper case.
func (o *PromoUnderTagOptions) Compile(lint.CompileEnv) (any, error) {
	if o.MaxEvidence < 1 {
		return nil, errors.New("max-evidence must be at least 1")
	}
	c := &promoUnderTag{categories: make([]string, len(o.TemplateCategories))}
	for i, cat := range o.TemplateCategories {
		if c.categories[i] = strings.ToUpper(strings.TrimSpace(cat)); c.categories[i] == "" {
			return nil, errors.New("template-categories: empty category")
		}
	}
	return c, nil
}

// promoUnderTag is promo-under-tag's compiled state.
type promoUnderTag struct {
	categories []string // TemplateCategories, trimmed and in upper case
}

// PromoUnderTag flags promotional content where the platform forbids it.
var PromoUnderTag = &lint.Rule{
	Name:     "promo-under-tag",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "send no promotional content under a message tag or in a utility template",
		Text: `A message tag (messaging_type MESSAGE_TAG) lets a Page write outside the
24-hour window for one non-promotional purpose: a confirmed event, a
purchase, an account change, a human agent's answer. Tags never allow
promotional content: deals, offers, coupons, discounts, cross-sell or new
collections. A Page that sends them can lose its access to messaging. On
WhatsApp, promotional content in a template of category UTILITY or
AUTHENTICATION (template-categories) makes it a MARKETING template: since
April 2025 (policy fact whatsapp.template.recategorised, from 2025-04-01)
Meta re-categorises a promotional UTILITY template as MARKETING at once,
and it is then routed and capped as marketing. Besides the classifier's
evidence, a UTILITY template is checked for the wording Meta re-categorised
real templates for (whatsapp.template.marketing-cues: a pre-approved card,
eligibility for a loan, thanks to a valued customer, a special price), and
the finding names the cue.

The rule reads the shared promotional-content classifier (lint/promo):
discounts and percentages off, promo codes, sales, free offers, cross-sell,
urgency, calls to buy and new collections, in English and French, with
transactional cues (an order, a refund, a receipt) offsetting the weaker
evidence. Receipts, shipping updates, refunds, codes and appointment times
stay clean however many numbers they hold. The finding names up to
max-evidence (3) pieces of evidence with their weights and points at the
strongest. A message with messaging_type MESSAGE_TAG, or a tag and no
messaging_type, is tagged; drafts without an envelope draw nothing.

Fix: send the promotion inside the 24-hour window (messaging_type RESPONSE
or UPDATE), or drop it from the tagged message and keep only the update.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env:  &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "POST_PURCHASE_UPDATE"},
				Bad:  "Your order #4821 has shipped and arrives Thursday. Enjoy 20% off your next order with code THANKS20!",
				Good: "Your order #4821 has shipped and arrives Thursday. Track it here: https://example.com/t/4821"},
			{Lang: "fr",
				Env:  &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "POST_PURCHASE_UPDATE"},
				Bad:  "Votre commande n° 4821 est expédiée. Profitez de -20 % sur votre prochaine commande avec le code MERCI20 !",
				Good: "Votre commande n° 4821 est expédiée et arrivera jeudi. Suivez-la ici : https://exemple.fr/s/4821"},
			{Lang: "fr", Channel: "whatsapp",
				Env:  &lint.Message{TemplateCategory: "UTILITY"},
				Bad:  "Votre rendez-vous est confirmé le 3 mars à 10h30. Soldes : -30 % sur tous les soins ce mois-ci !",
				Good: "Votre rendez-vous est confirmé le 3 mars à 10h30. Répondez 1 pour confirmer, 2 pour annuler."},
		},
	},
	Options: func() any {
		return &PromoUnderTagOptions{TemplateCategories: []string{"UTILITY", "AUTHENTICATION"}, MaxEvidence: 3}
	},
	Requires: []lint.Requirement{lint.Promotional},
	Run:      runPromoUnderTag,
}

func runPromoUnderTag(p *lint.Pass) {
	o, c := p.Options.(*PromoUnderTagOptions), p.Compiled.(*promoUnderTag)
	m := p.Msg
	// consequence is the why, for the detail; plainConsequence says it to
	// a writer.
	var under, consequence, plainConsequence string
	switch {
	case strings.EqualFold(m.MessagingType, "MESSAGE_TAG") || m.MessagingType == "" && m.Tag != "":
		under = "under tag " + m.Tag
		if m.Tag == "" {
			under = "under MESSAGE_TAG"
		}
		consequence = "tags never allow promotions, and a Page that sends them can lose messaging rights"
		plainConsequence = "a tagged message may not promote anything"
	case p.Channel.Name == "whatsapp" && m.TemplateCategory != "" && slices.Contains(c.categories, strings.ToUpper(m.TemplateCategory)):
		cat := strings.ToUpper(m.TemplateCategory)
		under = "in a " + cat + " template"
		if strings.ContainsAny(cat[:1], "AEIO") { // "a UTILITY", "an AUTHENTICATION"
			under = "in an " + cat + " template"
		}
		consequence = "promotional content makes it a MARKETING template"
		plainConsequence = "WhatsApp will treat and bill it as marketing"
		facts := templateFacts(p)
		if to := facts.Table(factWARecategorised)[cat]; to != "" {
			consequence = fmt.Sprintf("Meta re-categorises it as %s at once (since %s, one promotional element makes the whole template %s), then routes and caps it as marketing",
				to, facts.Since(factWARecategorised).Format(time.DateOnly), to)
			if c, ok := marketingCue(p, facts); ok {
				p.Report(lint.Diagnostic{Start: c.Start, End: c.End,
					Message: fmt.Sprintf("marketing wording %s: %s; %s", under, c.what, plainConsequence),
					Detail:  fmt.Sprintf("Meta has re-categorised real templates for %s; %s", c.kind, consequence)})
				return
			}
		}
	default:
		return
	}
	r := p.Promo()
	if r.Promotional {
		best, _ := r.Strongest()
		p.Report(lint.Diagnostic{Start: best.Start, End: best.End,
			Message: fmt.Sprintf("promotional content %s: %s; %s", under, plainEvidence(p.Text.Text, r, o.MaxEvidence), plainConsequence),
			Detail:  fmt.Sprintf("evidence: %s; %s", describeEvidence(p.Text.Text, r, len(r.Evidence)), consequence)})
		return
	}
	// A promotion may hide in the buttons or quick replies ("50% off:
	// shop the sale") of a message whose text is a plain update.
	titles := m.Titles()
	if titles == "" {
		return
	}
	if t := p.PromoOf(titles); t.Promotional {
		at := p.Text.ContentEnd()
		p.Report(lint.Diagnostic{Start: at, End: at,
			Message: fmt.Sprintf("promotional content %s, in the button and quick-reply titles: %s; %s", under, plainEvidence(titles, t, o.MaxEvidence), plainConsequence),
			Detail:  fmt.Sprintf("evidence: %s; %s", describeEvidence(titles, t, len(t.Evidence)), consequence)})
	}
}

// factWARecategorised and factWAMarketingCues are the policy facts about
// WhatsApp template re-categorisation (lint/policy/policy.toml).
const (
	factWARecategorised = "whatsapp.template.recategorised"
	factWAMarketingCues = "whatsapp.template.marketing-cues"
)

// cue is the wording a template was re-categorised for, with its span.
type cue struct {
	Start, End int
	what, kind string // kind: the cue's name ("pre-approved offer")
}

// marketingCue finds, in a message the shared classifier does not call
// promotional, the first wording of the policy's marketing cues (patterns
// that made Meta re-categorise real UTILITY templates: a pre-approved card,
// a loan offer, customer appreciation, a special price). A pattern that
// does not compile is reported as a notice and skipped.
func marketingCue(p *lint.Pass, facts *policy.Facts) (cue, bool) {
	cues := facts.Table(factWAMarketingCues)
	names := make([]string, 0, len(cues))
	for k := range cues {
		names = append(names, k)
	}
	slices.Sort(names)
	var best cue
	found := false
	body := p.Msg.Text
	if r := p.Promo(); r.Promotional {
		return cue{}, false // the classifier's evidence is named instead
	}
	for _, name := range names {
		re, err := regexp.Compile("(?i)" + cues[name])
		if err != nil {
			p.Notice(fmt.Sprintf("policy: %s %q: bad pattern: %v", factWAMarketingCues, name, err))
			continue
		}
		loc := re.FindStringIndex(body)
		if loc == nil {
			continue
		}
		// A pattern may take the character before a word (RE2's \b is
		// ASCII-only): start the span at the first letter.
		start := loc[0] + strings.IndexFunc(body[loc[0]:loc[1]], unicode.IsLetter)
		if !found || start < best.Start {
			best = cue{Start: start, End: loc[1], what: fmt.Sprintf("%s %q", name, body[start:loc[1]]), kind: name}
			found = true
		}
	}
	return best, found
}

// describeEvidence names the n heaviest pieces of evidence of a
// promotional result, each with its weight: "discount "20% off" (+2), promo
// code "DINNER20" (+2) and 1 more". It is the finding's detail.
func describeEvidence(text string, r promo.Result, n int) string {
	return evidence(text, r, n, true)
}

// plainEvidence names them as the finding's message does, without weights:
// "discount "20% off", promo code "DINNER20" and 1 more".
func plainEvidence(text string, r promo.Result, n int) string {
	return evidence(text, r, n, false)
}

func evidence(text string, r promo.Result, n int, weights bool) string {
	var b strings.Builder
	top := r.Top(n)
	for i, e := range top {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %q", e.Signal, text[e.Start:e.End])
		if weights {
			fmt.Fprintf(&b, " (+%s)", strconv.FormatFloat(e.Weight, 'g', -1, 64))
		}
	}
	if more := len(r.Evidence) - len(top); more > 0 {
		fmt.Fprintf(&b, " and %d more", more)
	}
	return b.String()
}
