package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
)

// OneTimeNotification checks messages sent with a one-time notification token.
var OneTimeNotification = &lint.Rule{
	Name:     "one-time-notification",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "send one message per one-time notification token, about the topic asked for",
		Text: `A Messenger one-time notification lets a Page write once, at any time, to a
person who asked to be told about one topic ("tell me when the lamp is back
in stock"): the message is sent with recipient.one_time_notif_token (the
envelope's one_time_notif_token), and the token allows one message. The rule
flags:
- a token used a second time (error): the finding names the earlier send
  and when it went out. This needs a sending history: a JSONL send log
  (checked in sent_at order), presend lint --history, or the gateway's store;
- a token message that reads as promotional (warning): the person asked to be
  told about one topic, not to be offered deals. The verdict is the shared
  promotional-content detector's;
- a token message that also has messaging_type MESSAGE_TAG or a tag
  (warning): the token alone allows the message.
Tokens expire within a year of the request (policy facts
messenger.otn.messages-per-token and messenger.otn.token-lifetime); the free
recurring notifications (notification_messages_token) were retired on
2026-02-10, succeeded by the paid Marketing Messages (see
marketing-message). On Instagram, which has no one-time notifications (the
policy's instagram.unavailable), a token is an error. Other channels and
messages without a token draw nothing. Findings about the envelope point at
the first line; the promotional warning, at the strongest promotional phrase.`,
		// The examples show the promotional warning, which the text alone
		// decides; reuse needs an earlier send with the same token (Sent)
		// for Bad and not for Good, which lint.Example cannot say.
		Examples: []lint.Example{
			{Lang: "en",
				Env:  &lint.Message{OneTimeNotifToken: "otn-aurora-en", SentAt: exampleTime(0)}, //nolint:gosec // G101: an example token, not a credential
				Bad:  "Back in stock: the Aurora lamp you asked about! Use code LAMP20 for 20% off every lamp this weekend only. Shop now!",
				Good: "Back in stock: the Aurora lamp you asked about is available again. It is on the product page: https://shop.example/aurora"},
			{Lang: "fr",
				Env:  &lint.Message{OneTimeNotifToken: "otn-aurora-fr", SentAt: exampleTime(0)}, //nolint:gosec // G101: an example token, not a credential
				Bad:  "La lampe Aurora est de retour ! Profitez de -20 % sur toutes nos lampes avec le code LAMPE20, ce week-end seulement. Commandez vite !",
				Good: "La lampe Aurora que vous attendiez est de nouveau disponible. Elle est sur sa page : https://boutique.example/aurora"},
		},
	},
	Requires: []lint.Requirement{lint.Promotional},
	Run:      runOneTimeNotification,
}

func runOneTimeNotification(p *lint.Pass) {
	m := p.Msg
	if m.OneTimeNotifToken != "" && p.Channel.Name == "instagram" {
		if unavailable(p, "one-time notifications") {
			f := factsOf(p)
			p.Reportf(0, firstLineEnd(p.Text), "Instagram has no one-time notifications: the token is refused; write within %s of the person's last message (%s after a Click-to-Direct ad), or after that only a person's %s reply within %s",
				humanDuration(f.Duration("instagram.window")), humanDuration(f.Duration("instagram.ad-window")),
				f.String("messenger.tag.human-agent"), humanDuration(f.Duration("instagram.human-agent-window")))
		}
		return
	}
	if m.OneTimeNotifToken == "" || p.Channel.Name != "messenger" {
		return
	}
	envelope := firstLineEnd(p.Text)
	if h := p.History; h != nil && h.TokenUse != nil {
		u := h.TokenUse
		p.Report(lint.Diagnostic{Start: 0, End: envelope,
			Message: fmt.Sprintf("this one-time notification was already used %s before; it allows one message: ask the person again to be notified",
				humanDuration(max(0, p.Now.Sub(u.At)))),
			Detail: fmt.Sprintf("one_time_notif_token already used by %s at %s", refOrEarlier(u.Ref), timeOf(u.At))})
	}
	if m.MessagingType == "MESSAGE_TAG" || m.Tag != "" {
		var what []string
		if m.MessagingType == "MESSAGE_TAG" {
			what = append(what, "messaging_type MESSAGE_TAG")
		}
		if m.Tag != "" {
			what = append(what, "tag "+m.Tag)
		}
		p.Report(lint.Diagnostic{End: envelope, Severity: lint.Warning,
			Message: fmt.Sprintf("a one-time notification needs no %s: the token alone allows the message; drop %s",
				strings.Join(what, " or "), itOrThem(len(what)))})
	}
	if r := p.Promo(); r.Promotional {
		d := lint.Diagnostic{End: envelope, Severity: lint.Warning}
		what := ""
		if e, ok := r.Strongest(); ok {
			d.Start, d.End = e.Start, e.End
			what = fmt.Sprintf(" (%q)", p.Text.Text[e.Start:e.End])
		}
		d.Message = fmt.Sprintf("one-time notification reads as promotional%s: the person asked to be told about one topic, not to be offered deals", what)
		p.Report(d)
	}
}

func itOrThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// unavailable reports whether the policy in force says the message's
// channel lacks what (a feature as instagram.unavailable names it).
func unavailable(p *lint.Pass, what string) bool {
	return slices.Contains(factsOf(p).Strings(p.Channel.Name+".unavailable"), what)
}
