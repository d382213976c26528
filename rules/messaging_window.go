package rules

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/presend/presend/lint"
)

// MessagingWindowOptions configure messaging-window.
type MessagingWindowOptions struct {
	WindowHours int `toml:"window-hours" doc:"hours after the person's last message during which Messenger RESPONSE and UPDATE messages and free-form WhatsApp messages may be sent; 0 takes the policy's messenger.window and whatsapp.window (24 hours)"`
}

// Compile implements lint.Compiler: it validates the number.
func (o *MessagingWindowOptions) Compile(lint.CompileEnv) (any, error) {
	if o.WindowHours < 0 {
		return nil, errors.New("window-hours must be at least 1, or 0 for the policy's windows")
	}
	return nil, nil
}

// MessagingWindow flags messages sent outside the 24-hour window without what
// allows them there.
var MessagingWindow = &lint.Rule{
	Name:     "messaging-window",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "send outside the 24-hour window only what the platform allows there",
		Text: `Messenger and WhatsApp let a business write freely only for window-hours
(24) after the person's last message; outside that window the platform
rejects the message.
- Messenger (standard messaging window, in force since 2020-03-04, when it
  ended the "24+1" rule): a message with messaging_type RESPONSE or UPDATE
  is flagged when the person last wrote more than 24 hours before it, or
  never wrote. Outside the window only MESSAGE_TAG with a valid tag (see
  message-tag) or a one-time notification (one_time_notif_token) may be
  sent. A messaging_type other than RESPONSE, UPDATE or MESSAGE_TAG is
  flagged too: the Send API rejects it.
- WhatsApp (customer service window): a free-form message, one without
  template_category, is flagged in the same case; outside the window only an
  approved template may be sent.
The windows are policy facts (messenger.window, whatsapp.window; see
presend policy), judged at the message's send time; window-hours, when
set, wins over them.
"When" is the message's sent_at (the time of the check when it has none);
the person's last message is the later of last_user_message_at and what the
sending history knows. A missing last_user_message_at means the person never
wrote. The rule needs that context: a Messenger message with no
messaging_type, or a WhatsApp message with no recipient, sent_at or
last_user_message_at (a draft), draws nothing. Neither does a message
addressed by user_ref (a first message after a plugin opt-in), which has an
allowance of its own. A private reply, addressed by comment_id or post_id
(a send log writes the recipient "comment_id:…"), is one message per post
or comment: a second one to the same post or comment is an error. (Its 7
days from the comment are not checked: nothing says when it was written.) Findings point at the first line: they
are about the whole message.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env: &lint.Message{MessagingType: "UPDATE", SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-31 * time.Hour)},
				GoodEnv: &lint.Message{OneTimeNotifToken: "otn-shipping-en", MessagingType: "UPDATE", SentAt: exampleTime(0), LastUserMessageAt: exampleTime(-31 * time.Hour)}, //nolint:gosec // G101: an example token, not a credential
				Bad:     "Your order #4821 has shipped and arrives Thursday.",
				Good:    "Your order #4821 has shipped and arrives Thursday."},
			{Lang: "fr",
				Env:     &lint.Message{MessagingType: "RESPONSE", SentAt: exampleTime(0)},
				GoodEnv: &lint.Message{MessagingType: "RESPONSE", OneTimeNotifToken: "otn-aurora-fr", SentAt: exampleTime(0)}, // #nosec G101 -- an example token, not a credential
				Bad:     "La lampe Aurora que vous attendiez est de retour en stock.",
				Good:    "La lampe Aurora que vous attendiez est de retour en stock."},
		},
	},
	Options: func() any { return &MessagingWindowOptions{} },
	Run:     runMessagingWindow,
}

func runMessagingWindow(p *lint.Pass) {
	o := p.Options.(*MessagingWindowOptions)
	m := p.Msg
	var window, allowed string
	switch p.Channel.Name {
	case "messenger":
		switch m.MessagingType {
		case "", "MESSAGE_TAG":
			return // a draft, or a tagged message: message-tag judges the tag
		case "RESPONSE", "UPDATE":
		default:
			p.Reportf(0, firstLineEnd(p.Text), "messaging_type %q is not RESPONSE, UPDATE or MESSAGE_TAG; the Send API rejects it", m.MessagingType)
			return
		}
		if m.OneTimeNotifToken != "" {
			return // a one-time notification may go out at any time
		}
		switch m.RecipientKind {
		case "post_id", "comment_id":
			// A private reply: one message per post or comment, within
			// 7 days of it. The person answers from their own id, so
			// nothing opens a window for this address.
			if h := p.History; h != nil && len(h.Sends) > 0 {
				ago := max(p.Now.Sub(h.Sends[len(h.Sends)-1].At), 0)
				p.Reportf(0, firstLineEnd(p.Text), "a private reply was already sent to this %s %s ago; Messenger allows one per post or comment, and only the person's answer (to their own id) opens a conversation",
					strings.TrimSuffix(m.RecipientKind, "_id"), humanDuration(ago))
			}
			return
		case "user_ref":
			// A first message after a checkbox or chat plugin opt-in: its
			// own allowance, which the person's last message does not open.
			return
		}
		window = hoursWindow(windowOf(p, o))
		allowed = "only MESSAGE_TAG with a valid tag or a one-time notification may be sent"
	case "whatsapp":
		if m.TemplateCategory != "" {
			return
		}
		if m.Recipient == "" && m.SentAt.IsZero() && m.LastUserMessageAt.IsZero() && p.History == nil {
			return // a draft: nothing says when or to whom it is sent
		}
		window = fmt.Sprintf("WhatsApp's %s customer service window", windowLength(windowOf(p, o)))
		allowed = "only an approved template (template_category) may be sent"
	default:
		return
	}
	limit := windowOf(p, o)
	if limit <= 0 {
		return // no window in force on this channel
	}
	ago, wrote := sinceLastMessage(p)
	switch {
	case !wrote:
		p.Reportf(0, firstLineEnd(p.Text), "%s, so %s is not open; %s", neverWrote(p), window, allowed)
	case ago > limit:
		p.Reportf(0, firstLineEnd(p.Text), "%s; outside %s %s", lastWrote(ago, limit), window, allowed)
	}
}

// windowOf returns the channel's window: window-hours when set, else the
// policy's <channel>.window in force.
func windowOf(p *lint.Pass, o *MessagingWindowOptions) time.Duration {
	if o.WindowHours > 0 {
		return time.Duration(o.WindowHours) * time.Hour
	}
	return p.Policy.Duration(p.Channel.Name + ".window")
}

// sinceLastMessage returns how long before the message the person last
// wrote (0 when the envelope dates their message after it), and false when
// they never wrote.
func sinceLastMessage(p *lint.Pass) (time.Duration, bool) {
	last := p.LastUserMessage()
	if last.IsZero() {
		return 0, false
	}
	return max(0, p.Now.Sub(last)), true
}

// lastWrote says when the person last wrote, for a finding about a limit:
// "the person last wrote 31 hours before this message". Where the rounded
// figure would equal the limit, it says the rest too ("24 hours and 30
// minutes"), so that the finding never reads as "24 hours, over 24 hours".
func lastWrote(ago, limit time.Duration) string {
	return "the person last wrote " + durationOver(ago, limit) + " before this message"
}

// neverWrote says that the person never wrote, and how presend knows: a
// Send API body cannot say when the person last wrote, so the finding
// names what would.
func neverWrote(p *lint.Pass) string {
	if p.History != nil {
		return "the person never wrote (no last_user_message_at, none in the history)"
	}
	return "the person never wrote (no last_user_message_at)"
}

// durationOver renders d with humanDuration, adding the remainder when d is
// over limit but renders the same.
func durationOver(d, limit time.Duration) string {
	s := humanDuration(d)
	if d <= limit || s != humanDuration(limit) {
		return s
	}
	unit := time.Hour
	if d >= 48*time.Hour {
		unit = 24 * time.Hour
	}
	switch rest := d - d.Truncate(unit); {
	case rest >= time.Minute:
		s += " and " + humanDuration(rest)
	case rest > 0:
		s = "just over " + s // "24 hours" would read as inside the window
	}
	return s
}

// timeOf renders a time for findings: "2026-11-20 10:00 UTC".
func timeOf(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
