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

// waText is a WhatsApp Cloud API text send.
func waText(to, text string) string {
	return fmt.Sprintf(`{"messaging_product":"whatsapp","recipient_type":"individual","to":%q,"type":"text","text":{"preview_url":false,"body":%q}}`, to, text)
}

// waTemplate is a WhatsApp Cloud API template send with body parameters.
func waTemplate(to, name, lang string, params ...string) string {
	var ps []string
	for _, p := range params {
		ps = append(ps, fmt.Sprintf(`{"type":"text","text":%q}`, p))
	}
	return fmt.Sprintf(`{"messaging_product":"whatsapp","to":%q,"type":"template","template":{"name":%q,"language":{"code":%q},"components":[{"type":"body","parameters":[%s]}]}}`,
		to, name, lang, strings.Join(ps, ","))
}

// WhatsApp Cloud API sends are checked under the whatsapp channel: a
// free-form text only inside the customer service window, which a
// WhatsApp webhook message opens; a template at any time, judged on the
// parameters it carries; media go through unchecked, counted.
func TestWhatsAppSends(t *testing.T) {
	up := newUpstream(t)
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store}, up)
	send := gw.URL + "/v23.0/106540352242922/messages"

	// Free-form text to a person who never wrote: blocked, not forwarded.
	r := post(t, send, waText("+33 6 12 34 56 78", "Votre commande est partie."))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("text outside the window: %d %s", r.Status, r.Body)
	}
	e := decodeError(t, r)
	res := decodeResult(t, e.Error.Presend)
	if res.Channel != "whatsapp" || !res.has("messaging-window") || !strings.Contains(e.Error.Message, "customer service window") {
		t.Errorf("text outside the window: channel %q, rules %v, %q", res.Channel, res.rules(), e.Error.Message)
	}
	if n := len(up.received()); n != 0 {
		t.Fatalf("the upstream got %d requests, want 0", n)
	}

	// The person writes (WhatsApp webhook): the window opens for their
	// wa_id, which the send's "to" names with a + and spaces.
	at := gwNow.Add(-time.Hour)
	hook := fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"contacts":[{"wa_id":"33612345678"}],"messages":[{"from":"33612345678","id":"wamid.1","timestamp":"%d","type":"text","text":{"body":"bonjour"}}]}}]}]}`, at.Unix())
	if r := post(t, gw.URL+"/webhook", hook); r.Status != http.StatusOK {
		t.Fatalf("webhook: %d %s", r.Status, r.Body)
	}
	if v, _ := store.View(t.Context(), "33612345678", "", gwNow); v.Channel != "whatsapp" {
		t.Errorf("the webhook recorded channel %q, want whatsapp", v.Channel)
	}
	if r := post(t, send, waText("+33 6 12 34 56 78", "Votre commande est partie.")); r.Status != http.StatusOK {
		t.Fatalf("text inside the window: %d %s", r.Status, r.Body)
	}

	// A template goes out to a person who never wrote; its French
	// parameters are checked, and spam in one blocks it.
	if r := post(t, send, waTemplate("15551230001", "order_shipped", "fr_FR", "Marie", "4821")); r.Status != http.StatusOK {
		t.Fatalf("template: %d %s", r.Status, r.Body)
	}
	r = post(t, send, waTemplate("15551230002", "winner", "en_US", "WINNER!! claim your £900 prize, call 09061701461 now"))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("spam in a template parameter: %d %s", r.Status, r.Body)
	}
	if res := decodeResult(t, decodeError(t, r).Error.Presend); res.ID != "winner" || !res.has("spammy-content") || res.has("messaging-window") {
		t.Errorf("spam in a template parameter: id %q, rules %v", res.ID, res.rules())
	}

	// An image is a free-form message: to a person who never wrote it is
	// refused, as Meta would (131047); inside the window its caption is
	// checked and it goes out.
	img := `{"messaging_product":"whatsapp","to":"15551230003","type":"image","image":{"link":"https://example.com/a.jpg"}}`
	r = post(t, send, img)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("image outside the window: %d %s", r.Status, r.Body)
	}
	if res := decodeResult(t, decodeError(t, r).Error.Presend); !res.has("messaging-window") {
		t.Errorf("image outside the window: rules %v", res.rules())
	}
	captioned := `{"messaging_product":"whatsapp","to":"33612345678","type":"image","image":{"link":"https://example.com/a.jpg","caption":"Votre colis vous attend au point relais."}}`
	if r := post(t, send, captioned); r.Status != http.StatusOK {
		t.Fatalf("image inside the window: %d %s", r.Status, r.Body)
	}
	// A location is not read: forwarded, counted as unchecked.
	loc := `{"messaging_product":"whatsapp","to":"15551230003","type":"location","location":{"latitude":48.85,"longitude":2.35}}`
	if r := post(t, send, loc); r.Status != http.StatusOK {
		t.Fatalf("location: %d %s", r.Status, r.Body)
	}
	// A text send without text.body is refused: it cannot be read.
	r = post(t, send, `{"messaging_product":"whatsapp","to":"15551230004","type":"text"}`)
	if r.Status != http.StatusBadRequest || !strings.Contains(decodeError(t, r).Error.Message, "text") {
		t.Errorf("text without body: %d %s", r.Status, r.Body)
	}

	got := up.received()
	if len(got) != 4 {
		t.Fatalf("the upstream got %d requests, want 4 (text in the window, template, image in the window, location)", len(got))
	}
	m := metricsText(t, gw.URL)
	if v := metricValue(m, `presend_sends_total{outcome="unchecked"}`); v != 1 {
		t.Errorf("unchecked sends %v, want 1 (the location)", v)
	}
	if v := metricValue(m, `presend_sends_total{outcome="blocked"}`); v != 3 {
		t.Errorf("blocked sends %v, want 3", v)
	}
}
