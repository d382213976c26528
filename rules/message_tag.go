package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
)

// MessageTagOptions configure message-tag.
type MessageTagOptions struct {
	WindowHours    int      `toml:"window-hours" doc:"hours after the person's last message during which no tag is needed (Messenger's standard messaging window): a tag used inside it draws a note; 0 takes the policy's messenger.window (24 hours)"`
	HumanAgentDays int      `toml:"human-agent-days" doc:"days after the person's last message during which a HUMAN_AGENT reply may be sent; 0 takes the policy's messenger.human-agent-window (7 days)"`
	Surveys        []string `toml:"surveys" doc:"more survey, rating or review prompts, allowed under no tag, added to the built-in English and French lists (matched on stems)"`
	Recurring      []string `toml:"recurring" doc:"more phrases of recurring content (statements, bills, listings), not allowed under ACCOUNT_UPDATE, added to the built-in lists (matched on stems)"`
}

// messageTag is message-tag's compiled state.
type messageTag struct {
	// Compiled on the first message that reads them: only Messenger
	// messages sent with a tag do.
	surveys   *lazyLists
	recurring *lazyLists
}

// Compile implements lint.Compiler.
func (o *MessageTagOptions) Compile(env lint.CompileEnv) (any, error) {
	if o.WindowHours < 0 || o.HumanAgentDays < 0 {
		return nil, errors.New("window-hours and human-agent-days must be at least 1, or 0 for the policy's values")
	}
	c := &messageTag{}
	var err error
	if c.surveys, err = newLazyLists(env.Stems, "survey", o.Surveys, false); err != nil {
		return nil, fmt.Errorf("surveys: %w", err)
	}
	if c.recurring, err = newLazyLists(env.Stems, "recurring", o.Recurring, false); err != nil {
		return nil, fmt.Errorf("recurring: %w", err)
	}
	return c, nil
}

// The policy facts message-tag reads (lint/policy/policy.toml).
const (
	factWindow          = "messenger.window"
	factHumanAgentDays  = "messenger.human-agent-window"
	factHumanAgentTag   = "messenger.tag.human-agent"
	factTags            = "messenger.tags"
	factTagsNoRecurring = "messenger.tags.no-recurring"
	factTagsRetired     = "messenger.tags.retired"
	factTagsReplacement = "messenger.tags.replacement"
	factOutsideWindow   = "messenger.outside-window"
)

// tagFacts are the facts message-tag judges a message by: the policy's in
// force at its send time, with the options that override them.
type tagFacts struct {
	window, humanAgent time.Duration
	humanAgentTag      string
	tags, noRecurring  []string
	retired, replace   map[string]string
	outside            []string
	tagsSince          time.Time // when the tag set in force took effect
}

func messageTagFacts(p *lint.Pass, o *MessageTagOptions) tagFacts {
	pol := p.Policy
	f := tagFacts{
		window: pol.Duration(factWindow), humanAgent: pol.Duration(factHumanAgentDays),
		humanAgentTag: pol.String(factHumanAgentTag), tags: pol.Strings(factTags),
		noRecurring: pol.Strings(factTagsNoRecurring), retired: pol.Table(factTagsRetired),
		replace: pol.Table(factTagsReplacement), outside: pol.Strings(factOutsideWindow),
		tagsSince: pol.Since(factTags),
	}
	if o.WindowHours > 0 {
		f.window = time.Duration(o.WindowHours) * time.Hour
	}
	if o.HumanAgentDays > 0 {
		f.humanAgent = time.Duration(o.HumanAgentDays) * day
	}
	return f
}

// exampleBefore2026 is the send time of the examples about the tags in use
// until the 2026-04-27 retirement.
func exampleBefore2026() time.Time { return time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC) }

// day is a calendar day's length, for option values given in days.
const day = 24 * time.Hour

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
content. A message is judged by the tags in force when it is sent (its
sent_at, else policy-date, else the time of the run; see presend policy):
- from 2020-03-04 until 2026-04-26: CONFIRMED_EVENT_UPDATE (an event the
  person registered for), POST_PURCHASE_UPDATE (receipts, shipping, order
  problems), ACCOUNT_UPDATE (a non-recurring change to an account or
  application, fraud alerts) and HUMAN_AGENT (a person's reply, up to 7
  days after the person's last message);
- from 2026-04-27 (00:00 UTC), only HUMAN_AGENT: Meta retired
  CONFIRMED_EVENT_UPDATE, ACCOUNT_UPDATE and POST_PURCHASE_UPDATE, and the
  Send API answers a request carrying one with error code 100. Instead:
  no tag inside the 24-hour window (RESPONSE or UPDATE); HUMAN_AGENT for a
  person's manual reply within 7 days; a utility message (a template) or a
  one-time notification for an automated follow-up outside the window.
The rule flags, as errors:
- MESSAGE_TAG without a tag;
- an unknown tag;
- a retired tag: the sixteen retired on 2020-03-04 (SHIPPING_UPDATE,
  APPOINTMENT_UPDATE, RESERVATION_UPDATE, ISSUE_RESOLUTION, PAYMENT_UPDATE
  and eleven more), and from 2026-04-27 the three above, naming the date
  and the tag that replaces it, or what to do when none does;
- a survey, rating or review prompt under any tag ("rate your experience",
  "how did we do", "notez votre expérience", "donnez-nous votre avis");
- recurring content under ACCOUNT_UPDATE, while it is in use ("your
  statement is ready", "bill due", "new listings", "relevé disponible",
  "votre facture mensuelle");
- HUMAN_AGENT on an automated message (automated or auto_reply), or more
  than human-agent-days (7) after the person's last message, or when the
  person never wrote;
as a warning, a tag given with messaging_type RESPONSE or UPDATE: Messenger
ignores it; and as a note (info), a tag used inside window-hours (24) of the
person's last message, where none is needed: RESPONSE or UPDATE will do.
The tag sets, dates and windows are policy facts (messenger.tags,
messenger.tags.retired, messenger.window, messenger.human-agent-window);
window-hours and human-agent-days, when set, win over them.
Built-in phrase lists (English and French, matched on stems) take extra
phrases from surveys and recurring. A tag with no messaging_type is judged as
MESSAGE_TAG; a message with neither draws nothing. Promotional content under
a tag is promo-under-tag's business. Messenger only. Findings about the
envelope point at the first line; findings about content, at the phrase.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "POST_PURCHASE_UPDATE", SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-72 * time.Hour)},
				GoodEnv: &lint.Message{OneTimeNotifToken: "otn-delivery-en", SentAt: exampleTime(0)}, //nolint:gosec // G101: an example token, not a credential
				Bad:     "Your order #4821 was delivered this morning. Reply here if anything is missing.",
				Good:    "Your order #4821 was delivered this morning. Reply here if anything is missing."},
			{Lang: "en",
				Env: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "POST_PURCHASE_UPDATE", SentAt: exampleBefore2026(),
					LastUserMessageAt: exampleBefore2026().Add(-72 * time.Hour)},
				Bad:  "Your order #4821 was delivered. How did we do? Rate your experience from 1 to 5.",
				Good: "Your order #4821 was delivered this morning. Reply here if anything is missing."},
			{Lang: "fr",
				Env: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "ACCOUNT_UPDATE", SentAt: exampleBefore2026(),
					LastUserMessageAt: exampleBefore2026().Add(-72 * time.Hour)},
				Bad:  "Bonjour Claire, votre relevé de compte de novembre est disponible dans votre espace client.",
				Good: "Bonjour Claire, votre adresse e-mail a été modifiée aujourd'hui. Si ce n'est pas vous, appelez le 3900."},
			{Lang: "fr",
				Env: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "HUMAN_AGENT", Automated: true, SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-72 * time.Hour)},
				GoodEnv: &lint.Message{MessagingType: "MESSAGE_TAG", Tag: "HUMAN_AGENT", SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-72 * time.Hour)},
				Bad:  "Bonjour Claire, votre colis a été retrouvé : il sera livré demain.",
				Good: "Bonjour Claire, votre colis a été retrouvé : il sera livré demain."},
		},
	},
	Options: func() any { return &MessageTagOptions{} },
	Run:     runMessageTag,
}

func runMessageTag(p *lint.Pass) {
	o, c := p.Options.(*MessageTagOptions), p.Compiled.(*messageTag)
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
	f := messageTagFacts(p, o)
	window := hoursWindow(f.window)
	tag := m.Tag
	if tag == "" {
		p.Reportf(0, envelope, "messaging_type MESSAGE_TAG needs a tag: %s", f.choice())
		return
	}
	valid := slices.Contains(f.tags, tag)
	if !valid {
		msg, detail := f.badTag(tag)
		p.Report(lint.Diagnostic{Start: 0, End: envelope, Message: msg, Detail: detail})
	}
	a := p.Text
	for _, fd := range c.surveys.get().Find(a, 0, len(a.Tokens)) {
		p.Reportf(fd.Start, fd.End, "%q asks for a survey, rating or review, which no message tag allows (here %s); ask inside %s", a.Text[fd.Start:fd.End], tag, window)
	}
	if !valid {
		return
	}
	if slices.Contains(f.noRecurring, tag) {
		for _, fd := range c.recurring.get().Find(a, 0, len(a.Tokens)) {
			p.Reportf(fd.Start, fd.End, "%q is recurring content, which %s does not allow: the tag covers a non-recurring change to an account", a.Text[fd.Start:fd.End], tag)
		}
	}
	ago, wrote := sinceLastMessage(p)
	if tag == f.humanAgentTag {
		if m.Automated || m.AutoReply {
			p.Reportf(0, envelope, "%s is for replies a person writes, and this message is automated; an automated message may answer only inside %s", tag, window)
		}
		switch days := humanDuration(f.humanAgent); {
		case f.humanAgent <= 0:
		case !wrote:
			p.Reportf(0, envelope, "%s; %s allows only a reply to a person's message, up to %s after it", neverWrote(p), tag, days)
		case ago > f.humanAgent:
			p.Reportf(0, envelope, "%s; %s allows a person's reply up to %s after the person's last message", lastWrote(ago, f.humanAgent), tag, days)
		}
	}
	if wrote && f.window > 0 && ago <= f.window {
		p.Report(lint.Diagnostic{End: envelope, Severity: lint.Info,
			Message: fmt.Sprintf("the person last wrote %s before this message, inside %s: no tag is needed, send it as RESPONSE or UPDATE", humanDuration(ago), window)})
	}
}

// hoursWindow names a window: "the 24-hour window".
func hoursWindow(d time.Duration) string {
	return "the " + windowLength(d) + " window"
}

// windowLength is a window's length as an adjective: "24-hour".
func windowLength(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d-hour", int(d/time.Hour))
	}
	return humanDuration(d)
}

// badTag describes a tag Messenger does not accept at the message's date:
// the message, and the detail (what to send instead of a retired tag that
// nothing replaces).
func (f tagFacts) badTag(tag string) (msg, detail string) {
	if on, ok := f.retired[tag]; ok {
		if use := f.replace[tag]; use != "" && slices.Contains(f.tags, use) {
			return fmt.Sprintf("tag %s was retired on %s and is rejected; use %s", tag, on, use), ""
		}
		return fmt.Sprintf("tag %s was retired on %s and is rejected: %s", tag, on, f.insteadShort()), "instead: " + f.instead()
	}
	up := strings.ToUpper(strings.TrimSpace(tag))
	if slices.Contains(f.tags, up) {
		return fmt.Sprintf("unknown tag %q: tags are upper case; use %s", tag, up), ""
	}
	if _, ok := f.retired[up]; ok {
		msg, detail := f.badTag(up)
		return fmt.Sprintf("unknown tag %q: tags are upper case, and %s", tag, msg), detail
	}
	return fmt.Sprintf("unknown tag %q; Messenger accepts %s", tag, f.choice()), ""
}

// instead says what to send in place of a retired tag that nothing
// replaces: no tag inside the window, the human-agent tag for a person's
// reply, and what the policy lists for an automated follow-up outside it.
func (f tagFacts) instead() string {
	var ways []string
	if f.window > 0 {
		ways = append(ways, fmt.Sprintf("send no tag inside %s (RESPONSE or UPDATE)", hoursWindow(f.window)))
	}
	if f.humanAgentTag != "" && slices.Contains(f.tags, f.humanAgentTag) && f.humanAgent > 0 {
		ways = append(ways, fmt.Sprintf("%s only for a person's own reply, up to %s after the person's last message", f.humanAgentTag, humanDuration(f.humanAgent)))
	}
	if len(f.outside) > 0 {
		ways = append(ways, orList(f.outside)+" for an automated follow-up outside the window")
	}
	if len(ways) == 0 {
		return "send it inside the window"
	}
	return strings.Join(ways, "; ")
}

// insteadShort is what to do instead of a retired tag that no tag
// replaces, in the few words a finding's message holds (instead has the
// whole of it, for the detail).
func (f tagFacts) insteadShort() string {
	if len(f.outside) == 0 {
		return "no tag in use replaces it; send it inside the window"
	}
	return "no tag replaces it; send no tag inside the window, or " + orList(f.outside) + " outside it"
}

// choice lists the tags in use.
func (f tagFacts) choice() string {
	switch len(f.tags) {
	case 0:
		return "no tag is in use"
	case 1:
		return fmt.Sprintf("only %s, the one tag in use since %s", f.tags[0], policy.Stamp(f.tagsSince))
	}
	return orList(f.tags)
}

// orList joins "a, b or c".
func orList(xs []string) string {
	n := len(xs)
	if n == 1 {
		return xs[0]
	}
	return strings.Join(xs[:n-1], ", ") + " or " + xs[n-1]
}
