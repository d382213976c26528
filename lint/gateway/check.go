package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
)

// handleCheck is POST /v1/check. The body is one envelope, one Send API
// body, or a batch {"messages": [...]} of them (see readMessages). The
// answer is 200 with the JSON result object of the CLI (DESIGN.md §3) for
// one message, and {"version": 1, "results": [...]} for a batch, the CLI's
// JSON output, in the order of the batch; blocked messages are 200 too:
// the verdict says it.
//
// Messages are checked against the history of their recipients without
// changing it: a batch is checked as a send log, each message against the
// history and the messages before it, as `presend lint` checks a file. With
// ?record=true the messages not blocked are recorded as sent (in the order
// of the batch), for callers that send what passes themselves.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		s.fail(w, r, apiError{status: http.StatusUnauthorized, subcode: SubcodeUnauthorized,
			msg: "presend: missing or unknown bearer token (Authorization: Bearer …)"})
		return
	}
	var record bool
	var v string
	if r.URL.RawQuery != "" { // the query is parsed only when there is one
		v = r.URL.Query().Get("record")
	}
	switch v {
	case "", "0", "false":
	case "1", "true":
		record = true
	default:
		s.fail(w, r, apiError{status: http.StatusBadRequest, subcode: SubcodeBadRequest,
			msg: "presend: record=" + strconv.Quote(v) + ": want true or false"})
		return
	}
	body, ok := s.body(w, r)
	if !ok {
		return
	}
	msgs, batch, err := sendapi.ReadMessages(body)
	if err != nil {
		s.failWith(w, r, sendapi.BadInput(err))
		return
	}
	l := s.opts.Linter()
	if record {
		// A recorded send dated far ahead would make every other send
		// look expired next to it: the store's clock is the latest time
		// it was told of. Live traffic is sent now, give or take a clock.
		limit := l.Now().Add(maxFutureSentAt)
		for _, m := range msgs {
			if m.SentAt.After(limit) {
				s.fail(w, r, apiError{status: http.StatusBadRequest, subcode: SubcodeBadRequest,
					msg: fmt.Sprintf("presend: sent_at %s is in the future; a recorded send must be dated now (leave sent_at out)", m.SentAt.Format(time.RFC3339))})
				return
			}
		}
	}
	var results []lint.Result
	var storeErr error
	ctx, cancel := s.checkContext(r.Context())
	defer cancel()
	if record {
		// The caller sends what passes itself: the reservations of the
		// messages not blocked are confirmed at once, unless the check was
		// stopped, or the store failed and the fail mode is closed.
		a := s.gate.Admit(ctx, viaCheck, l, msgs)
		results, storeErr = a.Results, a.StoreErr
		if ctx.Err() != nil {
			s.gate.Finish(r.Context(), a, false)
			s.stopped(w, r, viaCheck, ctx.Err())
			return
		}
		s.gate.Finish(r.Context(), a, storeErr == nil || s.gate.Admitter.FailsOpen())
	} else {
		start := time.Now()
		results, storeErr = s.dryRun(ctx, l, msgs)
		if ctx.Err() != nil {
			s.stopped(w, r, viaCheck, ctx.Err())
			return
		}
		s.m.observeChecks(viaCheck, results, time.Since(start))
		if storeErr != nil {
			s.m.storeError(opViewRecord)
			s.log.LogAttrs(r.Context(), slog.LevelError, "history store failed", slog.String("via", viaCheck),
				slog.String("op", "view"), slog.Any("error", storeErr), slog.Bool("fail_open", s.gate.Admitter.FailsOpen()))
			if s.gate.Admitter.FailsOpen() {
				s.m.failedOpen(viaCheck, len(msgs))
			}
		}
	}
	s.logResults(r, msgs, results)
	if storeErr != nil {
		if !s.gate.Admitter.FailsOpen() {
			s.fail(w, r, apiError{status: http.StatusServiceUnavailable, subcode: SubcodeStoreUnavailable,
				msg: "presend: history store unavailable, the messages could not be checked against what was sent before (fail mode closed): " + storeErr.Error()})
			return
		}
		w.Header().Set(historyHeader, lint.HistoryUnavailable)
	}
	out, err := sendapi.MarshalResults(results, batch)
	if err != nil {
		s.fail(w, r, apiError{status: http.StatusInternalServerError, subcode: sendapi.SubcodeInternal, msg: "presend: " + err.Error()})
		return
	}
	// The headers set as h.Set would, the values of two in one slice and
	// Content-Type's shared: net/http only reads them.
	h := w.Header()
	vs := []string{strconv.Itoa(len(out)), state(r).id}
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = vs[0:1:1]
	h["X-Request-Id"] = vs[1:2:2]
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// jsonContentType is the Content-Type of a JSON answer, as a header value:
// never written to (a handler setting the header replaces the slice, one
// adding to it grows a copy, its capacity being its length).
var jsonContentType = []string{"application/json; charset=utf-8"}

// maxFutureSentAt is how far ahead of the gateway's clock a recorded send
// may be dated: the clocks of the caller and the gateway differ a little.
const maxFutureSentAt = 5 * time.Minute

// dryRun checks msgs against the store without recording anything. One
// message is checked against its recipient's view; a batch is checked as a
// send log (Linter.CheckLog) on a memory copy of what the store knows of its
// recipients and tokens. On a store error, the messages are checked without
// history and the error is returned too.
func (s *Server) dryRun(ctx context.Context, l *lint.Linter, msgs []lint.Message) ([]lint.Result, error) {
	now := l.Now()
	without := func() []lint.Result {
		out := make([]lint.Result, len(msgs))
		for i, m := range msgs {
			if ctx.Err() != nil {
				break // past the check deadline: the caller answers 503
			}
			if history.Key(m.Recipient, m.OneTimeNotifToken) == "" {
				out[i] = l.Check(ctx, m)
			} else {
				out[i] = l.CheckWithout(ctx, m)
			}
		}
		return out
	}
	if len(msgs) == 1 {
		m := msgs[0]
		key := history.Key(m.Recipient, m.OneTimeNotifToken)
		if key == "" {
			return without(), nil
		}
		if m.SentAt.IsZero() {
			m.SentAt = now
		}
		sctx, cancel := s.storeContext(ctx)
		v, err := s.Store().View(sctx, key, m.OneTimeNotifToken, m.SentAt)
		cancel()
		if err != nil {
			return without(), err
		}
		return []lint.Result{l.CheckWith(ctx, m, &v)}, nil
	}
	mem, err := seed(ctx, s.storeContext, s.Store(), msgs, now)
	if err != nil {
		return without(), err
	}
	return l.CheckLog(ctx, mem, msgs)
}

// seed copies into a new memory store what st knows of the recipients and
// one-time-notification tokens of msgs: their sends, last inbound and
// ad-opened times, channels and token uses. Each View of st runs under its own storeCtx.
func seed(ctx context.Context, storeCtx func(context.Context) (context.Context, context.CancelFunc), st history.Store, msgs []lint.Message, now time.Time) (*history.Memory, error) {
	mem := history.NewMemory(history.Limits{})
	type seeded struct {
		version uint64
		ids     map[string]bool
	}
	byKey := map[string]*seeded{}
	// view reads what st knows for m, at m's time (now for a message sent
	// now).
	view := func(m lint.Message, recipient, token string) (history.View, error) {
		sctx, cancel := storeCtx(ctx)
		defer cancel()
		if m.SentAt.IsZero() {
			return st.View(sctx, recipient, token, now)
		}
		return st.View(sctx, recipient, token, m.SentAt)
	}
	for _, m := range msgs {
		key := history.Key(m.Recipient, m.OneTimeNotifToken)
		if key == "" || byKey[key] != nil {
			continue
		}
		v, err := view(m, key, "")
		if err != nil {
			return nil, err
		}
		sd := &seeded{ids: map[string]bool{}}
		byKey[key] = sd
		for _, snd := range v.Sends {
			if err := mem.Record(ctx, snd, sd.version); err != nil {
				return nil, err
			}
			sd.version++
			sd.ids[snd.ID] = true
		}
		if !v.AdInbound.IsZero() {
			if err := mem.RecordInboundEvent(ctx, history.Inbound{Recipient: key, At: v.AdInbound, Ad: true}); err != nil {
				return nil, err
			}
		}
		if err := mem.RecordInboundEvent(ctx, history.Inbound{Recipient: key, At: v.LastInbound, Channel: v.Channel}); err != nil {
			return nil, err
		}
	}
	seenToken := map[string]bool{}
	for _, m := range msgs {
		tok := m.OneTimeNotifToken
		if tok == "" || seenToken[tok] {
			continue
		}
		seenToken[tok] = true
		v, err := view(m, "", tok)
		if err != nil {
			return nil, err
		}
		u := v.TokenUse
		if u == nil || u.Recipient == "" {
			continue
		}
		sd := byKey[u.Recipient]
		if sd == nil {
			sd = &seeded{ids: map[string]bool{}}
			byKey[u.Recipient] = sd
		}
		if u.ID != "" && sd.ids[u.ID] {
			continue
		}
		if err := mem.Record(ctx, *u, sd.version); err != nil {
			return nil, err
		}
		sd.version++
	}
	return mem, nil
}
