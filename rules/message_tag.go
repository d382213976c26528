package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// MessageTagOptions configure message-tag.
type MessageTagOptions struct {
	WindowHours    int      `toml:"window-hours" doc:"hours after the person's last message during which no tag is needed (Messenger's standard messaging window): a tag used inside it draws a note"`
	HumanAgentDays int      `toml:"human-agent-days" doc:"days after the person's last message during which a HUMAN_AGENT reply may be sent"`
	Surveys        []string `toml:"surveys" doc:"more survey, rating or review prompts, allowed under no tag, added to the built-in English and French lists (matched on stems)"`
	Recurring      []string `toml:"recurring" doc:"more phrases of recurring content (statements, bills, listings), not allowed under ACCOUNT_UPDATE, added to the built-in lists (matched on stems)"`

	surveys   *text.PhraseSet
	recurring *text.PhraseSet
}

// Compile implements lint.Compiler.
func (o *MessageTagOptions) Compile(stems *text.Stemmer) error {
	if o.WindowHours < 1 || o.HumanAgentDays < 1 {
		return errors.New("window-hours and human-agent-days must be at least 1")
	}
	var err error
	if o.surveys, err = compileLists(stems, "survey", o.Surveys, false); err != nil {
		return fmt.Errorf("surveys: %w", err)
	}
	if o.recurring, err = compileLists(stems, "recurring", o.Recurring, false); err != nil {
		return fmt.Errorf("recurring: %w", err)
	}
	return nil
}

// Messenger message tags.
const (
	tagAccount    = "ACCOUNT_UPDATE"
	tagEvent      = "CONFIRMED_EVENT_UPDATE"
	tagHumanAgent = "HUMAN_AGENT"
	tagPurchase   = "POST_PURCHASE_UPDATE"
	// tagsRetiredOn is when Messenger stopped accepting the retired tags.
	tagsRetiredOn = "2020-03-04"
)

// messageTags are the tags in use, in the order the platform lists them.
var messageTags = []string{tagEvent, tagPurchase, tagAccount, tagHumanAgent}

// retiredTags maps each tag retired on 2020-03-04 to the tag in use that
// covers what it was for, or "" when none does.
var retiredTags = map[string]string{
	"SHIPPING_UPDATE":              tagPurchase,
	"RESERVATION_UPDATE":           tagEvent,
	"APPOINTMENT_UPDATE":           tagEvent,
	"CONFIRMED_EVENT_REMINDER":     tagEvent,
	"TICKET_UPDATE":                tagEvent,
	"TRANSPORTATION_UPDATE":        tagEvent,
	"ISSUE_RESOLUTION":             tagHumanAgent,
	"PAYMENT_UPDATE":               tagAccount,
	"PERSONAL_FINANCE_UPDATE":      tagAccount,
	"PAIRING_UPDATE":               tagAccount,
	"APPLICATION_UPDATE":           tagAccount,
	"GAME_EVENT":                   "",
	"FEATURE_FUNCTIONALITY_UPDATE": "",
	"COMMUNITY_ALERT":              "",
	"NON_PROMOTIONAL_SUBSCRIPTION": "",
	"BUSINESS_PRODUCTIVITY":        "",
}

// MessageTag checks Messenger message tags: that one is given, known, still
// accepted, fits the content, and is needed at all.
var MessageTag = &lint.Rule{
	Name:     "message-tag",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "use a message tag that exists, is still accepted and fits the message",
		Text: `Outside the 24-hour window a Messenger message goes out only with
messaging_type MESSAGE_TAG and a tag, and each tag allows one kind of
content. The tags in use are CONFIRMED_EVENT_UPDATE (an event the person
registered for), POST_PURCHASE_UPDATE (receipts, shipping, order problems),
ACCOUNT_UPDATE (a non-recurring change to an account or application, fraud
alerts) and HUMAN_AGENT (a person's reply, up to 7 days after the person's
last message). The rule flags, as errors:
- MESSAGE_TAG without a tag;
- an unknown tag;
- a tag retired on 2020-03-04 (SHIPPING_UPDATE, APPOINTMENT_UPDATE,
  RESERVATION_UPDATE, ISSUE_RESOLUTION, PAYMENT_UPDATE and eleven more),
  naming the tag that replaces it, or saying that none does;
- a survey, rating or review prompt under any tag ("rate your experience",
  "how did we do", "notez votre expérience", "donnez-nous votre avis");
- recurring content under ACCOUNT_UPDATE ("your statement is ready", "bill
  due", "new listings", "relevé disponible", "votre facture mensuelle");
- HUMAN_AGENT on an automated message (automated or auto_reply), or more
  than human-agent-days (7) after the person's last message, or when the
  person never wrote;
as a warning, a tag given with messaging_type RESPONSE or UPDATE: Messenger
ignores it; and as a note (info), a tag used inside window-hours (24) of the
person's last message, where none is needed: RESPONSE or UPDATE will do.
Built-in phrase lists (English and French, matched on stems) take extra
phrases from surveys and recurring. A tag with no messaging_type is judged as
MESSAGE_TAG; a message with neither draws nothing. Promotional content under
a tag is promo-under-tag's business. Messenger only. Findings about the
envelope point at the first line; findings about content, at the phrase.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: tagPurchase, SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-72 * time.Hour)},
				Bad:  "Your order #4821 was delivered. How did we do? Rate your experience from 1 to 5.",
				Good: "Your order #4821 was delivered this morning. Reply here if anything is missing."},
			{Lang: "fr",
				Env: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: tagAccount, SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-72 * time.Hour)},
				Bad:  "Bonjour Claire, votre relevé de compte de novembre est disponible dans votre espace client.",
				Good: "Bonjour Claire, votre adresse e-mail a été modifiée aujourd'hui. Si ce n'est pas vous, appelez le 3900."},
		},
	},
	Options: func() any { return &MessageTagOptions{WindowHours: 24, HumanAgentDays: 7} },
	Run:     runMessageTag,
}

func runMessageTag(p *lint.Pass) {
	o := p.Options.(*MessageTagOptions)
	m := p.Msg
	if p.Channel.Name != "messenger" {
		return
	}
	envelope := firstLineEnd(p.Text)
	switch m.MessagingType {
	case "MESSAGE_TAG":
	case "":
		if m.Tag == "" {
			return // a draft: nothing says how it is sent
		}
	default:
		if m.Tag != "" {
			p.Report(lint.Diagnostic{End: envelope, Severity: lint.Warning,
				Message: fmt.Sprintf("tag %s is ignored: messaging_type is %s, and Messenger reads a tag only with MESSAGE_TAG", m.Tag, m.MessagingType)})
		}
		return
	}
	tag := m.Tag
	if tag == "" {
		p.Reportf(0, envelope, "messaging_type MESSAGE_TAG needs a tag: %s", tagChoice())
		return
	}
	valid := slices.Contains(messageTags, tag)
	if !valid {
		p.Reportf(0, envelope, "%s", badTag(tag, o.WindowHours))
	}
	a := p.Text
	for _, f := range o.surveys.Find(a, 0, len(a.Tokens)) {
		p.Reportf(f.Start, f.End, "%q asks for a survey, rating or review, which no message tag allows (here %s); ask inside the %d-hour window", a.Text[f.Start:f.End], tag, o.WindowHours)
	}
	if !valid {
		return
	}
	if tag == tagAccount {
		for _, f := range o.recurring.Find(a, 0, len(a.Tokens)) {
			p.Reportf(f.Start, f.End, "%q is recurring content, which ACCOUNT_UPDATE does not allow: the tag covers a non-recurring change to an account", a.Text[f.Start:f.End])
		}
	}
	ago, wrote := sinceLastMessage(p)
	if tag == tagHumanAgent {
		if m.Automated || m.AutoReply {
			p.Reportf(0, envelope, "HUMAN_AGENT is for replies a person writes, and this message is automated; an automated message may answer only inside the %d-hour window", o.WindowHours)
		}
		switch limit := time.Duration(o.HumanAgentDays) * 24 * time.Hour; {
		case !wrote:
			p.Reportf(0, envelope, "%s; HUMAN_AGENT allows only a reply to a person's message, up to %d days after it", neverWrote(p), o.HumanAgentDays)
		case ago > limit:
			p.Reportf(0, envelope, "%s; HUMAN_AGENT allows a person's reply up to %d days after the person's last message", lastWrote(ago, limit), o.HumanAgentDays)
		}
	}
	if wrote && ago <= time.Duration(o.WindowHours)*time.Hour {
		p.Report(lint.Diagnostic{End: envelope, Severity: lint.Info,
			Message: fmt.Sprintf("the person last wrote %s before this message, inside the %d-hour window: no tag is needed, send it as RESPONSE or UPDATE", humanDuration(ago), o.WindowHours)})
	}
}

// badTag describes a tag Messenger does not accept.
func badTag(tag string, windowHours int) string {
	if use, ok := retiredTags[tag]; ok {
		if use == "" {
			return fmt.Sprintf("tag %s was retired on %s and is rejected; no tag in use replaces it: send the message inside the %d-hour window or with a one-time notification", tag, tagsRetiredOn, windowHours)
		}
		return fmt.Sprintf("tag %s was retired on %s and is rejected; use %s", tag, tagsRetiredOn, use)
	}
	up := strings.ToUpper(strings.TrimSpace(tag))
	if slices.Contains(messageTags, up) {
		return fmt.Sprintf("unknown tag %q: tags are upper case; use %s", tag, up)
	}
	if _, ok := retiredTags[up]; ok {
		return fmt.Sprintf("unknown tag %q: tags are upper case, and %s", tag, badTag(up, windowHours))
	}
	return fmt.Sprintf("unknown tag %q; Messenger accepts %s", tag, tagChoice())
}

// tagChoice lists the tags in use.
func tagChoice() string {
	n := len(messageTags)
	return strings.Join(messageTags[:n-1], ", ") + " or " + messageTags[n-1]
}
