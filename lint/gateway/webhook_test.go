package gateway_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

func messengerEvent(psid string, at time.Time, event string) string {
	return fmt.Sprintf(`{"object":"page","entry":[{"id":"PAGE","time":%d,"messaging":[{"sender":{"id":%q},"recipient":{"id":"PAGE"},"timestamp":%d,%s}]}]}`,
		at.UnixMilli(), psid, at.UnixMilli(), event)
}

// The person writing opens the window: a RESPONSE is blocked by
// messaging-window before the webhook event, and goes out after it.
func TestWebhookOpensWindow(t *testing.T) {
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{}, up)
	send := gw.URL + "/v21.0/me/messages?access_token=x"
	reply := sendBody("200001", "RESPONSE", "Thanks, your table for two is booked for 8pm.")

	r := post(t, send, reply)
	if r.Status != http.StatusUnprocessableEntity || !decodeResult(t, decodeError(t, r).Error.Presend).has("messaging-window") {
		t.Fatalf("before the person wrote: %d %s", r.Status, r.Body)
	}

	r = post(t, gw.URL+"/webhook", messengerEvent("200001", gwNow.Add(-time.Minute), `"message":{"mid":"m1","text":"table for 2 at 8?"}`))
	if r.Status != http.StatusOK || r.Body != "EVENT_RECEIVED" {
		t.Fatalf("webhook: %d %q", r.Status, r.Body)
	}

	r = post(t, send, reply)
	if r.Status != http.StatusOK {
		t.Fatalf("after the person wrote: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 1 {
		t.Errorf("upstream got %d sends, want 1", n)
	}
}

// Which events open the window, and which do not.
func TestWebhookEventKinds(t *testing.T) {
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store}, nil)
	at := gwNow.Add(-time.Hour).Truncate(time.Millisecond)
	cases := []struct {
		psid, event string
		opens       bool
	}{
		{"p-message", `"message":{"mid":"m","text":"hi"}`, true},
		{"p-postback", `"postback":{"title":"Get Started","payload":"GET_STARTED"}`, true},
		{"p-reaction", `"reaction":{"mid":"m","action":"react","reaction":"love"}`, true},
		{"p-referral", `"referral":{"ref":"summer","source":"SHORTLINK","type":"OPEN_THREAD"}`, true},
		{"p-optin", `"optin":{"type":"one_time_notif_req","payload":"lamp","one_time_notif_token":"tok"}`, true},
		{"p-echo", `"message":{"mid":"m","is_echo":true,"text":"our own"}`, false},
		{"p-read", `"read":{"watermark":1}`, false},
		{"p-delivery", `"delivery":{"watermark":1}`, false},
	}
	for _, c := range cases {
		if r := post(t, gw.URL+"/webhook", messengerEvent(c.psid, at, c.event)); r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.psid, r.Status, r.Body)
		}
		v, err := store.View(t.Context(), c.psid, "", gwNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := !v.LastInbound.IsZero(); got != c.opens {
			t.Errorf("%s: recorded %v, want %v", c.psid, got, c.opens)
		} else if c.opens && !v.LastInbound.Equal(at) {
			t.Errorf("%s: inbound at %v, want the event's timestamp %v", c.psid, v.LastInbound, at)
		}
	}

	// Standby events (handover protocol), a future timestamp taken as now,
	// and WhatsApp's format.
	future := gwNow.Add(48 * time.Hour)
	body := fmt.Sprintf(`{"object":"page","entry":[{"id":"PAGE","time":1,"standby":[{"sender":{"id":"p-standby"},"timestamp":%d,"message":{"mid":"m","text":"hi"}}]}]}`, future.UnixMilli())
	post(t, gw.URL+"/webhook", body)
	v, _ := store.View(t.Context(), "p-standby", "", gwNow)
	if v.LastInbound.IsZero() || v.LastInbound.After(gwNow) {
		t.Errorf("standby event in the future: inbound %v", v.LastInbound)
	}
	wa := fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","messages":[{"from":"33612345678","id":"wamid.1","timestamp":"%d","type":"text","text":{"body":"bonjour"}}]}}]}]}`, at.Unix())
	if r := post(t, gw.URL+"/webhook", wa); r.Status != http.StatusOK {
		t.Fatalf("whatsapp: %d %s", r.Status, r.Body)
	}
	v, _ = store.View(t.Context(), "33612345678", "", gwNow)
	if !v.LastInbound.Equal(at.Truncate(time.Second)) {
		t.Errorf("whatsapp inbound %v, want %v", v.LastInbound, at.Truncate(time.Second))
	}

	// A call the person placed opens the window as a message does; a call
	// the business placed does not.
	call := func(from, direction string) string {
		return fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"value":{"messaging_product":"whatsapp","calls":[{"id":"wacid.1","to":"15550001111","from":%q,"event":"connect","timestamp":"%d","direction":%q}]},"field":"calls"}]}]}`, from, at.Unix(), direction)
	}
	for _, c := range []struct {
		from, direction string
		opens           bool
	}{{"33699887766", "USER_INITIATED", true}, {"33655443322", "BUSINESS_INITIATED", false}} {
		if r := post(t, gw.URL+"/webhook", call(c.from, c.direction)); r.Status != http.StatusOK {
			t.Fatalf("whatsapp call: %d %s", r.Status, r.Body)
		}
		v, _ = store.View(t.Context(), c.from, "", gwNow)
		if got := !v.LastInbound.IsZero(); got != c.opens || (got && !v.LastInbound.Equal(at.Truncate(time.Second))) {
			t.Errorf("whatsapp call %s: inbound %v, want the window opened: %v", c.direction, v.LastInbound, c.opens)
		}
	}

	if r := post(t, gw.URL+"/webhook", "not json"); r.Status != http.StatusBadRequest {
		t.Errorf("garbage: %d", r.Status)
	}
	// JSON presend cannot read as events (a field of another type) records
	// nothing but is acknowledged, not refused: the platform would retry.
	if r := post(t, gw.URL+"/webhook", `{"object":"page","entry":"later"}`); r.Status != http.StatusOK {
		t.Errorf("unreadable event: %d %s", r.Status, r.Body)
	}
}

// GET /webhook answers the verification challenge with the right token.
func TestWebhookVerification(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{VerifyToken: "verify-me"}, nil)
	r := do(t, http.MethodGet, gw.URL+"/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", "")
	if r.Status != http.StatusOK || r.Body != "1158201444" {
		t.Fatalf("challenge: %d %q", r.Status, r.Body)
	}
	for _, q := range []string{"hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1", ""} {
		if r := do(t, http.MethodGet, gw.URL+"/webhook?"+q, ""); r.Status != http.StatusForbidden || strings.Contains(r.Body, "\n1") {
			t.Errorf("%q: %d %q", q, r.Status, r.Body)
		}
	}

	// Without a token of its own, the gateway lets the application answer.
	app := newUpstream(t)
	_, gw2 := newGateway(t, gateway.Options{WebhookUpstream: app.URL + "/hooks/messenger"}, nil)
	do(t, http.MethodGet, gw2.URL+"/webhook?hub.mode=subscribe&hub.verify_token=t&hub.challenge=9", "")
	if reqs := app.received(); len(reqs) != 1 || reqs[0].Path != "/hooks/messenger" || !strings.Contains(reqs[0].RawQuery, "hub.challenge=9") {
		t.Errorf("verification not forwarded: %+v", reqs)
	}
}

// With an app secret, events must carry a valid X-Hub-Signature-256; those
// that do are recorded and forwarded with their signature.
func TestWebhookSignatureAndForward(t *testing.T) {
	const secret = "app-secret"
	app := newUpstream(t)
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store, AppSecret: secret, WebhookUpstream: app.URL + "/hook"}, nil)
	body := messengerEvent("300001", gwNow, `"message":{"mid":"m","text":"hi"}`)

	for _, sig := range []string{"", "sha256=00", gateway.Sign([]byte(body), "other-secret"), strings.TrimPrefix(gateway.Sign([]byte(body), secret), "sha256=")} {
		r := post(t, gw.URL+"/webhook", body, "X-Hub-Signature-256", sig)
		if r.Status != http.StatusForbidden {
			t.Errorf("signature %q: status %d, want 403", sig, r.Status)
		}
	}
	if v, _ := store.View(t.Context(), "300001", "", gwNow); !v.LastInbound.IsZero() || len(app.received()) != 0 {
		t.Fatalf("an unsigned event was recorded or forwarded")
	}

	app.status.Store(http.StatusOK)
	r := post(t, gw.URL+"/webhook", body, "X-Hub-Signature-256", gateway.Sign([]byte(body), secret))
	if r.Status != http.StatusOK || r.Body != `{"recipient_id":"100001","message_id":"m_AbC"}` {
		t.Fatalf("signed event: %d %s (want the application's answer)", r.Status, r.Body)
	}
	if v, _ := store.View(t.Context(), "300001", "", gwNow); v.LastInbound.IsZero() {
		t.Errorf("signed event not recorded")
	}
	reqs := app.received()
	if len(reqs) != 1 || string(reqs[0].Body) != body || reqs[0].Header.Get("X-Hub-Signature-256") != gateway.Sign([]byte(body), secret) || reqs[0].Path != "/hook" {
		t.Fatalf("forwarded: %+v", reqs)
	}

	// The application failing: the platform is told to deliver again.
	app.Close()
	if r := post(t, gw.URL+"/webhook", body, "X-Hub-Signature-256", gateway.Sign([]byte(body), secret)); r.Status != http.StatusBadGateway {
		t.Errorf("application down: %d", r.Status)
	}
}
