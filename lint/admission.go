package lint

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/presend/presend/lint/history"
)

// HistoryUnavailable is Result.History for a message that has a sending
// history which could not be read (the store was down, slow or failing) and
// was checked without it: the rules that need the history abstained. It is
// a note, not a finding, and costs no points.
const HistoryUnavailable = "unavailable"

// ErrHistoryUnavailable is the error of a message that was not sent because
// its history could not be read and the store fails closed. The store's
// error is joined to it. It is transient: the same message may be sent once
// the store is back.
var ErrHistoryUnavailable = errors.New("presend: history store unavailable; message not sent (fail mode closed)")

// FailMode is what an admission does when the history store fails. It is
// the one spelling of this setting across presend's Go API: Admitter,
// Guard (WithFailMode), sendapi's Transport and Middleware, and the
// gateway's Options.FailMode.
type FailMode string

const (
	// FailClosed refuses the admission with ErrHistoryUnavailable: nothing
	// is sent that could not be checked against its history. The default
	// ("" is FailClosed).
	FailClosed FailMode = "closed"
	// FailOpen lets a message that passes without its history through,
	// unreserved. A message the rules block without its history is still
	// blocked.
	FailOpen FailMode = "open"
)

// ParseFailMode reads "closed" or "open".
func ParseFailMode(s string) (FailMode, error) {
	switch FailMode(s) {
	case FailClosed, FailOpen:
		return FailMode(s), nil
	}
	return "", fmt.Errorf("unknown fail mode %q (want closed or open)", s)
}

// Defaults of Admitter.
const (
	// DefaultStoreTimeout bounds each store call of an admission.
	DefaultStoreTimeout = 2 * time.Second
	// DefaultLease is how long a reservation counts without being
	// confirmed: longer than any send between Admit and Finish.
	DefaultLease = 2 * time.Minute
)

// Admitter lets messages through a sending history in four steps, the one
// protocol that Guard and the gateway share:
//
//  1. check: each message is checked against its recipient's history
//     (history.Store.View), under the caller's context;
//  2. reserve: a message that is not blocked is reserved in the store
//     (history.Store.Reserve) if its recipient's history did not change
//     since the check (else it is checked again), so that a racing
//     duplicate, in this process or another sharing the store, is held
//     back;
//  3. send: the caller sends the messages of an admission that is not
//     refused;
//  4. confirm or undo: Admission.Finish confirms the reservations of sent
//     messages and removes the others.
//
// Each store call has its own deadline (StoreTimeout), detached from the
// caller's context: the check is never cut short by the store, and a client
// that hangs up does not leave a half-done record. A reservation that
// reaches the store after its deadline (a write queued while the store
// stalled) stores nothing, and one never confirmed stops counting after
// Lease: a message answered "not sent" is never found in the history later,
// and its retry is not taken for a duplicate.
//
// When the store fails, the message is checked without its history
// (Result.History is HistoryUnavailable: the rules that need the history
// abstain rather than take it for empty, so a person who wrote is never
// said not to have), and the admission is refused with
// ErrHistoryUnavailable, or, with FailMode FailOpen, let through
// unreserved. A message blocked without its history is blocked in either
// mode.
type Admitter struct {
	// Store is the sending history; nil checks each message on its own.
	Store history.Store
	// FailMode is what happens when the store fails: with FailOpen the
	// messages go through without their history; by default (FailClosed)
	// the admission is refused.
	FailMode FailMode
	// FailOpen is FailMode == FailOpen.
	//
	// Deprecated: set FailMode; either lets messages through.
	FailOpen bool
	// StoreTimeout bounds each store call (DefaultStoreTimeout when 0).
	StoreTimeout time.Duration
	// Lease is how long a reservation counts unconfirmed (DefaultLease
	// when 0): more than the longest send.
	Lease time.Duration
}

// Admission is the outcome of Admitter.Admit: the results of the messages
// and the reservations to confirm or undo.
type Admission struct {
	// Results are the messages' results, in order. The Recorded field of a
	// reserved message is its reservation.
	Results []Result
	// Blocked is true when a message is blocked: none may be sent.
	Blocked bool
	// StoreErr is the store's first failure, nil if none. From then on,
	// the messages were checked without history.
	StoreErr error

	failOn   Severity
	failOpen bool
	ad       Admitter
	// reserved are the reservations made, and those that may have been
	// (the store's answer was lost): each is confirmed or removed.
	reserved []history.Send
	finished bool
}

// Admit checks msgs, each against its recipient's history, and reserves
// those not blocked (steps 1 and 2). A message without SentAt is live:
// the messages of one admission are dated once, with one reading of the
// Linter's clock (Linter.Now), in their Results and in the history alike;
// msgs itself is not changed. Then call Finish in every case: with
// false for a refused admission (Refused: send nothing and return Err),
// else with whether the messages went out. msgs are admitted together: one
// blocked message refuses them all (a caller that sends the others anyway,
// such as a check endpoint that records what passes, finishes with true:
// blocked messages have no reservation).
func (ad Admitter) Admit(ctx context.Context, l *Linter, msgs ...Message) *Admission {
	if ad.StoreTimeout <= 0 {
		ad.StoreTimeout = DefaultStoreTimeout
	}
	if ad.Lease <= 0 {
		ad.Lease = DefaultLease
	}
	a := &Admission{Results: make([]Result, len(msgs)), failOn: l.cfg.FailOn, failOpen: ad.FailsOpen(), ad: ad}
	// Live messages (no SentAt) are sent now: all those of the admission
	// are dated once, by one reading of the Linter's clock, which the
	// rules that judge the send time (quiet-hours, the policy facts in
	// force) and the history then read alike, with a store or without.
	var now time.Time
	for i, m := range msgs {
		if m.SentAt.IsZero() {
			if now.IsZero() {
				now = l.Now()
			}
			m.SentAt = now
		}
		key := history.Key(m.Recipient, m.OneTimeNotifToken)
		switch {
		case ad.Store == nil || key == "" || ctx.Err() != nil:
			// No history, or the check was stopped (ctx is done): the
			// Result says "check cancelled" and blocks.
			a.Results[i] = l.Check(ctx, m)
		case a.StoreErr != nil:
			// The store just failed: do not wait on it for each message.
			a.Results[i] = l.CheckWithout(ctx, m)
		default:
			res, err := a.admitOne(ctx, l, m, key)
			if err != nil {
				a.StoreErr = err
				res = l.CheckWithout(ctx, m)
			}
			a.Results[i] = res
		}
		if a.Results[i].Verdict == VerdictBlock {
			a.Blocked = true
		}
	}
	return a
}

// FailsOpen says whether the admission lets messages through when the
// store fails (FailMode FailOpen, or the deprecated FailOpen).
func (ad Admitter) FailsOpen() bool { return ad.FailMode == FailOpen || ad.FailOpen }

// storeContext is the context of one store call: detached from the
// caller's, bounded by StoreTimeout, unless the store never waits
// (history.NeverWaits).
func (ad Admitter) storeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if history.NeverWaits(ad.Store) {
		return context.WithoutCancel(ctx), func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), ad.StoreTimeout)
}

// admitOne checks m against the history of key and reserves it unless it
// is blocked, checking again when another writer changed the history in
// between. The error is the store's; the Result is then meaningless.
func (a *Admission) admitOne(ctx context.Context, l *Linter, m Message, key string) (Result, error) {
	st := a.ad.Store
	if !m.LastUserMessageAt.IsZero() {
		sctx, cancel := a.ad.storeContext(ctx)
		err := st.RecordInboundEvent(sctx, l.inboundOf(key, m))
		cancel()
		if err != nil {
			return Result{}, fmt.Errorf("history: %w", err)
		}
	}
	for range maxAttempts {
		sctx, cancel := a.ad.storeContext(ctx)
		v, err := st.View(sctx, key, m.OneTimeNotifToken, m.SentAt)
		cancel()
		if err != nil {
			return Result{}, fmt.Errorf("history: %w", err)
		}
		res := l.CheckWith(ctx, m, &v)
		if res.Verdict == VerdictBlock {
			return res, nil
		}
		snd := sendOf(m, res)
		snd.ID = newSendID()
		sctx, cancel = a.ad.storeContext(ctx)
		err = st.Reserve(sctx, snd, v.Version, a.ad.Lease)
		cancel()
		switch {
		case errors.Is(err, history.ErrConflict):
			continue
		case errors.Is(err, history.ErrLate):
			return Result{}, fmt.Errorf("history: %w", err)
		case err != nil:
			// The reservation may have been stored and its answer lost:
			// Finish confirms or removes it all the same.
			a.reserved = append(a.reserved, snd)
			return Result{}, fmt.Errorf("history: %w", err)
		}
		a.reserved = append(a.reserved, snd)
		res.Recorded = &snd
		return res, nil
	}
	return Result{}, fmt.Errorf("history: recipient %q changed %d times while being checked; not reserved", key, maxAttempts)
}

// Refused says whether the messages must not be sent: one is blocked, or
// the store failed and the admission fails closed.
func (a *Admission) Refused() bool {
	return a.Blocked || (a.StoreErr != nil && !a.failOpen)
}

// HistoryUnavailable says whether a message was checked without the
// history it has: the store failed (and the admission failed open, unless
// it was refused).
func (a *Admission) HistoryUnavailable() bool { return a.StoreErr != nil }

// Err is the reason a refused admission sends nothing: a *Rejection for the
// first blocked message, or ErrHistoryUnavailable joined to the store's
// error. It is nil when the admission is not refused.
func (a *Admission) Err() error {
	if !a.Refused() {
		return nil
	}
	for _, r := range a.Results {
		if r.Verdict == VerdictBlock {
			return &Rejection{Result: r, FailOn: a.failOn}
		}
	}
	return fmt.Errorf("%w: %w", ErrHistoryUnavailable, a.StoreErr)
}

// Finish ends the admission (step 4): sent says whether the messages went
// out (the upstream accepted them). Their reservations are then confirmed,
// or else removed. Finish is detached from ctx's cancellation, each store
// call bounded by StoreTimeout; a second call does nothing. The error is
// the store's: a confirmation that failed leaves the send out of the
// history once its lease ends; a removal that failed leaves the
// reservation counting until then — unless the store retries them, as the
// Redis store does before the recipient's next View.
func (a *Admission) Finish(ctx context.Context, sent bool) error {
	return a.finish(ctx, sent)
}

func (a *Admission) finish(ctx context.Context, sent bool) error {
	if a.finished {
		return nil
	}
	a.finished = true
	var errs []error
	for _, s := range a.reserved {
		sctx, cancel := a.ad.storeContext(ctx)
		var err error
		if sent {
			if err = a.ad.Store.Confirm(sctx, s); err != nil {
				err = fmt.Errorf("history: confirming the send to %q: %w", s.Recipient, err)
			}
		} else if err = a.ad.Store.Remove(sctx, s); err != nil {
			err = fmt.Errorf("history: undoing the reservation for %q: %w", s.Recipient, err)
		}
		cancel()
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Reserved returns the reservations the admission made (or may have made),
// which Finish confirms or removes.
func (a *Admission) Reserved() []history.Send { return a.reserved }
