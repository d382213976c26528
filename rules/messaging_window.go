package rules

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
)

// MessagingWindowOptions configure messaging-window.
type MessagingWindowOptions struct {
	WindowHours   int `toml:"window-hours" doc:"hours after the person's last message during which Messenger and Instagram RESPONSE and UPDATE messages and free-form WhatsApp messages may be sent; 0 takes the policy's <channel>.window (24 hours)"`
	AdWindowHours int `toml:"ad-window-hours" doc:"hours the window lasts when the person's last message was their first after a Click-to-Messenger or Click-to-Direct ad (last_user_message_referral ADS); 0 takes the policy's <channel>.ad-window (7 days)"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *MessagingWindowOptions) Compile(lint.CompileEnv) (any, error) {
	if o.WindowHours < 0 || o.AdWindowHours < 0 {
		return nil, errors.New("window-hours and ad-window-hours must be at least 1, or 0 for the policy's values")
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
		Text: `Messenger, Instagram and WhatsApp let a business write freely only for a
while after the person's last message: the policy's <channel>.window (24
hours; window-hours overrides it); outside that window the platform
rejects the message. The window in force at the send time counts (see
presend policy); before the first one presend knows (2020-03-04) the rule
says nothing.
- Messenger (standard messaging window, in force since 2020-03-04, when it
  ended the "24+1" rule): a message with messaging_type RESPONSE or UPDATE
  is flagged when the person last wrote more than 24 hours before it, or
  never wrote. Outside the window only what the policy's
  messenger.outside-window names may go out: until 2026-04-26 a message tag
  (see message-tag) or a one-time notification (one_time_notif_token);
  from 2026-04-27 a utility message or a one-time notification. A
  Marketing Message (notification_messages_token) may go out at any time
  (see marketing-message). A messaging_type other than RESPONSE, UPDATE or
  MESSAGE_TAG is flagged too: the Send API rejects it.
- The ad-opened window: when the person's last message was their first
  after a Click-to-Messenger or Click-to-Direct ad, the window it opens
  lasts up to 7 days (the policy's <channel>.ad-window; ad-window-hours
  overrides it; Meta's messaging policy, updated 2026-09-28). The webhook
  marks that message with a referral whose source is ADS: give it as
  last_user_message_referral (or --last-user-message-referral). The 7 days
  run from the ad-opened message, and a later ordinary message neither
  shortens nor restarts them. The sending history keeps that message's time
  apart from the last one (the gateway's webhook tap records it, and a send
  log records an envelope's ad referral), so a later message's envelope
  need not repeat it. Precedence: an envelope that names the ad referral
  wins (its last_user_message_at starts the 7 days, whatever the history
  holds); otherwise the history's ad-opened message does.
- Instagram: as Messenger, with the policy's instagram.window (24 hours) and
  instagram.ad-window (7 days, after a Click-to-Direct ad). Outside the
  window only a person's HUMAN_AGENT reply may be sent, within 7 days:
  Instagram has no one-time notifications, utility messages or Marketing
  Messages. As message-tag judges Messenger's tags only, this rule judges
  Instagram's MESSAGE_TAG: a tag other than HUMAN_AGENT, no tag, an
  automated HUMAN_AGENT message, or one more than 7 days (the policy's
  instagram.human-agent-window) after the person's last message is an
  error.
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
				// The person's last message was their first after a
				// Click-to-Messenger ad: its window lasts 7 days.
				GoodEnv: &lint.Message{MessagingType: "UPDATE", SentAt: exampleTime(0),
					LastUserMessageAt: exampleTime(-31 * time.Hour), LastUserMessageReferral: "ADS"},
				Bad:  "Your order #4821 has shipped and arrives Thursday.",
				Good: "Your order #4821 has shipped and arrives Thursday."},
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
	facts := factsOf(p)
	var window, allowed string
	name := p.Channel.Name
	switch name {
	case "messenger", "instagram":
		switch m.MessagingType {
		case "MESSAGE_TAG":
			if name == "instagram" {
				instagramTag(p, facts)
			}
			return // on Messenger, message-tag judges the tag
		case "":
			return // a draft
		case "RESPONSE", "UPDATE":
		default:
			p.Report(lint.Diagnostic{Start: 0, End: firstLineEnd(p.Text),
				Message: fmt.Sprintf("messaging_type %q is not RESPONSE, UPDATE or MESSAGE_TAG: Messenger refuses the message", m.MessagingType),
				Detail:  "the Send API rejects any other messaging_type"})
			return
		}
		if m.OneTimeNotifToken != "" || m.NotificationMessagesToken != "" {
			// A one-time notification or a Marketing Message may go out at
			// any time (on Instagram, where neither exists,
			// one-time-notification and marketing-message say so).
			return
		}
		switch m.RecipientKind {
		case "post_id", "comment_id":
			// A private reply: one message per post or comment, within
			// 7 days of it. The person answers from their own id, so
			// nothing opens a window for this address.
			if h := p.History; h != nil && len(h.Sends) > 0 { // abstains when the history is unavailable
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
		allowed = "only MESSAGE_TAG with a valid tag or a one-time notification may be sent"
		if outside := facts.Strings("messenger.outside-window"); len(outside) > 0 {
			allowed = "only " + strings.Join(outside, " or ") + " may be sent"
		}
		if name == "instagram" {
			allowed = fmt.Sprintf("only a person's %s reply (MESSAGE_TAG) may be sent, within %s",
				facts.String("messenger.tag.human-agent"), humanDuration(facts.Duration("instagram.human-agent-window")))
		}
	case "whatsapp":
		if m.TemplateCategory != "" {
			return
		}
		if m.Recipient == "" && m.SentAt.IsZero() && m.LastUserMessageAt.IsZero() && p.History == nil {
			return // a draft: nothing says when or to whom it is sent
		}
		allowed = "only an approved template (template_category) may be sent"
	default:
		return
	}
	if p.HistoryUnavailable {
		// The history may know a later message of the person than the
		// envelope does (or any): nothing holds without it.
		return
	}
	limit := windowOf(p, o)
	if limit <= 0 {
		return // no window in force at the send time (before 2020-03-04): nothing to judge by
	}
	window = fmt.Sprintf("the %s window", lengthAdj(limit))
	if name == "whatsapp" {
		window = fmt.Sprintf("WhatsApp's %s customer service window", lengthAdj(limit))
	}
	ago, wrote := sinceLastMessage(p)
	ad := adWindow(o, facts, name)
	adAt := historyAdInbound(p, facts, ad)
	switch {
	case !wrote:
		p.Reportf(0, firstLineEnd(p.Text), "%s, so %s is not open; %s", neverWrote(p), window, allowed)
	case ago <= limit:
	case adWindowOpen(p, o, facts):
	case adReferral(p, facts):
		p.Report(lint.Diagnostic{Start: 0, End: firstLineEnd(p.Text),
			Message: fmt.Sprintf("the person last wrote %s before this message, their first message after %s; outside the %s window it opened %s",
				durationOver(p.Now.Sub(m.LastUserMessageAt), ad), adName(name), lengthAdj(ad), allowed),
			Detail: fmt.Sprintf("the envelope's last_user_message_referral is %s", m.LastUserMessageReferral)})
	case adAt.IsZero():
		p.Reportf(0, firstLineEnd(p.Text), "%s; outside %s %s", lastWrote(ago, limit), window, allowed)
	case p.Now.Sub(adAt) <= ad:
		// The window the person's first message after an ad opened, as
		// the history recorded it, is still open.
	case adAt.Equal(p.LastUserMessage()):
		p.Report(lint.Diagnostic{Start: 0, End: firstLineEnd(p.Text),
			Message: fmt.Sprintf("the person last wrote %s before this message, their first message after %s; outside the %s window it opened %s",
				durationOver(p.Now.Sub(adAt), ad), adName(name), lengthAdj(ad), allowed),
			Detail: "the send history recorded the person's message after the ad"})
	default:
		p.Report(lint.Diagnostic{Start: 0, End: firstLineEnd(p.Text),
			Message: fmt.Sprintf("%s, and the %s window their first message after %s opened %s before it has ended too; outside both %s",
				lastWrote(ago, limit), lengthAdj(ad), adName(name), durationOver(p.Now.Sub(adAt), ad), allowed),
			Detail: "the send history recorded the person's message after the ad"})
	}
}

// historyAdInbound returns when the person wrote their first message after
// a Click-to-Messenger or Click-to-Direct ad, as the history recorded it
// (the webhook tap, or a send log's envelope): zero when the history knows
// of none, when there is no ad window on the channel at the send time, or
// when the envelope names the ad referral itself, which then wins.
func historyAdInbound(p *lint.Pass, facts *policy.Facts, ad time.Duration) time.Time {
	if p.History == nil || ad <= 0 || facts.String("messenger.ad-referral-source") == "" || adReferral(p, facts) {
		return time.Time{}
	}
	return p.History.AdInbound
}

// instagramTag judges a tagged Instagram message, which message-tag (a
// Messenger rule) leaves alone: Instagram accepts only the human-agent tag
// (the policy's messenger.tag.human-agent, HUMAN_AGENT), for a person's
// reply within instagram.human-agent-window (7 days) of the person's last
// message, never automated.
func instagramTag(p *lint.Pass, facts *policy.Facts) {
	m := p.Msg
	human := facts.String("messenger.tag.human-agent")
	limit := facts.Duration("instagram.human-agent-window")
	if human == "" || limit <= 0 {
		return // nothing known at the send time
	}
	at := firstLineEnd(p.Text)
	switch {
	case m.Tag == "":
		p.Reportf(0, at, "MESSAGE_TAG without a tag; on Instagram only %s is accepted, for a person's reply within %s", human, humanDuration(limit))
		return
	case m.Tag != human:
		p.Reportf(0, at, "tag %s is refused on Instagram, which accepts only %s (a person's reply within %s of the person's last message)", m.Tag, human, humanDuration(limit))
		return
	case m.Automated || m.AutoReply:
		p.Reportf(0, at, "%s is for a reply a person writes; an automated message may not use it", human)
	}
	ago, wrote := sinceLastMessage(p)
	switch {
	case !wrote:
		p.Reportf(0, at, "%s, so %s may not be used: it allows a reply within %s of the person's last message", neverWrote(p), human, humanDuration(limit))
	case ago > limit:
		p.Reportf(0, at, "%s; %s allows a reply only within %s", lastWrote(ago, limit), human, humanDuration(limit))
	}
}

// adReferral reports whether the envelope says the person's last message
// was their first after a Click-to-Messenger or Click-to-Direct ad: its
// referral source is the policy's messenger.ad-referral-source ("ADS").
func adReferral(p *lint.Pass, facts *policy.Facts) bool {
	src := facts.String("messenger.ad-referral-source")
	return src != "" && p.Msg.LastUserMessageReferral == src && !p.Msg.LastUserMessageAt.IsZero()
}

// adWindow is how long a window opened by an ad lasts on channel.
func adWindow(o *MessagingWindowOptions, facts *policy.Facts, channel string) time.Duration {
	if o.AdWindowHours > 0 {
		return time.Duration(o.AdWindowHours) * time.Hour
	}
	return facts.Duration(channel + ".ad-window")
}

// adWindowOpen reports whether the window opened by an ad is still open at
// the send time. It runs from the person's message that came with the
// referral (last_user_message_at), whatever they wrote later: a later
// ordinary message opens a 24-hour window of its own, which does not
// shorten this one.
func adWindowOpen(p *lint.Pass, o *MessagingWindowOptions, facts *policy.Facts) bool {
	if !adReferral(p, facts) {
		return false
	}
	ad := adWindow(o, facts, p.Channel.Name)
	return ad > 0 && p.Now.Sub(p.Msg.LastUserMessageAt) <= ad
}

// lengthAdj is a length of time as an adjective: "24-hour", "7-day".
func lengthAdj(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d-day", int(d/(24*time.Hour)))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d-hour", int(d/time.Hour))
	}
	return humanDuration(d)
}

// adName names the kind of ad that opens a long window on channel.
func adName(channel string) string {
	if channel == "instagram" {
		return "a Click-to-Direct ad"
	}
	return "a Click-to-Messenger ad"
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
