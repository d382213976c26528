// Package history remembers what was sent to whom and when each person last
// wrote, so that rules can judge a message against the conversation it joins:
// the 24-hour messaging window, one message per one-time-notification token,
// sending frequency and duplicates.
//
// A Store is read and written in two steps that make check-and-record atomic
// without putting rule logic in the store. View returns what is known about a
// recipient together with a version; the caller checks its message against
// that view; Record then stores the send only if the recipient's version is
// still the one the view saw. When another process recorded a send to the same
// recipient in between, Record reports a conflict, nothing is stored, and the
// caller checks again against a fresh view. Two gateways racing on one
// recipient therefore cannot both pass a duplicate or both take the last place
// under a cap. The memory store (NewMemory, in this package) does this under a
// lock; the Redis store (package lint/history/redisstore, apart so that this
// package links no Redis client) does it in one Lua script.
//
// A sender that has not sent yet Reserves instead of Recording: the same
// compare-and-append, with a lease, and a deadline past which the store
// refuses the write (ErrLate) — a write that sat in a stalled server's
// socket while its caller gave up and answered "not sent" must not land
// later. Confirm makes the reservation permanent once the message went out;
// Remove undoes it when it did not; a reservation never confirmed stops
// counting when its lease ends (lint.Admitter runs this protocol).
package history

import (
	"context"
	"errors"
	"time"
)

// Send is one message sent (or about to be sent) to a recipient.
type Send struct {
	// ID identifies the send for Remove; "" when it will never be removed.
	ID string
	// Recipient is the key the send is filed under: a PSID or phone number,
	// or "otn:" + token for a one-time notification sent to a token alone.
	Recipient string
	At        time.Time
	// Automated is true for messages no person wrote at the time of sending.
	Automated bool
	// Promotional is the promotional-content detector's verdict.
	Promotional bool
	// Fingerprint is text.Fingerprint of the message: equal for texts that
	// differ only in case, spacing, placeholder values and digits.
	Fingerprint uint64
	// SimHash is text.Fingerprint's near-duplicate hash, 0 when the text
	// was too short for one.
	SimHash uint64
	// Token is the one-time-notification token the send used, if any.
	Token string
	// MarketingToken is the Marketing Messages (notification_messages)
	// token the send used, if any: one send per token per cooldown.
	MarketingToken string
	// OptinTitle is the title of the Marketing Messages opt-in request the
	// send was, if it was one: one request per title per person per week.
	OptinTitle string
	// Ref says where the send came from, for messages such as "same text as
	// outbox.jsonl:12": an envelope id, or file:line.
	Ref string
}

// View is what a store knows about one recipient at one moment.
type View struct {
	Recipient string
	// LastInbound is when the person last wrote; zero if never (or longer
	// ago than the store keeps).
	LastInbound time.Time
	// AdInbound is when the person last wrote their first message after a
	// Click-to-Messenger or Click-to-Direct ad (Inbound.Ad): the start of
	// the ad-opened window (up to 7 days), kept apart from LastInbound so
	// that a later ordinary message neither shortens nor restarts it.
	// Zero if none (or longer ago than the store keeps). Never after
	// LastInbound.
	AdInbound time.Time
	// Channel is the channel the person's inbound messages came on, when
	// one said ("instagram" for an Instagram webhook event); "" when none
	// did. It is kept while the store keeps anything of the recipient.
	Channel string
	// Sends are the sends to the recipient the store still keeps (see
	// Limits.Retention), oldest first. The slice may share memory with the
	// store: read it, never write into it (append is safe: its capacity
	// ends at its length).
	Sends []Send
	// TokenUse is the earlier send that used the token asked about, or nil.
	TokenUse *Send
	// Version changes each time a send to the recipient is recorded.
	Version uint64
}

// NeverWaits reports whether st answers every call at once, without I/O
// or a wait on another caller (the memory store): a call to it needs no
// deadline, and the timer of one would cost every call for nothing.
func NeverWaits(st Store) bool {
	_, ok := st.(*Memory)
	return ok
}

// Store keeps sending history. Implementations are safe for concurrent use.
type Store interface {
	// View returns what the store knows about recipient, and the earlier use
	// of token when token is not "". now is the time of the check: entries
	// older than the store's retention before now are left out.
	View(ctx context.Context, recipient, token string, now time.Time) (View, error)
	// Record stores s if the version of s.Recipient is still version (the
	// Version of a View). It returns ErrConflict, storing nothing, if a send
	// to the recipient was recorded since.
	Record(ctx context.Context, s Send, version uint64) error
	// Reserve stores s as Record does, as a reservation: it counts in every
	// View (so a racing duplicate is held back) until Confirm makes it
	// permanent, and stops counting lease after it was made (by the
	// store's clock) if it is never confirmed. A Reserve that reaches the
	// store after ctx's deadline (a write queued while the store stalled,
	// run when it resumed, after the caller gave up) stores nothing and
	// returns ErrLate: the caller answered "not sent", and must not find a
	// reservation of it later.
	Reserve(ctx context.Context, s Send, version uint64, lease time.Duration) error
	// Confirm makes the reservation of the send with s.Recipient and s.ID
	// permanent (and its token use): the message went out. Confirming a
	// send already confirmed or unknown is not an error and changes
	// nothing. A reservation whose lease passed is still confirmed while
	// it is stored.
	Confirm(ctx context.Context, s Send) error
	// Remove undoes the Record of the send with s.Recipient and s.ID (and
	// its token use, if it was the first): the message did not go out after
	// all, say because the platform refused it. A gateway records a send
	// before forwarding it, so that a racing duplicate is held back, and
	// removes it if the upstream fails. Removing an unknown send is not an
	// error.
	Remove(ctx context.Context, s Send) error
	// RecordInbound notes that recipient wrote at the given time. Earlier
	// times than the one known are ignored. It is RecordInboundEvent of
	// Inbound{Recipient: recipient, At: at}.
	RecordInbound(ctx context.Context, recipient string, at time.Time) error
	// RecordInboundEvent notes a person's inbound event, in one atomic
	// step: its time as RecordInbound does; when in.Ad, the same time as
	// AdInbound (the later of the known and the given); when in.AdClick,
	// the click, so that the person's first message after it (in.Message,
	// within Retention of the click) becomes AdInbound; when in.Channel is
	// not "", the recipient's channel. A zero time or an empty recipient
	// notes nothing.
	RecordInboundEvent(ctx context.Context, in Inbound) error
	// Ping reports whether the store can be used.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

// Inbound is a person writing: what the webhook tap learns of an event.
type Inbound struct {
	// Recipient is the person's id, the key sends to them are filed under.
	Recipient string
	// At is when they wrote.
	At time.Time
	// Ad says the message was the person's first after a
	// Click-to-Messenger or Click-to-Direct ad (a referral whose source
	// is ADS): it opens the ad window, up to 7 days from At.
	Ad bool
	// AdClick says the person came to an existing conversation from such
	// an ad without writing yet (a messaging_referrals event): the first
	// message they send after it opens the ad window.
	AdClick bool
	// Message says the event is one the person sent (a message, or a
	// postback such as Get Started), as opposed to a reaction or an
	// opt-in: only a message after an ad click opens the ad window.
	Message bool
	// Channel is the channel the event came on when it says ("instagram"),
	// else "".
	Channel string
}

// ErrConflict is returned by Record when the recipient's history changed
// since the View the caller checked against.
var ErrConflict = errors.New("history: recipient's history changed since it was read")

// ErrLate is returned by Reserve when the reservation reached the store
// after the caller's deadline: nothing was stored.
var ErrLate = errors.New("history: reservation reached the store after its deadline; nothing stored")

// Limits bound what a store keeps. The zero value means the defaults.
type Limits struct {
	// Retention is how long sends and inbound times are kept: long enough
	// for the longest window a rule looks back over. Default 8 days (the
	// 7-day promotional cap and HUMAN_AGENT's 7 days, plus a day).
	Retention time.Duration
	// TokenRetention is how long a one-time-notification token's use is
	// remembered. Default 366 days: Messenger tokens expire within a year.
	TokenRetention time.Duration
	// MaxSends is the most sends kept per recipient; older ones are dropped
	// first. Default 256.
	MaxSends int
}

// Default limits.
const (
	DefaultRetention      = 8 * 24 * time.Hour
	DefaultTokenRetention = 366 * 24 * time.Hour
	DefaultMaxSends       = 256
)

// WithDefaults fills the zero fields of l with the defaults.
func (l Limits) WithDefaults() Limits {
	if l.Retention <= 0 {
		l.Retention = DefaultRetention
	}
	if l.TokenRetention <= 0 {
		l.TokenRetention = DefaultTokenRetention
	}
	if l.MaxSends <= 0 {
		l.MaxSends = DefaultMaxSends
	}
	return l
}

// Key returns the key a message's history is filed under: its recipient, or
// "otn:" + token for a one-time notification addressed by token alone, or ""
// when the message has neither (it then has no history).
func Key(recipient, token string) string {
	if recipient != "" {
		return recipient
	}
	if token != "" {
		return "otn:" + token
	}
	return ""
}
