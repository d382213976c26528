package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// handleWebhook is POST /webhook: the webhook tap. It takes the webhook
// events of Messenger (object "page"), Instagram messaging ("instagram") and
// the WhatsApp Cloud API ("whatsapp_business_account"), and records, for
// each person who wrote, the time they wrote: that opens the 24-hour
// window (POLICY.md). Events that open it: a message (not an echo of the
// page's own), a postback (Get Started, a button), a reaction, a referral
// (m.me link, ad, chat plugin) and an opt-in; on WhatsApp, a message.
// Deliveries, reads and echoes are counted, not recorded. The time is the
// event's timestamp (a time in the future is taken as now).
//
// With an app secret, the X-Hub-Signature-256 header must be the HMAC-SHA256
// of the raw body (403 otherwise, nothing recorded or forwarded). The body is
// then forwarded, unchanged and with its signature, to the webhook upstream
// when there is one, whose answer goes back to the platform (a failure: 502,
// so that the platform delivers the events again); without one the answer
// is 200 "EVENT_RECEIVED", as Messenger expects.
//
// A store failure does not fail the webhook: the events are still
// forwarded and acknowledged, the failure is logged and counted
// (presend_store_errors_total{op="record_inbound"}). Failing it would make
// the platform retry and, after long enough, disable the webhook; and a
// missed inbound time errs on the safe side, keeping the window shut.
func (s *Server) handleWebhook(w http.ResponseWriter, r *http.Request) {
	body, ok := s.body(w, r)
	if !ok {
		return
	}
	st := state(r)
	if s.opts.AppSecret != "" && !validSignature(body, r.Header.Get("X-Hub-Signature-256"), s.opts.AppSecret) {
		s.fail(w, r, apiError{status: http.StatusForbidden, subcode: SubcodeForbidden,
			msg: "presend: missing or invalid X-Hub-Signature-256 (HMAC-SHA256 of the body with the app secret)"})
		return
	}
	events, kinds, err := parseWebhook(body, s.opts.Linter().Now())
	if _, notJSON := errors.AsType[*json.SyntaxError](err); notJSON {
		s.fail(w, r, apiError{status: http.StatusBadRequest, subcode: SubcodeBadRequest,
			msg: "presend: not a webhook event: the body is not JSON"})
		return
	}
	if err != nil {
		// Not an event presend understands (a new field type, another
		// object): it records nothing, but the application behind may
		// well understand it, and refusing would make the platform retry
		// and in the end disable the webhook. Log, count, pass it on.
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "webhook event not understood; forwarded without recording",
			slog.String("request_id", st.id), slog.Any("error", err))
		events, kinds = nil, map[string]int{"unparsed": 1}
	}
	for kind, n := range kinds {
		s.m.webhookEvents.WithLabelValues(kind).Add(float64(n))
	}
	failed := 0
	for i, ev := range events {
		// Each store call has its own deadline: a batch of events does
		// not share one. After a failure the store is not waited on
		// again for the rest.
		sctx, cancel := s.gate.storeContext(r.Context())
		err := s.store.RecordInbound(sctx, ev.from, ev.at)
		cancel()
		if err != nil {
			failed = len(events) - i
			s.m.storeError(opRecordInbound)
			s.log.LogAttrs(r.Context(), slog.LevelError, "history store failed: inbound messages not recorded",
				slog.String("request_id", st.id), slog.String("op", opRecordInbound), slog.Any("error", err))
			break
		}
	}
	st.add(slog.Int("inbound", len(events)))
	if failed > 0 {
		st.add(slog.Int("inbound_not_recorded", failed))
	}
	if s.webhook == nil {
		writeText(w, http.StatusOK, "EVENT_RECEIVED")
		return
	}
	target := *s.webhook
	if r.URL.RawQuery != "" {
		target.RawQuery = r.URL.RawQuery
	}
	if _, err := s.forward(w, r, upstreamWebhook, &target, body); err != nil {
		s.upstreamFailed(w, r, err)
	}
}

// handleVerify is GET /webhook: the subscription's verification request
// (hub.mode=subscribe, hub.verify_token, hub.challenge). With a verify
// token, the gateway answers it: the challenge, or 403. Without one it
// forwards the request to the webhook upstream, which knows its own token,
// or refuses it.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if s.opts.VerifyToken == "" {
		if s.webhook != nil {
			target := *s.webhook
			target.RawQuery = r.URL.RawQuery
			if _, err := s.forward(w, r, upstreamWebhook, &target, nil); err != nil {
				s.upstreamFailed(w, r, err)
			}
			return
		}
		s.fail(w, r, apiError{status: http.StatusForbidden, subcode: SubcodeForbidden,
			msg: "presend: no verify token is configured (PRESEND_VERIFY_TOKEN)"})
		return
	}
	token := q.Get("hub.verify_token")
	if q.Get("hub.mode") != "subscribe" || subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.VerifyToken)) != 1 {
		s.fail(w, r, apiError{status: http.StatusForbidden, subcode: SubcodeForbidden,
			msg: "presend: verification refused: hub.mode must be subscribe and hub.verify_token the configured token"})
		return
	}
	writeText(w, http.StatusOK, q.Get("hub.challenge"))
}

// validSignature checks an X-Hub-Signature-256 header ("sha256=<hex>").
func validSignature(body []byte, header, secret string) bool {
	sig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the X-Hub-Signature-256 value of body for an app secret, as
// the platform computes it.
func Sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// inbound is a person writing: their id (the PSID, Instagram-scoped id or
// WhatsApp id that sends address them by) and when.
type inbound struct {
	from string
	at   time.Time
}

type webhookBody struct {
	Object string         `json:"object"`
	Entry  []webhookEntry `json:"entry"`
}

type webhookEntry struct {
	Time      int64          `json:"time"`
	Messaging []webhookEvent `json:"messaging"`
	Standby   []webhookEvent `json:"standby"` // handover protocol: events for another app
	Changes   []struct {
		Field string `json:"field"`
		Value struct {
			Messages []struct {
				From      string `json:"from"`
				Timestamp string `json:"timestamp"` // Unix seconds, as a string
			} `json:"messages"`
		} `json:"value"`
	} `json:"changes"`
}

type webhookEvent struct {
	Sender struct {
		ID string `json:"id"`
	} `json:"sender"`
	Timestamp int64 `json:"timestamp"` // Unix milliseconds
	Message   *struct {
		IsEcho bool `json:"is_echo"`
	} `json:"message"`
	Postback json.RawMessage `json:"postback"`
	Reaction json.RawMessage `json:"reaction"`
	Referral json.RawMessage `json:"referral"`
	Optin    json.RawMessage `json:"optin"`
}

// kind names what an event is, for the metrics; opens says whether it opens
// the window.
func (e *webhookEvent) kind() (kind string, opens bool) {
	switch {
	case e.Message != nil && e.Message.IsEcho:
		return "echo", false
	case e.Message != nil:
		return "message", true
	case e.Postback != nil:
		return "postback", true
	case e.Reaction != nil:
		return "reaction", true
	case e.Referral != nil:
		return "referral", true
	case e.Optin != nil:
		return "optin", true
	}
	return "other", false
}

// parseWebhook returns the inbound messages of a webhook body, and the
// number of events of each kind.
func parseWebhook(body []byte, now time.Time) ([]inbound, map[string]int, error) {
	var wb webhookBody
	if err := json.Unmarshal(body, &wb); err != nil {
		return nil, nil, err
	}
	kinds := map[string]int{}
	var out []inbound
	clampTime := func(t time.Time) time.Time {
		if t.IsZero() || t.After(now) {
			return now
		}
		return t
	}
	for _, e := range wb.Entry {
		for _, list := range [][]webhookEvent{e.Messaging, e.Standby} {
			for i := range list {
				ev := &list[i]
				kind, opens := ev.kind()
				kinds[kind]++
				if !opens || ev.Sender.ID == "" {
					continue
				}
				ms := ev.Timestamp
				if ms == 0 {
					ms = e.Time
				}
				var at time.Time
				if ms > 0 {
					at = time.UnixMilli(ms)
				}
				out = append(out, inbound{from: ev.Sender.ID, at: clampTime(at)})
			}
		}
		for _, c := range e.Changes {
			if c.Field != "messages" {
				continue
			}
			for _, m := range c.Value.Messages {
				kinds["message"]++
				if m.From == "" {
					continue
				}
				var at time.Time
				if sec, err := strconv.ParseInt(m.Timestamp, 10, 64); err == nil && sec > 0 {
					at = time.Unix(sec, 0)
				}
				out = append(out, inbound{from: m.From, at: clampTime(at)})
			}
		}
	}
	return out, kinds, nil
}
