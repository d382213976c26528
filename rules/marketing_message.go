package rules

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/policy"
)

// MarketingMessageOptions configure marketing-message.
type MarketingMessageOptions struct {
	CooldownHours      int `toml:"cooldown-hours" doc:"least hours between two sends on one notification_messages_token; 0 takes the policy's in force at the send time (12 hours for paid Marketing Messages from 2026-02-10; 48 hours, 24 before 2025-09-01, for the free recurring notifications)"`
	OptinIntervalHours int `toml:"optin-interval-hours" doc:"least hours between two opt-in requests of one title to one person; 0 takes the policy's messenger.marketing-messages.optin-title-interval (7 days)"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *MarketingMessageOptions) Compile(lint.CompileEnv) (any, error) {
	if o.CooldownHours < 0 || o.OptinIntervalHours < 0 {
		return nil, errors.New("cooldown-hours and optin-interval-hours must be at least 1, or 0 for the policy's values")
	}
	return nil, nil
}

// The policy facts marketing-message reads (lint/policy/policy.toml).
const (
	factMarketingCooldown = "messenger.marketing-messages.cooldown"
	factRecurringCooldown = "messenger.recurring-notifications.cooldown"
	factOptinInterval     = "messenger.marketing-messages.optin-title-interval"
)

// MarketingMessage checks Messenger Marketing Messages: sends on a
// notification_messages_token, and the opt-in requests that ask for one.
var MarketingMessage = &lint.Rule{
	Name:     "marketing-message",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "space out sends on a marketing token, and ask for one only inside the window",
		Text: `A person who opts in to a Page's marketing messages gives it a
notification_messages_token (Meta also calls it the subscription token);
a message sent to it (recipient.notification_messages_token, or the
envelope's notification_messages_token) needs no open window, but the
platform limits how often it goes out. Which limit applies depends on the
send time (see presend policy):
- from 2026-02-10, a token send is a paid Marketing Message (the Marketing
  Messages API): at most one every 12 hours per token
  (messenger.marketing-messages.cooldown);
- before that, it was a free recurring notification, at most one every 48
  hours per token from 2025-09-01, and 24 hours before
  (messenger.recurring-notifications.cooldown, from 2022-01-01; that start
  is not confirmed).
A send closer than that to the token's last one is an error, naming the
earlier send and when the next may go out; cooldown-hours overrides the
policy. This needs a sending history: a JSONL send log (checked in sent_at
order), presend lint --history, or the gateway's store.

An opt-in request (a notification_messages template; in an envelope,
optin_request_title names its title) goes out only inside the person's
standard window (24 hours after their last message, up to 7 days after a
Click-to-Messenger ad; see messaging-window), and at most once per title
per person per week (messenger.marketing-messages.optin-title-interval,
from 2025-07-01; optin-interval-hours overrides it). Opting in does not
open the window.

Instagram has no Marketing Messages (the policy's instagram.unavailable): a
token or an opt-in request there is an error. Marketing Messages are not
delivered to people in the EU, the UK, Japan, South Korea or Australia;
presend cannot tell where the person is and does not check it. Findings
point at the first line: they are about the whole message.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env: &lint.Message{Recipient: "psid-mm-en", NotificationMessagesToken: "nmt-en", SentAt: exampleTime(0)},
				Sent: []lint.Message{{Recipient: "psid-mm-en", NotificationMessagesToken: "nmt-en", SentAt: exampleTime(-5 * time.Hour),
					Text: "New this week: the Aurora lamp in brass.", Lang: "en"}},
				GoodEnv: &lint.Message{Recipient: "psid-mm-en", NotificationMessagesToken: "nmt-en", SentAt: exampleTime(7 * time.Hour)},
				Bad:     "Our winter collection is here: 20% off every lamp until Sunday.",
				Good:    "Our winter collection is here: 20% off every lamp until Sunday."},
			{Lang: "fr",
				Env: &lint.Message{Recipient: "psid-mm-fr", OptinRequestTitle: "Nouveautés de la semaine", SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-3 * 24 * time.Hour)},
				GoodEnv: &lint.Message{Recipient: "psid-mm-fr", OptinRequestTitle: "Nouveautés de la semaine", SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-2 * time.Hour)},
				Bad:  "Voulez-vous recevoir nos nouveautés chaque semaine ?",
				Good: "Voulez-vous recevoir nos nouveautés chaque semaine ?"},
		},
	},
	Options: func() any { return &MarketingMessageOptions{} },
	Run:     runMarketingMessage,
}

func runMarketingMessage(p *lint.Pass) {
	m := p.Msg
	if m.NotificationMessagesToken == "" && m.OptinRequestTitle == "" {
		return
	}
	envelope := firstLineEnd(p.Text)
	switch p.Channel.Name {
	case "instagram":
		if unavailable(p, "Marketing Messages") {
			what, field := "a marketing notification", "notification_messages_token"
			if m.NotificationMessagesToken == "" {
				what, field = "an opt-in request", "an opt-in request template"
			}
			p.Report(lint.Diagnostic{Start: 0, End: envelope,
				Message: fmt.Sprintf("Instagram has no Marketing Messages: %s is refused there", what),
				Detail:  fmt.Sprintf("the Instagram API refuses %s", field)})
		}
		return
	case "messenger":
	default:
		return
	}
	o := p.Options.(*MarketingMessageOptions)
	facts := factsOf(p)
	if m.NotificationMessagesToken != "" {
		checkTokenCooldown(p, o, facts, envelope)
	}
	if m.OptinRequestTitle != "" {
		checkOptinRequest(p, o, facts, envelope)
	}
}

// checkTokenCooldown flags a send on a notification_messages_token closer
// to the token's previous send than the cooldown in force.
func checkTokenCooldown(p *lint.Pass, o *MarketingMessageOptions, facts *policy.Facts, envelope int) {
	if p.History == nil {
		return
	}
	paid := true
	cd, fact := facts.Duration(factMarketingCooldown), factMarketingCooldown
	if cd == 0 {
		paid, cd, fact = false, facts.Duration(factRecurringCooldown), factRecurringCooldown
	}
	if o.CooldownHours > 0 {
		cd = time.Duration(o.CooldownHours) * time.Hour
	}
	if cd <= 0 {
		return // no cooldown known at the send time
	}
	tok := p.Msg.NotificationMessagesToken
	last := lastSend(p.History, func(s history.Send) bool { return s.MarketingToken == tok })
	if last == nil {
		return
	}
	ago := max(0, p.Now.Sub(last.At))
	if ago >= cd {
		return
	}
	kind := fmt.Sprintf("a free recurring notification goes out at most once every %s per token", hoursOrDays(cd))
	if paid {
		kind = fmt.Sprintf("a token send is a paid Marketing Message, at most one every %s per token", hoursOrDays(cd))
	}
	if f, ok := facts.Lookup(fact); ok && o.CooldownHours == 0 {
		kind = "since " + policy.Stamp(f.From) + " " + kind
		if !f.Until.IsZero() {
			kind += " (until " + policy.Stamp(f.Until) + ")"
		}
	}
	p.Report(lint.Diagnostic{Start: 0, End: envelope,
		Message: fmt.Sprintf("this person's notification permission was used %s before; one message per %s: send this at %s or later",
			humanDuration(ago), hoursOrDays(cd), instantOf(last.At.Add(cd))),
		Detail: fmt.Sprintf("notification_messages_token already used by %s at %s; %s",
			refOrEarlier(last.Ref), instantOf(last.At), kind)})
}

// checkOptinRequest flags an opt-in request sent outside the person's
// window, or a second request of one title within the interval in force.
func checkOptinRequest(p *lint.Pass, o *MarketingMessageOptions, facts *policy.Facts, envelope int) {
	interval := facts.Duration(factOptinInterval)
	if interval <= 0 {
		return // before the Marketing Messages API (2025-07-01): no rule known
	}
	if o.OptinIntervalHours > 0 {
		interval = time.Duration(o.OptinIntervalHours) * time.Hour
	}
	m := p.Msg
	title := strings.TrimSpace(m.OptinRequestTitle)
	draft := m.Recipient == "" && m.SentAt.IsZero() && m.LastUserMessageAt.IsZero() && p.History == nil
	if window := facts.Duration("messenger.window"); !draft && window > 0 {
		ago, wrote := sinceLastMessage(p)
		switch {
		case !wrote:
			p.Reportf(0, envelope, "opt-in request %q: %s, so the %s window is not open; an opt-in request goes out only inside it",
				title, neverWrote(p), lengthAdj(window))
		case ago <= window, adWindowOpen(p, &MessagingWindowOptions{}, facts):
		default:
			p.Reportf(0, envelope, "opt-in request %q: %s; an opt-in request goes out only inside the %s window",
				title, lastWrote(ago, window), lengthAdj(window))
		}
	}
	if p.History == nil {
		return
	}
	last := lastSend(p.History, func(s history.Send) bool {
		return s.OptinTitle != "" && strings.EqualFold(strings.TrimSpace(s.OptinTitle), title)
	})
	if last == nil {
		return
	}
	if ago := max(0, p.Now.Sub(last.At)); ago < interval {
		p.Report(lint.Diagnostic{Start: 0, End: envelope,
			Message: fmt.Sprintf("opt-in request %q already sent to this person %s before; one request per title per person every %s: send it again at %s or later",
				title, humanDuration(ago), hoursOrDays(interval), instantOf(last.At.Add(interval))),
			Detail: fmt.Sprintf("the earlier request: %s at %s", refOrEarlier(last.Ref), instantOf(last.At))})
	}
}

// lastSend returns the latest send of h that match says yes to, or nil.
func lastSend(h *history.View, match func(history.Send) bool) *history.Send {
	for i := len(h.Sends) - 1; i >= 0; i-- {
		if match(h.Sends[i]) {
			return &h.Sends[i]
		}
	}
	return nil
}

// hoursOrDays renders a limit as the platform states it: "12 hours", "48
// hours", "7 days".
func hoursOrDays(d time.Duration) string {
	if d%time.Hour == 0 && d <= 72*time.Hour {
		return pluralUnit(int(d/time.Hour), "hour")
	}
	return humanDuration(d)
}

// instantOf renders a time for findings as timeOf does, with the seconds
// when there are any: a send at 03:59:59 may not go out again at 03:59.
func instantOf(t time.Time) string {
	if t.Second() != 0 {
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return timeOf(t)
}
