package lint

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/presend/presend/lint/history"
)

// RecordPolicy says which checked messages CheckAndRecord stores.
type RecordPolicy int

const (
	// RecordUnblocked stores messages that pass or warn: what a gateway
	// lets through. A blocked message is not sent, so it is not history.
	RecordUnblocked RecordPolicy = iota
	// RecordAll stores every message: checking a send log, where each
	// line was sent whatever presend thinks of it.
	RecordAll
)

// maxAttempts bounds CheckAndRecord's retries when other writers keep
// changing a recipient's history between its view and its record.
const maxAttempts = 8

// nearMinWords is the fewest tokens a text needs for its SimHash to be kept:
// on shorter texts one word changes too many bits to call texts near.
const nearMinWords = 8

// CheckAndRecord checks m against the history of its recipient in st and
// records it, atomically: if another writer records a send to the same
// recipient between the check and the record, the message is checked again
// against the new history. The envelope's last_user_message_at is recorded
// as an inbound message first. A message without recipient or token has no
// history: it is only checked. The error is the store's; the Result is
// valid even then: checked without the history (Result.History is
// HistoryUnavailable), never as if the recipient had none.
//
// CheckAndRecord records at once, for send logs (what was already sent).
// A gateway or a sender reserves before sending and confirms after:
// Admitter.
func (l *Linter) CheckAndRecord(ctx context.Context, st history.Store, m Message, policy RecordPolicy) (Result, error) {
	key := history.Key(m.Recipient, m.OneTimeNotifToken)
	if st == nil || key == "" {
		return l.Check(ctx, m), nil
	}
	if err := st.RecordInboundEvent(ctx, l.inboundOf(key, m)); err != nil {
		return l.CheckWithout(ctx, m), fmt.Errorf("history: %w", err)
	}
	var res Result
	live := m.SentAt.IsZero() // sent now: each attempt is at its own time
	for range maxAttempts {
		if live {
			// A retry comes after the send that beat this one: taking the
			// time again keeps that send in this message's past.
			m.SentAt = l.clock()
		}
		v, err := st.View(ctx, key, m.OneTimeNotifToken, m.SentAt)
		if err != nil {
			return l.CheckWithout(ctx, m), fmt.Errorf("history: %w", err)
		}
		res = l.CheckWith(ctx, m, &v)
		if policy == RecordUnblocked && res.Verdict == VerdictBlock {
			return res, nil
		}
		snd := sendOf(m, res)
		snd.ID = newSendID()
		err = st.Record(ctx, snd, v.Version)
		if errors.Is(err, history.ErrConflict) {
			continue
		}
		if err != nil {
			return res, fmt.Errorf("history: %w", err)
		}
		res.Recorded = &snd
		return res, nil
	}
	return res, fmt.Errorf("history: recipient %q changed %d times while being checked; not recorded", key, maxAttempts)
}

// sendOf returns the history entry for m, checked as r.
func sendOf(m Message, r Result) history.Send {
	s := history.Send{
		Recipient:   history.Key(m.Recipient, m.OneTimeNotifToken),
		At:          r.SentAt,
		Automated:   m.Automated || m.AutoReply,
		Promotional: r.Promotional,
		Fingerprint: r.Fingerprint,
		Token:       m.OneTimeNotifToken,
		Ref:         ref(m, r.Line),

		MarketingToken: m.NotificationMessagesToken,
		OptinTitle:     m.OptinRequestTitle,
	}
	if r.FingerprintWords >= nearMinWords {
		s.SimHash = r.SimHash
	}
	return s
}

// ref names a message for other messages to point at: its source and line,
// and its id when it has one ("outbox.jsonl:12 (c7)").
func ref(m Message, line int) string {
	ref := m.Source
	if ref == "-" {
		ref = "line" // standard input: "line 12 (c7)"
		if line > 0 {
			ref += " " + strconv.Itoa(line)
			line = 0
		}
	}
	if line > 0 && ref != "" {
		ref += ":" + strconv.Itoa(line)
	}
	switch {
	case m.ID == "":
	case ref == "":
		ref = m.ID
	default:
		ref += " (" + m.ID + ")"
	}
	return ref
}

// CheckLog checks msgs as a send log, each against the history of the ones
// sent before it, and records them all in st (RecordAll): a stream of
// envelopes, or a campaign checked against a history already in st.
//
// Messages are taken in sent_at order; among equal times, in the order
// given. A message without sent_at is taken as sent at the time of the check,
// after the others. Results come back in the order of msgs. After the first
// store error, the remaining messages are checked without their history
// (marked HistoryUnavailable) and the error is returned with all the
// results.
func (l *Linter) CheckLog(ctx context.Context, st history.Store, msgs []Message) ([]Result, error) {
	order, at := logOrder(msgs, l.clock())
	res := make([]Result, len(msgs))
	c := l.NewLogChecker(st)
	for _, i := range order {
		res[i] = c.Check(ctx, msgs[i], at[i])
	}
	return res, c.Err()
}

// LogChecker checks a send log one message at a time, as CheckLog does, for
// a caller that does not hold the whole log: it hands the messages in log
// order (LogOrder) and keeps what it needs of each result. Not safe for
// concurrent use.
type LogChecker struct {
	l   *Linter
	st  history.Store
	err error
}

// NewLogChecker returns a LogChecker that checks against, and records all
// messages in, st (RecordAll).
func (l *Linter) NewLogChecker(st history.Store) *LogChecker {
	return &LogChecker{l: l, st: st}
}

// Check checks m, the next message of the log, taken as sent at at (its
// sent_at, or the time of the check when it has none), against the history
// of the messages checked before it, and records it. A message with no
// recipient has no history and no place in the log's timeline: it keeps
// its own sent_at, or none (a draft, which the rules judge as such). After
// the first store error (Err), messages are checked without their history
// (marked HistoryUnavailable).
func (c *LogChecker) Check(ctx context.Context, m Message, at time.Time) Result {
	hasKey := history.Key(m.Recipient, m.OneTimeNotifToken) != ""
	switch {
	case c.err != nil && hasKey:
		return c.l.CheckWithout(ctx, m)
	case c.err != nil:
		return c.l.Check(ctx, m)
	case hasKey:
		m.SentAt = at
	}
	res, err := c.l.CheckAndRecord(ctx, c.st, m, RecordAll)
	c.err = err
	return res
}

// Err returns the first store error, nil if none.
func (c *LogChecker) Err() error { return c.err }

// newSendID returns a random identifier for a recorded send, for
// history.Store.Remove.
func newSendID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// inboundOf is what an envelope tells the history of the person's last
// message: when it was (a message: the first after an ad click the store
// knows opens the ad window), and whether it was their first after a
// Click-to-Messenger or Click-to-Direct ad (last_user_message_referral is
// the policy's messenger.ad-referral-source), which opens the ad window.
func (l *Linter) inboundOf(key string, m Message) history.Inbound {
	in := history.Inbound{Recipient: key, At: m.LastUserMessageAt, Message: true}
	if m.LastUserMessageReferral != "" {
		judged := m.SentAt
		if judged.IsZero() {
			if judged = l.cfg.PolicyDate; judged.IsZero() {
				judged = l.clock()
			}
		}
		src := l.policy.At(judged).String("messenger.ad-referral-source")
		in.Ad = src != "" && m.LastUserMessageReferral == src
	}
	return in
}
