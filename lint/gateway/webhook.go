package gateway

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/history"
)

// handleWebhook is POST /webhook: the webhook tap. It takes the webhook
// events of Messenger (object "page"), Instagram messaging ("instagram") and
// the WhatsApp Cloud API ("whatsapp_business_account"), and records, for
// each person who wrote, the time they wrote: that opens the 24-hour
// window (POLICY.md; on WhatsApp the customer service window, which the
// proxy's checks of Cloud API sends then see). Events that open it: a message (not an echo of the
// page's own), a postback (Get Started, a button), a reaction, a referral
// (m.me link, ad, chat plugin) and an opt-in; on WhatsApp, a message.
// Deliveries, reads and echoes are counted, not recorded. The time is the
// event's timestamp (a time in the future is taken as now).
//
// A message or a postback (Get Started, an icebreaker) that carries a
// referral from an ad (its source is the policy's
// messenger.ad-referral-source, ADS, or it has ads_context_data) is the
// person's first message after a Click-to-Messenger or Click-to-Direct
// ad: it is recorded with its time in one store call
// (history.Store.RecordInboundEvent) as opening the ad window, up to 7
// days, which later ordinary messages neither shorten nor restart. A
// referral event from an ad on its own (messaging_referrals: the person
// came back to an existing thread from an ad) opens the 24-hour window and
// is recorded as an ad click (Inbound.AdClick): POLICY's 7 days start at
// the first message the person sends after it, which the store then
// records as the ad-opened one, though it carries no referral. Events
// of an Instagram webhook (object "instagram") record the person's
// conversation as an Instagram one, so that sends to them are judged
// under the instagram channel (history.View.Channel).
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
	if !s.validSignature(body, r.Header.Get("X-Hub-Signature-256")) {
		s.fail(w, r, apiError{status: http.StatusForbidden, subcode: SubcodeForbidden,
			msg: "presend: missing or invalid X-Hub-Signature-256 (HMAC-SHA256 of the body with the app secret)"})
		return
	}
	l := s.opts.Linter()
	now := l.Now()
	events, kinds, err := parseWebhook(body, now, l.Policy().At(now).String("messenger.ad-referral-source"))
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
		sctx, cancel := s.storeContext(r.Context())
		err := s.Store().RecordInboundEvent(sctx, history.Inbound{Recipient: ev.from, At: ev.at, Ad: ev.ad,
			AdClick: ev.adClick, Message: ev.message, Channel: ev.channel})
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
	if n := countAds(events); n > 0 {
		st.add(slog.Int("inbound_from_ads", n))
	}
	if failed > 0 {
		st.add(slog.Int("inbound_not_recorded", failed))
	}
	if s.webhook == nil {
		writeOK(w, "EVENT_RECEIVED")
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
	writeOK(w, q.Get("hub.challenge"))
}

// validSignature checks an X-Hub-Signature-256 header ("sha256=<hex>")
// against each app secret (Options.AppSecrets, else Options.AppSecret):
// a signature by any of them is valid, so that a secret can be rotated
// while events signed with the old one are still coming. Without a secret
// every event is taken.
func (s *Server) validSignature(body []byte, header string) bool {
	secrets := []string{s.opts.AppSecret}
	if s.opts.AppSecrets != nil {
		secrets = s.opts.AppSecrets()
	}
	secrets = slices.DeleteFunc(slices.Clone(secrets), func(k string) bool { return k == "" })
	if len(secrets) == 0 {
		return true
	}
	sig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	valid := false
	for _, secret := range secrets { // each one, whichever matches
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		valid = hmac.Equal(got, mac.Sum(nil)) || valid
	}
	return valid
}

// Sign returns the X-Hub-Signature-256 value of body for an app secret, as
// the platform computes it.
func Sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// inbound is a person writing: their id (the PSID, Instagram-scoped id or
// WhatsApp id that sends address them by), when, whether it was their
// first message after an ad, and the channel when the webhook says
// (instagram).
type inbound struct {
	from    string
	at      time.Time
	ad      bool // the person's first message after an ad
	adClick bool // a referral from an ad, without a message
	message bool // a message or postback the person sent
	channel string
}

// accountChannel sets the channel of the messages of a send that name none
// to the one Options.AccountChannels gives the page or account id node
// the send's path names (a single send's, or a batch sub-request's
// relative_url). The others are left to the history's channel (see
// lint.Linter.CheckWith), which the webhook tap records.
func (s *Server) accountChannel(node string, msgs []lint.Message) {
	ch := s.opts.AccountChannels[node]
	if ch == "" || strings.EqualFold(node, "me") {
		return
	}
	for i := range msgs {
		if msgs[i].Channel == "" {
			msgs[i].Channel = ch
		}
	}
}

// checkAccountChannels checks that Options.AccountChannels names known
// channels.
func checkAccountChannels(m map[string]string) error {
	for id, ch := range m {
		if id == "" || !slices.Contains(channel.Names(), ch) {
			return fmt.Errorf("gateway: account channel %q=%q: want a page or account id and one of %s", id, ch, strings.Join(channel.Names(), ", "))
		}
	}
	return nil
}

// instagramChannel is the channel of the Instagram webhook's events (object
// "instagram"), and of the conversations it records.
const instagramChannel = "instagram"

// whatsappChannel is the channel of the WhatsApp webhook's messages (object
// "whatsapp_business_account"): they open the customer service window of
// the person's wa_id, which a Cloud API send's "to" names.
const whatsappChannel = "whatsapp"

func countAds(events []inbound) int {
	n := 0
	for _, ev := range events {
		if ev.ad {
			n++
		}
	}
	return n
}

// A webhook body is checked to be JSON first (a syntax error anywhere is a
// 400, and nothing is recorded), then walked with one json.Decoder: the
// entries, events and WhatsApp messages are decoded one at a time into a
// reused value, other members are skipped without being copied, and only
// what opens the window is kept. A body of many small events costs a few
// bytes of memory per byte of body, not a struct per event (a 1 MiB body
// of "{}," events allocated 249 MB when the lists were decoded as slices).

// webhookParse is the state of one body's walk: the clock, the counts and
// the inbound events found so far.
type webhookParse struct {
	dec *json.Decoder
	now time.Time
	// adSource is the referral source of an ad (the policy's
	// messenger.ad-referral-source); "" when no ad window is in force.
	adSource   string
	objectName string // the body's "object": page, instagram, whatsapp_business_account
	kinds      [numEventKinds]int
	out        []inbound
	// Values reused for each element (a local that the decoder fills
	// would be allocated for each).
	ev        webhookEvent
	wa        waMessage
	entryTime int64
	untimed   []int // the entry's events without a timestamp: indexes in out
	field     string
}

// waMessage is what a WhatsApp message tells of who wrote and when.
type waMessage struct {
	From      string `json:"from"`
	Timestamp string `json:"timestamp"` // Unix seconds, as a string
}

// clamp takes a missing or future time as now.
func (p *webhookParse) clamp(t time.Time) time.Time {
	if t.IsZero() || t.After(p.now) {
		return p.now
	}
	return t
}

// typeError is the error of a member whose JSON type is not the one
// expected: the body is JSON, but not events presend understands.
func typeError(field string, tok json.Token) error {
	return &json.UnmarshalTypeError{Value: fmt.Sprintf("%v", tok), Type: reflect.TypeFor[[]any](), Field: field}
}

// object walks the members of the object that comes next, calling fn with
// each key and the decoder before its value; fn must consume the value.
// null is an empty object.
func (p *webhookParse) object(field string, fn func(key string) error) error {
	t, err := p.dec.Token()
	if err != nil || t == nil {
		return err
	}
	if t != json.Delim('{') {
		return typeError(field, t)
	}
	for p.dec.More() {
		k, err := p.dec.Token()
		if err != nil {
			return err
		}
		if err := fn(k.(string)); err != nil {
			return err
		}
	}
	_, err = p.dec.Token() // }
	return err
}

// array walks the elements of the array that comes next, calling fn before
// each; fn must consume it. null is an empty array.
func (p *webhookParse) array(field string, fn func() error) error {
	t, err := p.dec.Token()
	if err != nil || t == nil {
		return err
	}
	if t != json.Delim('[') {
		if t == json.Delim('{') {
			return typeError(field, "object")
		}
		return typeError(field, t)
	}
	for p.dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	_, err = p.dec.Token() // ]
	return err
}

// skip consumes the next value without copying it.
func (p *webhookParse) skip() error { return p.dec.Decode(&skipped{}) }

type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }

func (p *webhookParse) body() error {
	return p.object("", func(key string) error {
		switch key {
		case "entry":
			return p.array("entry", p.entry)
		case "object":
			var o string
			if err := p.dec.Decode(&o); err != nil {
				return typeError("object", "non-string")
			}
			p.objectName = o
			return nil
		}
		return p.skip()
	})
}

// entry reads one entry. Its events without a timestamp take the entry's
// time, which may come after them.
func (p *webhookParse) entry() error {
	p.entryTime, p.untimed = 0, p.untimed[:0]
	err := p.object("entry", func(key string) error {
		switch key {
		case "time":
			return p.dec.Decode(&p.entryTime)
		case "messaging", "standby": // standby: handover protocol, events for another app
			return p.array(key, func() error {
				i, timed, err := p.event()
				if err == nil && i >= 0 && !timed {
					p.untimed = append(p.untimed, i)
				}
				return err
			})
		case "changes":
			return p.array(key, p.change)
		}
		return p.skip()
	})
	if err != nil {
		return err
	}
	var at time.Time
	if p.entryTime > 0 {
		at = time.UnixMilli(p.entryTime)
	}
	for _, i := range p.untimed {
		p.out[i].at = p.clamp(at)
	}
	return nil
}

// event reads one Messenger event: the index in p.out of the inbound event
// it is (-1 if none) and whether it has its own timestamp.
func (p *webhookParse) event() (int, bool, error) {
	ev := &p.ev
	*ev = webhookEvent{}
	if err := p.dec.Decode(ev); err != nil {
		return -1, false, err
	}
	kind, opens := ev.kind()
	p.kinds[kind]++
	if !opens || ev.Sender.ID == "" {
		return -1, false, nil
	}
	var at time.Time
	if ev.Timestamp > 0 {
		at = time.UnixMilli(ev.Timestamp)
	}
	p.out = append(p.out, inbound{from: ev.Sender.ID, at: p.clamp(at), ad: p.fromAd(ev),
		adClick: kind == kindReferral && p.isAd(&ev.Referral), message: kind == kindMessage || kind == kindPostback})
	return len(p.out) - 1, ev.Timestamp != 0, nil
}

// change reads one WhatsApp change: its messages are inbound events when
// its field is "messages", and the calls a person placed when it is
// "calls" (a call opens the customer service window as a message does);
// the field may come after them.
func (p *webhookParse) change() error {
	from, n, calls := len(p.out), 0, 0
	p.field = ""
	err := p.object("changes", func(key string) error {
		switch key {
		case "field":
			return p.dec.Decode(&p.field)
		case "value":
			return p.object("value", func(key string) error {
				switch key {
				case "messages":
					return p.array("messages", func() error {
						n++
						return p.waMessage()
					})
				case "calls":
					return p.array("calls", func() error {
						calls++
						return p.waCall()
					})
				}
				return p.skip()
			})
		}
		return p.skip()
	})
	if err != nil {
		return err
	}
	switch {
	case p.field == "messages" && calls == 0:
		p.kinds[kindMessage] += n
	case p.field == "calls" && n == 0:
		p.kinds[kindCall] += calls
	default:
		p.out = p.out[:from]
	}
	return nil
}

// waCall is what a WhatsApp Calling API event tells of a call: who placed
// it, when, and which way it went.
type waCall struct {
	From      string `json:"from"`
	Timestamp string `json:"timestamp"` // Unix seconds, as a string
	Direction string `json:"direction"` // USER_INITIATED or BUSINESS_INITIATED
}

// waCall reads one call event: a call the person placed (direction
// USER_INITIATED) is inbound from its "from"; a call the business placed,
// or one that does not say, opens nothing.
func (p *webhookParse) waCall() error {
	var c waCall
	if err := p.dec.Decode(&c); err != nil {
		return err
	}
	if c.From == "" || !strings.EqualFold(c.Direction, "USER_INITIATED") {
		return nil
	}
	var at time.Time
	if sec, err := strconv.ParseInt(c.Timestamp, 10, 64); err == nil && sec > 0 {
		at = time.Unix(sec, 0)
	}
	p.out = append(p.out, inbound{from: c.From, at: p.clamp(at), message: true})
	return nil
}

func (p *webhookParse) waMessage() error {
	m := &p.wa
	*m = waMessage{}
	if err := p.dec.Decode(m); err != nil {
		return err
	}
	if m.From == "" {
		return nil
	}
	var at time.Time
	if sec, err := strconv.ParseInt(m.Timestamp, 10, 64); err == nil && sec > 0 {
		at = time.Unix(sec, 0)
	}
	p.out = append(p.out, inbound{from: m.From, at: p.clamp(at), message: true})
	return nil
}

type webhookEvent struct {
	Sender struct {
		ID string `json:"id"`
	} `json:"sender"`
	Timestamp int64 `json:"timestamp"` // Unix milliseconds
	Message   *struct {
		IsEcho   bool     `json:"is_echo"`
		Referral referral `json:"referral"` // the first message after an ad (Instagram, Messenger)
	} `json:"message"`
	Postback postback `json:"postback"`
	Reaction present  `json:"reaction"`
	Referral referral `json:"referral"`
	Optin    present  `json:"optin"`
}

// referral notes that a referral is there (null included, as present
// does) and what it tells of where the person came from: an ad when its
// source is ADS or it has ads_context_data (Meta's messaging_referrals
// reference). A referral whose members presend cannot read is still one.
type referral struct {
	present bool
	source  string
	ads     bool
}

func (r *referral) UnmarshalJSON(b []byte) error {
	r.present = true
	var v struct {
		Source string   `json:"source"`
		Ads    *adsData `json:"ads_context_data"`
	}
	if json.Unmarshal(b, &v) == nil {
		r.source, r.ads = v.Source, v.Ads != nil
	}
	return nil
}

// adsData stands for an ads_context_data object, without keeping it.
type adsData struct{}

func (*adsData) UnmarshalJSON([]byte) error { return nil }

// postback notes that a postback is there (null included) and keeps its
// referral: the first postback after an ad carries one.
type postback struct {
	present  bool
	referral referral
}

func (pb *postback) UnmarshalJSON(b []byte) error {
	pb.present = true
	var v struct {
		Referral referral `json:"referral"`
	}
	if json.Unmarshal(b, &v) == nil {
		pb.referral = v.Referral
	}
	return nil
}

// fromAd says whether an event that opens the window is the person's
// first message after an ad: a message or a postback with an ad's
// referral, in it or beside it. A referral event alone is not: it is an
// ad click (see handleWebhook).
func (p *webhookParse) fromAd(ev *webhookEvent) bool {
	switch {
	case ev.Message != nil:
		return p.isAd(&ev.Message.Referral) || p.isAd(&ev.Referral)
	case ev.Postback.present:
		return p.isAd(&ev.Postback.referral) || p.isAd(&ev.Referral)
	}
	return false
}

// isAd says whether a referral comes from an ad, while the policy knows an
// ad window.
func (p *webhookParse) isAd(r *referral) bool {
	return p.adSource != "" && r.present && (r.source == p.adSource || r.ads)
}

// present notes that a member is there (null included), without keeping
// its value.
type present bool

func (p *present) UnmarshalJSON([]byte) error {
	*p = true
	return nil
}

// Event kinds, for the metrics.
const (
	kindEcho = iota
	kindMessage
	kindPostback
	kindReaction
	kindReferral
	kindOptin
	kindCall // WhatsApp: a call the person placed
	kindOther
	numEventKinds
)

var eventKindNames = [numEventKinds]string{"echo", "message", "postback", "reaction", "referral", "optin", "call", "other"}

// kind names what an event is, for the metrics; opens says whether it opens
// the window.
func (e *webhookEvent) kind() (kind int, opens bool) {
	switch {
	case e.Message != nil && e.Message.IsEcho:
		return kindEcho, false
	case e.Message != nil:
		return kindMessage, true
	case e.Postback.present:
		return kindPostback, true
	case bool(e.Reaction):
		return kindReaction, true
	case e.Referral.present:
		return kindReferral, true
	case bool(e.Optin):
		return kindOptin, true
	}
	return kindOther, false
}

// parseWebhook returns the inbound messages of a webhook body, and the
// number of events of each kind. A body that is not JSON is a
// *json.SyntaxError; JSON that is not events presend understands is
// another error; nothing is returned with an error.
func parseWebhook(body []byte, now time.Time, adSource string) ([]inbound, map[string]int, error) {
	if !json.Valid(body) {
		var v any
		err := json.Unmarshal(body, &v) // the syntax error and where it is
		if err == nil {
			err = &json.SyntaxError{}
		}
		return nil, nil, err
	}
	p := &webhookParse{now: now, adSource: adSource, dec: json.NewDecoder(bytes.NewReader(body))}
	if err := p.body(); err != nil {
		return nil, nil, err
	}
	// The object may come after the entries: the channel is set once the
	// whole body is read.
	ch := ""
	switch p.objectName {
	case "instagram":
		ch = instagramChannel
	case "whatsapp_business_account":
		ch = whatsappChannel
	}
	if ch != "" {
		for i := range p.out {
			p.out[i].channel = ch
		}
	}
	kinds := map[string]int{}
	for k, n := range p.kinds {
		if n > 0 {
			kinds[eventKindNames[k]] = n
		}
	}
	return p.out, kinds, nil
}
